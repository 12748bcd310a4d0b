"""Uploading the user's own files (CSV and XLSX), the messages for bad files, and isolation of
one session's upload from every other session."""

from __future__ import annotations

import io
import uuid

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import REPO_ROOT, open_session
from tests.e2e.helpers import (
    assert_no_exception,
    assert_no_script_ran,
    csv_file,
    expect_markers,
    expect_upload_message,
    grid_texts,
    main_text,
    nav_to,
    open_page,
    upload_files,
    wait_idle,
)

pytestmark = pytest.mark.e2e

TRAININGS_HEADER = "training_id,title,start_date,sdg_goals\n"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARTICIPANTS_HEADER = "training_id,institution,region,delegates\n"


def xlsx_payload(name: str, rows: list[list[object]]) -> dict:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return {
        "name": name,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": buffer.getvalue(),
    }


def small_upload(title: str) -> tuple[dict, dict]:
    trainings = csv_file("trainings.csv", TRAININGS_HEADER + f"up-1,{title},2021-03-04,11\n")
    participants = csv_file(
        "participants.csv",
        PARTICIPANTS_HEADER
        + "up-1,Pemerintah Kota Medan,Kota Medan,4\n"
        + "up-1,Pemerintah Kota Makassar,Kota Makassar,2\n"
        + "up-1,Pemerintah Provinsi Bali,Provinsi Bali,1\n",
    )
    return trainings, participants


def test_upload_csv_files(session):
    title = "Pelatihan Unggahan CSV"
    page = open_page(session, "/data?lang=en", "Data")
    upload_files(page, *small_upload(title))
    expect_upload_message(page, "Using the uploaded files: 1 trainings, 3 participant rows")
    nav_to(page, "Map", "Map of reach")
    expect_markers(page, 3)
    nav_to(page, "Overview", "Overview")
    participants = page.locator('[data-testid="stMetric"]', has_text="Participants")
    expect(participants).to_contain_text("7")
    assert_no_exception(page)


def test_upload_xlsx_files(session):
    trainings = xlsx_payload(
        "pelatihan.xlsx",
        [
            ["ID Pelatihan", "Judul", "Tanggal Mulai"],
            ["x-1", "Pelatihan Unggahan XLSX", "2022-05-06"],
        ],
    )
    participants = xlsx_payload(
        "peserta.xlsx",
        [
            ["ID Pelatihan", "Instansi", "Daerah", "Jumlah Peserta"],
            ["x-1", "Pemerintah Kota Surabaya", "Kota Surabaya", 5],
            ["x-1", "Pemerintah Kota Malang", "Kota Malang", 1],
        ],
    )
    page = open_page(session, "/data?lang=en", "Data")
    upload_files(page, trainings, participants)
    expect_upload_message(page, "Using the uploaded files: 1 trainings, 2 participant rows")
    nav_to(page, "Overview", "Overview")
    nav_to(page, "Data", "Data")
    assert "Pelatihan Unggahan XLSX" in grid_texts(page)
    nav_to(page, "Map", "Map of reach")
    expect_markers(page, 2)


def test_binary_file_gives_a_clear_message(session):
    page = open_page(session, "/data?lang=en", "Data")
    png = (REPO_ROOT / "static" / "vendor" / "leaflet" / "images" / "layers.png").read_bytes()
    trainings, _ = small_upload("x")
    upload_files(
        page, trainings, {"name": "participants.csv", "mimeType": "text/csv", "buffer": png}
    )
    expect_upload_message(page, "binary data")
    assert_no_exception(page)


def test_empty_file_gives_a_clear_message(session):
    page = open_page(session, "/data?lang=en", "Data")
    _, participants = small_upload("x")
    upload_files(
        page, {"name": "trainings.csv", "mimeType": "text/csv", "buffer": b""}, participants
    )
    expect_upload_message(page, "is empty")
    assert_no_exception(page)


def test_too_large_file_is_refused_with_a_message(session):
    page = open_page(session, "/data?lang=en", "Data")
    big = TRAININGS_HEADER + ("big-1,Pelatihan Besar,2021-01-01,11\n" * 400_000)
    assert len(big.encode()) > 10 * 1024 * 1024
    _, participants = small_upload("x")
    upload_files(page, csv_file("trainings.csv", big), participants)
    # refused before it reaches the app (Streamlit's uploader enforces the same cap)
    message = page.locator('[data-testid="stFileUploader"]').first
    expect(message).to_contain_text("10")
    expect(message).to_contain_text("MB")
    assert "Using the uploaded files" not in main_text(page)
    assert_no_exception(page)


def test_an_upload_is_never_visible_in_another_session(browser, app_server):
    secret_title = f"Pelatihan Sesi A {uuid.uuid4().hex[:8]}"
    first = open_session(browser, app_server)
    second = open_session(browser, app_server)
    try:
        page_a = open_page(first, "/data?lang=en", "Data")
        page_b = open_page(second, "/data?lang=en", "Data")
        upload_files(page_a, *small_upload(secret_title))
        expect_upload_message(page_a, "Using the uploaded files")
        nav_to(page_a, "Overview", "Overview")
        nav_to(page_a, "Data", "Data")
        assert secret_title in grid_texts(page_a)
        # the other session, open at the same time, asks for "its" upload: there is none
        for path, heading in (("/data", "Data"), ("/", "Overview"), ("/map", "Map of reach")):
            page_b = open_page(second, f"{path}?lang=en&data=upload", heading)
            wait_idle(page_b)
            expect(
                page_b.get_by_text("No files uploaded in this session yet").first
            ).to_be_visible()
            assert secret_title not in main_text(page_b)
            assert secret_title not in " ".join(grid_texts(page_b, wait=False))
        assert_no_script_ran(first)
        assert_no_script_ran(second)
    finally:
        first.close()
        second.close()


def test_an_old_xls_and_a_password_protected_xlsx_are_named_as_such(session):
    page = open_page(session, "/data?lang=en", "Data")
    trainings, _ = small_upload("x")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    upload_files(
        page,
        trainings,
        {"name": "peserta.xls", "mimeType": "application/vnd.ms-excel", "buffer": ole},
    )
    expect_upload_message(page, "is an old Excel (.xls) workbook")
    encrypted = ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    page = open_page(session, "/data?lang=en", "Data")  # a fresh page: empty uploaders
    upload_files(
        page,
        trainings,
        {"name": "peserta.xlsx", "mimeType": XLSX_TYPE, "buffer": encrypted},
    )
    expect_upload_message(page, "peserta.xlsx is password-protected")
    assert_no_exception(page)


def test_a_decompression_bomb_is_refused_naming_the_limit(session):
    from tests import hostile_workbooks

    page = open_page(session, "/data?lang=en", "Data")
    trainings, _ = small_upload("x")
    bomb = hostile_workbooks.shared_string_bomb(101 * 1024 * 1024)
    upload_files(page, trainings, {"name": "peserta.xlsx", "mimeType": XLSX_TYPE, "buffer": bomb})
    expect_upload_message(page, "peserta.xlsx is too large once unpacked: more than 100 MB")
    assert_no_exception(page)
