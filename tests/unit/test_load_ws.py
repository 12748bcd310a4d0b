"""bench/load.py's websocket client against a real `streamlit run app.py` on the demo data, and
through nginx with the production config: what it received, not how fast."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from atlas import dataset, metrics
from bench.load import open_viewers, summary
from bench.server import REPO, StreamlitServer
from deploy.replicas import free_port, start_nginx, wait_healthy

DEMO = "data=demo&lang=en"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    store = tmp_path_factory.mktemp("load-ws") / "atlas.db"
    with StreamlitServer(REPO / "app.py", {"ATLAS_DATABASE_URL": f"sqlite:///{store}"}) as app:
        yield app


def demo_regions() -> int:
    demo = dataset.load_demo(dataset.default_gazetteer())
    return len(metrics.aggregate_regions(demo.participants))


def test_every_ws_viewer_receives_the_whole_map(server):
    results = open_viewers(server.url, 3, query=DEMO, timeout_s=240, client="ws")
    assert [r.error for r in results] == ["", "", ""]
    # each one got the map element with one marker per reached government of the demo
    assert [r.markers for r in results] == [demo_regions()] * 3
    for result in results:
        assert result.seconds is not None and result.finished_s is not None
        assert result.finished_s >= result.seconds
        # the map element alone is larger than 100 kB (192 features and their popups)
        assert result.websocket_bytes > 100_000
        assert result.replica == ""  # no nginx in front
    figures = summary(results)
    assert (figures["viewers"], figures["finished"], figures["spread"]) == (3, 3, {})


def test_a_page_without_a_map_is_that_viewers_failure(server):
    (result,) = open_viewers(server.url, 1, path="sdg", query=DEMO, timeout_s=240, client="ws")
    assert result.seconds is None and result.markers is None
    assert result.error == "ConnectionError: the run finished without a map element"
    assert summary([result])["finished"] == 0


def test_ws_viewers_through_nginx_keep_its_routing_cookie(server, tmp_path):
    port = free_port()
    nginx = start_nginx(tmp_path / "nginx", [f"127.0.0.1:{server.port}"], port)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, nginx, "nginx", tmp_path / "nginx" / "error.log")
        results = open_viewers(url, 2, query=DEMO, timeout_s=240, client="ws")
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
    assert [r.error for r in results] == ["", ""]
    assert [r.markers for r in results] == [demo_regions()] * 2
    # the page and its websocket were both answered by the one replica, named by nginx
    assert [r.replica for r in results] == ["r1", "r1"]
    assert summary(results)["spread"] == {"r1": 2}


def test_the_ws_client_refuses_https_and_unknown_clients():
    with pytest.raises(ValueError, match="plain http"):
        open_viewers("https://127.0.0.1:1", 1, client="ws")
    with pytest.raises(ValueError, match="unknown client"):
        open_viewers("http://127.0.0.1:1", 1, client="firefox")
