"""atlas.links: the link of a view and its locally generated QR code."""

from __future__ import annotations

import io

import segno
from PIL import Image

from atlas.links import qr_png, qr_svg, view_link


def test_link_replaces_the_page_path_and_keeps_every_parameter():
    link = view_link(
        "https://atlas.example.org/sdg",  # st.context.url ends in the current page
        "sdg",
        {"provinsi": ["Jawa Timur", "Bali"], "lang": ["en"], "versi": "4"},
    )
    assert link == "https://atlas.example.org/sdg?provinsi=Jawa+Timur&provinsi=Bali&lang=en&versi=4"


def test_link_keeps_a_path_prefix_and_the_default_page():
    assert view_link("https://host/atlas/", "", {}) == "https://host/atlas/"
    assert (
        view_link("https://host/atlas/", "data", {"lang": "id"})
        == "https://host/atlas/data?lang=id"
    )


def test_link_quotes_hostile_values():
    link = view_link("http://h/", "", {"provinsi": ['"><script>&x=1']})
    assert link == "http://h/?provinsi=%22%3E%3Cscript%3E%26x%3D1"


def test_relative_link_without_browser_url():
    assert view_link(None, "map", {"lang": "en"}) == "/map?lang=en"


def test_qr_png_encodes_the_link():
    link = "https://atlas.example.org/map?provinsi=Jawa+Timur"
    image = Image.open(io.BytesIO(qr_png(link, scale=1))).convert("L")
    matrix = segno.make(link, error="m").matrix
    size = len(matrix)
    assert image.size == (size + 8, size + 8)  # quiet zone of 4 modules on each side
    dark = [[image.getpixel((x + 4, y + 4)) < 128 for x in range(size)] for y in range(size)]
    assert dark == [[bool(module) for module in row] for row in matrix]


def test_qr_svg_is_inline_svg():
    svg = qr_svg("https://atlas.example.org/")
    assert svg.startswith("<svg") and "<?xml" not in svg and "atlas-qr" in svg
