"""The map follows the view in a real browser: fitted to the selected province (or Indonesia),
markers sized by zoom, the not-yet-reached layer of the province, and a click found by code."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from atlas import dataset, mapview, metrics
from tests.e2e.helpers import (
    MAP_IFRAME,
    assert_no_exception,
    expect_markers,
    map_frame,
    mark_marker_with_code,
    open_page,
    wait_idle,
)

pytestmark = pytest.mark.e2e

JAWA_TIMUR = "35"
# The seats of Jawa Timur's 39 regions in the gazetteer: Banyuwangi (south, east), Tuban
# (north), Pacitan (west). tests/unit/test_mapview.py checks view_bounds gives these.
JAWA_TIMUR_BOUNDS = [[-8.2325, 111.1033], [-6.8976, 114.3576]]
MAP_STATE = """() => {
    const map = window.map, b = map.getBounds();
    return {zoom: map.getZoom(), south: b.getSouth(), west: b.getWest(), north: b.getNorth(),
            east: b.getEast()};
}"""


@pytest.fixture(scope="module")
def demo_jawa_timur():
    """(reached regions, not-reached regions) of the demo data filtered to Jawa Timur, computed
    with the domain functions the page uses (the expected values of the view)."""
    gazetteer = dataset.default_gazetteer()
    demo = dataset.load_demo(gazetteer)
    rows = demo.participants[demo.participants["province_code"] == JAWA_TIMUR]
    reached = metrics.aggregate_regions(rows)
    unreached = metrics.unreached_regions(
        gazetteer.regions, metrics.reached_region_codes(rows), (JAWA_TIMUR,)
    )
    return reached, unreached


def most_isolated(frame, others) -> str:
    """The region_code of the row of `frame` whose nearest other marker (of `frame` or
    `others`) is farthest away: its marker's centre is not under another marker."""
    points = [(row.region_code, row.lat, row.lon) for row in frame.itertuples()]
    points += [(row.region_code, row.lat, row.lon) for row in others.itertuples()]

    def clearance(code: str, lat: float, lon: float) -> float:
        return min((lat - y) ** 2 + (lon - x) ** 2 for other, y, x in points if other != code)

    best = max(
        (row for row in frame.itertuples()), key=lambda r: clearance(r.region_code, r.lat, r.lon)
    )
    return str(best.region_code)


def map_state(page) -> dict:
    return page.locator(MAP_IFRAME).element_handle().content_frame().evaluate(MAP_STATE)


def contains(state: dict, bounds: list[list[float]]) -> bool:
    (south, west), (north, east) = bounds
    return (
        state["south"] <= south
        and state["west"] <= west
        and state["north"] >= north
        and state["east"] >= east
    )


def test_province_link_opens_the_map_fitted_to_that_province(session, demo_jawa_timur):
    reached, unreached = demo_jawa_timur
    page = open_page(session, "/map?provinsi=Jawa%20Timur&data=demo", "Peta jangkauan")
    expect_markers(page, len(reached))
    state = map_state(page)
    assert contains(state, JAWA_TIMUR_BOUNDS), state
    # fitted to the province, not to Indonesia: zoomed in well past the national view (5), and
    # the view is at most twice the province (plus padding) across
    assert state["zoom"] >= 7, state
    assert state["east"] - state["west"] < 2.5 * (JAWA_TIMUR_BOUNDS[1][1] - JAWA_TIMUR_BOUNDS[0][1])
    assert not contains(state, mapview.INDONESIA_BOUNDS)
    # the province's kota and kabupaten not reached yet are shown (their layer starts visible
    # under a province filter), and only those
    frame = map_frame(page)
    expect(frame.locator("path.atlas-unreached-marker")).to_have_count(
        len(unreached), timeout=30_000
    )
    assert len(unreached) == 38 - len(reached[reached["region_type"] != "provinsi"])
    assert_no_exception(page)


