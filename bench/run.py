"""The speed table of issue 12 in one command, every figure measured in this run.

    python -m bench.run [--quick] [--runs 5] [--sizes 1000 10000 100000 1000000]
                        [--viewers 10 50] [--write bench/RESULTS.md]

Rows (medians of --runs runs, with min-max):
- load: build_dataset (read, validate, resolve, join) against plain pandas.read_csv of the same
  two files, timed alternately in one loop; the ratio is of the medians. Peak RSS of a process
  that only builds the dataset.
- warm rerun after a filter change, per page (Streamlit AppTest, one session, the province
  filter switched between Jawa Timur and Jawa Barat on every run).
- Map page in Chromium: navigation until the first region marker is visible, one viewer at a
  time on a warm `streamlit run app.py`, against bench/naive_map.py (one CircleMarker per row)
  served the same way in the same run; websocket bytes the Map page received.
- concurrent viewers: N browser contexts open the Map page at once (bench.load) on the largest
  browser size; p50/p95 and the server's peak RSS, and its RSS 5 s and 30 s after they closed;
  the server's CPU seconds per viewer, alone and in the crowd (/proc/PID/stat).

Generated data (bench.generate) goes to a temporary folder. Everything is on loopback and
bounded: every viewer has a timeout, the naive app runs only up to --naive-max rows.
--quick: 1k and 10k rows, 3 runs, 5 concurrent viewers — a smoke run of the whole table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bench import load
from bench.generate import generate
from bench.payload import page_payload
from bench.server import (
    PeakRss,
    atlas_server,
    cpu_seconds,
    machine_busy_seconds,
    naive_server,
    rss_bytes,
)

REPO = Path(__file__).resolve().parent.parent
PAGES = ("overview", "map", "sdg")
PARTS = ("load", "reruns", "payload", "browser", "crowd")
FILTER_PROVINCES = (("35", "Jawa Timur"), ("32", "Jawa Barat"))
# Provinces switched to once each (a view nobody looked at yet): popped from the end.
NEW_VIEW_PROVINCES = (
    ("11", "Aceh"), ("12", "Sumatera Utara"), ("13", "Sumatera Barat"), ("14", "Riau"),
    ("15", "Jambi"), ("16", "Sumatera Selatan"), ("17", "Bengkulu"), ("18", "Lampung"),
    ("31", "DKI Jakarta"), ("33", "Jawa Tengah"), ("34", "DI Yogyakarta"), ("36", "Banten"),
    ("51", "Bali"), ("52", "Nusa Tenggara Barat"), ("53", "Nusa Tenggara Timur"),
    ("61", "Kalimantan Barat"), ("62", "Kalimantan Tengah"), ("63", "Kalimantan Selatan"),
    ("64", "Kalimantan Timur"), ("71", "Sulawesi Utara"), ("72", "Sulawesi Tengah"),
    ("73", "Sulawesi Selatan"), ("74", "Sulawesi Tenggara"), ("81", "Maluku"),
)  # fmt: skip
# The default loading limits (25 MB, 500,000 rows per file) stop a 1M-row file; the benchmark
# raises them as a deployment with that much data does (README "Limits"), for this process, its
# AppTest sessions and the servers it starts.
LIFTED_LIMITS = {"ATLAS_MAX_FILE_MB": "2048", "ATLAS_MAX_ROWS": "5000000"}


@dataclass
class Timing:
    values: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def cell(self, unit: str = "s") -> str:
        scale = 1000 if unit == "ms" else 1
        low, high = min(self.values) * scale, max(self.values) * scale
        digits = 0 if unit == "ms" else 2
        return f"{self.median * scale:.{digits}f} {unit} ({low:.{digits}f}–{high:.{digits}f})"


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def label(rows: int) -> str:
    return f"{rows // 1_000_000}M" if rows >= 1_000_000 else f"{rows // 1000}k"


def megabytes(size: int) -> str:
    return f"{size / 1_048_576:.0f} MB"


def kilobytes(size: float) -> str:
    return f"{size / 1024:.0f} KB"


def write_data(root: Path, rows: int) -> Path:
    folder = root / label(rows)
    folder.mkdir(parents=True, exist_ok=True)
    trainings, participants = generate(rows, max(20, rows // 500))
    (folder / "trainings.csv").write_bytes(trainings)
    (folder / "participants.csv").write_bytes(participants)
    return folder


def lift_loading_limits() -> None:
    os.environ.update(LIFTED_LIMITS)


# --- load ----------------------------------------------------------------------------------


def bench_load(folder: Path, runs: int) -> tuple[Timing, Timing, Timing]:
    """(build_dataset, pandas.read_csv of both files, CPU seconds of build_dataset), timed
    alternately run by run. The CPU time shows how much of the wall time was other work on a
    busy machine."""
    from atlas import dataset
    from atlas.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    trainings = (folder / "trainings.csv").read_bytes()
    participants = (folder / "participants.csv").read_bytes()

    def build() -> None:
        dataset.build_dataset(
            trainings, "trainings.csv", participants, "participants.csv", gazetteer
        )

    def read_csv() -> None:
        pd.read_csv(io.BytesIO(trainings))
        pd.read_csv(io.BytesIO(participants))

    built, plain, cpu = [], [], []
    for _ in range(runs):
        plain.append(timed(read_csv))
        cpu_start = time.process_time()
        built.append(timed(build))
        cpu.append(time.process_time() - cpu_start)
    return Timing(built), Timing(plain), Timing(cpu)


def load_peak_rss(folder: Path) -> int:
    """Peak RSS of a fresh process that builds this folder's dataset once (VmHWM: getrusage
    would report this benchmark's own peak, which a child inherits across fork and exec)."""
    code = (
        "from pathlib import Path\n"
        "from bench.run import lift_loading_limits\n"
        "lift_loading_limits()\n"
        "from atlas import dataset\n"
        f"folder = Path({str(folder)!r})\n"
        "dataset.build_dataset((folder / 'trainings.csv').read_bytes(), 'trainings.csv',\n"
        "    (folder / 'participants.csv').read_bytes(), 'participants.csv')\n"
        "print([line for line in open('/proc/self/status') if line.startswith('VmHWM')][0])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=900
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return int(result.stdout.split()[-2]) * 1024


# --- warm reruns (AppTest) -----------------------------------------------------------------


def bench_reruns(
    folder: Path, pages: tuple[str, ...], runs: int
) -> dict[str, tuple[Timing, Timing]]:
    """Per page, one session: `runs` reruns after switching the province filter to a view
    already computed in this process (Jawa Timur <-> Jawa Barat, as any viewer's second look or
    a view another viewer opened), and `runs` reruns switching to a province no one has viewed
    yet (the view's figures computed in that rerun)."""
    from streamlit.testing.v1 import AppTest

    from bench.server import data_env
    from tests.app.conftest import switch_to

    os.environ.update(data_env(folder))
    fresh = list(NEW_VIEW_PROVINCES)
    results = {}
    for page in pages:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=900)
        switch_to(at, page)
        at.run()
        _raise_on_exception(at, page)

        seen = []
        for run in range(runs + 2):
            seconds = _switch_province(at, page, *FILTER_PROVINCES[run % 2])
            if run >= 2:  # the first two switches compute both views
                seen.append(seconds)
        new = [_switch_province(at, page, *fresh.pop()) for _ in range(runs)]
        results[page] = (Timing(seen), Timing(new))
    return results


