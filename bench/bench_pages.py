"""Time every page of the dashboard with the demo dataset through Streamlit's AppTest.

    python -m bench.bench_pages [--runs 5] [--lang id]

For each page: the median of `runs` fresh sessions opening /<page>?data=demo (AppTest), and the
median of `runs` reruns of one session (what a widget interaction costs). AppTest gives every run
a fresh st.cache_data store, so both figures include building the demo dataset; the first line
reports that build alone (atlas.dataset.load_demo) so the page's own share can be read off.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from streamlit.testing.v1 import AppTest

from atlas import dataset, regions
from atlas.ui.context import PAGE_FILES
from bench.bench_pipeline import median_seconds

APP = Path(__file__).resolve().parent.parent / "app.py"


def open_page(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.query_params["data"] = "demo"
    at.query_params["lang"] = lang
    at.switch_page(PAGE_FILES[page])
    at.run()
    if at.exception:
        raise RuntimeError(f"{page}: {[e.value for e in at.exception]}")
    return at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="id", choices=["id", "en"])
    args = parser.parse_args()

    gazetteer = regions.load_gazetteer()
    demo = dataset.load_demo(gazetteer)
    build = median_seconds(lambda: dataset.load_demo(gazetteer), args.runs)
    print(
        f"demo dataset: {len(demo.trainings)} trainings, {len(demo.participants)} participant "
        f"rows; build_dataset median {build * 1000:.0f} ms"
    )
    print(f"{'page':<10} {'fresh session (ms)':>20} {'rerun (ms)':>12}")
    for page in PAGE_FILES:
        fresh = median_seconds(lambda page=page: open_page(page, args.lang), args.runs)
        session = open_page(page, args.lang)
        rerun = median_seconds(session.run, args.runs)
        print(f"{page:<10} {fresh * 1000:>20.0f} {rerun * 1000:>12.0f}")


if __name__ == "__main__":
    main()
