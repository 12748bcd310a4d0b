"""The synthetic demo dataset: `python -m atlas.demo` writes data/demo/trainings.csv and
data/demo/participants.csv.

Everything here is made up except the region names, which come from the gazetteer
(data/regions.csv) so the map and coverage figures have something realistic to show. No person
appears: participant rows carry institutions and delegation sizes, never names, emails or phones.
The training titles are generic and the organizers are fictional (marked "fiktif"); the app labels
the whole dataset synthetic wherever it is shown.

A fixed seed makes the output byte-for-byte reproducible. A few rows are deliberately wrong or
unclear, so that the quality report has something to show: rejected rows (unknown training,
bad delegate count, missing institution), ambiguous bare names (Bandung, Bogor) and one foreign
city.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from atlas import REPO_DATA_DIR
from atlas.demo_vocabulary import INSTITUTION_PATTERNS, MONTHS_ID, ORGANIZERS, PARTNERS, TOPICS
from atlas.schema import PARTICIPANT_COLUMNS, TRAINING_COLUMNS

DEFAULT_REGIONS_CSV = REPO_DATA_DIR / "regions.csv"
DEFAULT_OUTPUT_DIR = REPO_DATA_DIR / "demo"
DEFAULT_SEED = 20181218
TRAINING_COUNT = 25


@dataclass(frozen=True)
class Region:
    code: str
    name: str  # official: "Kota Surabaya", "Kabupaten Bandung", "Jawa Timur"
    type: str  # provinsi | kota | kabupaten
    province_name: str

    @property
    def bare_name(self) -> str:
        for prefix in ("Kota ", "Kabupaten "):
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name


def read_regions(path: Path = DEFAULT_REGIONS_CSV) -> list[Region]:
    """The gazetteer's regions (code, name, type, province_code) sorted by code."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    province_names = {row["code"]: row["name"] for row in rows if row["type"] == "provinsi"}
    regions = [
        Region(row["code"], row["name"], row["type"], province_names.get(row["province_code"], ""))
        for row in rows
    ]
    return sorted(regions, key=lambda region: [int(part) for part in region.code.split(".")])


def _region_text(region: Region, rng: random.Random) -> str:
    """How organizers write the region: mostly the official name, sometimes a short form or code."""
    roll = rng.random()
    if roll < 0.70 or region.type == "provinsi":
        return region.name if region.type != "provinsi" else f"Provinsi {region.name}"
    if roll < 0.85:
        return f"Kab. {region.bare_name}" if region.type == "kabupaten" else region.name
    if roll < 0.95:
        return region.code
    return region.code.replace(".", "")


def _date_text(year: int, month: int, day: int, rng: random.Random) -> str:
    # Mostly ISO; a few the way Indonesian spreadsheets write dates, to show the parser at work.
    if rng.random() < 0.8:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{day} {MONTHS_ID[month - 1]} {year}"


def _training_row(index: int, year: int, kota: list[Region], rng: random.Random) -> dict[str, str]:
    """One training of the demo, held in a kota, with a topic of TOPICS."""
    month = rng.randint(1, 12)
    day = rng.randint(1, 26)
    length = rng.choice((0, 1, 1, 2, 2, 4))
    title, theme, method, goals, targets = TOPICS[index % len(TOPICS)]
    venue = rng.choice(kota)
    return {
        "training_id": f"demo-{year}-{month:02d}-{index + 1:02d}",
        "title": f"{title} {index // len(TOPICS) + 1}" if index >= len(TOPICS) else title,
        "start_date": _date_text(year, month, day, rng),
        "end_date": f"{year:04d}-{month:02d}-{day + length:02d}",
        "venue": venue.name,
        "organizer": rng.choice(ORGANIZERS),
        "partners": rng.choice(PARTNERS),
        "theme": theme,
        "method": method,
        "sdg_goals": goals
        if rng.random() < 0.7
        else "; ".join(f"SDG {goal}" for goal in goals.split(";")),
        "sdg_targets": targets,
        "source_url": "",
    }


def _delegations(
    training_id: str, year: int, by_type: dict[str, list[Region]], rng: random.Random
) -> list[dict[str, str]]:
    """The delegations of one training: later trainings reach further (more per training)."""
    rows = []
    for _ in range(rng.randint(8, 14 + 2 * (year - 2018))):
        kind = rng.choices(("kota", "kabupaten", "provinsi"), weights=(6, 3, 1))[0]
        region = rng.choice(by_type[kind])
        pattern = rng.choice(INSTITUTION_PATTERNS[kind])
        name_for_pattern = region.name if kind == "provinsi" else region.bare_name
        delegates = rng.choice((1, 1, 2, 2, 3, 4, 5))
        rows.append(
            {
                "training_id": training_id,
                "institution": pattern.format(name_for_pattern),
                "region": _region_text(region, rng),
                "province": region.province_name if rng.random() < 0.4 else "",
                "level": kind if rng.random() < 0.3 else "",
                "delegates": str(delegates),
                # Gender only on single-person rows; it is shown as counts, never per row.
                "gender": rng.choice(("L", "P")) if delegates == 1 else "",
            }
        )
    return rows


