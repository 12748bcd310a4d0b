"""Shared helpers for the AppTests: the entry point, page paths, and small data folders.

Every whole-app AppTest starts from app.py (as a reader opening a link) and reaches other pages
with `switch_to`. Query parameters are set before each run, the way a link carries them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from atlas.dataset import DATA_DIR_ENV
from atlas.ui.context import PAGE_PATHS

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "app.py"
BUNDLED_DIR = REPO / "data"
TIMEOUT = 90

# A small dataset whose numbers are easy to check by hand:
#   T1 2019, SDG 11: Kota Surabaya (2), Kabupaten Bandung (1)
#   T2 2021, SDG 13 & 17: Kota Batam (3), Provinsi Jawa Barat (1), Kuala Lumpur (1, unresolved)
TINY_TRAININGS = (
    "training_id,title,start_date,end_date,venue,organizer,sdg_goals,sdg_targets\n"
    "t1-2019,Pelatihan Air Kota,2019-05-06,2019-05-07,Kota Surabaya,Apeksi,11,11.3\n"
    "t2-2021,Aksi Iklim Daerah,2021-08-10,2021-08-11,Kota Batam,UCLG ASPAC,13;17,13.2;17.17\n"
)
TINY_PARTICIPANTS = (
    "training_id,institution,region,province,level,name,email,delegates\n"
    "t1-2019,Pemerintah Kota Surabaya,Kota Surabaya,,,Siti Rahma,siti@example.org,2\n"
    "t1-2019,Pemerintah Kabupaten Bandung,Kabupaten Bandung,,,,,1\n"
    "t2-2021,Pemerintah Kota Batam,Kota Batam,,,,,3\n"
    "t2-2021,Pemerintah Provinsi Jawa Barat,Provinsi Jawa Barat,,,,,1\n"
    "t2-2021,City of Kuala Lumpur,Kuala Lumpur,,,,,1\n"
)


def switch_to(at: AppTest, name: str) -> AppTest:
    """Choose the page at url path `name` for the next run, as a browser opening /name does.

    AppTest.switch_page takes a page *file*; our pages are functions registered as
    st.Page(partial(render, ctx), url_path=name) and have none. A browser asks for a page by
    the hash Streamlit gives its url path, so this sets that hash. Once the app has run, the
    hash must be one it registered: a wrong name fails here instead of silently opening the
    default page."""
    if name not in PAGE_PATHS:
        raise ValueError(f"no page {name!r}; pages: {PAGE_PATHS}")
    page_hash = calc_hash(name)
    registered = at._registered_pages
    if registered and page_hash not in registered:
        known = sorted(str(info.get("url_pathname")) for info in registered.values())
        raise ValueError(f"page {name!r} is not in this run's navigation: {known}")
    at._page_hash = page_hash
    return at


def write_data_dir(folder: Path, trainings: str, participants: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "trainings.csv").write_text(trainings, encoding="utf-8")
    (folder / "participants.csv").write_text(participants, encoding="utf-8")
    return folder


@pytest.fixture
def bundled_data(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repo's bundled data (the 2018 training), explicitly."""
    monkeypatch.setenv(DATA_DIR_ENV, str(BUNDLED_DIR))
    return BUNDLED_DIR


@pytest.fixture
def tiny_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    folder = write_data_dir(tmp_path / "tiny", TINY_TRAININGS, TINY_PARTICIPANTS)
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


def new_app(**query_params: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in query_params.items():
        at.query_params[key] = value
    return at


OpenPage = Callable[..., AppTest]


@pytest.fixture
def open_page() -> OpenPage:
    """open_page(name, **query) -> AppTest after opening a link to that page in a new session
    (e.g. /sdg?lang=en&data=demo): the query parameters are set and the page chosen before the
    first run, so nothing carries over from another page."""

    def _open(name: str, **query_params: str | list[str]) -> AppTest:
        at = new_app(**query_params)
        return switch_to(at, name).run()

    return _open


def metric_values(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def texts(at: AppTest) -> str:
    """All markdown/caption/info/warning/error/success text of the run, for `in` checks."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        parts.extend(str(element.value) for element in getattr(at, kind))
    return "\n".join(parts)


def assert_clean(at: AppTest) -> None:
    """No exception and no error box on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def table_value(at: AppTest, key: str):
    """The DataFrame shown by atlas.ui.widgets.table(frame, key=...)."""
    return at.get_by_key(key).dataframe[0].value


def choose(at: AppTest, widget, value, url_value: str | list[str] | None) -> AppTest:
    """Set a widget bound to the URL and run, as the browser does: the frontend writes the new
    value into the URL together with the widget state (AppTest does not, so the test does).
    `url_value` None means the value is the default, which Streamlit keeps out of the URL."""
    widget.set_value(value)
    if url_value is None:
        if widget.key in at.query_params:
            del at.query_params[widget.key]
    else:
        at.query_params[widget.key] = url_value
    return at.run()


def shown(markdown: str) -> str:
    """What the reader sees of a markdown message: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)
