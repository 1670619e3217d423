"""The at-risk caseload: open requests, the stage each has reached and its next statutory deadline.

An **open** request, as at a date, is one received on or before that date that has neither been
decided against (not to assess, withdrawn) nor reached its end (plan issued, decision not to
issue, withdrawn) by that date. Events dated after the as-at date are treated as not yet
happened, so the list can be rebuilt for any past day.

Its **stage** is ``decision`` while the LA has not decided whether to assess, ``assessment``
once it has decided to assess, and ``draft`` once the draft plan has been served.

Its **next deadline** is the decision whether to assess (6 weeks, SI 2014/1530 reg 5(1)) while
undecided, then the final plan (20 weeks, reg 13(2)) once the decision is to assess.
``days_remaining`` is the deadline's last day in time minus the as-at date: 0 means "due today",
negative means overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Final

import polars as pl

from sendsight.ehc import clock

COLUMNS = (
    "la_code",
    "request_id",
    "received_on",
    "stage",
    "next_deadline",
    "deadline_on",
    "days_remaining",
)
STAGES: Final = {
    "decision": "Deciding whether to assess",
    "assessment": "Needs assessment",
    "draft": "Draft plan served",
}
DEADLINES: Final = {
    "decision": "Decision whether to assess (6 weeks, SI 2014/1530 reg 5(1))",
    "final_plan": "Final plan issued (20 weeks, SI 2014/1530 reg 13(2))",
}
SORTS: Final = ("days_left", "received")
# The page's columns, in its order, as the CSV carries them (no caseworker: the data has none).
CSV_COLUMNS: Final = COLUMNS[1:]
# The home page counts requests whose next deadline falls within this many days.
DUE_SOON_DAYS: Final = 14


def _by(column: str, as_of: date) -> pl.Expr:
    """True when ``column``'s event had happened by ``as_of``."""
    return pl.col(column).is_not_null() & (pl.col(column) <= as_of)


def at_risk(
    requests: pl.DataFrame,
    as_of: date,
    la_code: str | None = None,
    boundary: clock.Boundary = clock.DEFAULT_BOUNDARY,
) -> pl.DataFrame:
    """Open requests with their stage and next deadline, soonest first (then by LA and id)."""
    frame = requests if la_code is None else requests.filter(pl.col("la_code") == la_code)
    decided = _by("decision_on", as_of)
    assessing = decided & (pl.col("decision") == "assess")
    ended = _by("final_issued_on", as_of) | _by("assessment_outcome_on", as_of) & pl.col(
        "assessment_outcome"
    ).is_in(["not_issue", "withdrawn"])
    open_rows = frame.filter(
        (pl.col("received_on") <= as_of) & (~decided | assessing) & ~(assessing & ended)
    )
    decision_day = clock.last_day_expr("received_on", clock.DECISION_WEEKS, boundary)
    plan_day = clock.last_day_expr("received_on", clock.FINAL_PLAN_WEEKS, boundary)
    result = open_rows.with_columns(
        pl.when(~assessing)
        .then(pl.lit("decision"))
        .when(_by("draft_issued_on", as_of))
        .then(pl.lit("draft"))
        .otherwise(pl.lit("assessment"))
        .alias("stage"),
        pl.when(assessing)
        .then(pl.lit("final_plan"))
        .otherwise(pl.lit("decision"))
        .alias("next_deadline"),
        pl.when(assessing).then(plan_day).otherwise(decision_day).alias("deadline_on"),
    ).with_columns((pl.col("deadline_on") - pl.lit(as_of)).dt.total_days().alias("days_remaining"))
    return result.select(COLUMNS).sort("days_remaining", "la_code", "request_id")


@dataclass(frozen=True, slots=True)
class Filters:
    """Which open requests a caseworker wants to see, and in what order.

    ``stage`` keeps one stage (``""``: all); ``overdue_only`` keeps requests past their deadline;
    ``within_days`` keeps requests whose deadline is at most that many days away, overdue ones
    included; ``sort`` is ``days_left`` (soonest deadline first) or ``received`` (oldest first).
    """

    stage: str = ""
    overdue_only: bool = False
    within_days: int | None = None
    sort: str = "days_left"


def chosen(frame: pl.DataFrame, filters: Filters) -> pl.DataFrame:
    """The rows of an :func:`at_risk` frame that ``filters`` keep, in the order it asks for."""
    if filters.stage:
        frame = frame.filter(pl.col("stage") == filters.stage)
    if filters.overdue_only:
        frame = frame.filter(pl.col("days_remaining") < 0)
    if filters.within_days is not None:
        frame = frame.filter(pl.col("days_remaining") <= filters.within_days)
    if filters.sort == "received":
        return frame.sort("received_on", "la_code", "request_id")
    return frame.sort("days_remaining", "la_code", "request_id")


@dataclass(frozen=True, slots=True)
class Counts:
    """How many requests are open, past their next deadline, and due within ``DUE_SOON_DAYS``."""

    open: int
    overdue: int
    due_soon: int


def counts(frame: pl.DataFrame) -> Counts:
    """The counts of an :func:`at_risk` frame."""
    days = frame.get_column("days_remaining")
    return Counts(
        open=frame.height,
        overdue=int((days < 0).sum()),
        due_soon=int(((days >= 0) & (days <= DUE_SOON_DAYS)).sum()),
    )


def at_risk_records(
    requests: pl.DataFrame,
    as_of: date,
    la_code: str,
    boundary: clock.Boundary = clock.DEFAULT_BOUNDARY,
) -> list[dict[str, Any]]:
    """The at-risk list as ``sendsight ehc at-risk --format json`` prints it (ISO dates)."""
    frame = at_risk(requests, as_of, la_code, boundary)
    return [
        {
            "request_id": request_id,
            "next_deadline": kind,
            "deadline_on": deadline.isoformat(),
            "days_remaining": days,
        }
        for request_id, kind, deadline, days in frame.select(
            "request_id", "next_deadline", "deadline_on", "days_remaining"
        ).iter_rows()
    ]
