"""The at-risk caseload as at a date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sendsight.ehc.atrisk import Counts, Filters, at_risk, at_risk_records, chosen, counts
from sendsight.ehc.frames import EhcFrames
from sendsight.ehc.template import read_template

DATA = Path(__file__).parent.parent / "data" / "ehc" / "template"


@pytest.fixture(scope="module")
def frames() -> EhcFrames:
    return read_template("999", DATA / "requests.csv", DATA / "advice.csv")


def test_undecided_and_assessing_requests_are_listed_soonest_first(frames: EhcFrames) -> None:
    records = at_risk_records(frames.requests, date(2024, 10, 20), "999")
    assert records == [
        {"request_id": "T-R005", "next_deadline": "decision", "deadline_on": "2024-11-12",
         "days_remaining": 23},
        {"request_id": "T-R006", "next_deadline": "final_plan", "deadline_on": "2025-01-20",
         "days_remaining": 92},
    ]  # fmt: skip


def test_overdue_requests_have_negative_days_remaining(frames: EhcFrames) -> None:
    records = at_risk_records(frames.requests, date(2025, 1, 31), "999")
    assert [(r["request_id"], r["days_remaining"]) for r in records] == [
        ("T-R005", -80),
        ("T-R006", -11),
    ]


def test_events_after_the_as_at_date_have_not_happened_yet(frames: EhcFrames) -> None:
    before_decision = at_risk(frames.requests, date(2024, 3, 1), "999")
    row = before_decision.filter(before_decision["request_id"] == "T-R002").row(0, named=True)
    assert (row["next_deadline"], row["deadline_on"], row["days_remaining"]) == (
        "decision",
        date(2024, 3, 14),
        13,
    )
    after_decision = at_risk(frames.requests, date(2024, 4, 1), "999")
    row = after_decision.filter(after_decision["request_id"] == "T-R002").row(0, named=True)
    assert (row["next_deadline"], row["deadline_on"]) == ("final_plan", date(2024, 6, 20))


def test_closed_requests_are_not_listed(frames: EhcFrames) -> None:
    listed = set(at_risk(frames.requests, date(2024, 12, 31)).get_column("request_id"))
    assert listed.isdisjoint({"T-R001", "T-R002", "T-R003", "T-R004"})


def test_strict_boundary_moves_each_deadline_a_day_earlier(frames: EhcFrames) -> None:
    loose = at_risk_records(frames.requests, date(2024, 10, 20), "999")
    strict = at_risk_records(frames.requests, date(2024, 10, 20), "999", boundary="before")
    assert [s["days_remaining"] for s in strict] == [x["days_remaining"] - 1 for x in loose]


def test_each_open_request_has_its_stage_and_received_date(frames: EhcFrames) -> None:
    frame = at_risk(frames.requests, date(2024, 10, 20), "999")
    assert frame.select("request_id", "received_on", "stage").rows() == [
        ("T-R005", date(2024, 10, 1), "decision"),
        ("T-R006", date(2024, 9, 2), "assessment"),
    ]


def test_filters_keep_a_stage_overdue_requests_or_those_due_soon(frames: EhcFrames) -> None:
    frame = at_risk(frames.requests, date(2024, 12, 1), "999")
    assert frame.select("request_id", "days_remaining").rows() == [("T-R005", -19),
                                                                   ("T-R006", 50)]  # fmt: skip

    def ids(filters: Filters) -> list[str]:
        return chosen(frame, filters).get_column("request_id").to_list()

    assert ids(Filters(stage="assessment")) == ["T-R006"]
    assert ids(Filters(overdue_only=True)) == ["T-R005"]
    assert ids(Filters(within_days=50)) == ["T-R005", "T-R006"]
    assert ids(Filters(within_days=49)) == ["T-R005"]
    assert ids(Filters(sort="received")) == ["T-R006", "T-R005"]
    assert counts(frame) == Counts(open=2, overdue=1, due_soon=0)