def generate(
    regions: list[Region], seed: int = DEFAULT_SEED, training_count: int = TRAINING_COUNT
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Rows of trainings.csv and participants.csv (dicts keyed by the schema's column names)."""
    rng = random.Random(seed)
    by_type = {
        kind: [region for region in regions if region.type == kind]
        for kind in ("kota", "kabupaten", "provinsi")
    }
    if not all(by_type.values()):
        raise ValueError("the regions list needs provinces, kota and kabupaten")
    trainings: list[dict[str, str]] = []
    participants: list[dict[str, str]] = []
    years = list(range(2018, 2026))
    for index in range(training_count):
        year = years[index * len(years) // training_count]
        training = _training_row(index, year, by_type["kota"], rng)
        trainings.append(training)
        participants.extend(_delegations(training["training_id"], year, by_type, rng))
    _add_problem_rows(trainings, participants)
    return trainings, participants


def _add_problem_rows(trainings: list[dict[str, str]], participants: list[dict[str, str]]) -> None:
    """Rows the quality report should catch: 3 rejected, 2 ambiguous, 1 unresolved."""
    first, middle, last = (trainings[0], trainings[len(trainings) // 2], trainings[-1])
    problem_rows = (
        # rejected: unknown training
        {
            "training_id": "demo-2030-01-99",
            "institution": "Bappeda Kota Surabaya",
            "region": "Kota Surabaya",
            "delegates": "2",
        },
        # rejected: delegates not a whole number >= 1
        {
            "training_id": middle["training_id"],
            "institution": "Bappeda Kota Medan",
            "region": "Kota Medan",
            "delegates": "dua",
        },
        # rejected: institution missing
        {
            "training_id": last["training_id"],
            "institution": "",
            "region": "Kota Makassar",
            "delegates": "1",
        },
        # ambiguous: bare names that fit a kota and a kabupaten, no hint
        {
            "training_id": middle["training_id"],
            "institution": "Forum Warga Peduli Sungai (fiktif)",
            "region": "Bandung",
            "delegates": "1",
        },
        {
            "training_id": last["training_id"],
            "institution": "Komunitas Hijau Lestari (fiktif)",
            "region": "Bogor",
            "delegates": "2",
        },
        # unresolved: an international delegation
        {
            "training_id": first["training_id"],
            "institution": "Delegasi Mitra Internasional (fiktif)",
            "region": "Kuala Lumpur",
            "delegates": "1",
        },
    )
    for row in problem_rows:
        full_row = {**{column: "" for column in ("province", "level", "gender")}, **row}
        # Next to the rows of the same training, as they would turn up in a real sheet.
        positions = [
            i for i, other in enumerate(participants) if other["training_id"] == row["training_id"]
        ]
        participants.insert(positions[-1] + 1 if positions else len(participants) // 3, full_row)


def render_csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> bytes:
    used = [column for column in columns if any(column in row for row in rows)]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=used, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in used})
    return buffer.getvalue().encode("utf-8")


def write_demo(
    output_dir: Path = DEFAULT_OUTPUT_DIR,
    regions_csv: Path = DEFAULT_REGIONS_CSV,
    seed: int = DEFAULT_SEED,
) -> tuple[Path, Path]:
    trainings, participants = generate(read_regions(regions_csv), seed)
    output_dir.mkdir(parents=True, exist_ok=True)
    trainings_path = output_dir / "trainings.csv"
    participants_path = output_dir / "participants.csv"
    trainings_path.write_bytes(render_csv(trainings, TRAINING_COLUMNS))
    participants_path.write_bytes(render_csv(participants, PARTICIPANT_COLUMNS))
    return trainings_path, participants_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m atlas.demo", description="Write the synthetic demo dataset."
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT_DIR)
    parser.add_argument("--regions", type=Path, default=DEFAULT_REGIONS_CSV)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    try:
        paths = write_demo(args.output, args.regions, args.seed)
    except (OSError, ValueError, KeyError) as error:
        print(f"error: could not write the demo dataset: {error}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