def _switch_province(at, page: str, code: str, name: str) -> float:
    """Seconds of the rerun after choosing province `code` (also in the URL, as a link does)."""
    at.multiselect(key="provinsi").set_value([code])
    at.query_params["provinsi"] = name
    seconds = timed(at.run)
    _raise_on_exception(at, page)
    return seconds


def _raise_on_exception(at, page: str) -> None:
    """A run that raised, or that shows an error (a data file refused, say), times nothing."""
    if at.exception:
        raise RuntimeError(f"{page}: {[e.value for e in at.exception]}")
    if at.error:
        raise RuntimeError(f"{page}: {[e.value for e in at.error]}")


# --- browser -------------------------------------------------------------------------------


@dataclass
class BrowserFigures:
    seconds: Timing | None
    websocket_bytes: int
    failures: int


def bench_browser(base_url: str, marker: str, runs: int, timeout_s: float) -> BrowserFigures:
    """One viewer at a time: a warm-up visit, then `runs` timed visits of the Map page."""
    load.open_viewers(base_url, 1, marker=marker, timeout_s=timeout_s)
    visits = [
        load.open_viewers(base_url, 1, marker=marker, timeout_s=timeout_s)[0] for _ in range(runs)
    ]
    times = [v.seconds for v in visits if v.seconds is not None]
    return BrowserFigures(
        Timing(times) if times else None,
        int(statistics.median(v.websocket_bytes for v in visits)),
        sum(v.seconds is None for v in visits),
    )


