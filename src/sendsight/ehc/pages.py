"""What the EHC pages show, built from fact frames: tables as rows of text, after disclosure.

A :class:`Guard` decides how a figure is shown. For people with case-level access figures are
shown as computed; for everyone else every count goes through :mod:`sendsight.disclosure`
(small counts become ``c``) and every rate is hidden when its parts are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

import polars as pl
from sqlalchemy.orm import Session

from sendsight.core.errors import NotFound
from sendsight.disclosure import explain_symbols, protect_count, protect_rate
from sendsight.ehc import clock
from sendsight.ehc.facts import STAGE_LABELS, band_labels
from sendsight.ehc.models import EhcAdvice, EhcRequest, EhcReview

PUBLISHED_INDICATOR: Final = "pct-20-weeks-excl-exceptions"
ADVICE_LABELS: Final = {
    "education": "Education", "health": "Health", "social_care": "Social care",
    "educational_psychology": "Educational psychology", "other": "Other",
}  # fmt: skip
DIFFERENCE_NOTE: Final = (
    "Our figure is worked out from the cases imported here; DfE's comes from the SEN2 return "
    "the council submitted. They differ when cases were added or corrected after the return, "
    "when exceptions were recorded differently, or when the deadline setting counts a plan "
    "issued on day 140 differently from DfE."
)


@dataclass
class Guard:
    """Shows figures as they are (``protect`` false) or through disclosure control."""

    protect: bool
    threshold: int = 5
    round_to: int | None = None
    symbols: set[str] = field(default_factory=set)

    def count(self, n: int | None) -> str:
        """A count as text."""
        if not self.protect:
            return "x" if n is None else f"{n:,}"
        cell = protect_count(n, threshold=self.threshold, round_to=self.round_to)
        return self._note(cell.symbol) or f"{cell.value:,.0f}"

    def rate(self, numerator: int | None, denominator: int | None) -> str:
        """A percentage (1 decimal place) of two counts as text."""
        if self.protect:
            cell = protect_rate(numerator, denominator, threshold=self.threshold)
            return self._note(cell.symbol) or f"{cell.value:.1f}"
        if numerator is None or denominator is None:
            return self._note("x")
        if denominator == 0:
            return self._note("z")
        return f"{_half_up(numerator, denominator):.1f}"

    def rate_value(self, numerator: int | None, denominator: int | None) -> float | None:
        """The percentage for a chart, or None where the table shows a symbol."""
        text = self.rate(numerator, denominator)
        return None if text in ("c", "x", "z", "low") else float(text)

    def notes(self) -> list[str]:
        """The explanation of every symbol used so far."""
        return explain_symbols(self.symbols, threshold=self.threshold)

    def _note(self, symbol: str | None) -> str:
        if symbol:
            self.symbols.add(symbol)
        return symbol or ""


def _half_up(numerator: int, denominator: int) -> float:
    return ((2000 * numerator + denominator) // (2 * denominator)) / 10


def published_by_year(session: Session, la_code: str) -> dict[int, float | None]:
    """DfE's published % of plans within 20 weeks excluding exceptions, by calendar year."""
    from sendsight.statistics import queries as stats

    try:
        series = stats.indicator_series(session=session, indicator_id=PUBLISHED_INDICATOR,
                                        area_code=la_code)  # fmt: skip
    except NotFound:  # the indicator registry or its statistics are not loaded
        return {}
    return {int(p[:4]): v for p, v in series.select("period", "value").iter_rows()}


def yearly_rows(
    timeliness: pl.DataFrame, published: dict[int, float | None], guard: Guard
) -> list[dict[str, Any]]:
    """One row per year: volumes, our 20-week rates, DfE's figure and the difference."""
    rows = []
    for r in timeliness.sort("year").iter_rows(named=True):
        ours = guard.rate(r["plans_within_20_weeks_excl_exceptions"],
                          r["plans_issued_excl_exceptions"])  # fmt: skip
        theirs = published.get(r["year"])
        gap = _gap(ours, theirs)
        rows.append({
            "year": r["year"], "requests": guard.count(r["requests_received"]),
            "plans": guard.count(r["plans_issued"]), "ours_excl": ours,
            "ours_incl": guard.rate(r["plans_within_20_weeks"], r["plans_issued"]),
            "decisions_6": guard.rate(r["decisions_within_6_weeks"], r["decisions_made"]),
            "reviews_4": guard.rate(r["review_decisions_within_4_weeks"], r["review_decisions"]),
            "published": "x" if theirs is None else f"{theirs:.1f}",
            "difference": "" if gap is None else f"{gap:+.1f}", "disagree": bool(gap),
        })  # fmt: skip
    return rows


