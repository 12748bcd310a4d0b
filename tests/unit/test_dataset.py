"""atlas.dataset: two files -> one tidy Dataset (validation, region columns, training join)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from atlas import dataset
from atlas.gazetteer import Gazetteer, load_gazetteer
from atlas.loading import UnreadableFileError
from atlas.schema import (
    PROVINCE_CODE,
    PROVINCE_NAME,
    REGION_CANDIDATES,
    REGION_CODE,
    REGION_LAT,
    REGION_LON,
    REGION_METHOD,
    REGION_NAME,
    REGION_STATUS,
    REGION_TYPE,
    RegionMatch,
)
from atlas.validation import MissingColumnsError
from tests.article_2018 import ARTICLE_CODES

REPO_DATA = Path(__file__).resolve().parents[2] / "data"


TRAININGS = (
    "training_id,title,start_date,end_date,venue,sdg_goals,sdg_targets\n"
    "t1,Pelatihan A,18 Desember 2018,19/12/2018,Surabaya,17,17.17\n"
    "t2,Pelatihan B,2021-03-01,2021-02-01,Batam,11,\n"  # rejected: end before start
    "t3,Pelatihan C,2022-05-10,,,SDG 11; SDG 13,\n"
)
PARTICIPANTS = (
    "training_id,institution,region,delegates\n"
    "t1,Pemerintah Kota Surabaya,Kota Surabaya,3\n"
    "t1,Forum Warga,Bandung,1\n"
    "t2,Pemerintah Kota Batam,Kota Batam,2\n"  # rejected: its training was rejected
    "t3,Pemerintah Kota Jambi,Kota Jambi,\n"
    "t3,Delegasi Luar Negeri,Kuala Lumpur,1\n"
)


class FakeGazetteer:
    """Four regions are enough to test the dataset's plumbing without the real resolver."""

    matches = {
        "kota surabaya": RegionMatch("resolved", "35.78", "Kota Surabaya", "kota", "35",
                                     "Jawa Timur", "exact"),
        "surabaya": RegionMatch("resolved", "35.78", "Kota Surabaya", "kota", "35",
                                "Jawa Timur", "exact"),
        "kota jambi": RegionMatch("resolved", "15.71", "Kota Jambi", "kota", "15", "Jambi",
                                  "exact"),
        "bandung": RegionMatch("ambiguous", candidates=("Kabupaten Bandung", "Kota Bandung")),
    }  # fmt: skip


def fake_resolve_region(gazetteer: FakeGazetteer, text: str, **_hints: str) -> RegionMatch:
    return gazetteer.matches.get(text.strip().lower(), RegionMatch("unresolved"))


def fake_resolve_participants(participants: pd.DataFrame, gazetteer: FakeGazetteer):
    result = participants.copy()
    found = [fake_resolve_region(gazetteer, text) for text in result["region"]]
    for column, attribute in (
        (REGION_STATUS, "status"),
        (REGION_CODE, "code"),
        (REGION_NAME, "name"),
        (REGION_TYPE, "type"),
        (PROVINCE_CODE, "province_code"),
        (PROVINCE_NAME, "province_name"),
        (REGION_METHOD, "method"),
        (REGION_CANDIDATES, "candidates"),
    ):
        result[column] = pd.Series(
            [getattr(m, attribute) for m in found], index=result.index, dtype=object
        )
    result[REGION_LAT] = [0.0 if m.code else float("nan") for m in found]
    result[REGION_LON] = [0.0 if m.code else float("nan") for m in found]
    return result


@pytest.fixture
def fake_regions(monkeypatch: pytest.MonkeyPatch) -> FakeGazetteer:
    # atlas.dataset resolves through these two names (resolve_venue calls resolve_region).
    monkeypatch.setattr(dataset, "resolve_venue", fake_resolve_region)
    monkeypatch.setattr(dataset, "resolve_participants", fake_resolve_participants)
    return FakeGazetteer()


def build(gazetteer: Gazetteer, **options: object):
    return dataset.build_dataset(
        TRAININGS.encode(), "trainings.csv", PARTICIPANTS.encode(), "participants.csv",
        gazetteer, **options,
    )  # fmt: skip


def test_data_dir_honours_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(dataset.DATA_DIR_ENV, raising=False)
    assert dataset.data_dir() == REPO_DATA
    monkeypatch.setenv(dataset.DATA_DIR_ENV, str(tmp_path))
    assert dataset.data_dir() == tmp_path
    monkeypatch.setenv(dataset.DATA_DIR_ENV, "  ")
    assert dataset.data_dir() == REPO_DATA


def test_build_dataset_joins_and_reports(fake_regions: FakeGazetteer) -> None:
    built = build(fake_regions, synthetic=True, source="upload")
    assert built.synthetic is True and built.source == "upload"
    assert (built.trainings_report.rows, built.trainings_report.accepted) == (3, 2)
    assert built.trainings_report.rejected[0].line == 3
    report = built.participants_report
    assert (report.rows, report.accepted) == (5, 4)
    assert [r.line for r in report.rejected] == [4]
    assert "t2" in report.rejected[0].detailed_reason  # the public reason quotes no value

    trainings = built.trainings.set_index("training_id")
    assert trainings.loc["t1", "year"] == 2018
    assert trainings.loc["t3", "year"] == 2022
    assert trainings.loc["t1", "venue_code"] == "35.78"
    assert trainings.loc["t1", "venue_name"] == "Kota Surabaya"
    assert trainings.loc["t3", "venue_code"] is None
    assert trainings.loc["t3", "sdg_goals"] == (11, 13)

    people = built.participants
    assert people["line"].tolist() == [2, 3, 5, 6]
    assert people["region_status"].tolist() == ["resolved", "ambiguous", "resolved", "unresolved"]
    assert people["region_code"].tolist()[0] == "35.78"
    assert people.loc[1, "region_candidates"] == ("Kabupaten Bandung", "Kota Bandung")
    assert people["title"].tolist() == ["Pelatihan A", "Pelatihan A", "Pelatihan C", "Pelatihan C"]
    assert people["year"].tolist() == [2018, 2018, 2022, 2022]
    assert people["delegates"].sum() == 3 + 1 + 1 + 1
    assert people.loc[0, "sdg_targets"] == ("17.17",)
    assert people.loc[0, "start_date"] == pd.Timestamp("2018-12-18")
    for column in dataset.REGION_COLUMNS + dataset.JOINED_TRAINING_COLUMNS:
        assert column in people.columns