def test_national_view_fits_indonesia_with_zoom_scaled_markers(session):
    demo = dataset.load_demo(dataset.default_gazetteer())
    page = open_page(session, "/map?data=demo", "Peta jangkauan")
    expect_markers(page, len(metrics.aggregate_regions(demo.participants)))
    frame = map_frame(page)
    frame_handle = page.locator(MAP_IFRAME).element_handle().content_frame()
    state = map_state(page)
    assert contains(state, mapview.INDONESIA_BOUNDS), state
    width = mapview.INDONESIA_BOUNDS[1][1] - mapview.INDONESIA_BOUNDS[0][1]
    assert state["east"] - state["west"] < 2 * width, state
    # the not-reached layer is off in the national view
    expect(frame.locator("path.atlas-unreached-marker")).to_have_count(0)
    # at national zoom every marker is drawn smaller than its size property; zoomed in, full size
    radii = """() => {
        const out = [];
        window.map.eachLayer(l => {
            const p = l.feature && l.feature.properties;
            if (p && p.kind === "region") out.push([l.getRadius(), p.r]);
        });
        return out;
    }"""
    national = frame_handle.evaluate(radii)
    assert national and all(drawn < size for drawn, size in national), national[:5]
    frame_handle.evaluate("() => window.map.setView([-7.25, 112.75], 9, {animate: false})")
    zoomed = frame_handle.evaluate(radii)
    assert all(drawn == pytest.approx(size) for drawn, size in zoomed), zoomed[:5]


def test_clicking_a_marker_shows_that_regions_detail(session, demo_jawa_timur):
    reached, unreached = demo_jawa_timur
    code = most_isolated(reached, unreached)
    region = reached.loc[reached["region_code"] == code].iloc[0]
    sent: list[bytes | str] = []
    session.page.on("websocket", lambda ws: ws.on("framesent", lambda data: sent.append(data)))
    page = open_page(session, "/map?provinsi=Jawa%20Timur&data=demo&lang=en", "Map of reach")
    expect_markers(page, len(reached))
    wait_idle(page)
    baseline = len(sent)
    mark_marker_with_code(page, code).click()
    selection = page.locator(".st-key-atlas_map_selection")
    expect(selection).to_contain_text(f"Selected region: {region['region_name']}", timeout=30_000)
    wait_idle(page)
    cell = selection.locator('[data-testid="stDataFrame"] [role="gridcell"]')
    cell.first.wait_for(state="attached", timeout=30_000)
    cells = cell.all_inner_texts()
    assert code in cells
    assert str(int(region["participants"])) in cells
    # the click came back as the clicked feature, carrying its code
    messages = [m if isinstance(m, bytes) else m.encode() for m in sent[baseline:]]
    assert any(b"last_active_drawing" in m and code.encode() in m for m in messages)
    assert_no_exception(page)


def test_clicking_a_not_reached_region_says_so(session, demo_jawa_timur):
    reached, unreached = demo_jawa_timur
    code = most_isolated(unreached, reached)
    row = unreached.loc[unreached["region_code"] == code].iloc[0]
    page = open_page(session, "/map?provinsi=Jawa%20Timur&data=demo&lang=en", "Map of reach")
    expect_markers(page, len(reached))
    expect(map_frame(page).locator("path.atlas-unreached-marker")).to_have_count(
        len(unreached), timeout=30_000
    )
    wait_idle(page)
    mark_marker_with_code(page, code, kind="unreached").click()
    selection = page.locator(".st-key-atlas_map_selection")
    expect(selection).to_contain_text(f"Selected region: {row['region_name']}", timeout=30_000)
    expect(selection).to_contain_text("not reached yet in this view")
    assert_no_exception(page)


def test_a_province_chosen_in_the_sidebar_refits_the_mounted_map(session, demo_jawa_timur):
    reached, unreached = demo_jawa_timur
    demo = dataset.load_demo(dataset.default_gazetteer())
    page = open_page(session, "/map?data=demo", "Peta jangkauan")
    expect_markers(page, len(metrics.aggregate_regions(demo.participants)))
    frame_handle = page.locator(MAP_IFRAME).element_handle().content_frame()
    frame_handle.evaluate("() => { window.__atlasSameMap = true; }")
    province = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has_text="Provinsi"
    )
    province.locator("input").fill("Jawa Timur")
    province.locator("input").press("Enter")
    wait_idle(page)
    expect_markers(page, len(reached))
    expect(map_frame(page).locator("path.atlas-unreached-marker")).to_have_count(
        len(unreached), timeout=30_000
    )
    # the same map document took the new layers (no new iframe) and fitted Jawa Timur
    same = page.locator(MAP_IFRAME).element_handle().content_frame()
    assert same.evaluate("() => window.__atlasSameMap === true")
    state = map_state(page)
    assert contains(state, JAWA_TIMUR_BOUNDS), state
    assert state["zoom"] >= 7, state
    assert_no_exception(page)
