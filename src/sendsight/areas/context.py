"""Reference data the area pages need on every request, loaded once per statistics version.

Statistics change only when a release is imported, so the LA list, neighbours and per-indicator
frames are cached per process, keyed by the set of loaded releases: an import in any process
changes the key and the next request reloads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import polars as pl
from sqlalchemy.orm import Session

from sendsight.reference import queries as reference
from sendsight.reference.models import LocalAuthority
from sendsight.statistics import queries as statistics

T = TypeVar("T")
_lock = threading.Lock()
_cache: dict[tuple[Any, ...], Any] = {}
_MAX_ENTRIES = 4096


@dataclass(frozen=True, slots=True)
class AreaContext:
    """Current local authorities, every local authority there has been (``all_las``: a past
    period is ranked among the authorities of its day) and every LA's statistical neighbours."""

    las: pl.DataFrame
    names: dict[str, str]
    neighbours: dict[str, list[str]]
    all_las: pl.DataFrame

    @property
    def current(self) -> frozenset[str]:
        """The DfE codes of the current local authorities."""
        return frozenset(self.las["la_code"].to_list())


def statistics_version(session: Session) -> tuple[Any, ...]:
    """Identifies the loaded statistics: changes whenever a release is imported or removed."""
    return statistics.statistics_version(session=session)


def cached(session: Session, key: tuple[Any, ...], build: Callable[[], T]) -> T:
    """``build()`` once per statistics version and ``key``."""
    full_key = (statistics_version(session), *key)
    with _lock:
        if full_key in _cache:
            return _cache[full_key]  # type: ignore[no-any-return]
    value = build()
    with _lock:
        if len(_cache) >= _MAX_ENTRIES:
            _cache.clear()
        _cache[full_key] = value
    return value


def area_context(session: Session) -> AreaContext:
    """The LA list and neighbours, cached."""
    return cached(session, ("context",), lambda: _load_context(session))


def _frame(authorities: list[LocalAuthority]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "la_code": [la.dfe_code for la in authorities],
            "la_name": [la.name for la in authorities],
            "region_code": [la.region_code for la in authorities],
            "region_name": [la.region_name for la in authorities],
        },
        schema=dict.fromkeys(("la_code", "la_name", "region_code", "region_name"), pl.Utf8),
    )


def _load_context(session: Session) -> AreaContext:
    current = reference.list_local_authorities(session=session, current_only=True)
    every = reference.list_local_authorities(session=session, current_only=False)
    las = _frame(current)
    names = {la.dfe_code: la.name for la in every}
    codes = set(names) & {la.dfe_code for la in current}
    neighbours = {
        la: [n for n in found if n in codes]
        for la, found in reference.all_statistical_neighbours(session=session).items()
        if la in codes
    }
    return AreaContext(las, names, neighbours, _frame(every))
