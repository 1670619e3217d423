"""Preparing-for-adulthood rules on tiny inputs: school years, DfE's sustained destinations,
transition flags, internship outcomes, the commissioning signal."""

from __future__ import annotations

from datetime import date

import pytest

from sendsight.adulthood.codes import ACTIVITY_CODES, EET_GROUPS, activity_group
from sendsight.adulthood.commissioning import Programme, match_themes, signal
from sendsight.adulthood.rules import (
    Spell,
    end_of_year_group,
    internship_outcome,
    sustained,
    transition_flag,
    year9_review_missing,
    year_group_on,
    year_start_at_age,
)

SEPT_BORN = date(2010, 9, 1)
AUG_BORN = date(2010, 8, 31)


def test_a_child_born_on_31_august_is_a_year_ahead_of_one_born_a_day_later() -> None:
    day = date(2024, 10, 1)
    assert year_group_on(AUG_BORN, day) == 10
    assert year_group_on(SEPT_BORN, day) == 9
    assert end_of_year_group(AUG_BORN, 9) == date(2024, 7, 31)
    assert year_start_at_age(AUG_BORN, 16) == 2026


def test_two_full_terms_in_college_is_sustained() -> None:
    spells = [Spell("230", date(2024, 9, 1), date(2025, 7, 31))]
    assert sustained(spells, 2024)


def test_education_ending_in_february_is_not_sustained_without_other_activity() -> None:
    spells = [Spell("230", date(2024, 9, 1), date(2025, 1, 20))]
    assert not sustained(spells, 2024)


def test_five_of_six_months_in_employment_is_sustained_but_four_is_not() -> None:
    five = [Spell("330", date(2024, 11, 1), None)]
    four = [Spell("330", date(2024, 12, 1), None)]
    assert sustained(five, 2024)
    assert not sustained(four, 2024)


def test_neet_and_not_known_never_count_towards_a_sustained_destination() -> None:
    spells = [Spell("610", date(2024, 9, 1), None), Spell("810", date(2024, 9, 1), None)]
    assert not sustained(spells, 2024)
    assert activity_group("610") not in EET_GROUPS and activity_group("810") not in EET_GROUPS


def test_supported_internship_code_is_its_own_group() -> None:
    assert ACTIVITY_CODES["460"][1] == "supported_internship"
    assert activity_group("999") == "other"


def test_year9_review_is_missing_only_after_year9_for_a_plan_that_began_before_it() -> None:
    end = end_of_year_group(SEPT_BORN, 9)  # 31 July 2025
    plan = date(2020, 1, 1)
    assert year9_review_missing(SEPT_BORN, plan, [], date(2025, 7, 1)) is None
    assert year9_review_missing(SEPT_BORN, plan, [], date(2025, 8, 1)) is True
    assert year9_review_missing(SEPT_BORN, plan, [end], date(2025, 8, 1)) is False
    assert year9_review_missing(SEPT_BORN, date(2025, 3, 1), [], date(2025, 8, 1)) is None


@pytest.mark.parametrize(
    ("today", "plan", "expected"),
    [
        (date(2027, 8, 30), None, None),  # 16
        (date(2027, 9, 1), None, "due"),  # 17
        (date(2028, 3, 15), None, "overdue"),  # past 17½
        (date(2028, 9, 1), None, None),  # 18: past the point of the flag
        (date(2028, 3, 15), date(2028, 1, 1), None),
    ],
)
def test_transition_flag_runs_from_17_to_18_without_a_plan(
    today: date, plan: date | None, expected: str | None
) -> None:
    assert transition_flag(date(2010, 9, 1), plan, today) == expected


def test_internship_outcome_waits_six_months_before_judging() -> None:
    done = date(2025, 7, 15)
    early = internship_outcome(done, date(2025, 9, 1), None, date(2025, 12, 1))
    assert early.completed and early.job_at_6_months is None
    later = internship_outcome(done, date(2025, 9, 1), date(2026, 3, 1), date(2026, 9, 1))
    assert later.job_at_6_months is True and later.job_at_12_months is False
    assert later.sustained is False
    assert not internship_outcome(None, None, None, date(2026, 1, 1)).completed


def test_signal_names_what_is_wanted_and_offered_by_nobody() -> None:
    offered = [Programme("Internships", "post16", ("supported_internship",), 2, "list")]
    rows = {s.theme: s for s in signal({"own_home": 30, "supported_internship": 9}, offered)}
    assert rows["own_home"].verdict == "Wanted, but nobody offers it"
    assert rows["supported_internship"].verdict == "Fewer places than young people who want it"
    assert match_themes("Independent travel training") == ("travel",)
