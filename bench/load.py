"""Open one page of a running dashboard as N viewers at once; time each viewer from navigation
until the map has arrived.

    python -m bench.load --base-url http://127.0.0.1:8501 --viewers 10 [--client browser|ws]
                         [--path map] [--query K=V] [--marker path.atlas-region-marker]
                         [--timeout 240] [--json]

Two clients:
- `browser` (default): N Chromium contexts (Playwright), each timed until the first `--marker`
  inside the map iframe is visible: what a person waits for, but 50 Chromiums need more CPU
  than the server they measure.
- `ws`: N bare Streamlit clients in this one Python process, each doing what the browser does
  on the wire and nothing else: a GET of the page (its cookies, e.g. nginx's `atlas_replica`
  routing key, go on the websocket, so nginx keeps the viewer on one replica), then Streamlit's
  websocket `/_stcore/stream` with a `rerun_script` BackMsg carrying the page name and query
  string, then ForwardMsgs until the map element (the st_folium component) and the run's
  successful `script_finished` have arrived. Timed until the map element arrived: the server's
  whole share of the wait, without the drawing in the browser (a few hundred ms on a free
  core). Only the Map page (or any page with one st_folium map); http only.

Any server works: one `streamlit run app.py`, or nginx in front of several replicas (the
X-Atlas-Upstream header it sets is kept per viewer). Bounded: one visit per viewer, each viewer
gives up after --timeout seconds, and the script stops by itself. Loopback only: a base URL on
another host is refused, and every request a page makes to another origin (online map tiles)
is blocked, so the figures do not depend on the network.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
VIEWPORT = {"width": 1400, "height": 1000}
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
ATLAS_MARKER = "path.atlas-region-marker"
ANY_MARKER = "path.leaflet-interactive"
CLIENTS = ("browser", "ws")
MAP_COMPONENT = "streamlit_folium.st_folium"
STREAM_PATH = "/_stcore/stream"
UPSTREAM_HEADER = "x-atlas-upstream"
# One reached government on the map: a GeoJSON feature of the region layer (atlas.mapview) in
# the map element's JavaScript.
REGION_FEATURE = "kind:'region'"


@dataclass
class Viewer:
    """One viewer's visit: seconds until the map was there (browser: a marker visible; ws: the
    map element received; None: not within the timeout), and the websocket bytes the server
    sent until then. `replica`: nginx's name for the replica that served the page (empty without
    nginx). ws only: the region markers in the map element, and seconds until the run finished."""

    seconds: float | None
    websocket_bytes: int
    error: str = ""
    replica: str = ""
    markers: int | None = None
    finished_s: float | None = None


def require_loopback(base_url: str) -> str:
    """The base URL without a trailing slash; ValueError unless its host is on this machine."""
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        raise ValueError(f"not an http(s) URL: {base_url}")
    loopback = host == "localhost"
    if not loopback:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
    if not loopback:
        raise ValueError(
            f"{host} is not a loopback address; this load script targets only this machine"
        )
    return base_url.rstrip("/")


async def _visit(browser, url: str, origin: str, marker: str, timeout_s: float) -> Viewer:
    context = await browser.new_context(viewport=VIEWPORT)
    received = 0

    def count_frame(payload: str | bytes) -> None:
        nonlocal received
        received += len(payload.encode() if isinstance(payload, str) else payload)

    async def same_origin_only(route) -> None:
        if route.request.url.startswith(origin):
            await route.continue_()
        else:
            await route.abort()

    await context.route("**/*", same_origin_only)
    page = await context.new_page()
    page.on("websocket", lambda ws: ws.on("framereceived", count_frame))
    started = time.perf_counter()
    replica = ""
    try:
        response = await page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        replica = (response.headers.get(UPSTREAM_HEADER) or "") if response else ""
        remaining = max(1.0, timeout_s - (time.perf_counter() - started))
        locator = page.frame_locator(MAP_IFRAME).locator(marker).first
        await locator.wait_for(state="visible", timeout=remaining * 1000)
        return Viewer(time.perf_counter() - started, received, replica=replica)
    except Exception as error:  # a timeout or a crashed page is that viewer's result
        return Viewer(None, received, _describe(error), replica=replica)
    finally:
        await context.close()


def _describe(error: BaseException) -> str:
    lines = str(error).splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}"


# --- the websocket client -----------------------------------------------------------------


async def _http_get(url: str) -> tuple[int, list[tuple[str, str]]]:
    """(status, headers) of a plain HTTP/1.1 GET of `url` (the body is read and dropped)."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        writer.write(
            f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: text/html\r\n"
            "Connection: close\r\n\r\n".encode("ascii")
        )
        await writer.drain()
        raw = await reader.read()  # until the server closes (Connection: close)
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    head = raw.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    fields = head[0].split()
    if len(fields) < 2 or not fields[1].isdigit():
        raise ConnectionError(f"not an HTTP response: {head[0][:80]!r}")
    headers = [
        (name.strip().lower(), value.strip())
        for name, _, value in (line.partition(":") for line in head[1:] if ":" in line)
    ]
    return int(fields[1]), headers


