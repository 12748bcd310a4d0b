"""Time a publish into the store on SQLite and PostgreSQL, reading the version back, and the
store's size per 100k rows.

    python -m bench.bench_publish [--sizes 1000 100000] [--runs 3] [--backends sqlite postgresql]

Data: bench.generate (participants without personal fields, 1 training per 1,000 rows). The
upload is prepared once per size (read, validate, resolve: that is bench_pipeline's figure);
what is timed is `Store.publish` alone, one transaction into an empty database (a new one per
run): the version row, the original files, every row and the audit entry, committed.
PostgreSQL is a throwaway cluster (deploy/pgcluster.py) switched to fsync=on,
synchronous_commit=on and full_page_writes=on before timing, so commits are durable as in
production; SQLite runs in WAL mode with synchronous=NORMAL (atlas.store.engine).
Size: the SQLite file (after a WAL checkpoint) or pg_database_size minus the empty schema's.
Read: `Store.load` of the version just published, with a new engine (what a replica does for
the first viewer after a publish or a restart, before its frames are shared).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from atlas.dataset import default_gazetteer
from atlas.store import service
from atlas.store.engine import make_engine
from atlas.store.records import SourceFile
from atlas.store.store import Store
from bench.generate import generate


def _prepared(rows: int, gazetteer):
    trainings, participants = generate(rows, max(1, rows // 1000))
    candidate = service.prepare_upload(
        SourceFile("trainings", "trainings.csv", trainings),
        SourceFile("participants", "participants.csv", participants),
        gazetteer,
        mode="replace",
    )
    return candidate.content(), len(trainings) + len(participants)


def _read_back(url: str) -> float:
    """Seconds to read the latest version's frames with a fresh engine."""
    engine = make_engine(url)
    store = Store(engine)
    latest = store.latest()
    assert latest is not None
    start = time.perf_counter()
    store.load(latest.number)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def _sqlite_run(content, directory: Path, index: int) -> tuple[float, int, float]:
    path = directory / f"bench-{index}.db"
    engine = make_engine(f"sqlite:///{path}")
    store = Store(engine)
    store.migrate()
    empty = path.stat().st_size
    start = time.perf_counter()
    store.publish(content, author="bench", note="", expected_parent=None)
    elapsed = time.perf_counter() - start
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return elapsed, path.stat().st_size - empty, _read_back(f"sqlite:///{path}")


def _postgres_run(content, cluster, index: int) -> tuple[float, int, float]:
    url = cluster.create_database(f"bench_{index}")
    engine = make_engine(url)
    store = Store(engine)
    store.migrate()
    size = sa.text("SELECT pg_database_size(current_database())")
    with engine.connect() as connection:
        empty = connection.execute(size).scalar_one()
    start = time.perf_counter()
    store.publish(content, author="bench", note="", expected_parent=None)
    elapsed = time.perf_counter() - start
    with engine.connect() as connection:
        connection.exec_driver_sql("CHECKPOINT")
        used = connection.execute(size).scalar_one() - empty
    engine.dispose()
    read = _read_back(url)
    cluster.drop_database(url)
    return elapsed, used, read


def _durable(cluster) -> None:
    engine = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            connection.exec_driver_sql(f"ALTER SYSTEM SET {setting} = on")
        connection.exec_driver_sql("SELECT pg_reload_conf()")
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_publish")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args(argv)
    gazetteer = default_gazetteer()
    cluster = None
    if "postgresql" in args.backends:
        from deploy.pgcluster import start_cluster

        cluster = start_cluster()
        _durable(cluster)
    print(f"{'backend':<11} {'rows':>8} {'publish s (median, min-max)':>30} {'store MB':>9}"
          f" {'MB per 100k':>11} {'read s (median, min-max)':>26}")  # fmt: skip
    try:
        with tempfile.TemporaryDirectory(prefix="atlas-bench-") as folder:
            for rows in args.sizes:
                content, file_bytes = _prepared(rows, gazetteer)
                for backend in args.backends:
                    results = []
                    for index in range(args.runs):
                        if backend == "sqlite":
                            results.append(_sqlite_run(content, Path(folder), len(results) + rows))
                        else:
                            results.append(_postgres_run(content, cluster, index))
                    times = [elapsed for elapsed, _, _ in results]
                    reads = [read for _, _, read in results]
                    size_mb = results[-1][1] / 1_048_576
                    print(
                        f"{backend:<11} {rows:>8,} {statistics.median(times):>12.2f} "
                        f"({min(times):.2f}-{max(times):.2f}){'':>8} {size_mb:>9.1f} "
                        f"{size_mb * 100_000 / rows:>11.1f} {statistics.median(reads):>14.2f} "
                        f"({min(reads):.2f}-{max(reads):.2f})",
                        flush=True,
                    )
                print(f"{'':<11} {rows:>8,} input files: {file_bytes / 1_048_576:.1f} MB")
    finally:
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
