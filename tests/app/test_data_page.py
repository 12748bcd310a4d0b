"""The Data page: tables after filtering, the quality report, uploads and downloads."""

from __future__ import annotations

import io
import tomllib

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import (
    REPO,
    TINY_PARTICIPANTS,
    TINY_TRAININGS,
    assert_clean,
    metric_values,
    shown,
    switch_to,
    table_value,
    texts,
    write_data_dir,
)

MESSY_TRAININGS = TINY_TRAININGS + "t3-bad,Tanggal Salah,2021-13-45,,,,,\n"
MESSY_PARTICIPANTS = TINY_PARTICIPANTS + (
    "t1-2019,Bappeda Bandung,Bandung,,,,,1\n"
    "t9-none,Pemkot Malang,Kota Malang,,,,,1\n"
    "t1-2019,Pemkot Bogor,Kota Bogor,,,,,nol\n"
)


@pytest.fixture
def messy_data(monkeypatch, tmp_path):
    folder = write_data_dir(tmp_path / "messy", MESSY_TRAININGS, MESSY_PARTICIPANTS)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(folder))
    return folder


def test_tables_public_view_hides_personal_data(tiny_data, open_page):
    at = open_page("data")
    assert_clean(at)
    trainings = table_value(at, "data_trainings")
    assert trainings["Judul"].tolist() == ["Aksi Iklim Daerah", "Pelatihan Air Kota"]
    assert trainings["Mulai"].tolist() == ["10 Agustus 2021", "6 Mei 2019"]
    participants = table_value(at, "data_participants")
    assert len(participants) == 5
    assert participants["Peserta"].sum() == 8
    shown = participants.to_string()
    assert "Siti" not in shown and "siti@example.org" not in shown
    assert "Nama" not in participants.columns and "Surel" not in participants.columns


def test_quality_report_lists_rejected_ambiguous_and_unresolved(messy_data, open_page):
    at = open_page("data", lang="en")
    assert_clean(at)
    rejected = table_value(at, "data_rejected")
    lines = sorted(zip(rejected["Table"], rejected["Line"], strict=True))
    assert lines == [("participants", 8), ("participants", 9), ("trainings", 4)]
    assert rejected["Reason"].str.len().min() > 0
    ambiguous = table_value(at, "data_ambiguous")
    assert ambiguous["Region (as written)"].tolist() == ["Bandung"]
    assert "Kota Bandung" in ambiguous["Candidates"].iloc[0]
    assert "Kabupaten Bandung" in ambiguous["Candidates"].iloc[0]
    unresolved = table_value(at, "data_unresolved")
    assert unresolved["Region (as written)"].tolist() == ["Kuala Lumpur"]
    assert unresolved["Line"].tolist() == [6]
    summary = texts(at)
    assert "Trainings: 3 rows, 2 accepted, 1 rejected." in summary
    assert "Participants: 8 rows, 6 accepted, 2 rejected." in summary


def test_quality_report_in_indonesian_says_the_reason_in_indonesian(messy_data, open_page):
    at = open_page("data")
    rejected = table_value(at, "data_rejected")
    # entirely Indonesian: no "rincian: region is empty" or other loader English
    assert sorted(rejected["Alasan"]) == [
        "ID pelatihan tidak ada di berkas pelatihan",
        "Jumlah peserta bukan bilangan bulat positif",
        "Tanggal tidak ada",
    ]


def _download(at: AppTest, key: str):
    return next(button for button in at.get("download_button") if button.key == key)


def test_downloads_of_the_filtered_data(tiny_data, open_page):
    at = open_page("data", provinsi="Kepulauan Riau")
    assert_clean(at)
    keys = {button.key for button in at.get("download_button")}
    assert {
        "download_trainings.csv",
        "download_trainings.xlsx",
        "download_participants.csv",
        "download_participants.xlsx",
    } <= keys
    table = table_value(at, "data_participants")
    assert table["Wilayah resmi"].tolist() == ["Kota Batam"]


def _upload_and_apply(at: AppTest, trainings: tuple, participants: tuple) -> AppTest:
    at.file_uploader(key="atlas_upload_trainings_widget").set_value(trainings)
    at.file_uploader(key="atlas_upload_participants_widget").set_value(participants)
    at.run()
    at.button(key="atlas_upload_apply").click()
    return at.run()


