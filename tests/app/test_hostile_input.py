"""Hostile input through the app: what a visitor without the password sees, and what the
access-protected view adds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas.i18n import t
from tests import hostile_workbooks
from tests.app.conftest import REPO, assert_clean, shown, switch_to, table_value

FIXTURES = REPO / "tests" / "fixtures"
SHIFTED_PERSONAL = (
    "budi.santoso@example.org",
    "+62 811",
    "+62 812",
    "Ibu Rina Wati",
    "Kepala Bagian",
    "M.Si.",
)


def _shifted_data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "shifted"
    folder.mkdir()
    (folder / "trainings.csv").write_bytes((REPO / "data" / "trainings.csv").read_bytes())
    (folder / "participants.csv").write_bytes(
        (FIXTURES / "shifted_personal_participants.csv").read_bytes()
    )
    return folder


def test_public_quality_report_quotes_no_shifted_personal_cell(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(_shifted_data_dir(tmp_path)))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    at.secrets["detail_password"] = "rahasia-uji"
    at.query_params["lang"] = "en"
    switch_to(at, "data")
    at.run()
    assert_clean(at)
    public = table_value(at, "data_rejected")
    assert public["Line"].tolist() == [2, 3, 4]
    assert public["Column"].tolist() == ["delegates", "delegates", "level"]
    assert public["Reason"].tolist()[1] == "delegates is not a whole number of 1 or more"
    shown = public.to_string()
    for value in SHIFTED_PERSONAL:
        assert value not in shown, value

    at.text_input(key="atlas_detail_password").input("rahasia-uji")
    next(b for b in at.button if b.label == t("auth.unlock_button", "en")).click()
    at.run()
    assert_clean(at)
    detail = table_value(at, "data_rejected")
    assert detail["Reason"].tolist()[1] == (
        'delegates "Ibu Rina Wati" is not a whole number of 1 or more'
    )
    assert '"+62 811 2345 678"' in detail["Reason"].tolist()[0]


def _upload_and_apply(at: AppTest, trainings: tuple, participants: tuple) -> AppTest:
    at.file_uploader(key="atlas_upload_trainings_widget").set_value(trainings)
    at.file_uploader(key="atlas_upload_participants_widget").set_value(participants)
    at.run()
    at.button(key="atlas_upload_apply").click()
    return at.run()


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TRAININGS_BYTES = (REPO / "data" / "trainings.csv").read_bytes()


def _open_data_page(lang: str = "id") -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    at.query_params["lang"] = lang
    switch_to(at, "data")
    return at.run()


def test_uploaded_decompression_bomb_is_refused_naming_the_limit(bundled_data):
    bomb = hostile_workbooks.shared_string_bomb(101 * 1024 * 1024)
    at = _upload_and_apply(
        _open_data_page(),
        ("pelatihan.csv", TRAININGS_BYTES, "text/csv"),
        ("peserta.xlsx", bomb, XLSX_TYPE),
    )
    assert not at.exception
    (message,) = [box.value for box in at.error]
    assert shown(message).endswith(
        "peserta.xlsx terlalu besar setelah dibuka: lebih dari 100 MB tanpa kompresi (batas "
        "untuk buku kerja). Berkas ditolak sebelum dibaca."
    )


def test_a_date_out_of_range_rejects_its_row_and_every_other_row_loads(tmp_path, monkeypatch):
    folder = tmp_path / "dates"
    folder.mkdir()
    (folder / "trainings.csv").write_bytes(
        (FIXTURES / "out_of_range_dates_trainings.csv").read_bytes()
    )
    (folder / "participants.csv").write_text(
        "training_id,institution,region,delegates\n"
        "t-ok,Pemerintah Kota Surabaya,Kota Surabaya,2\n"
        "t-agu,Pemerintah Kota Malang,Kota Malang,1\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("ATLAS_DATA_DIR", str(folder))
    at = _open_data_page("en")
    assert_clean(at)
    assert table_value(at, "data_trainings")["Title"].tolist() == [
        "Lanjutan",
        "Pelatihan Diplomasi Kota",
    ]
    rejected = table_value(at, "data_rejected")
    assert rejected["Line"].tolist() == list(range(3, 12))
    assert set(rejected["Column"]) == {"start_date", "end_date"}


# --- Issue 7: the error names the table it belongs to; an upload stays in its session -------

MISSING_START = "training_id,title\nt-1,Pelatihan Tanpa Tanggal\n"
VALID_PARTICIPANTS = b"training_id,institution,region\nt-1,Pemerintah Kota Surabaya,Kota Surabaya\n"


def test_upload_error_names_the_trainings_file_it_belongs_to(bundled_data):
    at = _upload_and_apply(
        _open_data_page("en"),
        ("pelatihan.csv", MISSING_START.encode(), "text/csv"),
        ("peserta.csv", VALID_PARTICIPANTS, "text/csv"),
    )
    (message,) = [box.value for box in at.error]
    assert "pelatihan.csv lacks required columns (start_date)" in shown(message)
    assert "peserta.csv" not in shown(message)


def test_data_folder_error_names_trainings_csv(tmp_path, monkeypatch):
    folder = tmp_path / "missing-start"
    folder.mkdir()
    (folder / "trainings.csv").write_text(MISSING_START, encoding="utf-8")
    (folder / "participants.csv").write_bytes(VALID_PARTICIPANTS)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(folder))
    at = _open_data_page("en")
    assert not at.exception
    (message,) = [box.value for box in at.error]
    assert "trainings.csv lacks required columns (start_date)" in shown(message)
    assert "participants.csv" not in shown(message)


def test_an_upload_is_kept_in_its_session_only_never_in_the_shared_cache(bundled_data, monkeypatch):
    from atlas.schema import Dataset
    from atlas.ui import loaders
    from atlas.ui.context import StateKeys

    shared_sources = []
    original = loaders.cached_dataset

    def spy(*args, **kwargs):
        shared_sources.append(args[4])
        return original(*args, **kwargs)

    monkeypatch.setattr(loaders, "cached_dataset", spy)
    trainings = (REPO / "data" / "trainings.csv").read_bytes()
    participants = (REPO / "data" / "participants.csv").read_bytes()
    at = _upload_and_apply(
        _open_data_page("en"),
        ("mine.csv", trainings, "text/csv"),
        ("people.csv", participants, "text/csv"),
    )
    assert_clean(at)
    assert "upload" not in shared_sources
    entry = at.session_state[StateKeys.UPLOAD_DATASET]
    held, key = entry.dataset, entry.key
    assert isinstance(held, Dataset) and held.source == "upload"
    assert key[0] == "mine.csv" and key[2] == "people.csv"
    at.run()  # a rerun reuses the session's dataset
    assert at.session_state[StateKeys.UPLOAD_DATASET].dataset is held
    at.button(key="atlas_upload_clear").click()
    at.run()
    assert StateKeys.UPLOAD_DATASET not in at.session_state


# --- Issue 13 item 6: a damaged installation says so --------------------------------------


@pytest.fixture
def damaged_reference(tmp_path, monkeypatch):
    """The gazetteer read from a copy of data/ whose regions.csv the test damages."""
    from atlas import dataset, gazetteer
    from atlas.ui import loaders

    folder = tmp_path / "reference"
    folder.mkdir()
    for name in ("regions.csv", "region_aliases.csv"):
        (folder / name).write_bytes((REPO / "data" / name).read_bytes())
    real = gazetteer.load_gazetteer
    monkeypatch.setattr(dataset, "load_gazetteer", lambda *_a, **_k: real(folder))
    loaders.cached_gazetteer.clear()
    yield folder / "regions.csv"
    loaders.cached_gazetteer.clear()


@pytest.mark.parametrize("damage", ["cut", "random"])
def test_a_damaged_gazetteer_gives_the_installation_message(
    damaged_reference, bundled_data, damage
):
    text = damaged_reference.read_bytes()
    if damage == "cut":
        damaged_reference.write_bytes(text[: len(text) // 2 - 7])
    else:
        damaged_reference.write_bytes(bytes(range(256)) * 64)
    at = _open_data_page("en")
    assert not at.exception
    (message,) = [box.value for box in at.error]
    assert message == t("error.reference_data", "en")
    assert "installation is broken" in message


# --- Issue 13 item 11: data-folder faults ---------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("missing", "participants.csv was not found in the data folder."),
        ("folder", "participants.csv is a folder, not a file."),
        ("fifo", "participants.csv is not a regular file (a pipe or device), so it is not read."),
    ],
)
def test_data_folder_faults_give_the_right_reason_and_no_server_path(
    tmp_path, monkeypatch, fault, expected
):
    folder = tmp_path / "srv-atlas-data"
    folder.mkdir()
    (folder / "trainings.csv").write_bytes((REPO / "data" / "trainings.csv").read_bytes())
    target = folder / "participants.csv"
    if fault == "folder":
        target.mkdir()
    elif fault == "fifo":
        os.mkfifo(target)  # opening it would block every page forever
    monkeypatch.setenv("ATLAS_DATA_DIR", str(folder))
    at = _open_data_page("en")
    assert not at.exception
    (message,) = [box.value for box in at.error]
    assert shown(message) == f"The data could not be loaded: {expected}"
    assert str(tmp_path) not in message and "srv-atlas-data" not in message


def test_invisible_header_characters_are_removed_and_said_on_the_quality_tab(bundled_data):
    participants = (
        "training\u200b_id,institution,re\u2060gion\n"
        "2018-12-diplomasi-kota,Pemerintah Kota Surabaya,Kota Surabaya\n"
    ).encode()
    at = _upload_and_apply(
        _open_data_page("id"),
        ("pelatihan.csv", TRAININGS_BYTES, "text/csv"),
        ("peserta.csv", participants, "text/csv"),
    )
    assert_clean(at)
    captions = [shown(caption.value) for caption in at.caption]
    assert (
        "Karakter tak terlihat (spasi lebar-nol atau spasi tak terputus) dihapus dari judul "
        "kolom training_id, region." in captions
    )


def test_a_data_file_that_hangs_times_out_with_a_translated_message(tmp_path, monkeypatch):
    import threading

    from atlas import loading

    folder = tmp_path / "srv-atlas-data"
    folder.mkdir()
    (folder / "trainings.csv").write_bytes((REPO / "data" / "trainings.csv").read_bytes())
    target = folder / "participants.csv"
    target.write_bytes((REPO / "data" / "participants.csv").read_bytes())
    release = threading.Event()
    real_open = Path.open

    def hung_open(path, *args, **kwargs):  # a read on a network mount that no longer answers
        if path == target:
            release.wait()
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", hung_open)
    monkeypatch.setattr(loading, "READ_TIMEOUT_S", 1.0)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(folder))
    try:
        at = _open_data_page("id")
        assert not at.exception
        (message,) = [box.value for box in at.error]
        assert shown(message) == (
            "Data tidak dapat dimuat: participants.csv tidak menjawab dalam 1 detik (folder "
            "jaringan macet?), jadi tidak dibaca."
        )
        assert str(tmp_path) not in message and "srv-atlas-data" not in message
    finally:
        release.set()
