"""Issue 7 item 8: what only a browser shows about the Overview's layout."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_no_exception, open_page, wait_idle

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
