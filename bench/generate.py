"""Generate large synthetic trainings/participants files for benchmarks.

    python -m bench.generate --rows 100000 --out bench/out/100k

Region texts are written the way organizers write them (official names, "Kab." forms, codes without
the dot, province hints, a few typos, bare ambiguous names, foreign cities, 0.2% rows with 0
delegates that validation rejects), so the
resolver's per-unique-string work is realistic. No people: institutions and delegate counts only.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from pathlib import Path

from atlas.demo import read_regions

FOREIGN = ("Kuala Lumpur", "Bangkok", "Manila", "Dili", "Tokyo")
AMBIGUOUS = ("Bandung", "Bogor", "Malang", "Madiun", "Kediri")


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 6:
        return text
    position = rng.randrange(3, len(text) - 1)
    return text[:position] + text[position + 1 :]  # drop one letter


def generate(rows: int, trainings: int, seed: int = 1) -> tuple[bytes, bytes]:
    """(trainings.csv bytes, participants.csv bytes)."""
    rng = random.Random(seed)
    regions = read_regions()
    training_buffer = io.StringIO()
    writer = csv.writer(training_buffer, lineterminator="\n")
    writer.writerow(["training_id", "title", "start_date", "end_date", "venue", "sdg_goals",
                     "sdg_targets"])  # fmt: skip
    ids = []
    for index in range(trainings):
        year = 2018 + index % 8
        training_id = f"bench-{index:05d}"
        ids.append(training_id)
        venue = rng.choice([r for r in regions[:200] if r.type == "kota"] or regions)
        writer.writerow([training_id, f"Pelatihan {index}", f"{year}-{1 + index % 12:02d}-10",
                         f"{year}-{1 + index % 12:02d}-12", venue.name,
                         rng.choice(["11;17", "SDG 13", "5, 10", "17"]), "17.17"])  # fmt: skip
    participant_buffer = io.StringIO()
    writer = csv.writer(participant_buffer, lineterminator="\n")
    writer.writerow(["training_id", "institution", "region", "province", "level", "delegates"])
    for _ in range(rows):
        roll = rng.random()
        region = rng.choice(regions)
        bare = region.bare_name
        kind = region.type
        if roll < 0.01:
            text, institution = rng.choice(FOREIGN), "Delegasi Internasional"
        elif roll < 0.02:
            text, institution = rng.choice(AMBIGUOUS), "Forum Warga"
        elif roll < 0.05:
            text, institution = _typo(region.name, rng), f"Pemerintah {region.name}"
        elif roll < 0.15:
            text, institution = region.code.replace(".", ""), f"Bappeda {region.name}"
        elif roll < 0.30 and kind == "kabupaten":
            text, institution = f"Kab. {bare}", f"Pemkab {bare}"
        else:
            prefix = "Provinsi " if kind == "provinsi" else ""
            text = prefix + region.name
            institution = f"Dinas Lingkungan Hidup {text}"
        writer.writerow([rng.choice(ids), institution, text,
                         region.province_name if rng.random() < 0.3 else "",
                         kind if rng.random() < 0.2 else "",
                         0 if rng.random() < 0.002 else rng.randint(1, 5)])  # fmt: skip
    return training_buffer.getvalue().encode(), participant_buffer.getvalue().encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="participant rows")
    parser.add_argument("--trainings", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out")
    args = parser.parse_args()
    trainings, participants = generate(args.rows, args.trainings, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "trainings.csv").write_bytes(trainings)
    (args.out / "participants.csv").write_bytes(participants)
    print(f"wrote {args.out}/trainings.csv and participants.csv ({args.rows:,} participant rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
