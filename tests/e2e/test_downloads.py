"""Downloads of the filtered data: open the files and check content and neutralisation."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.e2e.helpers import open_page
from tests.e2e.payloads import FORMULA_PAYLOADS, SCRIPT_PAYLOADS

pytestmark = pytest.mark.e2e

BUNDLED_INSTITUTIONS = {
    "Pemerintah Kota Lampung",
    "Pemerintah Kota Batam",
    "Pemerintah Kota Surabaya",
    "Pemerintah Provinsi Jawa Barat",
}


def download(page, label: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    path = info.value.path()
    with open(path, "rb") as handle:
        return handle.read()


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_download_participants_csv_and_xlsx(session):
    page = open_page(session, "/data?lang=en", "Data")
    rows = csv_rows(download(page, "Participants (CSV)"))
    assert len(rows) == 1 + 11
    cells = {cell for row in rows for cell in row}
    assert cells >= BUNDLED_INSTITUTIONS
    workbook = openpyxl.load_workbook(io.BytesIO(download(page, "Participants (XLSX)")))
    values = list(workbook.active.iter_rows(values_only=True))
    assert values[0] == tuple(rows[0])
    assert len(values) == 1 + 11
    assert {cell for row in values for cell in row} >= BUNDLED_INSTITUTIONS


def test_download_trainings_csv(session):
    page = open_page(session, "/data?lang=en", "Data")
    rows = csv_rows(download(page, "Trainings (CSV)"))
    assert len(rows) == 2
    assert "Pelatihan Diplomasi Kota" in rows[1]


def test_map_table_download(session):
    page = open_page(session, "/map?lang=en", "Map of reach")
    rows = csv_rows(download(page, "Download CSV"))
    assert len(rows) == 1 + 11
    assert rows[0][:3] == ["Official region", "Code", "Level"]


def test_hostile_downloads_are_neutralised_and_literal(hostile_session):
    page = open_page(hostile_session, "/data?lang=en", "Data")
    rows = csv_rows(download(page, "Participants (CSV)"))
    cells = [cell for row in rows[1:] for cell in row]
    for formula in FORMULA_PAYLOADS:
        assert "'" + formula in cells, formula
        assert formula not in cells, formula
    for payload in SCRIPT_PAYLOADS:  # text kept literally (none starts with a trigger)
        assert payload in cells, payload
    workbook = openpyxl.load_workbook(io.BytesIO(download(page, "Participants (XLSX)")))
    sheet = workbook.active
    xlsx_cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in xlsx_cells)
    values = {cell.value for cell in xlsx_cells}
    for formula in FORMULA_PAYLOADS:
        assert "'" + formula in values, formula