@dataclass
class CrowdFigures:
    viewers: int
    summary: dict
    one_viewer: Timing | None  # the same client alone on the same server, one after another
    rss_before: int
    rss_peak: int
    rss_after_5s: int
    rss_after_30s: int
    cpu_alone: float  # server CPU seconds per viewer alone (median)
    cpu_crowd: float  # server CPU seconds per viewer of the crowd
    machine_crowd: float  # CPU seconds the whole machine spent while the crowd loaded


def bench_crowd(
    folder: Path, viewers: int, timeout_s: float, client: str = "browser", runs: int = 3
) -> CrowdFigures:
    """A fresh server, warmed by one viewer; `runs` single viewers one after another (the
    baseline, same client); then `viewers` at once, with the server's RSS sampled."""
    with atlas_server(folder) as server:
        load.open_viewers(server.url, 1, timeout_s=timeout_s, client=client)
        alone, alone_cpu = [], []
        for _ in range(runs):
            cpu_start = cpu_seconds(server.pid)
            alone.append(
                load.open_viewers(server.url, 1, timeout_s=timeout_s, client=client)[0].seconds
            )
            alone_cpu.append(cpu_seconds(server.pid) - cpu_start)
        before = rss_bytes(server.pid)
        cpu_start, machine_start = cpu_seconds(server.pid), machine_busy_seconds()
        with PeakRss(server.pid) as peak:
            results = load.open_viewers(server.url, viewers, timeout_s=timeout_s, client=client)
        crowd_cpu = (cpu_seconds(server.pid) - cpu_start) / viewers
        machine_cpu = machine_busy_seconds() - machine_start
        closed = time.monotonic()
        time.sleep(5)  # measuring what the server keeps 5 s and 30 s after the sessions closed
        after_5 = rss_bytes(server.pid)
        time.sleep(max(0.0, 30 - (time.monotonic() - closed)))
        after_30 = rss_bytes(server.pid)
    baseline = Timing([s for s in alone if s is not None]) if all(alone) else None
    summary = load.summary(results)
    return CrowdFigures(
        viewers,
        summary,
        baseline,
        before,
        peak.peak,
        after_5,
        after_30,
        statistics.median(alone_cpu),
        crowd_cpu,
        machine_cpu,
    )


# --- the table -----------------------------------------------------------------------------


