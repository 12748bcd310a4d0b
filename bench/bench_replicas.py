"""The Map page as N concurrent viewers through nginx, against 1 and against 2 replicas.

    python -m bench.bench_replicas [--rows 100000] [--viewers 10 25 50] [--replicas 1 2]
                                   [--client ws|browser] [--timeout 300] [--write bench/RESULTS.md]

For each replica count: deploy/replicas.py's Stack (a throwaway PostgreSQL seeded with
`--rows` generated participants, the replicas, nginx with the production config); one warm-up
viewer on each replica (the version's frames are then in every process, as on a running site);
then for each N, N viewers open /map at once through nginx (bench/load.py; each a new client
without a routing cookie, so nginx spreads them by its cookie hash). `--client browser`: N
Chromium contexts, each timed from navigation until the first region marker is visible.
`--client ws`: N bare Streamlit websocket clients in this process, each timed from its GET of
the page until the map element has arrived (what the server does, without the drawing; light
enough for N = 50 on a 2-core machine, where 50 Chromiums take the cores from the replicas they
measure). Peak RSS of each replica process is sampled during the N viewers; the load average of
the machine is recorded before each run (on a shared machine the figures move with it), and for
the ws client the CPU seconds this process spent as the load client.
Loopback only, bounded (each viewer gives up after --timeout), stops everything it started.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench.generate import generate
from bench.load import CLIENTS, open_viewers, summary
from bench.server import PeakRss
from deploy.replicas import Stack, replica_name

QUERY = "lang=en"


def section_marks(client: str) -> tuple[str, str]:
    """The begin and end comments of this client's table in RESULTS.md (one table each)."""
    name = "bench_replicas" if client == "browser" else f"bench_replicas_{client}"
    return f"<!-- {name} begin -->", f"<!-- {name} end -->"


def _load_average() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f}"


def run(
    rows: int, viewer_counts: list[int], replica_counts: list[int], timeout: float, client: str
) -> list:
    results = []
    with tempfile.TemporaryDirectory(prefix="atlas-bench-replicas-") as folder:
        data = Path(folder)
        trainings, participants = generate(rows, max(20, rows // 500))
        (data / "trainings.csv").write_bytes(trainings)
        (data / "participants.csv").write_bytes(participants)
        for replicas in replica_counts:
            with Stack(replicas=replicas, data_dir=data) as stack:
                for member in stack.members:  # warm-up: the published version read once each
                    open_viewers(member.url, 1, query=QUERY, timeout_s=timeout, client=client)
                for viewers in viewer_counts:
                    load = _load_average()
                    cpu_before = time.process_time()
                    with ExitStack() as samplers:
                        peaks = [samplers.enter_context(PeakRss(m.pid)) for m in stack.members]
                        outcome = open_viewers(
                            stack.url, viewers, query=QUERY, timeout_s=timeout, client=client
                        )
                    row = {
                        "replicas": replicas,
                        "client": client,
                        **summary(outcome),
                        "peak_rss_mb": [round(p.peak / 2**20) for p in peaks],
                        "load_average": load,
                        "client_cpu_s": round(time.process_time() - cpu_before, 1),
                        "errors": sorted({r.error for r in outcome if r.error}),
                    }
                    print(row, flush=True)
                    results.append(row)
    return results


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} s"


def _spread(spread: dict[str, int], replicas: int) -> str:
    """Viewers per replica, r1 first: "2 / 3"."""
    return " / ".join(str(spread.get(replica_name(i), 0)) for i in range(replicas))


def table(results: list, rows: int, client: str) -> str:
    begin, end = section_marks(client)
    if client == "browser":
        title = "## Replicas behind nginx (bench/bench_replicas.py)"
        timed = (
            "N Chromium contexts at once through nginx. Time from navigation until the first "
            "region marker is visible"
        )
        cpu_column = ""
    else:
        title = "## Replicas behind nginx, websocket clients (bench/bench_replicas.py --client ws)"
        timed = (
            "N bare Streamlit websocket clients at once through nginx (bench/load.py --client "
            "ws: the page's GET, then the websocket and the same rerun message a browser "
            "sends). Time from the GET until the map element (all its markers) has arrived; "
            "the browser's drawing is not in it"
        )
        cpu_column = " load client CPU |"
    lines = [
        begin,
        title,
        "",
        f"The Map page on {rows:,} generated participants, published into PostgreSQL, opened by "
        f"{timed}. deploy/replicas.py: the production nginx config, sticky cookie hash; "
        '"spread" is how many viewers nginx sent to each replica. Peak RSS of each replica '
        "process while the N viewers load. The machine has 2 cores: the load average "
        "(1 / 5 min) before each run is in the table, and the times move with it.",
        "",
        f"| replicas | N | finished | p50 | p95 | max | spread | peak RSS per replica "
        f"| load average |{cpu_column}",
        "|---|---|---|---|---|---|---|---|---|" + ("---|" if cpu_column else ""),
    ]
    for r in results:
        rss = ", ".join(f"{mb} MB" for mb in r["peak_rss_mb"])
        spread = _spread(r["spread"], r["replicas"])
        cpu = f" {r['client_cpu_s']:.1f} s |" if cpu_column else ""
        lines.append(
            f"| {r['replicas']} | {r['viewers']} | {r['finished']} | {_seconds(r['p50_s'])} "
            f"| {_seconds(r['p95_s'])} | {_seconds(r['max_s'])} | {spread} "
            f"| {rss} | {r['load_average']} |{cpu}"
        )
    lines.append(end)
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str, client: str) -> None:
    """Replace this client's section of `path` (or append it); other sections stay."""
    begin, end = section_marks(client)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end) + "\n?", re.S)
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
    parser.add_argument("--client", choices=CLIENTS, default="browser")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per viewer")
    parser.add_argument("--write", type=Path, help="put the table into this Markdown file")
    args = parser.parse_args(argv)
    results = run(args.rows, args.viewers, args.replicas, args.timeout, args.client)
    section = table(results, args.rows, args.client)
    print(section)
    if args.write:
        write_section(args.write, section, args.client)
    return 0 if all(r["finished"] == r["viewers"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
