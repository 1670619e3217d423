"""The statutory clock for EHC needs assessments, plans and reviews (pure date arithmetic).

Every period is counted in **calendar** days: the SEND Regulations 2014 (SI 2014/1530) give
weeks, not working days. A deadline of *N* weeks falls on day ``7 * N`` after its start date, so a
plan issued on day 140 after the request was received is within 20 weeks.

Whether an event *on* the deadline day counts as in time is one setting, the **boundary**:

* ``"on_or_before"`` (default): in time when ``event <= start + 7N days``;
* ``"before"``: in time only when ``event < start + 7N days``.

DfE does not publish which of the two it applies to SEN2 (see docs/decisions/0201-ehc-clock.md).
The web app and CLI pass the ``SENDSIGHT_EHC_DEADLINE_BOUNDARY`` setting here.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final, Literal, get_args

import polars as pl

Boundary = Literal["on_or_before", "before"]
BOUNDARIES: Final[tuple[str, ...]] = get_args(Boundary)
DEFAULT_BOUNDARY: Final[Boundary] = "on_or_before"

# SI 2014/1530 reg 5(1): decide whether to assess within 6 weeks of receiving the request.
DECISION_WEEKS: Final = 6
# SI 2014/1530 reg 8(1): advice and information within 6 weeks of the LA's request for it.
ADVICE_WEEKS: Final = 6
# SI 2014/1530 reg 10(1): notify a decision not to issue a plan within 16 weeks of the request.
NOT_TO_ISSUE_WEEKS: Final = 16
# SI 2014/1530 reg 13(2): issue the final EHC plan within 20 weeks of the request.
FINAL_PLAN_WEEKS: Final = 20
# SI 2014/1530 reg 13(1)(a): at least 15 days, beginning with the day the draft is served.
DRAFT_COMMENT_DAYS: Final = 15
# SI 2014/1530 reg 20: the review decision within 4 weeks of the review meeting.
REVIEW_DECISION_WEEKS: Final = 4
# SI 2014/1530 reg 22(3): the amended plan within 8 weeks of sending the proposed amendments…
AMENDED_PLAN_WEEKS: Final = 8
# …which with reg 20's 4 weeks gives 12 weeks from the meeting (R (L, M and P) v Devon [2022]).
AMENDED_PLAN_FROM_MEETING_WEEKS: Final = 12


def check_boundary(boundary: str) -> Boundary:
    """Return ``boundary`` as a :data:`Boundary`, or raise ``ValueError`` naming the choices."""
    if boundary not in BOUNDARIES:
        raise ValueError(f"Deadline boundary must be one of {', '.join(BOUNDARIES)}: {boundary!r}")
    return boundary  # type: ignore[return-value]


def last_day_in_time(start: date, weeks: int, boundary: Boundary = DEFAULT_BOUNDARY) -> date:
    """The last calendar day on which an event still meets an *N*-week limit from ``start``."""
    day = start + timedelta(days=7 * weeks)
    return day if check_boundary(boundary) == "on_or_before" else day - timedelta(days=1)


def is_within(start: date, event: date, weeks: int, boundary: Boundary = DEFAULT_BOUNDARY) -> bool:
    """Whether ``event`` meets an *N*-week limit that started on ``start``."""
    return event <= last_day_in_time(start, weeks, boundary)


def decision_due_on(received_on: date, boundary: Boundary = DEFAULT_BOUNDARY) -> date:
    """Last day to decide whether to assess: 6 weeks from receipt (SI 2014/1530 reg 5(1))."""
    return last_day_in_time(received_on, DECISION_WEEKS, boundary)


def advice_due_on(requested_on: date, boundary: Boundary = DEFAULT_BOUNDARY) -> date:
    """Last day for advice: 6 weeks from each request for it (SI 2014/1530 reg 8(1))."""
    return last_day_in_time(requested_on, ADVICE_WEEKS, boundary)


def not_to_issue_due_on(received_on: date, boundary: Boundary = DEFAULT_BOUNDARY) -> date:
    """Last day to notify a decision not to issue: 16 weeks (SI 2014/1530 reg 10(1))."""
    return last_day_in_time(received_on, NOT_TO_ISSUE_WEEKS, boundary)


def final_plan_due_on(received_on: date, boundary: Boundary = DEFAULT_BOUNDARY) -> date:
    """Last day to issue the final plan: 20 weeks from receipt (SI 2014/1530 reg 13(2)).

    Where a reg 10(4) exception applies (reg 13(3)) the limit does not bind, but the date is
    still the one the published "including exceptions" measure is judged against.
    """
    return last_day_in_time(received_on, FINAL_PLAN_WEEKS, boundary)


def draft_comment_window_ends_on(draft_served_on: date) -> date:
    """Last day of the parent's or young person's window to comment on a draft plan.

    At least 15 days *beginning with* the day the draft is served (SI 2014/1530 reg 13(1)(a)),
    so the service day is day 1 and the window ends 14 days later.
    """
    return draft_served_on + timedelta(days=DRAFT_COMMENT_DAYS - 1)


def annual_review_due_on(plan_made_or_last_reviewed_on: date) -> date:
    """Date by which a plan must be reviewed: 12 months after it was made or last reviewed.

    Children and Families Act 2014 s44(1). A 29 February start falls due on 28 February.
    """
    start = plan_made_or_last_reviewed_on
    try:
        return start.replace(year=start.year + 1)
    except ValueError:
        return start.replace(year=start.year + 1, day=28)


def review_decision_due_on(meeting_on: date, boundary: Boundary = DEFAULT_BOUNDARY) -> date:
    """Last day for the LA's decision after a review meeting: 4 weeks (SI 2014/1530 reg 20)."""
    return last_day_in_time(meeting_on, REVIEW_DECISION_WEEKS, boundary)


