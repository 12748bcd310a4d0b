"""The public pages read the published version from the store (AppTest through app.py)."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from atlas.dataset import default_gazetteer
from atlas.store import service
from atlas.store.engine import DATABASE_URL_ENV, make_engine
from atlas.store.store import Store
from atlas.ui import loaders
from atlas.ui.shell import published_date
from tests.app.conftest import (
    TINY_PARTICIPANTS,
    TINY_TRAININGS,
    assert_clean,
    metric_values,
    switch_to,
)
from tests.app.conftest import new_app as app
from tests.store.test_versions import PARTICIPANTS, TRAININGS, files


@pytest.fixture
def store_url(monkeypatch, tmp_path) -> str:
    """A store of its own, seeded (by the app) from the tiny data folder."""
    from tests.app.conftest import write_data_dir

    folder = write_data_dir(tmp_path / "tiny", TINY_TRAININGS, TINY_PARTICIPANTS)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(folder))
    url = f"sqlite:///{tmp_path / 'published.db'}"
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    return url


def open_overview(**query):
    at = app(**query)
    switch_to(at, "overview")
    return at.run()


def publish_second(url: str) -> Store:
    store = Store(make_engine(url))
    store.migrate()
    t_file, p_file = files(TRAININGS, PARTICIPANTS)
    candidate = service.prepare_against_latest(
        store, t_file, p_file, default_gazetteer(), mode="replace"
    )
    store.publish(candidate.content(), author="o", note="v2", expected_parent=1)
    return store


def captions(at) -> list[str]:
    return [str(caption.value) for caption in at.caption]


def test_fresh_store_is_seeded_and_the_page_names_the_version(store_url):
    at = open_overview()
    assert_clean(at)
    assert metric_values(at)["Peserta"] == "8"  # the tiny data folder, now version 1
    store = Store(make_engine(store_url))
    info = store.latest()
    assert (info.number, info.kind) == (1, "seed")
    assert f"Data versi 1 · diterbitkan {published_date(info, 'id')}" in captions(at)
    assert published_date(info, "id").endswith(str(info.created_at.year))


def test_everyone_sees_the_latest_version_and_versi_pins_an_older_one(store_url):
    open_overview()  # seeds version 1
    store = publish_second(store_url)
    latest = open_overview(lang="en")
    assert_clean(latest)
    assert metric_values(latest)["Participants"] == "7"
    assert any(c.startswith("Data version 2 · published ") for c in captions(latest))

    pinned = open_overview(lang="en", versi="1")
    assert_clean(pinned)
    assert metric_values(pinned)["Participants"] == "8"
    assert any(c.startswith("Data version 1 · published ") for c in captions(pinned))
    assert "This link pins that version; the latest is version 2." in captions(pinned)
    assert pinned.query_params["versi"] == "1"
    # the pin holds on another page of the same session
    switch_to(pinned, "sdg").run()
    assert pinned.query_params["versi"] == "1"
    switch_to(pinned, "overview").run()
    assert metric_values(pinned)["Participants"] == "8"
    # and "show the latest" lets it go
    pinned.button(key="atlas_show_latest_version").click().run()
    assert metric_values(pinned)["Participants"] == "7"
    assert "versi" not in pinned.query_params
    assert store.latest().number == 2


def test_an_unknown_version_says_so_and_shows_the_latest(store_url):
    at = open_overview(lang="en", versi="9")
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "There is no data version 9; showing the latest version."
    ]
    assert metric_values(at)["Participants"] == "8"
    assert "versi" not in at.query_params


def test_a_version_is_read_once_per_process_and_shared(store_url, monkeypatch):
    loaders._content_dataset.clear()
    reads: list[int] = []
    original = Store.load

    def counting_load(self, number):
        reads.append(number)
        return original(self, number)

    monkeypatch.setattr(Store, "load", counting_load)
    for page in ("overview", "map", "sdg", "data"):
        at = app()
        switch_to(at, page)
        assert_clean(at.run())
        at.run()  # a rerun of the same session
    assert reads == [1]
    store = Store(make_engine(store_url))
    info = store.latest()
    first = loaders.published_dataset(store, info, store_url)
    second = loaders.published_dataset(store, info, store_url)
    assert first.participants is second.participants and first.trainings is second.trainings
    # every page ran on the shared frames without changing them
    fresh = original(store, 1)
    pd.testing.assert_frame_equal(first.participants, fresh.participants)
    pd.testing.assert_frame_equal(first.trainings, fresh.trainings)
    # and the shared frames hold no personal column
    assert {"name", "email", "phone", "position"}.isdisjoint(first.participants.columns)


def test_unreachable_database_shows_the_last_good_version(store_url, monkeypatch):
    assert metric_values(open_overview())["Peserta"] == "8"  # loaded once: the last good one

    def unreachable(self):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(Store, "latest", unreachable)
    at = open_overview(lang="en")
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "The database cannot be reached; showing data version 1, the last one loaded."
    ]
    assert metric_values(at)["Participants"] == "8"


def test_unreachable_database_without_a_loaded_version_is_a_plain_message(monkeypatch):
    monkeypatch.setenv(DATABASE_URL_ENV, "postgresql://nobody@127.0.0.1:9/atlas")
    at = open_overview(lang="en")
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The database cannot be reached, so no data can be shown yet. Try reloading in a moment."
    ]


def test_the_publication_date_is_said_in_jakarta_time():
    import datetime as dt

    from atlas.store.records import VersionInfo

    evening_utc = dt.datetime(2026, 11, 30, 20, 0, tzinfo=dt.UTC)  # 1 Dec, 03:00 in Jakarta
    info = VersionInfo(4, 3, 4, "publish", evening_utc, "o", "", 1, 1, 1, 1, 1, 0, 0)
    assert published_date(info, "id") == "1 Des 2026"
    assert published_date(info, "en") == "Dec 1, 2026"


def test_a_new_published_version_drops_the_filters_it_does_not_hold(store_url):
    """Issue 7 item 1 for a new version: a viewer's open session keeps the filter values the
    new version holds and drops the others (its trainings and government levels differ)."""
    at = open_overview(lang="en")
    assert_clean(at)
    at.multiselect(key="pelatihan").set_value(["t1-2019"])
    at.multiselect(key="tingkat").set_value(["provinsi"])
    at.run()
    # t1-2019 reached no provincial government: nothing to show
    assert any("No data for these filters" in str(info.value) for info in at.info)
    publish_second(store_url)  # trainings t1, t2; no provincial government among them
    at.run()
    assert_clean(at)
    assert any(c.startswith("Data version 2 · published ") for c in captions(at))
    assert at.multiselect(key="pelatihan").value == []
    assert at.multiselect(key="tingkat").value == []
    assert metric_values(at)["Participants"] == "7"  # the whole of version 2