def _xlsx(text: str) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in text.strip().splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_upload_csv_is_used_on_every_page_of_this_session(bundled_data, open_page):
    at = open_page("data")
    at = _upload_and_apply(
        at,
        ("latihan.csv", TINY_TRAININGS.encode("utf-8"), "text/csv"),
        ("peserta.csv", TINY_PARTICIPANTS.encode("utf-8"), "text/csv"),
    )
    assert_clean(at)
    assert any("2 pelatihan, 5 baris peserta" in str(box.value) for box in at.success)
    assert any("2 pelatihan, 5 baris peserta" in str(toast.value) for toast in at.toast)
    assert at.radio(key="atlas_data_source_widget").value == "upload"
    assert any("unggahan" in str(box.value) for box in at.info)
    switch_to(at, "overview").run()
    assert_clean(at)
    assert metric_values(at)["Peserta"] == "8"


def test_upload_xlsx(bundled_data, open_page):
    at = open_page("data", lang="en")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at = _upload_and_apply(
        at,
        ("trainings.xlsx", _xlsx(TINY_TRAININGS), xlsx),
        ("participants.xlsx", _xlsx(TINY_PARTICIPANTS), xlsx),
    )
    assert_clean(at)
    assert any("2 trainings, 5 participant rows" in str(box.value) for box in at.success)
    assert len(table_value(at, "data_trainings")) == 2


def test_an_unreadable_upload_gives_a_clear_message(bundled_data, open_page):
    at = open_page("data", lang="en")
    at = _upload_and_apply(
        at,
        ("trainings.csv", b"\x00\x01\x02\xff" * 100, "text/csv"),
        ("participants.csv", TINY_PARTICIPANTS.encode("utf-8"), "text/csv"),
    )
    assert not at.exception
    assert [shown(box.value) for box in at.error] == [
        "The file could not be read: trainings.csv is not a text file (it holds binary data); "
        "use .csv or .xlsx."
    ]
    assert at.radio(key="atlas_data_source_widget").value == "bundled"


def test_an_upload_needs_both_files(bundled_data, open_page):
    at = open_page("data")
    at.file_uploader(key="atlas_upload_trainings_widget").set_value(
        ("t.csv", TINY_TRAININGS.encode(), "text/csv")
    )
    at.run()
    at.button(key="atlas_upload_apply").click().run()
    assert [box.value for box in at.error] == [
        "Belum ada berkas peserta yang diterima. Pilih berkas pelatihan dan berkas peserta; "
        "pengunggah hanya menerima .csv, .xlsx, .txt, .tsv, .xls, .xlsm sampai 10 MB."
    ]


def test_an_upload_with_missing_columns(bundled_data, open_page):
    at = open_page("data", lang="en")
    at = _upload_and_apply(
        at,
        ("trainings.csv", b"training_id,title\nx,y\n", "text/csv"),
        ("participants.csv", TINY_PARTICIPANTS.encode(), "text/csv"),
    )
    assert not at.exception
    assert len(at.error) == 1
    assert "lacks required columns" in at.error[0].value
    assert "start_date" in at.error[0].value


def test_removing_the_upload_goes_back_to_the_bundled_data(bundled_data, open_page):
    at = open_page("data")
    at = _upload_and_apply(
        at,
        ("t.csv", TINY_TRAININGS.encode(), "text/csv"),
        ("p.csv", TINY_PARTICIPANTS.encode(), "text/csv"),
    )
    at.button(key="atlas_upload_clear").click().run()
    assert_clean(at)
    assert at.radio(key="atlas_data_source_widget").value == "bundled"
    assert table_value(at, "data_trainings")["Judul"].tolist() == ["Pelatihan Diplomasi Kota"]


def test_missing_data_folder_is_a_translated_message(monkeypatch, tmp_path, open_page):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "nowhere"))
    at = open_page("overview", lang="en")
    assert not at.exception
    assert len(at.error) == 1
    assert at.error[0].value.startswith("The data could not be loaded")
    assert "This data holds no accepted trainings yet." in texts(at)


def test_an_unreadable_data_folder_file_is_a_translated_message(monkeypatch, tmp_path, open_page):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "trainings.csv").write_bytes(b"")
    (folder / "participants.csv").write_text(TINY_PARTICIPANTS, encoding="utf-8")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(folder))
    at = open_page("sdg")
    assert not at.exception
    assert [shown(box.value) for box in at.error] == [
        "Data tidak dapat dimuat: trainings.csv kosong (tanpa judul kolom dan baris)."
    ]