def amended_plan_due_on(
    meeting_on: date,
    proposals_sent_on: date | None = None,
    boundary: Boundary = DEFAULT_BOUNDARY,
) -> date:
    """Last day to issue an amended plan after a review.

    8 weeks from sending the proposed amendments (SI 2014/1530 reg 22(3)); the proposals are due
    with the 4-week review decision (reg 20), so never later than 12 weeks after the meeting.
    """
    latest = last_day_in_time(meeting_on, AMENDED_PLAN_FROM_MEETING_WEEKS, boundary)
    if proposals_sent_on is None:
        return latest
    return min(latest, last_day_in_time(proposals_sent_on, AMENDED_PLAN_WEEKS, boundary))


def phase_transfer_due_on(transfer_year: int, *, to_post16: bool) -> date:
    """Date by which a plan must be amended to name the next school or college.

    SI 2014/1530 reg 18(1): 31 March for a move from secondary school to a post-16 institution
    (reg 18(1)(a)); 15 February for every other phase transfer (reg 18(1)(b)), in the calendar
    year of the transfer. The amendment must be made *before* this date is passed.
    """
    return date(transfer_year, 3, 31) if to_post16 else date(transfer_year, 2, 15)


def within_expr(
    start: str, event: str, weeks: int, boundary: Boundary = DEFAULT_BOUNDARY
) -> pl.Expr:
    """Polars expression: ``event`` meets an *N*-week limit from ``start`` (null if either is)."""
    days = (pl.col(event) - pl.col(start)).dt.total_days()
    limit = 7 * weeks
    return days <= limit if check_boundary(boundary) == "on_or_before" else days < limit


def last_day_expr(start: str, weeks: int, boundary: Boundary = DEFAULT_BOUNDARY) -> pl.Expr:
    """Polars expression: the last day in time for an *N*-week limit from column ``start``."""
    days = 7 * weeks - (0 if check_boundary(boundary) == "on_or_before" else 1)
    return pl.col(start) + pl.duration(days=days)