def _cookie_header(headers: list[tuple[str, str]]) -> str:
    """The Cookie header a browser would send back for these Set-Cookie headers."""
    pairs = [value.split(";", 1)[0].strip() for name, value in headers if name == "set-cookie"]
    return "; ".join(pair for pair in pairs if "=" in pair)


def _rerun_script(page_name: str, query: str) -> bytes:
    """The BackMsg a browser sends when it opens the page: run the script of `page_name`
    (the URL's path, "" for the main page) with the URL's query string."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    message = BackMsg()
    message.rerun_script.query_string = query
    message.rerun_script.page_name = page_name
    message.rerun_script.page_script_hash = ""
    return message.SerializeToString()


@dataclass
class _Stream:
    """What a ws viewer has read so far."""

    received: int = 0
    map_s: float | None = None
    markers: int | None = None
    finished_s: float | None = None


async def _read_until_map(ws, stream: _Stream, started: float) -> None:
    """ForwardMsgs until the map element and then a successful script_finished have arrived;
    ConnectionError for an exception element, a missing page or a run that ended without it."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    while True:
        payload = await ws.recv()
        stream.received += len(payload)
        message = ForwardMsg()
        message.ParseFromString(payload)
        kind = message.WhichOneof("type")
        if kind == "page_not_found":
            raise ConnectionError("the server has no such page")
        if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            which = element.WhichOneof("type")
            if which == "exception":
                raise ConnectionError(f"the page raised {element.exception.type}")
            if (
                which == "component_instance"
                and element.component_instance.component_name == MAP_COMPONENT
                and stream.map_s is None
            ):
                stream.map_s = time.perf_counter() - started
                stream.markers = element.component_instance.json_args.count(REGION_FEATURE)
        elif kind == "script_finished":
            status = message.script_finished
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue  # the app asked for a rerun; the next run follows on this socket
            if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                raise ConnectionError(f"the run finished with status {status}")
            if stream.map_s is None:
                raise ConnectionError("the run finished without a map element")
            stream.finished_s = time.perf_counter() - started
            return


async def _ws_visit(url: str, timeout_s: float) -> Viewer:
    """One bare Streamlit client: GET the page, then its websocket, until the map arrived."""
    from websockets.asyncio.client import connect

    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    stream = _Stream()
    replica = ""
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout_s):
            status, headers = await _http_get(url)
            if status != 200:
                raise ConnectionError(f"GET answered {status}")
            replica = dict(headers).get(UPSTREAM_HEADER, "")
            cookies = _cookie_header(headers)
            async with connect(
                f"ws://{parts.netloc}{STREAM_PATH}",
                subprotocols=["streamlit"],
                origin=origin,
                additional_headers={"Cookie": cookies} if cookies else None,
                max_size=None,
                ping_interval=None,
            ) as ws:
                upgraded_on = ws.response.headers.get(UPSTREAM_HEADER, "")
                if upgraded_on != replica:
                    raise ConnectionError(
                        f"the websocket reached replica {upgraded_on!r}, the page {replica!r}"
                    )
                await ws.send(_rerun_script(parts.path.strip("/"), parts.query))
                await _read_until_map(ws, stream, started)
        return Viewer(
            stream.map_s,
            stream.received,
            replica=replica,
            markers=stream.markers,
            finished_s=stream.finished_s,
        )
    except Exception as error:  # a timeout, a refused connection: that viewer's result
        return Viewer(None, stream.received, _describe(error), replica, stream.markers)


