"""The statutory clock: calendar-day deadlines and the boundary setting."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendsight.ehc import clock

RECEIVED = date(2024, 1, 8)


def test_plan_issued_on_day_140_counts_as_within_20_weeks() -> None:
    assert clock.is_within(RECEIVED, RECEIVED + timedelta(days=140), clock.FINAL_PLAN_WEEKS)


def test_plan_issued_on_day_141_is_late() -> None:
    assert not clock.is_within(RECEIVED, RECEIVED + timedelta(days=141), clock.FINAL_PLAN_WEEKS)


def test_strict_boundary_makes_day_140_late() -> None:
    day_140 = RECEIVED + timedelta(days=140)
    assert not clock.is_within(RECEIVED, day_140, clock.FINAL_PLAN_WEEKS, "before")
    assert clock.is_within(RECEIVED, day_140 - timedelta(days=1), 20, "before")


def test_unknown_boundary_is_refused() -> None:
    with pytest.raises(ValueError, match="on_or_before"):
        clock.last_day_in_time(RECEIVED, 6, "inclusive")  # type: ignore[arg-type]


def test_each_statutory_deadline_counts_calendar_weeks_from_its_start() -> None:
    assert clock.decision_due_on(RECEIVED) == date(2024, 2, 19)
    assert clock.advice_due_on(RECEIVED) == date(2024, 2, 19)
    assert clock.not_to_issue_due_on(RECEIVED) == date(2024, 4, 29)
    assert clock.final_plan_due_on(RECEIVED) == date(2024, 5, 27)
    assert clock.review_decision_due_on(RECEIVED) == date(2024, 2, 5)


def test_draft_comment_window_includes_the_day_the_draft_is_served() -> None:
    assert clock.draft_comment_window_ends_on(date(2024, 3, 1)) == date(2024, 3, 15)


def test_annual_review_falls_due_twelve_months_later_even_from_29_february() -> None:
    assert clock.annual_review_due_on(date(2023, 6, 30)) == date(2024, 6, 30)
    assert clock.annual_review_due_on(date(2024, 2, 29)) == date(2025, 2, 28)


def test_amended_plan_is_due_8_weeks_after_proposals_but_never_after_12_weeks() -> None:
    meeting = date(2024, 3, 4)
    assert clock.amended_plan_due_on(meeting) == meeting + timedelta(weeks=12)
    early = meeting + timedelta(days=7)
    assert clock.amended_plan_due_on(meeting, early) == early + timedelta(weeks=8)
    late = meeting + timedelta(weeks=6)
    assert clock.amended_plan_due_on(meeting, late) == meeting + timedelta(weeks=12)


def test_phase_transfer_to_post16_is_due_31_march_and_others_15_february() -> None:
    assert clock.phase_transfer_due_on(2025, to_post16=True) == date(2025, 3, 31)
    assert clock.phase_transfer_due_on(2025, to_post16=False) == date(2025, 2, 15)


@given(
    start=st.dates(date(2015, 1, 1), date(2030, 1, 1)),
    offset=st.integers(0, 400),
    weeks=st.sampled_from([4, 6, 16, 20]),
    boundary=st.sampled_from(clock.BOUNDARIES),
)
def test_frame_expression_agrees_with_date_function(
    start: date, offset: int, weeks: int, boundary: clock.Boundary
) -> None:
    event = start + timedelta(days=offset)
    frame = pl.DataFrame({"s": [start], "e": [event]})
    row = frame.select(
        clock.within_expr("s", "e", weeks, boundary).alias("w"),
        clock.last_day_expr("s", weeks, boundary).alias("d"),
    ).row(0)
    assert row == (
        clock.is_within(start, event, weeks, boundary),
        clock.last_day_in_time(start, weeks, boundary),
    )
