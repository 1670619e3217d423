"""The front door's figures for one LA and year, read from the store (CLI, pages, scorecard)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Final

import polars as pl
from sqlalchemy.orm import Session

from sendsight.frontdoor import analytics, queries

# (LA, year, partnership) -> (data version, frames): pages read the same year many times.
_CACHE: dict[tuple[str, int, str | None], tuple[tuple[object, ...], YearView]] = {}
_CACHE_SIZE: Final = 32


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


@dataclass(frozen=True, slots=True)
class YearView:
    """One year's figures and the frames they came from (for the page's breakdowns)."""

    figures: dict[str, Any]
    requests: pl.DataFrame
    decisions: pl.DataFrame


def year_view(
    session: Session, *, la_code: str, year: int, partnership_id: str | None = None
) -> YearView:
    """The year's figures (see ``analytics.stats``): its requests, with the 12 months before
    it (child and day only, to find re-requests), and its decisions. Kept until a request or
    decision of the LA changes, as pages read the same year many times."""
    key = (la_code, year, partnership_id)
    days = route_days(session, la_code, partnership_id)
    version = (*queries.data_version(session=session, la_code=la_code), days)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
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
    found = YearView(figures, requests, decisions)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = (version, found)
    return found


def year_stats(
    session: Session, *, la_code: str, year: int, partnership_id: str | None = None
) -> dict[str, Any]:
    """The front door figures of ``la_code`` for calendar ``year`` (see ``analytics.stats``)."""
    return year_view(session, la_code=la_code, year=year, partnership_id=partnership_id).figures