def test_build_dataset_refuses_unreadable_files(fake_regions: FakeGazetteer) -> None:
    with pytest.raises(UnreadableFileError):
        dataset.build_dataset(b"", "trainings.csv", PARTICIPANTS.encode(), "p.csv", fake_regions)
    with pytest.raises(MissingColumnsError):
        dataset.build_dataset(
            TRAININGS.encode(), "t.csv", b"training_id,institution\nt1,X\n", "p.csv", fake_regions
        )


def test_load_bundled_reads_the_folder_named_by_environment(
    fake_regions: FakeGazetteer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "trainings.csv").write_text(TRAININGS, encoding="utf-8")
    (tmp_path / "participants.csv").write_text(PARTICIPANTS, encoding="utf-8")
    monkeypatch.setenv(dataset.DATA_DIR_ENV, str(tmp_path))
    built = dataset.load_bundled(fake_regions)
    assert built.source == "bundled" and built.synthetic is False
    assert built.participants_report.rows == 5


def test_load_demo_is_labelled_synthetic(fake_regions: FakeGazetteer) -> None:
    built = dataset.load_demo(fake_regions)
    assert built.synthetic is True and built.source == "demo"
    assert built.trainings_report.accepted >= 20
    report = built.participants_report
    assert report.rows == report.accepted + len(report.rejected)
    assert 1 <= len(report.rejected) <= 3


def test_empty_participants_file_gives_empty_joined_frame(fake_regions: FakeGazetteer) -> None:
    built = dataset.build_dataset(
        TRAININGS.encode(), "t.csv", b"training_id,institution,region\n", "p.csv", fake_regions
    )
    assert len(built.participants) == 0
    assert {"region_status", "title", "year"} <= set(built.participants.columns)


# --- With the real gazetteer ----------------------------------------------------------------


def test_bundled_2018_dataset_resolves_the_article_governments(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(dataset.DATA_DIR_ENV, raising=False)
    built = dataset.load_bundled(load_gazetteer())
    people = built.participants
    assert built.participants_report.rejected == []
    assert dict(zip(people["region"], people["region_code"], strict=True)) == ARTICLE_CODES
    assert set(people["region_status"]) == {"resolved"}
    assert people["year"].unique().tolist() == [2018]
    venue = built.trainings.iloc[0]
    assert venue["venue_code"] == "31"  # Jakarta, the venue, is DKI Jakarta


def test_demo_dataset_with_real_gazetteer_has_the_planned_problems() -> None:
    built = dataset.load_demo(load_gazetteer())
    people = built.participants
    assert len(built.participants_report.rejected) == 3
    ambiguous = people[people["region_status"] == "ambiguous"]
    assert sorted(ambiguous["region"]) == ["Bandung", "Bogor"]
    unresolved = people[people["region_status"] == "unresolved"]
    assert unresolved["region"].tolist() == ["Kuala Lumpur"]
    resolved = people[people["region_status"] == "resolved"]
    assert resolved["province_code"].nunique() >= 25


def test_freeze_shared_takes_the_dataset_out_of_garbage_collection(
    fake_regions: FakeGazetteer,
) -> None:
    import gc

    shared = build(fake_regions)
    frozen_before = gc.get_freeze_count()
    try:
        assert dataset.freeze_shared(shared) is shared
        assert gc.get_freeze_count() > frozen_before
        tracked = {id(obj) for obj in gc.get_objects()}
        assert id(shared) not in tracked
        assert id(shared.participants_report.rejected) not in tracked
    finally:
        gc.unfreeze()


def test_shared_text_columns_point_at_one_string_per_value() -> None:
    rows = 1000
    frame = pd.DataFrame(
        {
            # a new string object per cell, as rows read from a file or a database have
            "status": [
                "".join(["resol", "ved"]) if i % 3 else "".join(["ambi", "guous"])
                for i in range(rows)
            ],
            "goals": [[1, 2] for _ in range(rows)],
            "note": [None if i == 5 else f"n{i % 7}" for i in range(rows)],
            "count": range(rows),
        }
    ).astype({"status": object, "note": object})
    frame.attrs["header_line"] = 1
    cells = frame["status"].tolist()
    assert len({id(v) for v in cells}) == rows
    shared = dataset.share_repeated_strings(frame)
    pd.testing.assert_frame_equal(shared, frame)
    assert shared.attrs == frame.attrs
    assert len({id(v) for v in shared["status"].tolist()}) == 2  # one object per distinct value
    assert shared["goals"].tolist() == frame["goals"].tolist()
    assert shared["note"].tolist() == frame["note"].tolist()  # has a missing value: left as is
