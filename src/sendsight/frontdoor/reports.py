"""The front door's figures for one LA and year, read from the store (CLI, pages, scorecard)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Final

import polars as pl
from sqlalchemy.orm import Session

from sendsight.frontdoor import analytics, queries, vocab

# (LA, year, partnership) -> (data version, when built, the year): pages read the same year
# many times. Kept until a request or decision changes; rows deleted by the retention schedule
# change no timestamp, so an entry is also built again after ``_CACHE_SECONDS``.
_CACHE: dict[tuple[str, int, str | None], tuple[tuple[object, ...], float, YearView]] = {}
_CACHE_SIZE: Final = 32
_CACHE_SECONDS: Final = 600.0
_BUILDING: Final = threading.Lock()
# The analytics page's breakdowns of decisions (funnel plots) and of requests (counts).
FUNNEL_UNITS: Final = ("panel_name", "need_area", "phase", "locality", "setting_urn")
BREAKDOWNS: Final[tuple[tuple[str, str, dict[str, str]], ...]] = (
    ("source", "source", vocab.SOURCES),
    ("need", "need_area", vocab.NEED_AREAS),
    ("locality", "locality", {}),
    ("school", "setting_urn", {}),
    ("month", "month", {}),
)


def partnership_of(session: Session, la_code: str) -> str | None:
    """The partnership covering ``la_code``, if any."""
    from sendsight.access import queries as access_queries

    found = access_queries.partnership_for_la_or_none(session=session, la_code=la_code)
    return None if found is None else found.id


def route_days(session: Session, la_code: str, partnership_id: str | None = None) -> int:
    """The route-decision target (working days) of the partnership covering ``la_code``."""
    owner = partnership_id or partnership_of(session, la_code)
    if owner is None:
        return queries.get_targets(session=session, partnership_id="").route_days
    return queries.get_targets(session=session, partnership_id=owner).route_days


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class YearView:
    """One year's figures, worked out once: the totals (``analytics.stats``), the decision
    rates with funnel limits by each of :data:`FUNNEL_UNITS`, and the requests received by
    each of :data:`BREAKDOWNS` as (label, count) pairs. Counts are exact: pages pass them
    through the reader's viewpoint."""

    figures: dict[str, Any]
    units: dict[str, list[dict[str, Any]]]
    breakdowns: dict[str, list[tuple[str, int]]]


def year_view(
    session: Session, *, la_code: str, year: int, partnership_id: str | None = None
) -> YearView:
    """The year's figures (see ``analytics.stats``): its requests, with the 12 months before
    it (child and day only, to find re-requests), and its decisions. Kept until a request or
    decision of the LA changes, as pages read the same year many times."""
    key = (la_code, year, partnership_id)
    days = route_days(session, la_code, partnership_id)
    version = (*queries.data_version(session=session, la_code=la_code), days)
    held = _held(key, version)
    if held is not None:
        return held
    # One build at a time: requests arriving together wait for it instead of each building.
    with _BUILDING:
        held = _held(key, version)
        if held is not None:
            return held
        found = _build(
            session, la_code=la_code, year=year, partnership_id=partnership_id, days=days
        )
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = (version, time.monotonic(), found)
    return found


def _held(key: tuple[str, int, str | None], version: tuple[object, ...]) -> YearView | None:
    cached = _CACHE.get(key)
    if cached is None or cached[0] != version:
        return None
    return cached[2] if time.monotonic() - cached[1] < _CACHE_SECONDS else None


def _build(
    session: Session, *, la_code: str, year: int, partnership_id: str | None, days: int
) -> YearView:
    start, end = analytics.year_bounds(year)
    before = queries.requests_frame(
        session=session,
        la_code=la_code,
        partnership_id=partnership_id,
        received_from=analytics.previous_year_start(year),
        received_to=start - timedelta(days=1),
        columns=("person_id", "received_on"),
    )
    during = queries.requests_frame(
        session=session,
        la_code=la_code,
        partnership_id=partnership_id,
        received_from=start,
        received_to=end,
    )
    requests = pl.concat([before, during], how="diagonal")
    decisions = queries.decisions_frame(
        session=session,
        la_code=la_code,
        decided_from=start,
        decided_to=end,
        partnership_id=partnership_id,
    )
    figures = analytics.stats(requests, decisions, year=year, la_code=la_code, route_days=days)
    units = {unit: analytics.panel_rates(decisions, unit) for unit in FUNNEL_UNITS}
    return YearView(figures, units, _breakdowns(during))


def _breakdowns(requests: pl.DataFrame) -> dict[str, list[tuple[str, int]]]:
    frame = requests.with_columns(pl.col("received_on").dt.strftime("%Y-%m").alias("month"))
    return {
        name: [(labels.get(k, k), n) for k, n in analytics.counts(frame, column, labels).items()]
        for name, column, labels in BREAKDOWNS
    }


def year_stats(
    session: Session, *, la_code: str, year: int, partnership_id: str | None = None
) -> dict[str, Any]:
    """The front door figures of ``la_code`` for calendar ``year`` (see ``analytics.stats``)."""
    return year_view(session, la_code=la_code, year=year, partnership_id=partnership_id).figures


def forget() -> None:
    """Drop every cached year (as a new process would start; benchmarks and tests)."""
    _CACHE.clear()
