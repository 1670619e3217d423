"""The demo's one clock: the day a demo is built "as at", and the last complete month before it.

Everything the demo dates (case events, measure values, notes, actions, places) is placed
relative to one ``today`` so that the same day always builds the same database, and any day
builds a demo that looks current. :func:`resolve` is the only place the demo reads the real date.
"""

from __future__ import annotations

from datetime import date, timedelta


def resolve(today: date | None) -> date:
    """``today`` when given (a frozen demo), else the real date (``make demo``)."""
    return date.today() if today is None else today


def last_complete_month_end(today: date) -> date:
    """The last day of the last complete month before ``today`` (the demo's data run to it)."""
    return today.replace(day=1) - timedelta(days=1)


def month_index(day: date) -> int:
    """Months since year 0 (year × 12 + month − 1), as monthly measure periods count them."""
    return day.year * 12 + day.month - 1


def last_ended_year(cut: date, start_month: int) -> int:
    """The start year of the last complete year starting in ``start_month`` ended by ``cut``.

    An academic year starts in September (9), a financial year in April (4).
    """
    year = cut.year - 1
    ends = date(year + 1, start_month, 1) - timedelta(days=1)
    return year if ends <= cut else year - 1
