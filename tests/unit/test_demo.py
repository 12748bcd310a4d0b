"""atlas.demo: the synthetic dataset is reproducible, personless and shows the quality report."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from atlas import demo

REPO_DATA = Path(__file__).resolve().parents[2] / "data"


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    folder = tmp_path_factory.mktemp("demo")
    trainings, participants = demo.write_demo(folder)
    return trainings.read_bytes(), participants.read_bytes()


def test_two_runs_give_identical_bytes(generated: tuple[bytes, bytes], tmp_path: Path) -> None:
    again = demo.write_demo(tmp_path)
    assert (again[0].read_bytes(), again[1].read_bytes()) == generated


def test_committed_demo_files_match_the_generator(generated: tuple[bytes, bytes]) -> None:
    committed = (
        (REPO_DATA / "demo" / "trainings.csv").read_bytes(),
        (REPO_DATA / "demo" / "participants.csv").read_bytes(),
    )
    assert committed == generated, "run `python -m atlas.demo` and commit data/demo/"


def test_another_seed_gives_other_data(generated: tuple[bytes, bytes], tmp_path: Path) -> None:
    other = demo.write_demo(tmp_path, seed=7)
    assert other[1].read_bytes() != generated[1]


def test_trainings_span_2018_to_2025_with_fictional_organizers(
    generated: tuple[bytes, bytes],
) -> None:
    trainings = rows(generated[0])
    assert len(trainings) == demo.TRAINING_COUNT
    years = {row["start_date"][-4:] if " " in row["start_date"] else row["start_date"][:4]
             for row in trainings}  # fmt: skip
    assert years == {str(year) for year in range(2018, 2026)}
    assert len({row["training_id"] for row in trainings}) == len(trainings)
    assert all("(fiktif)" in row["organizer"] for row in trainings)
    assert all(row["sdg_goals"] for row in trainings)


def test_no_personal_data(generated: tuple[bytes, bytes]) -> None:
    participants = rows(generated[1])
    header = set(participants[0])
    assert not header & {"name", "email", "phone", "position"}
    assert not any("@" in value for row in participants for value in row.values())


def test_institutions_use_gazetteer_names_across_many_provinces(
    generated: tuple[bytes, bytes],
) -> None:
    regions = demo.read_regions()
    official = {region.name for region in regions}
    participants = rows(generated[1])
    assert 250 <= len(participants) <= 600
    provinces_named = {row["province"] for row in participants if row["province"]}
    assert len(provinces_named) >= 15
    kota_rows = [row for row in participants if row["institution"].startswith("Pemerintah Kota ")]
    assert kota_rows
    for row in kota_rows:
        assert "Kota " + row["institution"].removeprefix("Pemerintah Kota ") in official


def test_planned_problem_rows_are_present(generated: tuple[bytes, bytes]) -> None:
    participants = rows(generated[1])
    regions_written = [row["region"] for row in participants]
    assert regions_written.count("Bandung") == 1
    assert regions_written.count("Bogor") == 1
    assert regions_written.count("Kuala Lumpur") == 1
    assert sum(row["delegates"] == "dua" for row in participants) == 1
    assert sum(row["institution"] == "" for row in participants) == 1


def test_generate_needs_all_region_types() -> None:
    only_provinces = [r for r in demo.read_regions() if r.type == "provinsi"]
    with pytest.raises(ValueError):
        demo.generate(only_provinces)


def test_main_writes_into_the_given_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert demo.main(["--output", str(tmp_path)]) == 0
    assert (tmp_path / "trainings.csv").exists() and (tmp_path / "participants.csv").exists()
    assert demo.main(["--output", str(tmp_path), "--regions", str(tmp_path / "none.csv")]) == 1
    assert "could not write" in capsys.readouterr().err
