"""Open one page of a running dashboard in N browser contexts at once; time each viewer from
navigation until the map's markers are visible.

    python -m bench.load --base-url http://127.0.0.1:8501 --viewers 10 [--path map] [--query K=V]
                         [--marker path.atlas-region-marker] [--timeout 240] [--json]

Any server works: one `streamlit run app.py`, or nginx in front of several replicas. Bounded: one
visit per viewer, each viewer gives up after --timeout seconds, and the script stops by itself.
Loopback only: a base URL on another host is refused, and every request a page makes to another
origin (online map tiles) is blocked, so the figures do not depend on the network.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
VIEWPORT = {"width": 1400, "height": 1000}
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
ATLAS_MARKER = "path.atlas-region-marker"
ANY_MARKER = "path.leaflet-interactive"


@dataclass
class Viewer:
    """One viewer's visit: seconds until a marker was visible (None: not within the timeout),
    and the websocket bytes the server sent until then."""

    seconds: float | None
    websocket_bytes: int
    error: str = ""


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
    try:
        await page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        remaining = max(1.0, timeout_s - (time.perf_counter() - started))
        locator = page.frame_locator(MAP_IFRAME).locator(marker).first
        await locator.wait_for(state="visible", timeout=remaining * 1000)
        return Viewer(time.perf_counter() - started, received)
    except Exception as error:  # a timeout or a crashed page is that viewer's result
        return Viewer(None, received, f"{type(error).__name__}: {str(error).splitlines()[0]}")
    finally:
        await context.close()


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
) -> list[Viewer]:
    """`viewers` browser contexts open base_url/path?query at the same moment, each timed until
    the first `marker` inside the map iframe is visible."""
    base = require_loopback(base_url)
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}"
    url = f"{base}/{path.lstrip('/')}" + (f"?{query}" if query else "")
    return asyncio.run(_open_viewers(url, origin, viewers, marker, timeout_s))


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
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8501")
    parser.add_argument("--viewers", type=int, default=10)
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
