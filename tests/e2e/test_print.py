"""Browser printing (print stylesheet static/print.css): `page.pdf()` of each page has no
sidebar or toolbar, and the charts print whole (their last axis labels are on the paper: the
PDF drops text that a clipped chart hides)."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from atlas.ui.share import PRINT_RULES_KEY
from tests.e2e.helpers import open_page

pytestmark = pytest.mark.e2e

# Texts only the sidebar shows (language switch and data choice).
SIDEBAR_TEXTS = ("Bahasa / Language", "Published data", "My uploaded files")
DEMO_YEARS = [str(year) for year in range(2018, 2026)]


def printed_text(page) -> str:
    # The rules arrive with the page's first elements, but Streamlit draws an st.html block
    # only once its (lazily loaded) component code is in: until then a skeleton stands there.
    expect(page.locator(f".st-key-{PRINT_RULES_KEY} style")).to_have_count(1, timeout=30_000)
    # page.pdf() lays the page out for paper with the print rules, charts at the width they were
    # drawn with. (Switching the window to print media first let the page's scripts redraw the
    # charts for that wider, zoomed-out window before the PDF was made: on a busy machine the
    # redraw sometimes came first and the paper cut the charts.)
    pdf = page.pdf(format="A4", print_background=True)
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def wait_for_charts(page, count: int) -> None:
    expect(page.locator(".stPlotlyChart svg.main-svg").first).to_be_attached(timeout=60_000)
    expect(page.locator(".stPlotlyChart")).to_have_count(count, timeout=60_000)


@pytest.mark.parametrize(
    ("path", "heading", "charts"),
    [
        ("/", "Overview", 1),
        ("/sdg", "SDG coverage", 4),
        ("/map", "Map of reach", 0),
        ("/data", "Data", 0),
    ],
)
def test_printed_page_has_no_sidebar_or_toolbar(session, path, heading, charts):
    page = open_page(session, f"{path}?data=demo&lang=en", heading)
    if charts:
        wait_for_charts(page, charts)
    text = printed_text(page)
    assert heading in text
    for sidebar_text in SIDEBAR_TEXTS:
        assert sidebar_text not in text, sidebar_text
    assert "Share" not in text.split() and "Printable brief" not in text


def test_printed_yearly_chart_is_whole(session):
    page = open_page(session, "/?data=demo&lang=en", "Overview")
    wait_for_charts(page, 1)
    text = printed_text(page)
    # the trainings-over-time chart: every year from the first to the last, 2025 included
    missing = [year for year in DEMO_YEARS if year not in text]
    assert missing == []


def test_printed_sdg_heatmap_keeps_its_last_column(session):
    page = open_page(session, "/sdg?data=demo&lang=en", "SDG coverage")
    wait_for_charts(page, 4)
    text = printed_text(page)
    assert "SDG 17" in text and "SDG 16" in text
