"""The directory's data version, and a per-process cache of search results keyed on it.

Every write to a listing goes through its service row (imports and the demo replace it by id,
approving a change, checking, deleting and restoring update it; purging removes it), so the
number of a partnership's services and the newest ``updated_at_utc`` among them — with the same
for its organisations, whose names listings carry — change whenever anything a search can see
changes, in any process. A cached answer is never served for an older version (decision 0903).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import cache
from typing import Any, TypeVar, cast

from sqlalchemy import BindParameter, Select, bindparam, func, select
from sqlalchemy.orm import Session

from sendsight.directory.models import Organization, Service

T = TypeVar("T")
_MAX_ENTRIES = 512
_lock = threading.Lock()
_entries: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_building: dict[tuple[Any, ...], threading.Lock] = {}


def data_version(*, session: Session, partnership_id: str) -> tuple[object, ...]:
    """(services, newest service change, organisations, newest organisation change) of the
    partnership's directory, soft-deleted services included."""
    found = session.execute(_version_statement(), {"partnership_id": partnership_id}).one()
    return tuple(found)


@cache
def _version_statement() -> Select[Any]:
    """The version query, built once per process (it is asked on every search)."""
    wanted: BindParameter[str] = bindparam("partnership_id")
    # count(*), not count(id): the count then comes from the (partnership, updated) index.
    aggregates = [
        select(agg).select_from(model).where(model.partnership_id == wanted).scalar_subquery()
        for model in (Service, Organization)
        for agg in (func.count(), func.max(model.updated_at_utc))
    ]
    return select(*aggregates)


def cached(
    name: str, session: Session, partnership_id: str, build: Callable[[], T], *args: Hashable
) -> T:
    """``build()``, worked out once per data version of the partnership's directory for
    ``name`` and ``args``; the answer must hold no ORM objects (ids and numbers only). Threads
    asking for the same missing answer wait for the first to work it out (a search nobody has
    asked for yet costs one full-text match, not one per waiting request)."""
    version = data_version(session=session, partnership_id=partnership_id)
    key = (name, partnership_id, args, version)
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return cast(T, _entries[key])
        building = _building.setdefault(key, threading.Lock())
    with building:
        with _lock:
            if key in _entries:
                return cast(T, _entries[key])
        try:
            value = build()
            with _lock:
                _entries[key] = value
                while len(_entries) > _MAX_ENTRIES:
                    _entries.popitem(last=False)
        finally:
            with _lock:
                _building.pop(key, None)
    return value


def forget() -> None:
    """Drop every cached entry (as a new process would start)."""
    with _lock:
        _entries.clear()
        _building.clear()
