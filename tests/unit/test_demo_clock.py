"""The demo's one clock: synthetic cases and content that look current on any day."""

from __future__ import annotations

import re
import statistics
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from sendsight.demo import clock, ehc_settings
from sendsight.demo import ehc_cases as demo
from sendsight.demo import outcomes as demo_outcomes
from sendsight.ehc.metrics import build_facts, metrics_for

TODAYS = (date(2025, 3, 1), date(2026, 12, 3), date(2028, 7, 15))
DATE_COLUMNS = {
    0: ("received_on", "decision_on", "assessment_outcome_on", "draft_issued_on",
        "final_issued_on"),
    1: ("requested_on", "received_on"),
    2: ("review_meeting_on", "decision_on", "amended_plan_issued_on"),
}  # fmt: skip
Cases = tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]


@pytest.fixture(scope="module")
def cases() -> dict[date, Cases]:
    return {today: demo.generate_cases(today=today) for today in TODAYS}


@pytest.mark.parametrize(
    ("today", "month_end"),
    [(date(2026, 12, 3), date(2026, 11, 30)), (date(2025, 3, 1), date(2025, 2, 28)),
     (date(2024, 3, 31), date(2024, 2, 29)), (date(2027, 1, 1), date(2026, 12, 31))],
)  # fmt: skip
def test_the_data_run_to_the_end_of_the_last_complete_month(today: date, month_end: date) -> None:
    assert clock.last_complete_month_end(today) == month_end


def test_the_last_ended_academic_and_financial_years() -> None:
    assert clock.last_ended_year(date(2026, 11, 30), 9) == 2025  # 2025/26 ended 31 August 2026
    assert clock.last_ended_year(date(2026, 8, 30), 9) == 2024
    assert clock.last_ended_year(date(2026, 3, 31), 4) == 2025  # 2025-26 ended 31 March 2026
    assert clock.last_ended_year(date(2026, 3, 30), 4) == 2024


def test_after_the_published_years_volumes_grow_modestly_and_timeliness_recovers() -> None:
    last = demo.year_targets(2024)
    first, later = demo.year_targets(2025), demo.year_targets(2030)
    assert first.requests == round(last.requests * 1.04) and first.plans == round(last.plans * 1.04)
    assert first.pct_20_weeks_excl == pytest.approx(last.pct_20_weeks_excl + 8)
    assert later.pct_20_weeks_excl == 70.0
    assert max(first.late_days) <= 20 * 7  # no synthetic plan is more than 20 weeks late


@pytest.mark.parametrize("today", TODAYS)
def test_no_case_event_is_after_the_last_complete_month(
    cases: dict[date, Cases], today: date
) -> None:
    cut = clock.last_complete_month_end(today)
    frames = cases[today]
    for index, columns in DATE_COLUMNS.items():
        latest = frames[index].select(pl.max_horizontal(pl.col(columns).max())).item()
        assert latest <= cut
    newest_request = frames[0].get_column("received_on").max()
    assert isinstance(newest_request, date) and newest_request.replace(day=1) == cut.replace(day=1)


@pytest.mark.parametrize("today", TODAYS)
def test_published_years_keep_their_calibration_whatever_the_day(
    cases: dict[date, Cases], today: date
) -> None:
    requests, advice, reviews = (
        f.with_columns(pl.lit("354").alias("la_code")) for f in cases[today]
    )
    from sendsight.ehc import frames as fr

    requests = requests.with_columns(pl.col("exceptions_apply").cast(pl.Boolean))
    facts = build_facts(fr.assemble(requests, advice, reviews))
    for year in demo.PUBLISHED_YEARS:
        result = metrics_for(facts, "354", year)
        assert result["requests_received"] == demo.TARGET_REQUESTS[year]
        assert result["plans_issued"] == demo.TARGET_PLANS[year]
        pct = result["plans_within_20_weeks_pct_excl_exceptions"]
        assert abs(pct - demo.TARGET_PCT_20_WEEKS_EXCL[year]) <= 0.5


def test_the_same_day_always_gives_the_same_cases(cases: dict[date, Cases]) -> None:
    again = demo.generate_cases(today=TODAYS[0])
    assert all(a.equals(b) for a, b in zip(cases[TODAYS[0]], again, strict=True))


def test_requests_are_spread_across_settings_as_in_a_real_borough(
    cases: dict[date, Cases],
) -> None:
    requests = cases[date(2026, 12, 3)][0].filter(pl.col("received_on").dt.year() == 2025)
    per_school = dict(requests.get_column("setting_urn").drop_nulls().value_counts().iter_rows())
    primaries = [per_school.get(urn, 0) for urn, _ in ehc_settings.OTHER_PRIMARY]
    secondaries = [per_school.get(urn, 0) for urn, _ in ehc_settings.SECONDARY]
    assert statistics.median(primaries) <= 6 and max(primaries) <= 15  # a handful a year
    assert statistics.median(secondaries) > 2 * statistics.median(primaries)
    assert max(per_school.values()) <= 60
    assert 10 <= per_school["990001"] <= 30  # the demo's large primary with an autism base


def test_i_statements_read_as_a_child_or_family_would_say_them() -> None:
    for _, statement, _ in demo_outcomes.OUTCOMES:
        assert re.match(r"I [a-z]", statement), statement
        assert not statement.endswith(".")


def test_every_demonstration_survey_measure_asks_a_real_question() -> None:
    surveys = {row[0] for row in demo_outcomes.DEMO_INDICATORS if row[6] == "survey"}
    assert surveys == set(demo_outcomes.SURVEY_QUESTIONS) == set(demo_outcomes.SURVEY_ANSWERS)
    for question in demo_outcomes.SURVEY_QUESTIONS.values():
        assert question[0].isupper() and question.endswith("?") and ":" not in question


def test_only_the_demo_clock_reads_the_real_date() -> None:
    package = Path(demo.__file__).parent
    readers = [
        path.name
        for path in sorted(package.glob("*.py"))
        for _ in re.finditer(r"date\.today\(|datetime\.now\(|datetime\.utcnow\(", path.read_text())
    ]
    assert readers == ["clock.py"]
