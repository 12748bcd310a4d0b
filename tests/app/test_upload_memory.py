"""Issue 13 item 12: a session's upload, and what is built from it, is released when it is let
go (a new upload, *Remove uploaded files*, the session's state dropped when the session ends),
and the freed memory is handed back to the OS. Figures: bench/bench_upload_memory.py."""

from __future__ import annotations

import gc
import threading
import time
import weakref

from streamlit.testing.v1 import AppTest

from atlas.ui import memory
from atlas.ui.context import StateKeys
from tests.app.conftest import APP, TIMEOUT, TINY_PARTICIPANTS, TINY_TRAININGS, switch_to

TRAININGS = ("pelatihan.csv", TINY_TRAININGS.encode(), "text/csv")


def _participants(extra_rows: int) -> tuple[str, bytes, str]:
    """The tiny participants file with `extra_rows` more rows (so each upload differs)."""
    rows = "".join(
        f"t1-2019,Pemerintah Kota Surabaya,Kota Surabaya,,,,,{n + 1}\n" for n in range(extra_rows)
    )
    return ("peserta.csv", (TINY_PARTICIPANTS + rows).encode(), "text/csv")


def _data_page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    switch_to(at, "data")
    return at.run()


def _apply(at: AppTest, participants: tuple[str, bytes, str]) -> weakref.ref:
    """Upload both files, press "Use these files"; a weak reference to the Dataset built."""
    at.file_uploader(key="atlas_upload_trainings_widget").set_value(TRAININGS)
    at.file_uploader(key="atlas_upload_participants_widget").set_value(participants)
    at.run()
    at.button(key="atlas_upload_apply").click()
    at.run()
    assert not at.exception
    dataset = at.session_state[StateKeys.UPLOAD_DATASET].dataset
    assert dataset.source == "upload"
    assert len(dataset.participants) == 5 + len(participants[1].splitlines()) - 6
    return weakref.ref(dataset)


def _alive(ref: weakref.ref) -> bool:
    gc.collect()
    return ref() is not None


def _session_ended() -> None:
    """What the reaper does once Streamlit has closed every session of this test: at once, and
    once it is past the resume window (the second collects in any case)."""
    now = time.monotonic()
    memory.reap(now, is_active=lambda _session: False, resume_window=0)
    assert memory.reap(now + 3600, is_active=lambda _session: False, resume_window=0)


def test_an_upload_dataset_is_unreachable_once_replaced_removed_or_its_session_gone(
    bundled_data,
):
    at = _data_page()
    # A version loaded while this session is open freezes every object alive
    # (atlas.dataset.freeze_shared): this session's state among them.
    gc.freeze()
    first = _apply(at, _participants(1))
    assert _alive(first)  # held while the session uses it
    second = _apply(at, _participants(2))
    assert not _alive(first)  # a new upload replaces the old: never two at once
    assert _alive(second)
    at.button(key="atlas_upload_clear").click()
    at.run()
    assert not _alive(second)  # "Remove uploaded files"
    third = _apply(at, _participants(3))
    switch_to(at, "overview")
    at.run()  # the overview's download buttons hold frames of the upload's view
    assert _alive(third)
    del at  # the session ends: Streamlit drops it, but its frozen state is never collected
    assert _alive(third)
    _session_ended()
    assert not _alive(third)  # no cache, module global or download callable keeps it
    assert gc.get_freeze_count() > 0  # what is still alive (shared frames) stays frozen


def test_letting_an_upload_go_hands_the_freed_memory_back_to_the_os(bundled_data, monkeypatch):
    released = threading.Event()
    monkeypatch.setattr(memory, "release_memory", released.set)
    at = _data_page()
    _apply(at, _participants(1))
    assert released.wait(timeout=30)  # after the build (its parser buffers are garbage)
    released.clear()
    at.button(key="atlas_upload_clear").click()
    at.run()
    assert released.wait(timeout=30)  # "Remove uploaded files"
    _apply(at, _participants(2))
    holder = weakref.ref(at.session_state[StateKeys.UPLOAD_DATASET])
    released.clear()
    del at
    _session_ended()
    assert holder() is None
    assert released.is_set()


def test_the_reaper_collects_when_a_session_closes_and_once_past_the_resume_window(monkeypatch):
    collected = []
    monkeypatch.setattr(memory, "collect_ended_sessions", lambda: collected.append(True))
    reaper = memory.Reaper()
    reaper.watch("open")
    reaper.watch("closing")
    open_now = {"open"}.__contains__
    assert reaper.reap(100.0, is_active=open_now, resume_window=120)  # "closing" closed
    assert reaper.sessions == {"open": None, "closing": 100.0}
    assert not reaper.reap(200.0, is_active=open_now, resume_window=120)  # kept for resume
    assert reaper.reap(100.0 + 120 + memory.REAP_INTERVAL_S + 1, open_now, 120)  # let go
    assert reaper.sessions == {"open": None}
    assert collected == [True, True]


def test_release_memory_trims_the_c_heap_and_pyarrow_pool(monkeypatch):
    import pyarrow

    calls = []
    monkeypatch.setattr(memory, "_MALLOC_TRIM", lambda pad: calls.append(("malloc_trim", pad)))

    class Pool:
        def release_unused(self) -> None:
            calls.append(("release_unused",))

    monkeypatch.setattr(pyarrow, "default_memory_pool", Pool)
    memory.release_memory()
    assert calls == [("malloc_trim", 0), ("release_unused",)]
