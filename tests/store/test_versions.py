"""Versions in the store: seed, publish, read back, append and conflicts, rollback, files."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import sqlalchemy as sa

from atlas import REPO_DATA_DIR
from atlas.dataset import build_dataset
from atlas.store import service, tables
from atlas.store.engine import current_revision, migrate
from atlas.store.prepare import ConflictError, prepare_upload
from atlas.store.records import SourceFile, StaleVersionError, UnknownVersionError

TRAININGS = (
    "training_id,title,start_date,end_date,venue,sdg_goals,sdg_targets\n"
    "t1,Pelatihan Air,2019-05-06,2019-05-07,Kota Surabaya,11,11.3\n"
    "t2,Aksi Iklim,2021-08-10,,Kota Batam,13;17,13.2\n"
)
PARTICIPANTS = (
    "training_id,institution,region,province,name,email,phone,position,gender,delegates\n"
    "t1,Pemerintah Kota Surabaya,Kota Surabaya,,Siti Rahma,siti@example.org,0811,Staf,P,2\n"
    "t1,Pemerintah Kabupaten Bandung,Kabupaten Bandung,,,,,,,1\n"
    "t2,Pemerintah Kota Batam,Kota Batam,,Budi,budi@example.org,,,L,3\n"
    "t2,City of Kuala Lumpur,Kuala Lumpur,,,,,,,1\n"
)
NEW_TRAINING = "training_id,title,start_date,sdg_goals\nt3,Tata Kelola Data,2022-02-01,16\n"
NEW_PARTICIPANTS = (
    "training_id,institution,region,delegates\n"
    "t3,Pemerintah Kota Medan,Kota Medan,4\n"
    "t3,Pemerintah Kota Makassar,Kota Makassar,2\n"
)


def files(trainings: str | None, participants: str) -> tuple[SourceFile | None, SourceFile]:
    return (
        SourceFile("trainings", "trainings.csv", trainings.encode()) if trainings else None,
        SourceFile("participants", "participants.csv", participants.encode()),
    )


def publish_text(store, gazetteer, trainings, participants, *, mode="replace", replace=False):
    t_file, p_file = files(trainings, participants)
    candidate = service.prepare_against_latest(store, t_file, p_file, gazetteer, mode=mode)
    return store.publish(
        candidate.content(replace_conflicts=replace),
        author="organizer",
        note=f"{mode} test",
        kind="append" if mode == "append" else "publish",
        expected_parent=candidate.expected_parent,
    )


def test_migration_creates_exactly_the_tables_of_the_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), tables.metadata)
    assert differences == []
    assert current_revision(store.engine) == "0002"
    migrate(store.engine)  # again: nothing to do, no error
    assert current_revision(store.engine) == "0002"


def test_a_database_of_the_first_schema_is_upgraded_in_place(database_url):
    from alembic import command
    from alembic.config import Config

    from atlas.store.engine import MIGRATIONS_DIR, make_engine, write_connection
    from atlas.store.store import Store

    engine = make_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with write_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    assert current_revision(engine) == "0001"
    store = Store(engine)
    store.migrate()
    assert current_revision(engine) == "0002"
    assert store.latest() is None
    engine.dispose()


def test_sqlite_store_runs_in_wal_mode(tmp_path):
    from atlas.store.engine import make_engine
    from atlas.store.store import Store

    engine = make_engine(f"sqlite:///{tmp_path / 'var' / 'atlas.db'}")
    Store(engine).migrate()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert (tmp_path / "var" / "atlas.db").exists()


def test_seed_publishes_the_bundled_training_as_version_1(store, gazetteer):
    assert store.latest() is None
    seeded = service.seed_if_empty(store, REPO_DATA_DIR, gazetteer)
    assert seeded is not None and seeded.number == 1 and seeded.kind == "seed"
    assert (seeded.trainings, seeded.participants, seeded.rejected_participants) == (1, 11, 0)
    assert service.seed_if_empty(store, REPO_DATA_DIR, gazetteer) is None  # only once
    assert [v.number for v in store.versions()] == [1]
    dataset = store.load(1)
    assert dataset.trainings["training_id"].tolist() == ["2018-12-diplomasi-kota"]
    assert dataset.version == 1 and dataset.published.kind == "seed"


def test_loaded_version_equals_the_built_dataset_value_for_value(store, gazetteer):
    published = publish_text(store, gazetteer, TRAININGS, PARTICIPANTS)
    built = build_dataset(
        TRAININGS.encode(), "trainings.csv", PARTICIPANTS.encode(), "participants.csv", gazetteer
    )
    loaded = store.load(published.number)
    pd.testing.assert_frame_equal(loaded.trainings[list(built.trainings.columns)], built.trainings)
    public = [c for c in built.participants.columns if c in loaded.participants.columns]
    pd.testing.assert_frame_equal(loaded.participants[public], built.participants[public])
    assert {"name", "email", "phone", "position"}.isdisjoint(loaded.participants.columns)
    full = service.full_dataset(store, published.number)
    pd.testing.assert_frame_equal(
        full.participants[list(built.participants.columns)], built.participants
    )
    assert published.participants_total == 7
    assert loaded.participants_report.rows == 4 and loaded.participants_report.accepted == 4


def test_public_load_never_selects_personal_columns(store, gazetteer):
    number = publish_text(store, gazetteer, TRAININGS, PARTICIPANTS).number
    statements: list[str] = []

    def capture(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement.lower())

    sa.event.listen(store.engine, "before_cursor_execute", capture)
    try:
        store.load(number)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", capture)
    assert any("from participants" in s for s in statements)
    joined = "\n".join(statements)
    assert "participant_personal" not in joined
    participant_selects = [s for s in statements if "from participants" in s]
    for column in ("name", "email", "phone", "position"):
        assert f"participants.{column}" not in joined
        for statement in participant_selects:
            assert re.search(rf"(?<![_.\w]){column}(?![_\w])", statement) is None, statement


def test_versions_are_listed_newest_first_with_counts(store, gazetteer):
    publish_text(store, gazetteer, TRAININGS, PARTICIPANTS)
    publish_text(store, gazetteer, NEW_TRAINING, NEW_PARTICIPANTS, mode="append")
    listed = store.versions()
    assert [v.number for v in listed] == [2, 1]
    assert [v.parent for v in listed] == [1, None]
    assert [(v.trainings, v.participants, v.participants_total) for v in listed] == [
        (3, 6, 13),
        (2, 4, 7),
    ]
    assert listed[0].author == "organizer" and listed[0].note == "append test"


def test_append_adds_a_training_and_keeps_the_previous_rows(store, gazetteer):
    publish_text(store, gazetteer, TRAININGS, PARTICIPANTS)
    appended = publish_text(store, gazetteer, NEW_TRAINING, NEW_PARTICIPANTS, mode="append")
    dataset = service.full_dataset(store, appended.number)
    assert dataset.trainings["training_id"].tolist() == ["t1", "t2", "t3"]
    by_training = dataset.participants.groupby("training_id")["delegates"].sum().to_dict()
    assert by_training == {"t1": 3, "t2": 4, "t3": 6}
    # personal fields of the earlier rows are carried over
    assert "siti@example.org" in dataset.participants["email"].tolist()
    # the version keeps every file it is made of, byte for byte
    stored = store.files(appended.number)
    assert [(f.role, f.data) for f in stored] == [
        ("trainings", TRAININGS.encode()),
        ("participants", PARTICIPANTS.encode()),
        ("trainings", NEW_TRAINING.encode()),
        ("participants", NEW_PARTICIPANTS.encode()),
    ]
    # version 1 is unchanged
    assert store.load(1).trainings["training_id"].tolist() == ["t1", "t2"]


def test_changed_training_is_a_conflict_refused_unless_replaced(store, gazetteer):
    publish_text(store, gazetteer, TRAININGS, PARTICIPANTS)
    changed = TRAININGS.replace("Pelatihan Air", "Pelatihan Air Bersih")
    t_file, p_file = files(changed, PARTICIPANTS)
    candidate = service.prepare_against_latest(store, t_file, p_file, gazetteer, mode="append")
    assert candidate.conflicts == ["t1"]
    assert candidate.unchanged == ["t2"]
    with pytest.raises(ConflictError) as refused:
        candidate.content()
    assert refused.value.training_ids == ["t1"]
    assert [v.number for v in store.versions()] == [1]
    version = store.publish(
        candidate.content(replace_conflicts=True),
        author="organizer",
        note="replace t1",
        kind="append",
        expected_parent=candidate.expected_parent,
    )
    dataset = store.load(version.number)
    titles = dict(zip(dataset.trainings["training_id"], dataset.trainings["title"], strict=True))
    assert titles == {"t1": "Pelatihan Air Bersih", "t2": "Aksi Iklim"}
    assert dataset.participants.groupby("training_id").size().to_dict() == {"t1": 2, "t2": 2}


def test_same_content_again_is_unchanged_and_repeated_rows_are_reported(store, gazetteer):
    publish_text(store, gazetteer, TRAININGS, PARTICIPANTS)
    repeated = "t9,Pemerintah Kota Medan,Kota Medan,,,,,,,1\n"
    t_file, p_file = files(
        TRAININGS + "t9,Baru,2023-01-01,,,,\n", PARTICIPANTS + repeated + repeated
    )
    candidate = service.prepare_against_latest(store, t_file, p_file, gazetteer, mode="append")
    assert candidate.conflicts == []
    assert sorted(candidate.unchanged) == ["t1", "t2"]
    assert candidate.new_trainings == ["t9"]
    # the second t9 row (line 7) repeats line 6 of the same upload
    assert candidate.duplicates[["line", "duplicate_of"]].values.tolist() == [
        [7, "participants.csv:6"]
    ]
    version = store.publish(
        candidate.content(), author="o", note="", kind="append",
        expected_parent=candidate.expected_parent,
    )  # fmt: skip
    counts = store.load(version.number).participants.groupby("training_id").size().to_dict()
    assert counts == {"t1": 2, "t2": 2, "t9": 2}


def test_the_same_row_for_another_training_is_not_a_duplicate(store, gazetteer):
    publish_text(store, gazetteer, TRAININGS + "t3,Tanpa Peserta,2022-01-01,,,,\n", PARTICIPANTS)
    _, p_file = files(None, PARTICIPANTS.splitlines()[0] + "\n" + PARTICIPANTS.splitlines()[2]
                      .replace("t1,", "t3,") + "\n")  # fmt: skip
    candidate = service.prepare_against_latest(store, None, p_file, gazetteer, mode="append")
    assert candidate.new_trainings == ["t3"]
    assert candidate.duplicates.empty


def test_participants_only_adds_to_a_published_training(store, gazetteer):
    publish_text(store, gazetteer, TRAININGS + "t3,Tanpa Peserta,2022-01-01,,,,\n", PARTICIPANTS)
    _, p_file = files(None, NEW_PARTICIPANTS)
    candidate = service.prepare_against_latest(store, None, p_file, gazetteer, mode="append")
    assert candidate.new_trainings == ["t3"] and candidate.conflicts == []
    version = store.publish(
        candidate.content(), author="o", note="", kind="append",
        expected_parent=candidate.expected_parent,
    )  # fmt: skip
    dataset = store.load(version.number)
    assert dataset.trainings["training_id"].tolist() == ["t1", "t2", "t3"]
    assert dataset.participants.groupby("training_id").size().to_dict() == {
        "t1": 2, "t2": 2, "t3": 2,
    }  # fmt: skip
    # again: the training has participants now, and other ones are a conflict
    _, p_file = files(None, NEW_PARTICIPANTS.replace(",4\n", ",5\n"))
    again = service.prepare_against_latest(store, None, p_file, gazetteer, mode="append")
    assert again.conflicts == ["t3"]
    replaced = store.publish(
        again.content(replace_conflicts=True), author="o", note="", kind="append",
        expected_parent=again.expected_parent,
    )  # fmt: skip
    totals = store.load(replaced.number).participants.groupby("training_id")["delegates"].sum()
    assert totals.to_dict() == {"t1": 3, "t2": 4, "t3": 7}
    assert store.load(replaced.number).trainings["training_id"].tolist() == ["t1", "t2", "t3"]


def test_rollback_is_a_new_version_with_the_old_content(store, gazetteer):
    publish_text(store, gazetteer, TRAININGS, PARTICIPANTS)
    publish_text(store, gazetteer, NEW_TRAINING, NEW_PARTICIPANTS, mode="append")
    rolled = store.rollback(1, author="organizer", note="back to 1", expected_parent=2)
    assert (rolled.number, rolled.parent, rolled.content, rolled.kind) == (3, 2, 1, "rollback")
    assert [v.number for v in store.versions()] == [3, 2, 1]
    pd.testing.assert_frame_equal(store.load(3).trainings, store.load(1).trainings)
    assert store.load(2).trainings["training_id"].tolist() == ["t1", "t2", "t3"]
    assert [f.data for f in store.files(3)] == [f.data for f in store.files(1)]
    with pytest.raises(StaleVersionError):
        store.rollback(2, author="organizer", note="", expected_parent=2)
    with pytest.raises(UnknownVersionError):
        store.rollback(9, author="organizer", note="", expected_parent=3)
    actions = [entry["action"] for entry in store.audit()]
    assert actions == ["rollback", "append", "publish"]


def test_rejected_rows_are_stored_with_their_reasons(store, gazetteer):
    bad = (
        PARTICIPANTS
        + "t1,Pemkot Bogor,Kota Bogor,,,,,,,nol\nt7,Pemkot Malang,Kota Malang,,,,,,,1\n"
    )
    version = publish_text(store, gazetteer, TRAININGS, bad)
    assert (version.participants, version.rejected_participants) == (4, 2)
    report = store.load(version.number).participants_report
    assert [(r.line, r.column, r.code) for r in report.rejected] == [
        (6, "delegates", "bad_delegates"),
        (7, "training_id", "unknown_training"),
    ]
    assert report.rows == 6
    csv_text = service.rejections_csv(store, version.number).decode()
    assert "participants,participants.csv,6,delegates," in csv_text


def test_unknown_version_is_reported(store):
    with pytest.raises(UnknownVersionError):
        store.load(4)
    assert store.version(4) is None


def test_prepare_needs_a_trainings_file_without_a_base(gazetteer):
    from atlas.loading import UnreadableFileError

    _, p_file = files(None, PARTICIPANTS)
    with pytest.raises(UnreadableFileError):
        prepare_upload(None, p_file, gazetteer, mode="append")
