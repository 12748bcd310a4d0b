"""The Share dialog in AppTest: its link carries every query parameter, `versi` included."""

from __future__ import annotations

import pytest

from tests.app.conftest import assert_clean

SHARE = "atlas_share_open"


def shared_link(at) -> str:
    at.button(key=SHARE).click().run()
    assert_clean(at)
    return at.get_by_key("atlas_share_link").code[0].value


@pytest.mark.parametrize("page", ["overview", "map", "sdg", "data"])
def test_every_page_has_a_share_button(tiny_data, open_page, page):
    at = open_page(page, lang="en")
    assert at.button(key=SHARE).label == "Share"


def test_link_keeps_page_filters_language_and_version(tiny_data, open_page):
    at = open_page("map", provinsi="Jawa Barat", lang="en", versi="1")
    link = shared_link(at)
    # AppTest has no browser URL: the link is relative, in the order of the URL
    assert link == "/map?provinsi=Jawa+Barat&lang=en&versi=1"
    assert "Data version: 1" in [caption.value for caption in at.caption]


def test_link_repeats_keys_of_multiple_values(tiny_data, open_page):
    at = open_page("sdg", sdg=["SDG 11", "SDG 13"])
    assert shared_link(at) == "/sdg?sdg=SDG+11&sdg=SDG+13"


def test_default_page_link_and_the_published_version(tiny_data, open_page):
    at = open_page("overview")
    assert shared_link(at) == "/"
    # the store was seeded with the data folder as version 1, which the link does not pin
    assert "Versi data: 1" in [caption.value for caption in at.caption]
