"""Results derived from the shared cached tables, remembered by the tables' identity.

The metric tables a page draws are shared, read-only objects (app/ui.py caches them as
resources, one per data version, filters and options), so a warm run gets the very same
objects again. Streamlit's own caches would hash every DataFrame argument on every run to
find a chart or a readable table (0.25 s of a warm Technical debt visit at 100,000
issues, more where a cell holds a list and the hash falls back to pickling); this memo
keys on the objects' identity instead, checked through weak references so that a freed
table whose id is reused never matches.
"""
from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class IdentityMemo:
    """At most `max_entries` results of `make()`, keyed on the identity of `objects` (alive)
    and on the hashable `values`; shared by every session of the process (thread-safe)."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple, tuple[tuple, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, objects: tuple, values: Hashable, make: Callable[[], Any]) -> Any:
        key = (tuple(id(o) for o in objects), values)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and all(ref() is o for ref, o in zip(entry[0], objects)):
                self._entries.move_to_end(key)
                return entry[1]
        result = make()
        refs = tuple(weakref.ref(o) for o in objects)
        with self._lock:
            # Results of freed objects (an older data version, a table of an earlier run)
            # can never match again: dropped first, so they hold no memory.
            for dead in [k for k, (held, _) in self._entries.items() if any(ref() is None for ref in held)]:
                del self._entries[dead]
            self._entries[key] = (refs, result)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return result

    def __len__(self) -> int:
        return len(self._entries)


def per_workspace(max_entries: int = 32):
    """Decorator for a function of (data, *args) whose result several metrics share (the
    delivered work of the balance metrics, the flow data of the delivery metrics ...):
    computed once per loaded workspace (by identity) and hashable args, not once per
    metric. The result is shared: callers must not change it in place."""
    def decorate(function):
        memo = IdentityMemo(max_entries)

        @functools.wraps(function)
        def remembered(data, *args):
            return memo.get((data,), args, lambda: function(data, *args))
        remembered.memo = memo
        return remembered
    return decorate