def _gap(ours: str, theirs: float | None) -> float | None:
    try:
        return None if theirs is None else round(float(ours) - theirs, 1)
    except ValueError:
        return None


YEARLY_CSV: Final = (
    ("year", "Year"), ("requests", "Requests received"), ("plans", "Plans issued"),
    ("ours_excl", "% within 20 weeks excl. exceptions (ours)"),
    ("published", "% within 20 weeks excl. exceptions (DfE)"), ("difference", "Difference"),
    ("ours_incl", "% within 20 weeks incl. exceptions"),
    ("decisions_6", "% decisions within 6 weeks"),
    ("reviews_4", "% review decisions within 4 weeks"),
)  # fmt: skip


def monthly_rows(monthly: pl.DataFrame, guard: Guard) -> list[dict[str, Any]]:
    """One row per month of issue: plans issued and % within 20 weeks excluding exceptions."""
    return [
        {"month": r["month"], "plans": guard.count(r["plans_issued"]),
         "pct": guard.rate(r["plans_within_20_weeks_excl_exceptions"],
                           r["plans_issued_excl_exceptions"]),
         "value": guard.rate_value(r["plans_within_20_weeks_excl_exceptions"],
                                   r["plans_issued_excl_exceptions"])}
        for r in monthly.sort("month").iter_rows(named=True)
    ]  # fmt: skip


def stage_rows(stages: pl.DataFrame, year: int, guard: Guard) -> list[dict[str, Any]]:
    """For plans issued in ``year``: per stage, how many took each band of weeks."""
    chosen = stages.filter(pl.col("year") == year)
    rows = []
    for stage, label in STAGE_LABELS.items():
        found = dict(chosen.filter(pl.col("stage") == stage).select("weeks_band", "plans").rows())
        counts = [guard.count(found.get(band, 0)) for band in band_labels()]
        rows.append({"stage": label, "counts": counts})
    return rows


def advice_rows(advice: pl.DataFrame, year: int, guard: Guard) -> list[dict[str, Any]]:
    """Advice returned in ``year`` by agency: how many, % within 6 weeks, median days."""
    chosen = advice.filter(pl.col("year") == year).sort("advice_type")
    return [
        {"agency": ADVICE_LABELS.get(r["advice_type"], r["advice_type"]),
         "returned": guard.count(r["advice_returned"]),
         "pct": guard.rate(r["advice_within_6_weeks"], r["advice_returned"]),
         "value": guard.rate_value(r["advice_within_6_weeks"], r["advice_returned"]),
         "mean_days": "x" if r["mean_days_to_advice"] is None
         else f"{r['mean_days_to_advice']:.0f}"}
        for r in chosen.iter_rows(named=True)
    ]  # fmt: skip


@dataclass(frozen=True)
class Event:
    """One dated step in a child's EHC journey, with its statutory deadline where there is one."""

    on: date | None
    what: str
    due_on: date | None = None

    @property
    def late(self) -> bool:
        """True when the step happened after its last day in time."""
        return self.on is not None and self.due_on is not None and self.on > self.due_on


def timeline(
    request: EhcRequest,
    advice: list[EhcAdvice],
    reviews: list[EhcReview],
    boundary: clock.Boundary = clock.DEFAULT_BOUNDARY,
) -> list[Event]:
    """The steps of one request in date order (undated steps, still to happen, last)."""
    received = request.received_on
    events = [Event(received, "Request for an EHC needs assessment received")]
    if request.decision_on:
        events.append(Event(request.decision_on, f"Decision: {request.decision}",
                            clock.decision_due_on(received, boundary)))  # fmt: skip
    events += [Event(a.received_on, f"{ADVICE_LABELS.get(a.advice_type, a.advice_type)} advice "
                     f"received (requested {a.requested_on.isoformat()})",
                     clock.advice_due_on(a.requested_on, boundary)) for a in advice]  # fmt: skip
    if request.draft_issued_on:
        events.append(Event(request.draft_issued_on, "Draft plan issued"))
    if request.assessment_outcome_on and request.assessment_outcome != "issue":
        events.append(Event(request.assessment_outcome_on,
                            f"Assessment outcome: {request.assessment_outcome}",
                            clock.not_to_issue_due_on(received, boundary)))  # fmt: skip
    if request.final_issued_on:
        events.append(Event(request.final_issued_on, "Final plan issued",
                            clock.final_plan_due_on(received, boundary)))  # fmt: skip
    events += [Event(r.decision_on, f"Annual review (meeting {r.review_meeting_on.isoformat()}): "
                     f"{r.decision or 'no decision yet'}",
                     clock.review_decision_due_on(r.review_meeting_on, boundary))
               for r in reviews]  # fmt: skip
    return sorted(events, key=lambda e: (e.on is None, e.on or date.max, e.what))
