"""atlas.memo (values computed once per owner) and atlas.derived (a view's figures, shared by
its viewers): computed once, right for the view they belong to, never another view's."""

from __future__ import annotations

import pickle
import threading

import pytest

from atlas import dataset as dataset_module
from atlas import derived, metrics
from atlas.filters import Filters, apply_filters, filter_options, options_of, view_of
from atlas.memo import Memo

JAWA_TIMUR, JAWA_BARAT = "35", "32"


@pytest.fixture(scope="module")
def gazetteer():
    return dataset_module.default_gazetteer()


@pytest.fixture()
def demo(gazetteer):
    return dataset_module.load_demo(gazetteer)


def test_memo_computes_a_key_once_and_evicts_the_least_recently_used():
    calls: list[str] = []
    memo = Memo(entries=2)

    def compute(key: str):
        return lambda: calls.append(key) or key.upper()

    assert memo.get("a", compute("a")) == "A"
    assert memo.get("a", compute("a")) == "A"
    memo.get("b", compute("b"))
    memo.get("a", compute("a"))  # "a" is now the most recently used
    memo.get("c", compute("c"))  # evicts "b"
    assert calls == ["a", "b", "c"]
    assert "a" in memo and "c" in memo and "b" not in memo
    memo.get("b", compute("b"))
    assert calls == ["a", "b", "c", "b"]


def test_memo_does_not_hold_its_lock_while_computing():
    memo = Memo()
    inside = threading.Event()
    release = threading.Event()

    def slow():
        inside.set()
        release.wait(timeout=30)
        return "slow"

    worker = threading.Thread(target=lambda: memo.get("slow", slow))
    worker.start()
    assert inside.wait(timeout=30)
    # another key is served while "slow" is still being computed
    assert memo.get("fast", lambda: "fast") == "fast"
    release.set()
    worker.join(timeout=30)
    assert memo.get("slow", lambda: "other") == "slow"


def test_a_pickled_memo_comes_back_empty():
    memo = Memo(entries=5)
    memo.get("k", lambda: "v")
    copy = pickle.loads(pickle.dumps(memo))
    assert len(copy) == 0 and copy.entries == 5


def test_the_view_of_a_filter_is_shared_and_belongs_to_that_filter(demo):
    east = Filters(provinces=(JAWA_TIMUR,))
    first = view_of(demo, east)
    assert view_of(demo, Filters(provinces=(JAWA_TIMUR,))) is first
    west = view_of(demo, Filters(provinces=(JAWA_BARAT,)))
    assert west is not first
    direct = apply_filters(demo, east)
    assert first.filters == east
    assert first.participants.equals(direct.participants)
    assert set(first.participants["province_code"]) == {JAWA_TIMUR}
    assert set(west.participants["province_code"]) == {JAWA_BARAT}


def test_filter_options_are_computed_once_per_dataset(demo):
    assert options_of(demo) is options_of(demo)
    assert options_of(demo) == filter_options(demo)


def test_derived_kpis_are_those_of_their_view(demo, gazetteer):
    regions = gazetteer.regions
    east = view_of(demo, Filters(provinces=(JAWA_TIMUR,)))
    kpis = derived.kpis(east, regions)
    # Jawa Timur: 9 kota and 29 kabupaten are the denominators of its view
    assert (kpis.kota.total, kpis.kabupaten.total) == (9, 29)
    assert kpis == metrics.compute_kpis(east.trainings, east.participants, regions, (JAWA_TIMUR,))
    assert derived.kpis(east, regions) is kpis
    west = view_of(demo, Filters(provinces=(JAWA_BARAT,)))
    in_west = regions[regions["province_code"] == JAWA_BARAT]["type"].value_counts()
    west_kpis = derived.kpis(west, regions)
    assert (west_kpis.kota.total, west_kpis.kabupaten.total) == (
        in_west["kota"],
        in_west["kabupaten"],
    )
    assert west_kpis.participants == int(west.participants["delegates"].sum())


def test_derived_unreached_lists_only_the_views_provinces(demo, gazetteer):
    east = view_of(demo, Filters(provinces=(JAWA_TIMUR,)))
    unreached = derived.unreached(demo, east, gazetteer.regions)
    assert set(unreached["province_code"]) == {JAWA_TIMUR}
    reached = metrics.reached_region_codes(east.participants)
    assert not reached & set(unreached["region_code"])
    assert derived.unreached(demo, east, gazetteer.regions) is unreached
