"""Page-state helpers for the end-to-end tests: wait on what Streamlit shows, never on time."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import FrameLocator, Page, expect

APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
REGION_MARKER = "path.atlas-region-marker"
EXCEPTION = '[data-testid="stException"]'
GRID_CELL = '[data-testid="stDataFrame"] [role="gridcell"]'

# (url path, Indonesian heading, English heading)
PAGES = (
    ("/", "Ringkasan", "Overview"),
    ("/map", "Peta jangkauan", "Map of reach"),
    ("/sdg", "Cakupan SDG", "SDG coverage"),
    ("/data", "Data", "Data"),
)

# Non-local requests the app may attempt (all blocked in these tests; nothing depends on them):
# online map tiles (the default basemap when reachable; the offline outline stands in).
ALLOWED_REMOTE_PREFIXES = ("https://tile.openstreetmap.org/",)


def wait_idle(page: Page, timeout: float = 60_000) -> None:
    """Until the script run finished (Streamlit's own e2e tests wait on the same attribute)."""
    page.wait_for_selector(APP_IDLE, state="attached", timeout=timeout)


def open_page(session, path: str, heading: str | None = None) -> Page:
    session.goto(path)
    page = session.page
    wait_idle(page)
    if heading is not None:
        expect(page.locator("h1").first).to_have_text(heading, timeout=30_000)
        wait_idle(page)
    return page


def assert_no_exception(page: Page) -> None:
    expect(page.locator(EXCEPTION)).to_have_count(0)


def map_frame(page: Page) -> FrameLocator:
    return page.frame_locator(MAP_IFRAME)


def expect_markers(page: Page, count: int) -> None:
    """`count` region markers in the map iframe, and the map no longer zooming or panning."""
    expect(map_frame(page).locator(REGION_MARKER)).to_have_count(count, timeout=30_000)
    page.locator(MAP_IFRAME).element_handle().content_frame().wait_for_function(
        "() => window.map && window.map._loaded && !window.map._animatingZoom"
        " && !(window.map._panAnim && window.map._panAnim._inProgress)"
    )


def assert_no_script_ran(session) -> None:
    """No dialog opened, and the sentinel `window.__pwned` is unset in every frame; the init
    script's marker proves each frame was really inspected."""
    assert session.dialogs == [], session.dialogs
    inspected = 0
    for frame in session.page.frames:
        if frame.is_detached():
            continue
        state = frame.evaluate(
            "() => ({pwned: window.__pwned === undefined ? null : String(window.__pwned),"
            " marker: window.__atlasSentinel || null})"
        )
        assert state["pwned"] is None, f"script ran in {frame.url}: {state['pwned']}"
        if state["marker"] == "clean":
            inspected += 1
    assert inspected >= 1


def assert_only_allowed_remote_requests(session) -> None:
    unexpected = [
        url for url in session.blocked.urls if not url.startswith(ALLOWED_REMOTE_PREFIXES)
    ]
    assert unexpected == [], unexpected


def grid_texts(page: Page, *, wait: bool = True) -> list[str]:
    """Texts of the visible cells of every st.dataframe (the grid draws on a canvas and keeps
    an accessible DOM copy of its cells). `wait`: until at least one cell is there."""
    if wait:
        page.locator(GRID_CELL).first.wait_for(state="attached", timeout=30_000)
    return page.locator(GRID_CELL).all_inner_texts()


def open_expander(page: Page, summary: str) -> None:
    """Open the st.expander labelled `summary` and wait until it has settled. Streamlit animates
    the expander's height (and animates again when its content resizes, as a table does once
    drawn); a click on a button inside it during that animation can be lost."""
    expander = page.locator('[data-testid="stExpander"]').filter(has_text=summary)
    expander.get_by_text(summary).click()
    expect(expander.locator('[data-testid="stExpanderDetails"]')).not_to_have_attribute("inert", "")
    if expander.locator('[data-testid="stDataFrame"]').count():
        expander.locator(GRID_CELL).first.wait_for(state="attached", timeout=30_000)
    page.wait_for_function(
        """details => details.open && details.style.height === ''
            && details.getAnimations().length === 0""",
        arg=expander.locator("details").element_handle(),
        timeout=30_000,
    )


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def mark_marker_with_tooltip(page: Page, text: str):
    """The region marker whose name (shown in its tooltip) contains `text`, tagged through
    Leaflet's own layer list in the map iframe: tooltips exist in the DOM only while shown, and
    they are drawn from the marker's GeoJSON properties (HTML-escaped, decoded here)."""
    found = (
        page.locator(MAP_IFRAME)
        .element_handle()
        .content_frame()
        .evaluate(
            """(text) => {
                const decode = (html) => {
                    const area = document.createElement("textarea");
                    area.innerHTML = html;
                    return area.value;
                };
                const map = window.map;
                for (const id in map._layers) {
                    const layer = map._layers[id];
                    const props = layer.feature && layer.feature.properties;
                    if (layer.getElement && props && props.kind === "region"
                        && decode(props.name).includes(text)) {
                        layer.getElement().classList.add("e2e-target");
                        return true;
                    }
                }
                return false;
            }""",
            text,
        )
    )
    assert found, f"no region marker is named like {text!r}"
    return map_frame(page).locator(f"{REGION_MARKER}.e2e-target")


def mark_marker_with_code(page: Page, code: str, kind: str = "region"):
    """The marker of the feature with this `kind` and region `code` (its GeoJSON properties),
    tagged so a locator can click it."""
    found = (
        page.locator(MAP_IFRAME)
        .element_handle()
        .content_frame()
        .evaluate(
            """([code, kind]) => {
                for (const id in window.map._layers) {
                    const layer = window.map._layers[id];
                    const props = layer.feature && layer.feature.properties;
                    if (layer.getElement && props && props.kind === kind && props.code === code) {
                        layer.getElement().classList.add("e2e-target");
                        return true;
                    }
                }
                return false;
            }""",
            [code, kind],
        )
    )
    assert found, f"no {kind} marker has the code {code!r}"
    return map_frame(page).locator("path.e2e-target")


def _file_name(file) -> str:
    return file["name"] if isinstance(file, dict) else Path(file).name


def csv_file(name: str, text: str) -> dict:
    """A Playwright file payload: a CSV file `name` holding `text`."""
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}


