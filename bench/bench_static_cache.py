"""Replica CPU per new browser viewer of the Map page, with and without nginx's cache of the
frontend's files (deploy/nginx/atlas.conf, `proxy_cache atlas_static`), side by side.

    python -m bench.bench_static_cache [--rows 10000] [--visits 5]

For each setting: deploy/replicas.py's Stack with one replica (a throwaway PostgreSQL seeded with
`--rows` generated participants, nginx with the production config; "without" is the same config
with its `proxy_cache` line removed), two warm-up visits, then `--visits` visits, each in a fresh
Chromium context (an empty browser cache: a new viewer), timed until the first region marker is
visible, and the replica's CPU seconds from navigation until 1.5 s after that (the page's own
follow-up requests). Loopback only; requests to other hosts are refused by the browser's resolver;
everything it started is stopped. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import deploy.replicas as replicas
from bench.generate import generate
from bench.load import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME, VIEWPORT
from bench.server import cpu_seconds

RESOLVER_RULES = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
SETTLE_MS = 1500


def visits(data_dir: Path, count: int, cached: bool) -> list[tuple[float, float]]:
    """(replica CPU seconds, seconds to the first marker) of `count` cold visits."""
    from playwright.sync_api import sync_playwright

    render = replicas.render_nginx_conf
    if not cached:
        replicas.render_nginx_conf = lambda *a, **k: render(*a, **k).replace(  # type: ignore
            "proxy_cache atlas_static;", ""
        )
    try:
        with replicas.Stack(replicas=1, data_dir=data_dir) as stack, sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, RESOLVER_RULES]
            )
            pid = stack.members[0].pid

            def visit() -> tuple[float, float]:
                context = browser.new_context(viewport=VIEWPORT)
                page = context.new_page()
                cpu_start, started = cpu_seconds(pid), time.perf_counter()
                page.goto(stack.url + "/map")
                marker = page.frame_locator(MAP_IFRAME).locator("path.atlas-region-marker")
                marker.first.wait_for(state="visible", timeout=120_000)
                seconds = time.perf_counter() - started
                page.wait_for_timeout(SETTLE_MS)  # the page's follow-up requests and rerun
                cpu = cpu_seconds(pid) - cpu_start
                context.close()
                return cpu, seconds

            visit(), visit()
            return [visit() for _ in range(count)]
    finally:
        replicas.render_nginx_conf = render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--visits", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="atlas-static-") as folder:
        data = Path(folder)
        trainings, participants = generate(args.rows, max(20, args.rows // 500))
        (data / "trainings.csv").write_bytes(trainings)
        (data / "participants.csv").write_bytes(participants)
        print("| nginx cache of the frontend's files | replica CPU per new viewer | to markers |")
        print("|---|---|---|")
        for cached in (False, True):
            measured = visits(data, args.visits, cached)
            cpu = [c for c, _ in measured]
            seconds = [s for _, s in measured]
            print(
                f"| {'with' if cached else 'without'} | {statistics.median(cpu):.2f} s "
                f"({min(cpu):.2f}–{max(cpu):.2f}) | {statistics.median(seconds):.2f} s "
                f"({min(seconds):.2f}–{max(seconds):.2f}) |",
                flush=True,
            )


if __name__ == "__main__":
    main()
