"""Memory of the dashboard server before, during and after N browser sessions that each upload a
large participants file, as the OS sees it (VmRSS of the `streamlit run` process).

    python -m bench.bench_upload_memory [--sessions 10] [--rows 80000] [--ttl 15] [--json]
        [--env MALLOC_ARENA_MAX=2 --env PYTHONMALLOC=malloc]

Bounded and local: it starts its own server on a free loopback port, drives Debian's Chromium
(Playwright) against it only, uploads through the Data page as a user does, closes every
session, and stops the server. Every step has a timeout; nothing else is contacted.

Streamlit keeps a closed tab's session for `server.disconnectedSessionTTL` seconds (120 by
default) so a dropped connection can resume; the script runs the server with `--ttl` (15 s by
default) to keep the run short, waits past it, and opens one short probe session (Streamlit
drops expired sessions when its session storage is next used), and measures again 20 s later
(the app looks at its sessions every 15 s, atlas.ui.memory). `--env NAME=VALUE` sets a
variable for the server process only (the allocator settings of the README's deployment notes).
Figures go to stdout and bench/RESULTS.md, not a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import generate
from bench.server import REPO, PeakRss, StreamlitServer, rss_bytes

CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
STEP_TIMEOUT_MS = 300_000


def _mb(value: int) -> float:
    return round(value / 1_048_576, 1)


def _block_other_origins(context, base_url: str) -> None:
    def handle(route) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", handle)


def _upload(page, base_url: str, trainings: Path, participants: Path) -> float:
    """Open the Data page, upload both files, press "Use these files"; seconds until the
    outcome message is shown."""
    page.goto(f"{base_url}/data?lang=en", timeout=STEP_TIMEOUT_MS)
    page.get_by_role("tab", name="Upload your files").click(timeout=STEP_TIMEOUT_MS)
    uploaders = page.locator('[data-testid="stFileUploader"]')
    for index, file in enumerate((trainings, participants)):
        uploader = uploaders.nth(index)
        uploader.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(file)
        uploader.locator('[data-testid="stFileChipName"]').wait_for(timeout=STEP_TIMEOUT_MS)
        # the chip shows while the upload is still sending: wait until its spinner is gone
        uploader.locator('[data-testid="stFileChipIconSpinner"]').wait_for(
            state="detached", timeout=STEP_TIMEOUT_MS
        )
    started = time.monotonic()
    page.get_by_role("button", name="Use these files").click(timeout=STEP_TIMEOUT_MS)
    page.locator('[data-testid="stAlert"]', has_text="Using the uploaded files").first.wait_for(
        timeout=STEP_TIMEOUT_MS
    )
    return time.monotonic() - started


def run(
    sessions: int, rows: int, ttl: int, server_env: dict[str, str] | None = None
) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="atlas-upload-mem-") as folder:
        root = Path(folder)
        trainings_bytes, participants_bytes = generate(rows, trainings=40)
        trainings = root / "trainings.csv"
        participants = root / "participants.csv"
        trainings.write_bytes(trainings_bytes)
        participants.write_bytes(participants_bytes)
        env = {
            "ATLAS_DATA_DIR": str(REPO / "data"),
            "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(ttl),
            **(server_env or {}),
        }
        figures: dict[str, object] = {
            "server_env": " ".join(f"{k}={v}" for k, v in (server_env or {}).items()) or "-",
            "sessions": sessions,
            "rows": rows,
            "participants_file_mb": _mb(len(participants_bytes)),
            "disconnected_session_ttl_s": ttl,
        }
        with StreamlitServer(REPO / "app.py", env) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                # warm-up: one visit, so "before" includes the gazetteer and bundled data
                warm = browser.new_context()
                _block_other_origins(warm, server.url)
                warm.new_page().goto(f"{server.url}/?lang=en", timeout=STEP_TIMEOUT_MS)
                warm.pages[0].locator('[data-testid="stMetric"]').first.wait_for(
                    timeout=STEP_TIMEOUT_MS
                )
                warm.close()
                figures["before_mb"] = _mb(rss_bytes(server.pid))
                contexts = []
                seconds = []
                with PeakRss(server.pid) as peak:
                    for _ in range(sessions):
                        context = browser.new_context(viewport={"width": 1400, "height": 1000})
                        _block_other_origins(context, server.url)
                        contexts.append(context)
                        seconds.append(
                            _upload(context.new_page(), server.url, trainings, participants)
                        )
                    figures["all_open_mb"] = _mb(rss_bytes(server.pid))
                    for context in contexts:
                        context.close()
                figures["peak_mb"] = _mb(peak.peak)
                figures["upload_seconds_max"] = round(max(seconds), 1)
                time.sleep(5)  # a fixed point of measurement, not a synchronisation
                figures["closed_5s_mb"] = _mb(rss_bytes(server.pid))
                time.sleep(ttl + 5)
                probe = browser.new_context()
                _block_other_origins(probe, server.url)
                probe.new_page().goto(f"{server.url}/?lang=en", timeout=STEP_TIMEOUT_MS)
                probe.pages[0].locator('[data-testid="stMetric"]').first.wait_for(
                    timeout=STEP_TIMEOUT_MS
                )
                probe.close()
                time.sleep(5)
                figures[f"closed_{ttl + 10}s_after_probe_mb"] = _mb(rss_bytes(server.pid))
                # atlas.ui.memory looks at the sessions every REAP_INTERVAL_S (15 s)
                time.sleep(20)
                figures[f"closed_{ttl + 30}s_mb"] = _mb(rss_bytes(server.pid))
            finally:
                browser.close()
        return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--rows", type=int, default=80_000)
    parser.add_argument("--ttl", type=int, default=15, help="server.disconnectedSessionTTL (s)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="for the server only"
    )
    args = parser.parse_args(argv)
    server_env = dict(item.split("=", 1) for item in args.env)
    figures = run(args.sessions, args.rows, args.ttl, server_env)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:36} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