async def _open_ws_viewers(url: str, viewers: int, timeout_s: float) -> list[Viewer]:
    return list(await asyncio.gather(*(_ws_visit(url, timeout_s) for _ in range(viewers))))


async def _open_viewers(
    url: str, origin: str, viewers: int, marker: str, timeout_s: float
) -> list[Viewer]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            return list(
                await asyncio.gather(
                    *(_visit(browser, url, origin, marker, timeout_s) for _ in range(viewers))
                )
            )
        finally:
            await browser.close()


def open_viewers(
    base_url: str,
    viewers: int,
    *,
    path: str = "map",
    query: str = "",
    marker: str = ATLAS_MARKER,
    timeout_s: float = 240.0,
    client: str = "browser",
) -> list[Viewer]:
    """`viewers` clients open base_url/path?query at the same moment. `browser`: Chromium
    contexts, each timed until the first `marker` inside the map iframe is visible; `ws`: bare
    websocket clients, each timed until the map element arrived."""
    if client not in CLIENTS:
        raise ValueError(f"unknown client {client!r} (one of {', '.join(CLIENTS)})")
    base = require_loopback(base_url)
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}"
    url = f"{base}/{path.lstrip('/')}" + (f"?{query}" if query else "")
    if client == "ws":
        if parts.scheme != "http":
            raise ValueError("the ws client speaks plain http (loopback) only")
        return _run_to_end(lambda: _open_ws_viewers(url, viewers, timeout_s))
    return _run_to_end(lambda: _open_viewers(url, origin, viewers, marker, timeout_s))


def _run_to_end(make_coroutine: Callable[[], Coroutine[Any, Any, list[Viewer]]]) -> list[Viewer]:
    """asyncio.run of the coroutine; in a thread of its own when this thread already runs an
    event loop (e.g. Playwright's sync API in the same process), where asyncio.run refuses."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make_coroutine())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 10 values is the 10th)."""
    ordered = sorted(values)
    rank = max(1, int(-(-fraction * len(ordered) // 1)))
    return ordered[min(rank, len(ordered)) - 1]


def summary(results: list[Viewer]) -> dict[str, float | int | None]:
    times = [r.seconds for r in results if r.seconds is not None]
    return {
        "viewers": len(results),
        "finished": len(times),
        "p50_s": statistics.median(times) if times else None,
        "p95_s": percentile(times, 0.95) if times else None,
        "max_s": max(times) if times else None,
        "websocket_bytes_median": int(statistics.median(r.websocket_bytes for r in results))
        if results
        else 0,
        # how nginx spread the viewers (empty without nginx)
        "spread": dict(sorted(Counter(r.replica for r in results if r.replica).items())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8501")
    parser.add_argument("--viewers", type=int, default=10)
    parser.add_argument("--client", choices=CLIENTS, default="browser")
    parser.add_argument("--path", default="map")
    parser.add_argument("--query", default="", help="query string without '?', e.g. lang=en")
    parser.add_argument("--marker", default=ATLAS_MARKER, help="CSS selector of one marker")
    parser.add_argument("--timeout", type=float, default=240.0, help="seconds per viewer")
    parser.add_argument("--json", action="store_true", help="print every viewer as JSON")
    args = parser.parse_args(argv)
    if not 1 <= args.viewers <= 200:
        parser.error("--viewers must be between 1 and 200")
    try:
        results = open_viewers(
            args.base_url,
            args.viewers,
            path=args.path,
            query=args.query,
            marker=args.marker,
            timeout_s=args.timeout,
            client=args.client,
        )
    except ValueError as error:
        parser.error(str(error))
    if args.json:
        print(json.dumps({"summary": summary(results), "viewers": [asdict(r) for r in results]}))
    else:
        print(json.dumps(summary(results)))
        for result in results:
            if result.error:
                print(f"viewer failed: {result.error}", file=sys.stderr)
    return 0 if all(r.seconds is not None for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
