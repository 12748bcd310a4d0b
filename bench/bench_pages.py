"""Time every page of the dashboard through Streamlit's AppTest.

    python -m bench.bench_pages [--runs 5] [--lang id] [--data-dir DIR]

For each page: the median of `runs` fresh sessions opening /<page>?data=demo (AppTest), and the
median of `runs` reruns of one session (what a widget interaction costs). The first line reports
building the dataset alone (atlas.dataset.load_demo / load_bundled); st.cache_data keeps the built
dataset within this process, so the page figures are the page's own work on a warm cache.
With --data-dir the bundled-data view of that folder is timed instead (scale tests:
`python -m bench.generate --rows 100000 --out bench/out/100k`).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from streamlit.testing.v1 import AppTest

from atlas import dataset
from atlas.gazetteer import load_gazetteer
from atlas.ui.context import PAGE_PATHS
from bench.bench_pipeline import median_seconds
from tests.app.conftest import switch_to

APP = Path(__file__).resolve().parent.parent / "app.py"


def open_page(page: str, lang: str, source: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=300)
    if source == "demo":
        at.query_params["data"] = "demo"
    at.query_params["lang"] = lang
    switch_to(at, page)
    at.run()
    if at.exception:
        raise RuntimeError(f"{page}: {[e.value for e in at.exception]}")
    return at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="id", choices=["id", "en"])
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="time the bundled-data view on this folder (ATLAS_DATA_DIR), e.g. the output of "
        "python -m bench.generate --rows 100000, instead of the demo dataset",
    )
    args = parser.parse_args()

    gazetteer = load_gazetteer()
    if args.data_dir is not None:
        os.environ[dataset.DATA_DIR_ENV] = str(args.data_dir)
        source, load = "bundled", dataset.load_bundled
    else:
        source, load = "demo", dataset.load_demo
    data = load(gazetteer)
    build = median_seconds(lambda: load(gazetteer), args.runs)
    print(
        f"{source} dataset: {len(data.trainings)} trainings, {len(data.participants)} "
        f"participant rows; build_dataset median {build * 1000:.0f} ms"
    )
    print(f"{'page':<10} {'fresh session (ms)':>20} {'rerun (ms)':>12}")
    for page in PAGE_PATHS[:4]:
        fresh = median_seconds(lambda page=page: open_page(page, args.lang, source), args.runs)
        session = open_page(page, args.lang, source)
        rerun = median_seconds(session.run, args.runs)
        print(f"{page:<10} {fresh * 1000:>20.0f} {rerun * 1000:>12.0f}")


if __name__ == "__main__":
    main()
