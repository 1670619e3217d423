"""Events on a measure's turn-the-curve timeline: its actions starting and, when co-production
is installed (``optional_module``), what families said about it and when we responded.

Each event is placed between the chart's period points by its date: a period's point stands
for the day the period ends (``outcomes.periods.end_of``), so an event in June of a calendar
year falls about halfway from the year before's point to that year's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from sendsight.outcomes import pages, periods
from sendsight.web.charts.lines import EventMark
from sendsight.wiring import optional_module


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One event listed under the chart; ``position`` None when it is outside the chart."""

    number: int
    on: date
    kind: str
    label: str
    position: float | None


def timeline(
    session: Session, page: pages.MeasurePage, *, partnership_id: str
) -> list[TimelineEvent]:
    """The measure's events, oldest first, numbered, with their place on the chart."""
    found = [
        (a.start_on, "action", f"Action started: {a.title}")
        for a in page.actions
        if a.start_on is not None
    ]
    module = optional_module("sendsight.coproduction.queries")
    reader = getattr(module, "events_for_measure", None) if module is not None else None
    if reader is not None:
        events = reader(
            session=session, partnership_id=partnership_id, measure_id=page.row.measure.id
        )
        found += [(e.on, e.kind, e.label) for e in events]
    ends = _period_ends([ln.period for ln in page.lines], page.row.measure.frequency)
    return [
        TimelineEvent(number, on, kind, label, position(on, ends))
        for number, (on, kind, label) in enumerate(sorted(found), start=1)
    ]


def marks(events: Sequence[TimelineEvent]) -> list[EventMark]:
    """The events that fall within the chart, as chart marks."""
    return [EventMark(e.position, e.number, e.label) for e in events if e.position is not None]


def _period_ends(codes: Sequence[str], frequency: str) -> list[date]:
    try:
        return [periods.end_of(periods.parse(code, frequency)) for code in codes]
    except (periods.PeriodMismatch, ValueError):
        return []


def position(day: date, ends: Sequence[date]) -> float | None:
    """Where ``day`` falls among the period points ending on ``ends`` (0 the first point);
    None before the first period began or after the last ended, or with fewer than two."""
    if len(ends) < 2 or day > ends[-1]:
        return None
    if day <= ends[0]:
        first = (ends[1] - ends[0]).days
        return 0.0 if (ends[0] - day).days < first else None
    for index in range(1, len(ends)):
        if day <= ends[index]:
            span = (ends[index] - ends[index - 1]).days
            return index - 1 + (day - ends[index - 1]).days / span
    return None
