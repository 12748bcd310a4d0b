"""Memory a session leaves behind: collected once the session has ended, and handed back to the OS.

Two things kept a server's RSS near its peak after the sessions that uploaded files had ended
(bench/bench_upload_memory.py):

- Frozen sessions. `atlas.dataset.freeze_shared` calls gc.freeze() after loading a version's
  frames, which moves *every* object alive at that moment to the collector's permanent
  generation, including the Streamlit sessions open then (their state, their upload). A
  session's objects form reference cycles, and a frozen cycle is never collected: such a
  session, and the upload in its state, stayed for the life of the process. Every run notes its
  session (`watch_session`); a background thread checks those sessions every REAP_INTERVAL_S
  (Runtime.is_active_session) and, when one has closed and again once it is past Streamlit's
  resume window (`server.disconnectedSessionTTL`), runs one full collection with the frozen
  objects included (gc.unfreeze, gc.collect, gc.freeze again: what is still alive, such as the
  shared frames, stays frozen).
- The allocators keep freed pages: glibc malloc keeps free chunks in its arenas, pyarrow's pool
  its unused memory. After an upload is built or let go, and after each such collection, the
  same thread calls glibc's malloc_trim(0) and releases pyarrow's unused pool memory
  (`release_memory`). CPython's small-object allocator only returns whole 1 MiB arenas; the
  README's deployment notes (MALLOC_ARENA_MAX=2, PYTHONMALLOC=malloc) let the trim reach those
  objects' memory too.

Streamlit has no "session ended" callback; atlas.ui.loaders.HeldUpload's finalizer asks for a
release when an upload is let go, and the reaper above covers sessions that end.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import sys
import threading
import time
from collections.abc import Callable

from streamlit import config, runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

LOGGER = logging.getLogger(__name__)
REAP_INTERVAL_S = 15.0


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, None on a C library without it (musl, macOS, Windows)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


_MALLOC_TRIM = _malloc_trim()
_RELEASE_WANTED = threading.Event()
_LOCK = threading.RLock()  # re-entrant: a finalizer may ask for a release while it is held
_worker: threading.Thread | None = None


def release_memory() -> None:
    """Return the free memory of the C allocators to the OS (what can be returned)."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)
    pyarrow = sys.modules.get("pyarrow")
    if pyarrow is not None:
        pyarrow.default_memory_pool().release_unused()


def collect_ended_sessions() -> None:
    """One full collection, frozen objects included (gc.freeze is restored after), then
    release_memory."""
    frozen = gc.get_freeze_count() > 0
    if frozen:
        gc.unfreeze()
    gc.collect()
    if frozen:
        gc.freeze()
    release_memory()


def _session_is_active(session_id: str) -> bool:
    if not runtime.exists():
        return True  # bare mode (tests, scripts): no sessions to watch
    return runtime.get_instance().is_active_session(session_id)


class Reaper:
    """The sessions seen, and when each was first seen closed; `reap` collects when one has
    closed and again once it is past Streamlit's resume window."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        # session id -> when it was first seen closed (time.monotonic()), None while active
        self.sessions: dict[str, float | None] = {}

    def watch(self, session_id: str) -> None:
        with self._lock:
            self.sessions.setdefault(session_id, None)

    def reap(
        self,
        now: float,
        is_active: Callable[[str], bool] = _session_is_active,
        resume_window: float | None = None,
    ) -> bool:
        """Collect (collect_ended_sessions) when a watched session has closed, and again once it
        is past the resume window (Streamlit then lets it go). True when it collected."""
        if resume_window is None:
            resume_window = float(config.get_option("server.disconnectedSessionTTL"))
        collect = False
        with self._lock:
            for session_id, closed_at in list(self.sessions.items()):
                if is_active(session_id):
                    self.sessions[session_id] = None
                elif closed_at is None:
                    self.sessions[session_id] = now
                    collect = True  # shut down now, or kept for a reconnect
                elif now - closed_at > resume_window + REAP_INTERVAL_S:
                    del self.sessions[session_id]
                    collect = True  # past the resume window: Streamlit has let it go
        if collect:
            collect_ended_sessions()
        return collect


_REAPER = Reaper()


def reap(
    now: float,
    is_active: Callable[[str], bool] = _session_is_active,
    resume_window: float | None = None,
) -> bool:
    """The process's Reaper.reap."""
    return _REAPER.reap(now, is_active, resume_window)


def _work() -> None:
    while True:
        wanted = _RELEASE_WANTED.wait(REAP_INTERVAL_S)
        _RELEASE_WANTED.clear()
        try:
            if not reap(time.monotonic()) and wanted:
                release_memory()
        except Exception:  # the thread must live on: the next round tries again
            LOGGER.exception("collecting ended sessions' memory failed")


def _ensure_worker() -> None:
    global _worker
    with _LOCK:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="atlas-memory", daemon=True)
            _worker.start()


def release_memory_soon() -> None:
    """Ask the background thread to run release_memory (requests made while it runs are
    coalesced). Safe in a finalizer: it only sets an event, and the thread runs after the
    objects being dropped now are freed, not in the middle of that."""
    _ensure_worker()
    _RELEASE_WANTED.set()


def watch_session() -> None:
    """Note this run's session, so that its end is noticed (call once per script run)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    _REAPER.watch(ctx.session_id)
    _ensure_worker()
