"""One request's timeline: every statutory deadline, met, missed, due or overdue, as at a date."""

from __future__ import annotations

from datetime import date

from sendsight.ehc.models import EhcAdvice, EhcRequest, EhcReview
from sendsight.ehc.timeline import Status, Step, status_of, timeline

RECEIVED = date(2025, 1, 6)  # decision due 2025-02-17 (day 42), final plan 2025-05-26 (day 140)


def _request(**fields: object) -> EhcRequest:
    base: dict[str, object] = {"la_code": "999", "request_id": "R1", "person_id": "P1",
                               "received_on": RECEIVED, "exceptions_apply": False}  # fmt: skip
    return EhcRequest(**(base | fields))


def _deadlines(steps: list[Step]) -> dict[str, tuple[date | None, Status | None]]:
    return {s.what: (s.due_on, s.status) for s in steps if s.due_on is not None}


def test_status_of_a_deadline_met_missed_due_or_overdue() -> None:
    due = date(2025, 2, 17)
    assert status_of(due, due, date(2025, 3, 1)) is Status.MET  # day 42 is in time
    assert status_of(date(2025, 2, 18), due, date(2025, 3, 1)) is Status.MISSED
    assert status_of(None, due, due) is Status.DUE
    assert status_of(None, due, date(2025, 2, 18)) is Status.OVERDUE


def test_an_undecided_request_shows_its_decision_deadline_overdue() -> None:
    steps = timeline(_request(), [], [], date(2025, 3, 1))
    assert _deadlines(steps) == {"Decision whether to assess": (date(2025, 2, 17), Status.OVERDUE)}
    assert steps[-1].rule == "6 weeks, SI 2014/1530 reg 5(1)"


def test_an_assessment_shows_advice_and_the_final_plan_still_due() -> None:
    request = _request(decision="assess", decision_on=date(2025, 2, 20))
    advice = [EhcAdvice(la_code="999", request_id="R1", advice_type="health",
                        requested_on=date(2025, 2, 21), received_on=date(2025, 3, 20))]  # fmt: skip
    found = _deadlines(timeline(request, advice, [], date(2025, 4, 1)))
    assert found == {
        "Decision to assess": (date(2025, 2, 17), Status.MISSED),
        "Health advice (requested 2025-02-21)": (date(2025, 4, 4), Status.MET),
        "Final plan issued": (date(2025, 5, 26), Status.DUE),
    }


def test_events_after_the_as_at_date_have_not_happened_yet() -> None:
    request = _request(decision="assess", decision_on=date(2025, 2, 10),
                       final_issued_on=date(2025, 5, 30))  # fmt: skip
    before = _deadlines(timeline(request, [], [], date(2025, 5, 1)))
    assert before["Final plan issued"] == (date(2025, 5, 26), Status.DUE)
    after = _deadlines(timeline(request, [], [], date(2025, 6, 1)))
    assert after["Final plan issued"] == (date(2025, 5, 26), Status.MISSED)


def test_a_plan_has_annual_reviews_and_their_decisions_on_the_clock() -> None:
    request = _request(decision="assess", decision_on=date(2025, 2, 10),
                       assessment_outcome="issue", assessment_outcome_on=date(2025, 4, 1),
                       final_issued_on=date(2025, 5, 20))  # fmt: skip
    review = EhcReview(la_code="999", plan_id="PL1", person_id="P1",
                       review_meeting_on=date(2026, 5, 1), decision="amend",
                       decision_on=date(2026, 6, 5))  # fmt: skip
    found = _deadlines(timeline(request, [], [review], date(2026, 8, 1)))
    assert found["Final plan issued"] == (date(2025, 5, 26), Status.MET)
    assert found["Annual review meeting"] == (date(2026, 5, 20), Status.MET)
    assert found["Review decision: amend"] == (date(2026, 5, 29), Status.MISSED)
    assert found["Amended plan issued"] == (date(2026, 7, 24), Status.OVERDUE)
    assert found["Next annual review meeting"] == (date(2027, 5, 1), Status.DUE)


def test_a_decision_not_to_issue_is_judged_against_16_weeks_not_20() -> None:
    request = _request(
        decision="assess", decision_on=date(2025, 2, 10), assessment_outcome="not_issue",
        assessment_outcome_on=date(2025, 4, 28),
    )  # fmt: skip
    found = _deadlines(timeline(request, [], [], date(2025, 6, 1)))
    assert found["Decision not to issue a plan"] == (date(2025, 4, 28), Status.MET)
    assert "Final plan issued" not in found
