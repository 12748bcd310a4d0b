"""Exports in the browser: the Data page's workbook says what it holds; every chart downloads
as PNG with the network blocked (Plotly's own toolbar draws it in the page) and as CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

from tests.e2e.helpers import assert_only_allowed_remote_requests, open_page

pytestmark = pytest.mark.e2e


def download(page, button) -> bytes:
    with page.expect_download() as info:
        button.click()
    return Path(info.value.path()).read_bytes()


def test_data_workbook_has_tables_and_about_sheet(session):
    page = open_page(session, "/data?data=demo&provinsi=Jawa+Timur&lang=en", "Data")
    data = download(
        page, page.get_by_role("button", name="All tables in one XLSX (with an About sheet)")
    )
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Trainings", "Participants", "About"]
    participants = workbook["Participants"]
    assert participants.freeze_panes == "A2" and participants["A1"].font.b
    about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True)}
    assert about["Dataset"].startswith("Demo (synthetic)")
    assert about["Filters"] == "Jawa Timur"
    assert about["Live view"] == (f"{session.base_url}/data?data=demo&provinsi=Jawa+Timur&lang=en")
    assert about["Rows: Trainings"] == workbook["Trainings"].max_row - 1 == 11
    assert about["Rows: Participants"] == participants.max_row - 1
    assert "ODbL" in about["License"]
    start = workbook["Trainings"]["C2"]
    assert start.is_date


def test_chart_png_from_plotly_toolbar_offline_and_its_csv(session):
    page = open_page(session, "/?data=demo&lang=en", "Overview")
    chart = page.locator(".stPlotlyChart").first
    chart.hover()
    png = download(page, chart.locator('[data-title="Download plot as a PNG"]'))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width >= 600
    assert_only_allowed_remote_requests(session)
    rows = list(
        csv.reader(
            io.StringIO(
                download(page, page.get_by_role("button", name="Download CSV").first).decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[0] == ["Year", "Trainings", "Participants"]
    assert len(rows) == 1 + (2025 - 2018 + 1)  # every year of the demo, gaps as zero