def _apply_upload_app(trainings_size: int) -> None:
    """Runs inside AppTest: call the function the upload button calls, show its answer."""
    import streamlit as st

    from atlas.ui.context import UploadedFile
    from atlas.ui.loaders import cached_gazetteer
    from atlas.ui.upload import apply_upload

    trainings = UploadedFile("besar.csv", b"x" * trainings_size)
    participants = UploadedFile("p.csv", b"training_id,institution,region\n")
    ok, message = apply_upload(trainings, participants, cached_gazetteer(), "id")
    st.write(ok, message)


def test_an_upload_above_the_size_cap_is_refused_with_the_limit():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    limit_mb = config["server"]["maxUploadSize"]
    at = AppTest.from_function(_apply_upload_app, args=(limit_mb * 1_048_576 + 1,))
    at.run()
    assert not at.exception
    assert shown(at.markdown[0].value) == (
        f"`False` Berkas besar.csv terlalu besar ({limit_mb},0 MB); batasnya {limit_mb} MB."
    )


def test_detail_view_needs_the_password_from_secrets(tiny_data):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    at.secrets["detail_password"] = "rahasia-uji"
    switch_to(at, "data")
    at.run()
    assert "Nama" not in table_value(at, "data_participants").columns
    at.text_input(key="atlas_detail_password").input("salah")
    next(b for b in at.button if b.label == "Buka tampilan rinci").click()
    at.run()
    assert "Nama" not in table_value(at, "data_participants").columns
    at.text_input(key="atlas_detail_password").input("rahasia-uji")
    next(b for b in at.button if b.label == "Buka tampilan rinci").click()
    at.run()
    assert_clean(at)
    detail = table_value(at, "data_participants")
    assert "Siti Rahma" in detail["Nama"].tolist()
    assert "siti@example.org" in detail["Surel"].tolist()


def test_a_hostile_file_name_stays_literal_in_messages(bundled_data, open_page):
    at = open_page("data", lang="en")
    hostile = "**x**[a](javascript:alert(1))$y$.csv"
    at = _upload_and_apply(
        at,
        (hostile, b"", "text/csv"),
        ("participants.csv", TINY_PARTICIPANTS.encode(), "text/csv"),
    )
    assert not at.exception
    (message,) = [box.value for box in at.error]
    assert shown(message).endswith(
        "**x**[a](javascript:alert(1))$y$.csv is empty (no header, no rows)."
    )
    assert r"\*\*x\*\*\[a\]\(javascript\:alert\(1\)\)\$y\$\.csv" in message


def test_quality_report_says_when_the_typo_search_limit_was_reached(
    monkeypatch, tmp_path, open_page
):
    import atlas.typos

    typos = TINY_PARTICIPANTS + (
        "t1-2019,Dinas Lingkungan,Surabya,,,,,1\nt1-2019,Dinas Lingkungan,Smarang,,,,,1\n"
    )
    folder = write_data_dir(tmp_path / "typos", TINY_TRAININGS, typos)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(folder))
    monkeypatch.setattr(atlas.typos, "FUZZY_MAX_NAMES", 1)
    at = open_page("data", lang="en")
    assert_clean(at)
    warnings = [str(box.value) for box in at.warning]
    assert any(
        "not checked for typos (they stay unresolved): 1; the limit is 1 names" in w
        for w in warnings
    )
    unresolved = table_value(at, "data_unresolved")
    assert unresolved["Region (as written)"].tolist() == ["Kuala Lumpur", "Smarang"]


def test_quality_report_counts_ambiguous_and_unresolved_regions(messy_data, open_page):
    at = open_page("data")
    assert_clean(at)
    shown = texts(at)
    assert "Wilayah baris peserta yang diterima: 4 dikenali · 1 ambigu · 1 tidak dikenal." in shown
    headers = [header.value for header in at.header]
    assert "Wilayah ambigu (1)" in headers
    assert "Wilayah tidak dikenal (1)" in headers


def test_the_upload_message_counts_ambiguous_and_unresolved_regions(bundled_data, open_page):
    at = open_page("data")
    at = _upload_and_apply(
        at,
        ("latihan.csv", MESSY_TRAININGS.encode("utf-8"), "text/csv"),
        ("peserta.csv", MESSY_PARTICIPANTS.encode("utf-8"), "text/csv"),
    )
    assert_clean(at)
    message = (
        "Berkas unggahan dipakai: 2 pelatihan, 6 baris peserta diterima · 1 ambigu · "
        "1 tidak dikenal."
    )
    assert [box.value for box in at.success if "Berkas unggahan" in box.value] == [message]
