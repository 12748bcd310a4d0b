"""Every page renders in a real browser, offline, in both languages; the map shows its markers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    PAGES,
    assert_no_exception,
    assert_no_script_ran,
    assert_only_allowed_remote_requests,
    expect_markers,
    map_frame,
    mark_marker_with_tooltip,
    open_page,
    reset_map_view,
    wait_idle,
)

pytestmark = pytest.mark.e2e

# The 2018 training: 8 kota + 3 provinces.
MARKERS_2018 = 11


@pytest.mark.parametrize(("lang", "column"), [("id", 1), ("en", 2)])
@pytest.mark.parametrize("page_spec", PAGES, ids=[spec[0] for spec in PAGES])
def test_every_page_renders_offline(session, page_spec, lang, column):
    path, heading = page_spec[0], page_spec[column]
    page = open_page(session, f"{path}?lang={lang}", heading)
    assert_no_exception(page)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(heading)
    assert_only_allowed_remote_requests(session)
    assert_no_script_ran(session)


def test_map_shows_one_marker_per_reached_region_over_the_offline_outline(session):
    page = open_page(session, "/map", "Peta jangkauan")
    expect_markers(page, MARKERS_2018)
    frame = map_frame(page)
    # the outline of Indonesia is drawn (non-interactive SVG paths besides the markers)
    outline_paths = frame.locator(".leaflet-overlay-pane path:not(.leaflet-interactive)")
    expect(outline_paths.first).to_be_attached()
    expect(frame.locator(".atlas-legend")).to_contain_text("Tingkat pemerintahan")
    expect(frame.locator(".atlas-legend")).to_contain_text("Provinsi")
    # tiles were attempted and blocked, and that broke nothing
    assert any("tile.openstreetmap.org" in url for url in session.blocked.urls)
    assert_only_allowed_remote_requests(session)
    # Leaflet came from the app itself
    scripts = frame.locator("script[src]").evaluate_all("els => els.map(e => e.src)")
    assert any(src.endswith("/app/static/vendor/leaflet/leaflet.js") for src in scripts)
    assert all(src.startswith(session.base_url) for src in scripts), scripts


def test_marker_popup_and_click_selects_the_region(session):
    page = open_page(session, "/map?lang=en", "Map of reach")
    expect_markers(page, MARKERS_2018)
    frame = map_frame(page)
    surabaya = mark_marker_with_tooltip(page, "Kota Surabaya")
    surabaya.hover()
    expect(frame.locator(".leaflet-tooltip", has_text="Kota Surabaya")).to_contain_text(
        "City (kota)"
    )
    surabaya.click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Kota Surabaya")
    expect(popup).to_contain_text("Jawa Timur")
    expect(popup).to_contain_text("Pelatihan Diplomasi Kota")
    # the click selects the region: its details appear below the map
    expect(page.get_by_text("Selected region: Kota Surabaya")).to_be_visible(timeout=30_000)
    wait_idle(page)
    assert_no_exception(page)


def test_zooming_and_panning_do_not_rerun_the_app_but_a_click_does(session):
    sent: list[bytes | str] = []
    session.page.on("websocket", lambda ws: ws.on("framesent", lambda data: sent.append(data)))
    page = open_page(session, "/map", "Peta jangkauan")
    expect_markers(page, MARKERS_2018)
    wait_idle(page)
    baseline = len(sent)
    frame = map_frame(page)
    frame.locator(".leaflet-control-zoom-in").click()
    frame.locator(".leaflet-control-zoom-out").click()
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    page.mouse.move(box["x"] + 120, box["y"] + 500)
    page.mouse.down()
    page.mouse.move(box["x"] + 160, box["y"] + 520, steps=5)
    page.mouse.up()
    # back to the whole of Indonesia (moves the map again), then click a marker: the click
    # is the one interaction reported back (returned_objects)
    reset_map_view(page)
    mark_marker_with_tooltip(page, "Kota Surabaya").click()
    expect(page.get_by_text(re.compile("Wilayah terpilih: "))).to_be_visible(timeout=30_000)
    wait_idle(page)
    reruns = sent[baseline:]
    assert len(reruns) == 1, f"{len(reruns)} messages to the server after zoom, pan and click"
    payload = reruns[0] if isinstance(reruns[0], bytes) else reruns[0].encode()
    assert b"last_active_drawing" in payload
    assert b'"zoom"' not in payload and b'"bounds"' not in payload


def test_province_link_filters_kpis_and_markers(session):
    page = open_page(session, "/", "Ringkasan")
    governments = page.locator('[data-testid="stMetric"]', has_text="Pemerintah daerah")
    expect(governments.locator('[data-testid="stMetricValue"]')).to_have_text("11")
    page = open_page(session, "/?provinsi=Kepulauan+Riau", "Ringkasan")
    main = page.locator('[data-testid="stMain"]')
    expect(governments.locator('[data-testid="stMetricValue"]')).to_have_text("2")
    # Denominators are the selected province's: Kepulauan Riau has 2 kota and 5 kabupaten.
    provinces = page.locator('[data-testid="stMetric"]', has_text="Provinsi terjangkau")
    expect(provinces.locator('[data-testid="stMetricValue"]')).to_have_text("1 / 1 dipilih")
    kota = page.locator('[data-testid="stMetric"]', has_text="Kota anggota Apeksi")
    expect(kota.locator('[data-testid="stMetricValue"]')).to_have_text("1 / 2")
    kabupaten = page.locator('[data-testid="stMetric"]', has_text="Kabupaten")
    expect(kabupaten.locator('[data-testid="stMetricValue"]')).to_have_text("0 / 5")
    expect(main).not_to_contain_text("Kota Surabaya")
    page = open_page(session, "/map?provinsi=Kepulauan+Riau", "Peta jangkauan")
    expect_markers(page, 2)  # Kota Batam + Provinsi Kepulauan Riau
    assert_no_exception(page)


def test_language_switch_translates_and_lands_in_the_url(session):
    page = open_page(session, "/", "Ringkasan")
    page.locator('[data-testid="stSidebar"]').get_by_text("en", exact=True).click()
    expect(page.locator("h1").first).to_have_text("Overview", timeout=30_000)
    expect(page).to_have_url(re.compile(r"[?&]lang=en\b"))
    wait_idle(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Map").click()
    expect(page.locator("h1").first).to_have_text("Map of reach", timeout=30_000)
    expect(page).to_have_url(re.compile(r"/map\?.*lang=en"))
    expect(map_frame(page).locator(".atlas-legend")).to_contain_text("Government level")