def choose_files(page: Page, files, *, timeout: float | None = None) -> None:
    """Give the page's file uploaders, in order, these paths or Playwright file payloads
    (name, mimeType, buffer); waits until each lists its file and its upload has finished
    (`timeout` in ms for that, default: the conftest's) before the next."""
    uploaders = page.locator('[data-testid="stFileUploader"]')
    for index, file in enumerate(files):
        uploader = uploaders.nth(index)
        uploader.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(file)
        expect(uploader.locator('[data-testid="stFileChipName"]')).to_have_text(
            _file_name(file), timeout=timeout
        )
        expect(uploader.locator('[data-testid="stFileChipIconSpinner"]')).to_have_count(0)
        wait_idle(page)


def check_files_to_append(page: Page, files, *, timeout: float | None = None) -> None:
    """In *Manage data* (English UI): choose the files, then the mode "Add to the latest
    version" (after the files: a file chosen while the mode's rerun was still on its way was
    once lost on a busy machine, the uploader stayed empty), then "Check the files"."""
    choose_files(page, files, timeout=timeout)
    page.get_by_text("Add to the latest version").click()
    expect(page.get_by_role("radio", name="Add to the latest version")).to_be_checked()
    wait_idle(page)
    page.get_by_role("button", name="Check the files").click()
    wait_idle(page)


def upload_files(page: Page, trainings, participants, *, apply: bool = True) -> None:
    """On the Data page (English UI): choose the two files and press "Use these files".
    `trainings`/`participants` are paths or Playwright file payloads (name, mimeType, buffer).
    Waits until each uploader lists its file (upload finished) before going on."""
    open_tab(page, "Upload your files")
    choose_files(page, (trainings, participants), timeout=30_000)
    if apply:
        page.get_by_role("button", name="Use these files").click()
        wait_idle(page)


def expect_upload_message(page: Page, text: str) -> None:
    """The outcome of "Use these files" in the upload tab's alert. The same text also flashes in
    a toast, which disappears by itself, so it is asserted in AppTest, not here."""
    expect(page.locator('[data-testid="stAlert"]', has_text=text)).to_have_count(1)


def main_text(page: Page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def reset_map_view(page: Page) -> None:
    """Close any popup, untag the tagged marker and fit Indonesia again (in the map iframe)."""
    page.locator(MAP_IFRAME).element_handle().content_frame().evaluate(
        """() => {
            window.map.closePopup();
            for (const el of document.querySelectorAll(".e2e-target")) {
                el.classList.remove("e2e-target");
            }
            window.map.fitBounds([[-11.2, 94.8], [6.3, 141.2]], {animate: false});
        }"""
    )


def nav_to(page: Page, link: str, heading: str) -> Page:
    """Go to another page in the SAME session (sidebar link; a page.goto would open a new
    Streamlit session and lose this session's uploads and state)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=link).click()
    expect(page.locator("h1").first).to_have_text(heading, timeout=30_000)
    wait_idle(page)
    return page