def verdict(value: float, budget: float, unit: str = "") -> str:
    if value <= budget:
        return f"met ({value / budget:.0%} of budget)"
    return f"missed by {value - budget:.2f}{unit} ({value / budget:.1f}× budget)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, 3 runs: a smoke run")
    parser.add_argument("--runs", type=int)
    parser.add_argument("--sizes", type=int, nargs="+")
    parser.add_argument("--browser-sizes", type=int, nargs="+")
    parser.add_argument("--naive-max", type=int, help="largest size the naive app is timed at")
    parser.add_argument("--viewers", type=int, nargs="+")
    parser.add_argument(
        "--crowd-client",
        choices=load.CLIENTS,
        default="browser",
        help="the concurrent viewers: Chromium contexts, or bare websocket clients (bench.load)",
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per viewer")
    parser.add_argument("--write", type=Path, help="also write the table to this markdown file")
    parser.add_argument(
        "--parts",
        nargs="+",
        choices=PARTS,
        default=list(PARTS),
        help="measure only these parts of the table",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    runs = args.runs or (3 if quick else 5)
    sizes = args.sizes or ([1_000, 10_000] if quick else [1_000, 10_000, 100_000, 1_000_000])
    browser_sizes = args.browser_sizes or [s for s in sizes if s <= 100_000]
    naive_max = args.naive_max or (1_000 if quick else 10_000)
    crowd_sizes = args.viewers or ([5] if quick else [10, 50])
    lift_loading_limits()
    # A stopped benchmark (kill PID) still stops the servers and browsers it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as scratch:
        folders = {rows: write_data(Path(scratch), rows) for rows in sizes}
        say(f"# Speed at scale — `python -m bench.run{' --quick' if quick else ''}`")
        say()
        say(f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}; load average at "
            f"start {os.getloadavg()[0]:.1f}. Medians of {runs} runs (min–max).")  # fmt: skip
        say()
        say("| figure | rows | measured | budget | verdict |")
        say("|---|---|---|---|---|")

        for rows in sizes if "load" in args.parts else ():
            built, plain, cpu = bench_load(folders[rows], runs)
            ratio = built.median / plain.median
            say(f"| load + validate + resolve | {label(rows)} | {built.cell()} = {ratio:.1f}× "
                f"read_csv {plain.cell()}; CPU {cpu.cell()} | ≤ 8× read_csv | "
                f"{verdict(ratio, 8, '×')} |")  # fmt: skip
        for rows in [r for r in sizes if r >= 100_000 and "load" in args.parts]:
            peak = load_peak_rss(folders[rows])
            budget = 2 << 30
            say(f"| peak RSS of a process building the dataset | {label(rows)} | "
                f"{megabytes(peak)} | ≤ 2048 MB at 1M | "
                f"{verdict(peak / 1_048_576, budget / 1_048_576, ' MB')} |")  # fmt: skip

        for rows in sizes if "reruns" in args.parts else ():
            pages = PAGES if rows <= 100_000 else ("map",)
            budget = 0.2 if rows <= 100_000 else 1.0
            for page, (seen, new) in bench_reruns(folders[rows], pages, runs).items():
                for kind, timing in (("a view computed before", seen), ("a new view", new)):
                    say(f"| warm rerun after a filter change to {kind}: {page} | "
                        f"{label(rows)} | {timing.cell('ms')} | ≤ {budget * 1000:.0f} ms | "
                        f"{verdict(timing.median, budget, ' s')} |")  # fmt: skip

        for rows in [r for r in sizes if r <= 100_000] if "payload" in args.parts else ():
            payload = page_payload(folders[rows])
            say(f"| Map page: bytes sent to a new viewer (map component / whole page / whole "
                f"page on the wire, compressed) | {label(rows)} | "
                f"{kilobytes(payload.component_bytes)} / {kilobytes(payload.page_bytes)} / "
                f"{kilobytes(payload.page_deflated_bytes)} | map ≤ 250 KB, flat in participants | "
                f"{verdict(payload.component_bytes / 1024, 250, ' KB')} |")  # fmt: skip

        single: dict[int, BrowserFigures] = {}
        browsed = browser_sizes if {"browser", "crowd"} & set(args.parts) else []
        for rows in browsed:  # each size's rows printed as soon as it is measured
            with atlas_server(folders[rows]) as server:
                single[rows] = bench_browser(server.url, load.ATLAS_MARKER, runs, args.timeout)
            baseline = None
            if rows <= naive_max:
                with naive_server(folders[rows]) as server:
                    baseline = bench_browser(server.url, load.ANY_MARKER, runs, args.timeout)
            ours = single[rows]
            versus = ""
            if baseline is not None and baseline.seconds is not None:
                versus = f"; naive app {baseline.seconds.cell()}"
                if ours.seconds is not None:
                    speedup = baseline.seconds.median / ours.seconds.median
                    versus += f" = {speedup:.1f}× slower"
            if ours.seconds is None:
                say(f"| Map page: navigation → markers visible | {label(rows)} | no marker "
                    f"within {args.timeout:.0f} s{versus} | ≤ 1.5 s | missed |")  # fmt: skip
            else:
                say(f"| Map page: navigation → markers visible, one viewer | {label(rows)} | "
                    f"{ours.seconds.cell()}{versus} | ≤ 1.5 s; ≥ 10× faster than naive at 10k "
                    f"| {verdict(ours.seconds.median, 1.5, ' s')} |")  # fmt: skip
            size = ours.websocket_bytes
            say(f"| Map page: websocket bytes received | {label(rows)} | {kilobytes(size)} | "
                f"≤ 250 KB, flat in participants | "
                f"{verdict(size / 1024, 250, ' KB')} |")  # fmt: skip

        largest = max(browser_sizes, default=0)  # the crowd's size: the largest browser size
        for viewers in crowd_sizes if "crowd" in args.parts and largest else ():
            crowd = bench_crowd(folders[largest], viewers, args.timeout, args.crowd_client)
            one_viewer = crowd.one_viewer
            s = crowd.summary
            factor_budget = 3 if viewers <= 10 else 10
            rss_budget = 600 if viewers <= 10 else 1024
            if s["p95_s"] is None or one_viewer is None:
                times = f"{s['finished']} of {viewers} saw markers within {args.timeout:.0f} s"
                time_verdict = "missed"
            else:
                factor = s["p95_s"] / one_viewer.median
                times = (f"p50 {s['p50_s']:.1f} s, p95 {s['p95_s']:.1f} s = {factor:.1f}× one "
                         f"viewer; {s['finished']} of {viewers} within "
                         f"{args.timeout:.0f} s")  # fmt: skip
                time_verdict = verdict(factor, factor_budget, "×")
                if s["finished"] < viewers:
                    time_verdict = f"missed ({viewers - s['finished']} timed out)"
            if one_viewer is not None:
                times += f" (one viewer alone: {one_viewer.cell()})"
            say(f"| {viewers} viewers ({args.crowd_client}) open the Map page at once | "
                f"{label(largest)} | {times} | "
                f"p95 ≤ {factor_budget}× one viewer | {time_verdict} |")  # fmt: skip
            # No budget of its own: what a deployment is sized by (README, "What a replica needs").
            say(f"| server CPU per viewer (the Map page of a new session) | {label(largest)} | "
                f"{crowd.cpu_alone:.3f} s alone; {crowd.cpu_crowd:.3f} s each of {viewers} at once "
                f"(the server {crowd.cpu_crowd * viewers:.1f} s of the "
                f"{crowd.machine_crowd:.1f} CPU-seconds the machine spent meanwhile, the rest "
                f"the {args.crowd_client} clients') | – (sizing) | – |")  # fmt: skip
            say(f"| server RSS, {viewers} viewers | {label(largest)} | before "
                f"{megabytes(crowd.rss_before)}, peak {megabytes(crowd.rss_peak)}, 5 s after "
                f"close {megabytes(crowd.rss_after_5s)}, 30 s after "
                f"{megabytes(crowd.rss_after_30s)}"
                f" | ≤ {rss_budget} MB, released when sessions end | "
                f"{verdict(crowd.rss_peak / 1_048_576, rss_budget, ' MB')} |")  # fmt: skip

    say()
    say(f"Total benchmark time {time.monotonic() - started:.0f} s; bench process peak RSS "
        f"{megabytes(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)}.")  # fmt: skip
    if args.write is not None:
        args.write.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
