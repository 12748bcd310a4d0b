"""axe-core on every page in both languages (and inside the map iframe): no critical or serious
violation in the app's own content.

Violations that come from Streamlit's own chrome are excluded narrowly, by rule id AND a
selector fragment of the offending node, each with the reason; anything else fails.
"""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.helpers import MAP_IFRAME, PAGES, expect_markers, open_page, wait_idle

pytestmark = pytest.mark.e2e

BLOCKING_IMPACTS = {"critical", "serious"}

# (rule id, fragment of the node's CSS target) -> why it is Streamlit's, not ours
STREAMLIT_OWN: dict[tuple[str, str], str] = {}

AXE = Axe()


def blocking_violations(results: dict) -> tuple[list[dict], list[dict]]:
    """(app violations, excluded Streamlit violations), each node listed separately."""
    ours, theirs = [], []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        for node in violation["nodes"]:
            target = json.dumps(node["target"])
            entry = {
                "rule": violation["id"],
                "impact": violation["impact"],
                "target": target,
                "summary": node.get("failureSummary", "")[:300],
            }
            excluded = any(
                rule == violation["id"] and fragment in target for rule, fragment in STREAMLIT_OWN
            )
            (theirs if excluded else ours).append(entry)
    return ours, theirs


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("page_spec", PAGES, ids=[spec[0] for spec in PAGES])
def test_no_serious_accessibility_violation(session, page_spec, lang, record_property):
    heading = page_spec[1] if lang == "id" else page_spec[2]
    page = open_page(session, f"{page_spec[0]}?lang={lang}", heading)
    if page_spec[0] == "/map":
        expect_markers(page, 11)
    wait_idle(page)
    assert page.evaluate("document.documentElement.lang"), "the page declares no language"
    ours, theirs = blocking_violations(AXE.run(page).response)
    if page_spec[0] == "/map":
        frame = page.locator(MAP_IFRAME).element_handle().content_frame()
        map_ours, map_theirs = blocking_violations(AXE.run(frame).response)
        ours += map_ours
        theirs += map_theirs
    record_property("axe_streamlit_excluded", json.dumps(theirs))
    assert ours == [], json.dumps(ours, indent=1)
