"""The per-process cache of everything forecasting works out from published statistics.

Each entry is keyed by the *statistics version* (``statistics.queries.statistics_version``):
importing or removing a release in any process changes it, so the next request reads the new
figures and works the forecasts and their backtest out again; nothing older is served. Only
the last few entries are kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from sqlalchemy.orm import Session

from sendsight.statistics.queries import statistics_version

T = TypeVar("T")
_MAX_ENTRIES = 128
_lock = threading.Lock()
_entries: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


def cached(name: str, session: Session, build: Callable[[], T], *args: Hashable) -> T:
    """``build()``, worked out once per statistics version for ``name`` and ``args``."""
    key = (name, args, statistics_version(session=session))
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return cast(T, _entries[key])
    value = build()
    with _lock:
        _entries[key] = value
        while len(_entries) > _MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def forget() -> None:
    """Drop every cached entry (as a new process would start)."""
    with _lock:
        _entries.clear()
