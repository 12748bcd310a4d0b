"""Issue 7 item 8: what only a browser shows about the Overview's layout."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_no_exception, open_expander, open_page, wait_idle
from tests.e2e.test_downloads import csv_rows, download

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("lang", "heading"), [("id", "Ringkasan"), ("en", "Overview")])
def test_latest_trainings_fit_a_1400_px_screen_with_the_sidebar_open(session, lang, heading):
    session.page.set_viewport_size({"width": 1400, "height": 1000})
    page = open_page(session, f"/?data=demo&lang={lang}", heading)
    grid = page.locator('.st-key-overview_latest [data-testid="stDataFrame"]')
    grid.scroll_into_view_if_needed()
    scroller = grid.locator(".dvn-scroller")
    expect(scroller).to_have_count(1)
    wait_idle(page)
    # No horizontal scrolling: the last column ("Pemerintah daerah" / "Governments") is whole.
    widths = scroller.evaluate("element => [element.scrollWidth, element.clientWidth]")
    assert widths[0] <= widths[1], widths
    assert_no_exception(page)


def test_the_overview_exports_count_against_the_selected_province(session):
    page = open_page(session, "/?data=demo&provinsi=Jawa%20Timur&lang=en", "Overview")
    coverage = csv_rows(download(page, "Download the coverage figures (CSV)"))
    assert coverage[0] == ["Measure", "Reached", "Of", "Share"]
    by_measure = {row[0]: row[1:3] for row in coverage[1:]}
    assert by_measure == {
        "Provinces": ["1", "1"],
        "Cities (kota)": ["7", "9"],
        "Regencies (kabupaten)": ["5", "29"],
        "SDG goals": ["10", "17"],
    }
    open_expander(page, "2 cities and 24 regencies not reached yet")
    unreached = csv_rows(download(page, "Download the list (CSV)"))
    assert len(unreached) == 1 + 2 + 24
    assert {row[3] for row in unreached[1:]} == {"Jawa Timur"}
    assert_no_exception(page)
