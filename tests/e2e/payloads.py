"""Script payloads carried by every text field of the hostile fixtures (tests/e2e/data/hostile).

Each payload, if it ever ran, would set `window.__pwned` or open a dialog; the tests check
neither happens on any page (in every frame), and that the text shows up literally.
"""

from __future__ import annotations

SCRIPT_TAG = "<script>window.__pwned='script'</script>"
IMG_ONERROR = "<img src=x onerror=\"window.__pwned='img';alert('img')\">"
TEMPLATE = "${window.__pwned='tpl'}${alert('tpl')}"
BACKTICK = "`);window.__pwned='backtick';alert('bt');(`"
SVG_ONLOAD = "</div><svg onload=\"window.__pwned='svg';alert('svg')\">"
JS_URL = "javascript:window.__pwned='js';alert('js')"
MARKDOWN_LINK = "[klik](javascript:alert('md'))"
BACKSLASH = "\\`;alert('bs');//"
# Jinja, which branca compiled when it built the map (atlas.map_escaping): a tag that does not
# parse made the Map page an exception for everyone.
JINJA = "{{ 7*7 }} {% endif %}"

SCRIPT_PAYLOADS = (
    SCRIPT_TAG,
    IMG_ONERROR,
    TEMPLATE,
    BACKTICK,
    SVG_ONLOAD,
    JS_URL,
    MARKDOWN_LINK,
    BACKSLASH,
    JINJA,
)

# Formula payloads for the export checks (OWASP CSV injection)
FORMULA_PAYLOADS = ('=HYPERLINK("http://example.invalid","klik")', "+1+1", "-2+3", "@SUM(1)")

# Kota whose rows carry the hostile titles, so each title sits in a map popup.
HOSTILE_TITLE_REGIONS = (
    "Kota Surabaya",
    "Kota Batam",
    "Kota Jambi",
    "Kota Surakarta",
    "Kota Banda Aceh",
    "Kota Bau-Bau",
    "Kota Pangkal Pinang",
    "Kota Bandar Lampung",
    "Kota Kupang",
)
