"""The vendored browser libraries are served by the app itself with the right types."""

from __future__ import annotations

import urllib.request

import pytest

from atlas import maplayers

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("name", "url"), maplayers.LOCAL_JS + maplayers.LOCAL_CSS)
def test_vendored_asset_is_served(app_server, name, url):
    with urllib.request.urlopen(app_server.url + url, timeout=10) as response:
        assert response.status == 200
        content_type = response.headers["Content-Type"]
        body = response.read()
    expected = "text/css" if url.endswith(".css") else "javascript"
    assert expected in content_type, (name, content_type)
    assert len(body) > 1000


def test_leaflet_images_referenced_by_its_css_are_served(app_server):
    with urllib.request.urlopen(
        app_server.url + "/app/static/vendor/leaflet/images/layers.png", timeout=10
    ) as response:
        assert response.headers["Content-Type"] == "image/png"
