"""The partnership's whole log as plain records, read once per version of the log.

The log's pages (the log, coverage, the public page and its CSV, the board lines) read every
activity with its counts and items. They change only when someone imports a file, logs an
activity or answers an item, so the records are kept per partnership and *version* (each log
table's row count and newest change, one query) and shared across requests. Records are
frozen dataclasses, never ORM rows, so they are safe to share between sessions and threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar, cast

from sqlalchemy import bindparam, func, literal, select, union_all
from sqlalchemy.orm import Session

from sendsight.coproduction import queries
from sendsight.coproduction.models import EngagementActivity, EngagementCount, SaidItem
from sendsight.coproduction.records import ActivityRecord, ThemeRecord


@dataclass(frozen=True, slots=True)
class LoggedActivity:
    """An activity as stored: its id and its plain record."""

    id: str
    record: ActivityRecord

    @property
    def title(self) -> str:
        """What the activity was called."""
        return self.record.title

    @property
    def held_on(self) -> date:
        """The day it was held."""
        return self.record.held_on

    @property
    def method(self) -> str:
        """How it was run (a code from ``vocab.METHODS``)."""
        return self.record.method

    @property
    def ladder_level(self) -> str:
        """Its rung on the participation ladder (a code from ``vocab.LADDER``)."""
        return self.record.ladder_level

    @property
    def themes(self) -> tuple[ThemeRecord, ...]:
        """What was said at it, with the responses."""
        return self.record.themes


def _version_query() -> Any:
    tables: tuple[type[Any], ...] = (EngagementActivity, EngagementCount, SaidItem)
    parts = [
        select(literal(i), func.count(), func.max(model.updated_at_utc))
        .select_from(model)
        .where(model.partnership_id == bindparam("partnership_id"))
        for i, model in enumerate(tables)
    ]
    return union_all(*parts)


_VERSION = _version_query()
_lock = threading.Lock()
_cache: dict[tuple[object, ...], object] = {}
_MAX_CACHED = 64
T = TypeVar("T")


def remembered(key: tuple[object, ...], build: Callable[[], T]) -> T:
    """``build()`` once per ``key`` (which must name every input, the log's version included);
    the value must be immutable, as it is shared between requests."""
    with _lock:
        if key in _cache:
            return cast(T, _cache[key])
    value = build()
    with _lock:
        if len(_cache) >= _MAX_CACHED:
            _cache.clear()
        _cache[key] = value
    return value


def log_key(session: Session, partnership_id: str) -> tuple[object, ...]:
    """What identifies the partnership's log as it stands: database, partnership, version."""
    return (
        str(session.get_bind().engine.url),
        partnership_id,
        data_version(session=session, partnership_id=partnership_id),
    )


def data_version(*, session: Session, partnership_id: str) -> tuple[object, ...]:
    """A cheap fingerprint of the partnership's log: any change to it changes this."""
    rows = session.execute(_VERSION, {"partnership_id": partnership_id}).all()
    return tuple((int(n), str(at)) for _, n, at in sorted(rows, key=lambda r: r[0]))


def logged(*, session: Session, partnership_id: str) -> tuple[LoggedActivity, ...]:
    """Every activity of the partnership, newest first, with its counts and items."""
    return remembered(
        ("logged", *log_key(session, partnership_id)),
        lambda: tuple(
            LoggedActivity(activity.id, record)
            for activity, record in queries.list_activity_records(
                session=session, partnership_id=partnership_id
            )
        ),
    )
