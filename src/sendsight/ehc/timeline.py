"""One request's timeline as at a date: what happened, and every statutory deadline with its status.

A deadline is **met** when its step happened on or before the last day in time, **missed** when
it happened later, **due** while it has not happened and the last day is still to come (or is
today), and **overdue** once the last day has passed without it. Events dated after the as-at
date are treated as not yet happened, as in the at-risk list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from sendsight.ehc import clock
from sendsight.ehc.models import EhcAdvice, EhcRequest, EhcReview
from sendsight.ehc.pages import ADVICE_LABELS


class Status(StrEnum):
    """Where a statutory deadline stands."""

    MET = "met"
    MISSED = "missed"
    DUE = "due"
    OVERDUE = "overdue"


DECISIONS: Final = {
    "assess": "to assess",
    "not_assess": "not to assess",
    "withdrawn": "request withdrawn",
}
RULES: Final = {
    "decision": "6 weeks, SI 2014/1530 reg 5(1)",
    "advice": "6 weeks, SI 2014/1530 reg 8(1)",
    "not_to_issue": "16 weeks, SI 2014/1530 reg 10(1)",
    "final_plan": "20 weeks, SI 2014/1530 reg 13(2)",
    "annual_review": "12 months, Children and Families Act 2014 s44(1)",
    "review_decision": "4 weeks, SI 2014/1530 reg 20",
    "amended_plan": "SI 2014/1530 reg 22(3), at most 12 weeks from the meeting",
}


@dataclass(frozen=True, slots=True)
class Step:
    """One line of the timeline: a dated event, or a statutory deadline (``due_on`` set) with
    the date it was met or missed on (``on``; None while outstanding)."""

    on: date | None
    what: str
    due_on: date | None = None
    rule: str = ""
    status: Status | None = None


def status_of(done_on: date | None, due_on: date, as_of: date) -> Status:
    """The status of a deadline whose last day in time is ``due_on``."""
    if done_on is not None:
        return Status.MET if done_on <= due_on else Status.MISSED
    return Status.DUE if as_of <= due_on else Status.OVERDUE


class _Builder:
    def __init__(self, as_of: date, boundary: clock.Boundary) -> None:
        self.as_of, self.boundary, self.steps = as_of, boundary, list[Step]()

    def seen(self, on: date | None) -> date | None:
        return on if on is not None and on <= self.as_of else None

    def event(self, on: date | None, what: str) -> None:
        if self.seen(on):
            self.steps.append(Step(on, what))

    def deadline(self, done_on: date | None, what: str, due_on: date, rule: str) -> None:
        done = self.seen(done_on)
        self.steps.append(
            Step(done, what, due_on, RULES[rule], status_of(done, due_on, self.as_of))
        )


def timeline(
    request: EhcRequest,
    advice: list[EhcAdvice],
    reviews: list[EhcReview],
    as_of: date,
    boundary: clock.Boundary = clock.DEFAULT_BOUNDARY,
) -> list[Step]:
    """Every step of one request as at ``as_of``, in date order (outstanding deadlines last,
    soonest first)."""
    build = _Builder(as_of, boundary)
    build.event(request.received_on, "Request for an EHC needs assessment received")
    decided = build.seen(request.decision_on) is not None
    what = (
        f"Decision {DECISIONS.get(request.decision or '', request.decision)}"
        if decided
        else "Decision whether to assess"
    )
    build.deadline(
        request.decision_on, what, clock.decision_due_on(request.received_on, boundary), "decision"
    )
    if decided and request.decision == "assess":
        _assessment(build, request, advice)
    _reviews(build, request, reviews)
    return sorted(build.steps, key=lambda s: (s.on is None, s.on or s.due_on or date.max, s.what))


def _assessment(build: _Builder, request: EhcRequest, advice: list[EhcAdvice]) -> None:
    received, boundary = request.received_on, build.boundary
    for a in advice:
        if build.seen(a.requested_on):
            label = ADVICE_LABELS.get(a.advice_type, a.advice_type)
            build.deadline(
                a.received_on,
                f"{label} advice (requested {a.requested_on.isoformat()})",
                clock.advice_due_on(a.requested_on, boundary),
                "advice",
            )
    build.event(request.draft_issued_on, "Draft plan served")
    outcome = request.assessment_outcome if build.seen(request.assessment_outcome_on) else None
    if outcome == "not_issue":
        build.deadline(
            request.assessment_outcome_on,
            "Decision not to issue a plan",
            clock.not_to_issue_due_on(received, boundary),
            "not_to_issue",
        )
    elif outcome == "withdrawn":
        build.event(request.assessment_outcome_on, "Request withdrawn during the assessment")
    else:
        exception = " (an exception applies, reg 10(4))" if request.exceptions_apply else ""
        build.deadline(
            request.final_issued_on,
            f"Final plan issued{exception}",
            clock.final_plan_due_on(received, boundary),
            "final_plan",
        )


def _reviews(build: _Builder, request: EhcRequest, reviews: list[EhcReview]) -> None:
    held = sorted(
        (r for r in reviews if build.seen(r.review_meeting_on)), key=lambda r: r.review_meeting_on
    )
    plan_on = build.seen(request.final_issued_on)
    starts = sorted({d for d in (plan_on, *(r.review_meeting_on for r in held)) if d})
    for r in held:
        meeting = r.review_meeting_on
        before = [d for d in starts if d < meeting]
        if before:
            build.deadline(
                meeting,
                "Annual review meeting",
                clock.annual_review_due_on(before[-1]),
                "annual_review",
            )
        else:
            build.event(meeting, "Annual review meeting")
        _review_outcome(build, r)
    ceased = any(r.decision == "cease" and build.seen(r.decision_on) for r in held)
    if starts and not ceased:
        build.deadline(
            None,
            "Next annual review meeting",
            clock.annual_review_due_on(starts[-1]),
            "annual_review",
        )


def _review_outcome(build: _Builder, review: EhcReview) -> None:
    meeting, boundary = review.review_meeting_on, build.boundary
    decided = build.seen(review.decision_on) is not None
    build.deadline(
        review.decision_on,
        f"Review decision: {review.decision}" if decided else "Review decision",
        clock.review_decision_due_on(meeting, boundary),
        "review_decision",
    )
    if decided and review.decision == "amend":
        build.deadline(
            review.amended_plan_issued_on,
            "Amended plan issued",
            clock.amended_plan_due_on(meeting, boundary=boundary),
            "amended_plan",
        )
