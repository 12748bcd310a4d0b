"""Time the data pipeline on 1k, 10k and 100k participant rows (median of 5 runs each).

    python -m bench.bench_pipeline [--sizes 1000 10000 100000] [--runs 5]

Stages: read (both files -> frames of strings), validate (both tables), resolve (participant
regions + venues), build (build_dataset end to end: all of the above plus the join).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

from atlas.dataset import build_dataset, resolve_participant_regions, resolve_venues
from atlas.gazetteer import Gazetteer, load_gazetteer
from atlas.loading import read_table
from atlas.validation import validate_participants, validate_trainings
from bench.generate import generate


def median_seconds(function: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def bench_size(size: int, gazetteer: Gazetteer, runs: int) -> tuple[list[float], int, int]:
    """Median seconds of read, validate, resolve, build on `size` participant rows."""
    trainings_bytes, participants_bytes = generate(size, max(20, size // 500))
    trainings_raw = read_table(trainings_bytes, "trainings.csv")
    participants_raw = read_table(participants_bytes, "participants.csv")
    trainings, _ = validate_trainings(trainings_raw)
    participants, report = validate_participants(participants_raw, set(trainings.training_id))

    def read() -> None:
        read_table(trainings_bytes, "trainings.csv")
        read_table(participants_bytes, "participants.csv")

    def validate() -> None:
        accepted, _ = validate_trainings(trainings_raw)
        validate_participants(participants_raw, set(accepted.training_id))

    def resolve() -> None:
        resolve_participant_regions(participants, gazetteer)
        resolve_venues(trainings, gazetteer)

    def build() -> None:
        build_dataset(
            trainings_bytes, "trainings.csv", participants_bytes, "participants.csv", gazetteer
        )

    timings = [median_seconds(stage, runs) for stage in (read, validate, resolve, build)]
    return timings, report.accepted, len(report.rejected)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    start = time.perf_counter()
    gazetteer = load_gazetteer()
    print(f"load_gazetteer: {time.perf_counter() - start:.3f} s (once per process)")
    print(f"{'rows':>8} {'read':>8} {'validate':>9} {'resolve':>8} {'build':>8}  (median s)")
    for size in args.sizes:
        timings, accepted, rejected = bench_size(size, gazetteer, args.runs)
        cells = " ".join(f"{t:>8.3f}" for t in timings)
        print(f"{size:>8} {cells}   ({accepted:,} accepted, {rejected:,} rejected)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
