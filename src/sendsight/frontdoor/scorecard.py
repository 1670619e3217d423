"""The front door's monthly figures as computed facts for the outcomes scorecard.

A measure with ``source_kind="fact"`` and ``source_key`` one of :data:`FACTS` is filled, one
value per calendar month received (period ``YYYY-MM``), by
``sendsight.outcomes.sources.refresh_measures``. Percentages carry numerator and denominator
so the scorecard applies disclosure control to them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from sqlalchemy.orm import Session

from sendsight.frontdoor import analytics, queries, reports
from sendsight.outcomes.sources import SourcePoint, register_fact

# key: (label, numerator column, denominator column or None for a count)
FACTS: Final[dict[str, tuple[str, str, str | None]]] = {
    "frontdoor_requests": ("Requests for support received", "requests", None),
    "frontdoor_triaged_in_time": (
        "% of requests whose route was decided within the target working days",
        "in_time",
        "routed",
    ),
    "frontdoor_resolved_without_statutory": (
        "% of routed requests resolved without a statutory assessment or panel",
        "resolved",
        "routed",
    ),
}


def series(session: Session, la_code: str, key: str) -> list[SourcePoint]:
    """The monthly values of fact ``key`` for ``la_code``."""
    _, numerator, denominator = FACTS[key]
    frame = queries.requests_frame(
        session=session,
        la_code=la_code,
        columns=("received_on", "route", "unmet_need", "working_days_to_route"),
    )
    table = analytics.monthly(frame, reports.route_days(session, la_code))
    points = []
    for row in table.iter_rows(named=True):
        top = float(row[numerator])
        if denominator is None:
            points.append(SourcePoint(period=row["month"], value=top))
        elif row[denominator]:
            bottom = float(row[denominator])
            points.append(SourcePoint(row["month"], round(100 * top / bottom, 1), top, bottom))
    return points


def _compute(key: str) -> Callable[[Session, str], list[SourcePoint]]:
    def compute(session: Session, la_code: str) -> list[SourcePoint]:
        return series(session, la_code, key)

    return compute


def register() -> list[str]:
    """Offer every front door fact to the scorecard."""
    for key, (label, *_) in FACTS.items():
        register_fact(key, label, _compute(key))
    return sorted(FACTS)
