"""The Map page as N concurrent viewers through nginx, against 1 and against 2 replicas.

    python -m bench.bench_replicas [--rows 100000] [--viewers 10 25 50] [--replicas 1 2]
                                   [--write bench/RESULTS.md]

For each replica count: deploy/replicas.py's Stack (a throwaway PostgreSQL seeded with
`--rows` generated participants, the replicas, nginx with the production config); one warm-up
viewer on each replica (the version's frames are then in every process, as on a running site);
then for each N, N browser contexts open /map at once through nginx (bench/load.py: new contexts,
so nginx spreads them by its cookie hash), each timed from navigation until the first region
marker is visible. Peak RSS of each replica process is sampled during the N viewers. The load
average of the machine is recorded before each run: on a shared machine the figures move with it.
Loopback only, bounded (each viewer gives up after --timeout), stops everything it started.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bench.generate import generate
from bench.load import open_viewers, summary
from bench.server import PeakRss
from deploy.replicas import Stack

SECTION_BEGIN = "<!-- bench_replicas begin -->"
SECTION_END = "<!-- bench_replicas end -->"
QUERY = "lang=en"


def _load_average() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f}"


def run(rows: int, viewer_counts: list[int], replica_counts: list[int], timeout: float) -> list:
    results = []
    with tempfile.TemporaryDirectory(prefix="atlas-bench-replicas-") as folder:
        data = Path(folder)
        trainings, participants = generate(rows, max(20, rows // 500))
        (data / "trainings.csv").write_bytes(trainings)
        (data / "participants.csv").write_bytes(participants)
        for replicas in replica_counts:
            with Stack(replicas=replicas, data_dir=data) as stack:
                for member in stack.members:  # warm-up: the published version read once each
                    open_viewers(member.url, 1, query=QUERY, timeout_s=timeout)
                for viewers in viewer_counts:
                    load = _load_average()
                    with ExitStack() as samplers:
                        peaks = [samplers.enter_context(PeakRss(m.pid)) for m in stack.members]
                        outcome = open_viewers(stack.url, viewers, query=QUERY, timeout_s=timeout)
                    row = {
                        "replicas": replicas,
                        **summary(outcome),
                        "peak_rss_mb": [round(p.peak / 2**20) for p in peaks],
                        "load_average": load,
                    }
                    print(row, flush=True)
                    results.append(row)
    return results


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} s"


def table(results: list, rows: int) -> str:
    lines = [
        SECTION_BEGIN,
        "## Replicas behind nginx (bench/bench_replicas.py)",
        "",
        f"The Map page on {rows:,} generated participants, published into PostgreSQL, opened by "
        "N viewers at once through nginx (deploy/replicas.py: the production nginx config, "
        "sticky cookie hash). Time from navigation until the first region marker is visible; "
        "peak RSS of each replica process while the N viewers load. The machine has 2 cores "
        "and was shared with other jobs while this ran: the load average (1 / 5 min) before "
        "each run is in the table, and the times move with it.",
        "",
        "| replicas | N | finished | p50 | p95 | max | peak RSS per replica | load average |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        rss = ", ".join(f"{mb} MB" for mb in r["peak_rss_mb"])
        lines.append(
            f"| {r['replicas']} | {r['viewers']} | {r['finished']} | {_seconds(r['p50_s'])} "
            f"| {_seconds(r['p95_s'])} | {_seconds(r['max_s'])} | {rss} | {r['load_average']} |"
        )
    lines.append(SECTION_END)
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str) -> None:
    """Replace this script's section of `path` (or append it); other sections stay."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    pattern = re.compile(re.escape(SECTION_BEGIN) + ".*?" + re.escape(SECTION_END) + "\n?", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section, text)
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + section
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--viewers", type=int, nargs="+", default=[10, 25, 50])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per viewer")
    parser.add_argument("--write", type=Path, help="put the table into this Markdown file")
    args = parser.parse_args(argv)
    results = run(args.rows, args.viewers, args.replicas, args.timeout)
    section = table(results, args.rows)
    print(section)
    if args.write:
        write_section(args.write, section)
    return 0 if all(r["finished"] == r["viewers"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
