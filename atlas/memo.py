"""Derived values that belong to one dataset (or one filtered view of it), computed once.

A published version's frames are shared read-only by every session of the process
(atlas.ui.loaders). What pages derive from them — the filter options, the view of a filter, the
regions reached in that view, the map's layers — is the same for every viewer of the same view,
so it is computed once and kept beside the frames it comes from, in a `Memo` owned by the
Dataset / FilteredView. It lives exactly as long as its owner: a version dropped from the
process cache takes its derived values with it; an upload's Dataset lives in its session only,
so what is derived from it is never seen by another session.

Values in a Memo are shared: callers must treat them as read-only (pandas' copy-on-write makes
a frame changed by a caller a copy, never the shared one).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

DEFAULT_ENTRIES = 64


class Memo:
    """A bounded, thread-safe map from a key to a value computed on first use.

    Sessions run in threads of one process: two may compute the same key at once (both
    results are equal; the first stored wins), but no lock is held while computing, so a slow
    value never blocks another session's different one. The least recently used entry goes
    first when more than `entries` are kept. Pickling (st.cache_data copies) drops the values:
    they are rebuilt on use."""

    def __init__(self, entries: int = DEFAULT_ENTRIES) -> None:
        self.entries = entries
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()
        with self._lock:
            if key in self._values:
                return self._values[key]
            self._values[key] = value
            while len(self._values) > self.entries:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __getstate__(self) -> dict:
        return {"entries": self.entries}

    def __setstate__(self, state: dict) -> None:
        Memo.__init__(self, state["entries"])

    def __repr__(self) -> str:  # dataclass reprs stay short
        return f"Memo({len(self._values)}/{self.entries})"

    def __eq__(self, other: object) -> bool:  # derived values never make two datasets differ
        return isinstance(other, Memo)

    __hash__ = None  # type: ignore[assignment]
