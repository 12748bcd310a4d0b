"""Share control: the dialog's link, opened in a fresh browser context, reproduces the view."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import open_session
from tests.e2e.helpers import (
    ALLOWED_REMOTE_PREFIXES,
    GRID_CELL,
    grid_texts,
    main_text,
    open_page,
    wait_idle,
)

pytestmark = pytest.mark.e2e

SHARE_LINK = ".st-key-atlas_share_link code"


def shared_link(page) -> str:
    page.get_by_role("button", name="Share").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Share this view")
    link = page.locator(SHARE_LINK).inner_text().strip()
    # the QR code is drawn from that very link, locally (no request leaves the machine)
    qr = dialog.locator('[data-testid="stImage"] img')
    expect(qr).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    return link


def choose_in_multiselect(page, label: str, option: str) -> None:
    """Pick `option` in the sidebar multiselect labelled `label`, as a reader does."""
    select = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has_text=label
    )
    field = select.locator("input")
    field.click()
    field.fill(option)  # the option list is virtualised: filter it down to the option
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    wait_idle(page)


def sidebar_choices(page) -> list[str]:
    """What every sidebar multiselect shows as chosen (the filters' visible state)."""
    containers = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
    return [" ".join(text.split()) for text in containers.all_inner_texts()]


def chip_pattern(chip: str) -> re.Pattern[str]:
    """The whole of a chosen-filter text, whatever white space the DOM puts between its words."""
    return re.compile(r"^\s*" + r"\s*".join(re.escape(word) for word in chip.split()) + r"\s*$")


def test_share_link_reproduces_a_filtered_view_in_a_new_context(browser, app_server, session):
    page = open_page(session, "/map?data=demo&provinsi=Jawa+Timur&lang=en", "Map of reach")
    summary = page.locator('[data-testid="stMain"] p', has_text="local governments").first
    unfiltered_summary = summary.inner_text()
    unfiltered_cells = grid_texts(page)
    # one more filter chosen in the page itself, not in the typed link
    sidebar = page.locator('[data-testid="stSidebar"]')
    choose_in_multiselect(page, "SDG goal", "SDG 11")
    expect(sidebar.locator('[data-testid="stMultiSelect"]', has_text="SDG 11")).to_have_count(1)
    expect(summary).not_to_have_text(unfiltered_summary)
    expect(page.locator(GRID_CELL)).not_to_have_count(len(unfiltered_cells))
    expected_summary = summary.inner_text()
    expected_cells = grid_texts(page)
    expected_chips = sidebar_choices(page)

    link = shared_link(page)
    assert link.startswith(app_server.url + "/map?")
    for part in ("data=demo", "provinsi=Jawa+Timur", "sdg=SDG+11", "lang=en"):
        assert part in link, (part, link)

    fresh = open_session(browser, app_server)
    try:
        fresh.page.goto(link)
        wait_idle(fresh.page)
        expect(fresh.page.locator("h1").first).to_have_text("Map of reach")
        wait_idle(fresh.page)
        # waits (retrying) until the fresh session's sidebar has drawn the same chosen filters
        expect(
            fresh.page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
        ).to_have_text([chip_pattern(chip) for chip in expected_chips])
        chosen = " ".join(expected_chips)
        assert "Jawa Timur" in chosen and "SDG 11" in chosen
        assert (
            fresh.page.locator(
                '[data-testid="stMain"] p', has_text="local governments"
            ).first.inner_text()
            == expected_summary
        )
        expect(fresh.page.locator(GRID_CELL)).to_have_text(expected_cells)
        assert "Synthetic data (demo)" in main_text(fresh.page)
        assert all(u.startswith(ALLOWED_REMOTE_PREFIXES) for u in fresh.blocked.urls)
    finally:
        fresh.close()


def test_share_dialog_on_every_page_offers_the_qr_code_as_png(session):
    for path, heading in (("/", "Overview"), ("/sdg", "SDG coverage"), ("/data", "Data")):
        page = open_page(session, f"{path}?lang=en", heading)
        link = shared_link(page)
        assert link == session.base_url + path + "?lang=en", link
    page.get_by_role("button", name="Share").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download QR code (PNG)").click()
    image = Image.open(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert image.format == "PNG" and image.width == image.height
