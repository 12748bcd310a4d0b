"""Hostile input in the browser: files whose every text field carries script payloads, loaded
through ATLAS_DATA_DIR and through upload. Nothing may run; the text must show literally."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import E2E_DATA
from tests.e2e.helpers import (
    PAGES,
    assert_no_exception,
    assert_no_script_ran,
    expect_markers,
    expect_upload_message,
    grid_texts,
    map_frame,
    mark_marker_with_tooltip,
    nav_to,
    open_page,
    open_tab,
    reset_map_view,
    upload_files,
    wait_idle,
)
from tests.e2e.payloads import HOSTILE_TITLE_REGIONS, SCRIPT_PAYLOADS

pytestmark = pytest.mark.e2e

HOSTILE = E2E_DATA / "hostile"
# 8 kota with hostile titles + Kota Medan (the training whose id is a payload)
HOSTILE_MARKERS = len(HOSTILE_TITLE_REGIONS) + 1
OFFICIAL_NAMES = {"Kota Bau-Bau": "Kota Baubau", "Kota Pangkal Pinang": "Kota Pangkalpinang"}


def test_fixture_carries_every_payload():
    trainings = (HOSTILE / "trainings.csv").read_text(encoding="utf-8")
    participants = (HOSTILE / "participants.csv").read_text(encoding="utf-8")
    for payload in SCRIPT_PAYLOADS:
        quoted = payload.replace('"', '""')
        assert quoted in trainings and quoted in participants, payload


@pytest.mark.parametrize("page_spec", PAGES, ids=[spec[0] for spec in PAGES])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_script_runs_on_any_page_with_hostile_data_dir(hostile_session, page_spec, lang):
    heading = page_spec[1] if lang == "id" else page_spec[2]
    page = open_page(hostile_session, f"{page_spec[0]}?lang={lang}", heading)
    assert_no_exception(page)
    if page_spec[0] == "/map":
        expect_markers(page, HOSTILE_MARKERS)
    if page_spec[0] == "/data":
        # every tab renders its content (the quality report quotes hostile values)
        for tab in page.get_by_role("tab").all():
            tab.click()
            wait_idle(page)
    assert_no_script_ran(hostile_session)


def test_hostile_titles_show_literally_in_map_popups(hostile_session):
    page = open_page(hostile_session, "/map?lang=en", "Map of reach")
    expect_markers(page, HOSTILE_MARKERS)
    frame = map_frame(page)
    for region, title in zip(HOSTILE_TITLE_REGIONS, SCRIPT_PAYLOADS, strict=True):
        marker = mark_marker_with_tooltip(page, OFFICIAL_NAMES.get(region, region))
        marker.click()
        popup = frame.locator(".leaflet-popup-content")
        expect(popup).to_contain_text(title)
        # close the popup and undo its auto-pan, so the next marker is in view again
        reset_map_view(page)
        expect(frame.locator(".leaflet-popup")).to_have_count(0)
        wait_idle(page)
    assert_no_script_ran(hostile_session)


def test_hostile_text_shows_literally_in_tables(hostile_session):
    page = open_page(hostile_session, "/data?lang=en", "Data")
    cells = grid_texts(page)
    for payload in SCRIPT_PAYLOADS:
        assert payload in cells, payload
    open_tab(page, "Data quality report")
    wait_idle(page)
    rejected = " ".join(grid_texts(page))
    assert "2019-13-45" in rejected
    assert_no_script_ran(hostile_session)


def test_hostile_upload_runs_nothing_on_any_page(session):
    page = open_page(session, "/data?lang=en", "Data")
    upload_files(page, HOSTILE / "trainings.csv", HOSTILE / "participants.csv")
    expect_upload_message(page, "Using the uploaded files")
    assert_no_script_ran(session)
    for link, heading in (
        ("Overview", "Overview"),
        ("Map", "Map of reach"),
        ("SDG", "SDG coverage"),
        ("Data", "Data"),
    ):
        nav_to(page, link, heading)
        assert_no_exception(page)
        expect(page.get_by_text("Showing your uploaded files").first).to_be_visible()
        if link == "Map":
            expect_markers(page, HOSTILE_MARKERS)
        if link == "Data":
            cells = grid_texts(page)
            for payload in SCRIPT_PAYLOADS:
                assert payload in cells, payload
        assert_no_script_ran(session)


FIXTURES = E2E_DATA.parent.parent / "fixtures"
REPO_DATA = E2E_DATA.parent.parent.parent / "data"


def test_shifted_personal_cells_never_reach_the_browser_in_the_public_view(session):
    """An unquoted comma shifts phone and e-mail into delegates and level: the public quality
    report names column and problem, and no websocket frame carries the values."""
    frames: list[bytes] = []

    def record(websocket) -> None:
        websocket.on(
            "framereceived",
            lambda payload: frames.append(
                payload if isinstance(payload, bytes) else payload.encode()
            ),
        )

    session.page.on("websocket", record)
    page = open_page(session, "/data?lang=en", "Data")
    shifted = (FIXTURES / "shifted_personal_participants.csv").read_bytes()
    upload_files(  # a short name: the uploader's chip shortens long ones
        page,
        REPO_DATA / "trainings.csv",
        {"name": "peserta.csv", "mimeType": "text/csv", "buffer": shifted},
    )
    expect_upload_message(page, "Using the uploaded files")
    open_tab(page, "Data quality report")
    wait_idle(page)
    rejected = " ".join(grid_texts(page))
    assert "delegates is not a whole number of 1 or more" in rejected
    received = b"".join(frames)
    assert b"delegates is not a whole number" in received  # the frames were captured
    for value in (b"+62 81", b"budi.santoso@example.org", b"Ibu Rina Wati", b"Kepala Bagian"):
        assert value not in received, value
    assert_no_script_ran(session)
