"""EHC metrics on the small template fixture, worked out by hand from its dates."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from sendsight.ehc import cells, clock
from sendsight.ehc.frames import EhcFrames
from sendsight.ehc.metrics import _in_time, build_facts, metrics_for, pct
from sendsight.ehc.template import read_template

DATA = Path(__file__).parent.parent / "data" / "ehc" / "template"
KEYS = [
    "la_code", "year", "requests_received", "decisions_made", "decisions_within_6_weeks_pct",
    "plans_issued", "plans_within_20_weeks_pct_incl_exceptions",
    "plans_within_20_weeks_pct_excl_exceptions", "not_to_issue_decisions",
    "not_to_issue_within_16_weeks_pct", "review_decisions", "review_decisions_within_4_weeks_pct",
    "median_weeks_to_final_plan", "advice_within_6_weeks_pct",
]  # fmt: skip


@pytest.fixture(scope="module")
def frames() -> EhcFrames:
    return read_template("999", DATA / "requests.csv", DATA / "advice.csv", DATA / "reviews.csv")


def test_metrics_object_has_exactly_the_published_keys(frames: EhcFrames) -> None:
    assert list(metrics_for(build_facts(frames), "999", 2024)) == KEYS


def test_decisions_are_counted_by_decision_date_with_6_week_share(frames: EhcFrames) -> None:
    result = metrics_for(build_facts(frames), "999", 2024)
    # 5 assess/not-assess decisions; T-R002 took 48 days, the rest 35-38 days.
    assert (result["requests_received"], result["decisions_made"]) == (6, 5)
    assert result["decisions_within_6_weeks_pct"] == 80.0


def test_plan_on_day_140_is_on_time_and_exceptions_leave_the_excluding_rate(
    frames: EhcFrames,
) -> None:
    result = metrics_for(build_facts(frames), "999", 2024)
    # T-R001 issued on day 140; T-R002 on day 211 with an exception.
    assert result["plans_issued"] == 2
    assert result["plans_within_20_weeks_pct_incl_exceptions"] == 50.0
    assert result["plans_within_20_weeks_pct_excl_exceptions"] == 100.0
    assert result["median_weeks_to_final_plan"] == round((140 + 211) / 2 / 7, 1)


def test_strict_boundary_setting_changes_the_day_140_plan(frames: EhcFrames) -> None:
    result = metrics_for(build_facts(frames, boundary="before"), "999", 2024)
    assert result["plans_within_20_weeks_pct_incl_exceptions"] == 0.0
    assert result["plans_within_20_weeks_pct_excl_exceptions"] == 0.0


def test_not_to_issue_and_review_decisions(frames: EhcFrames) -> None:
    result = metrics_for(build_facts(frames), "999", 2024)
    assert (result["not_to_issue_decisions"], result["not_to_issue_within_16_weeks_pct"]) == (
        1,
        100.0,
    )
    # Review decisions after 21, 49 and 28 days: the 28th day is still within 4 weeks.
    assert (result["review_decisions"], result["review_decisions_within_4_weeks_pct"]) == (3, 66.7)


def test_advice_share_by_type_omits_types_with_no_advice_returned(frames: EhcFrames) -> None:
    result = metrics_for(build_facts(frames), "999", 2024)
    assert result["advice_within_6_weeks_pct"] == {
        "education": 100.0, "educational_psychology": 100.0, "health": 0.0, "social_care": 0.0,
    }  # fmt: skip


def test_a_year_without_activity_gives_zeros_and_nulls(frames: EhcFrames) -> None:
    result = metrics_for(build_facts(frames), "999", 2019)
    assert result["plans_issued"] == 0 and result["decisions_within_6_weeks_pct"] is None
    assert result["advice_within_6_weeks_pct"] == {}


def test_stage_durations_are_medians_in_days(frames: EhcFrames) -> None:
    row = build_facts(frames).timeliness.filter(pl.col("year") == 2024).row(0, named=True)
    # T-R001: 35 days to decision, last advice 2024-04-02 (50 days on), draft 30 days later,
    # final 25 days after the draft. T-R002: 48, 102, 5, 56.
    assert row["median_days_request_to_decision"] == (35 + 48) / 2
    assert row["median_days_decision_to_last_advice"] == (50 + 102) / 2
    assert row["median_days_last_advice_to_draft"] == (30 + 5) / 2
    assert row["median_days_draft_to_final"] == (25 + 56) / 2


def test_percentages_round_half_up_to_one_decimal() -> None:
    frame = pl.DataFrame({"n": [1, 2, 1, 0], "d": [16, 3, 0, 7]})
    assert frame.select(pct("n", "d")).to_series().to_list() == [6.3, 66.7, None, 0.0]


def test_each_la_gets_its_own_rows(frames: EhcFrames) -> None:
    other = EhcFrames(*(f.with_columns(pl.lit("888").alias("la_code")) for f in (
        frames.requests, frames.advice, frames.reviews)))  # fmt: skip
    both = EhcFrames(*(pl.concat([a, b]) for a, b in zip(
        (frames.requests, frames.advice, frames.reviews),
        (other.requests, other.advice, other.reviews), strict=True)))  # fmt: skip
    facts = build_facts(both)
    assert metrics_for(facts, "888", 2024) | {"la_code": "999"} == metrics_for(facts, "999", 2024)


@pytest.mark.parametrize(
    ("days", "arithmetic"),
    [(("2019-12-31", "2020-01-01", "2020-02-29", "2020-12-31", "2021-01-01"), True),
     (("1901-01-01", "1904-02-29", "2000-02-29", "2000-03-01", "2099-12-31"), True),
     (("1900-02-28", "1900-03-01", "2024-12-31"), False), (("1850-06-30", "2024-12-31"), False),
     (("1066-10-14", "2024-01-01"), False), (("2024-01-01", "2100-03-01"), False)],
)  # fmt: skip
def test_every_date_falls_in_the_cell_of_its_calendar_year(
    days: tuple[str, ...], arithmetic: bool
) -> None:
    dates = pl.Series([date.fromisoformat(d) for d in days] + [None])
    grid = cells.grid([cells.runs(pl.Series(["999"] * len(dates)))], [dates])
    found = grid.cell(np.zeros(len(dates), dtype=np.int32), grid.days(dates))
    assert grid.arithmetic is arithmetic
    assert [grid.year_list[c] for c in found[:-1]] == [int(d[:4]) for d in days]
    assert found[-1] == grid.years  # a null date: the LA's spare cell, after its years


def test_a_mistyped_year_outside_1901_to_2099_adds_only_its_own_cell() -> None:
    dates = pl.Series([date(2024, 5, 1), date(1024, 5, 1), date(2023, 1, 1)])
    grid = cells.grid([cells.runs(pl.Series(["999"] * 3))], [dates])
    assert grid.year_list == [1024, 2023, 2024] and not grid.arithmetic


def test_year_arithmetic_agrees_with_the_calendar_on_every_day_it_is_used_for() -> None:
    days = pl.date_range(date(1901, 1, 1), date(2099, 12, 31), eager=True)
    grid = cells.grid([cells.runs(pl.Series(["999"] * len(days)))], [days])
    found = grid.cell(np.zeros(len(days), dtype=np.int32), grid.days(days)) + grid.year_list[0]
    assert grid.arithmetic and found.tolist() == days.dt.year().to_list()


@pytest.mark.parametrize("boundary", ["on_or_before", "before"])
def test_day_number_deadline_agrees_with_the_clock(boundary: clock.Boundary) -> None:
    received = date(2024, 1, 1)
    events = [received + timedelta(days=n) for n in (-3, 0, 139, 140, 141, 400)]
    frame = pl.DataFrame({"start": [received] * len(events), "end": events})
    grid = cells.grid([cells.runs(pl.Series(["999"] * len(events)))], frame.get_columns())
    start, end = (grid.days(frame.get_column(c)) for c in ("start", "end"))
    ours = _in_time(start, end, clock.FINAL_PLAN_WEEKS, boundary).tolist()
    theirs = frame.select(clock.within_expr("start", "end", clock.FINAL_PLAN_WEEKS, boundary))
    assert ours == theirs.to_series().to_list()
    assert ours[3] is (boundary == "on_or_before")


def test_a_null_start_is_never_in_time() -> None:
    frame = pl.DataFrame({"start": [date(2024, 1, 1), None], "end": [date(2024, 1, 2)] * 2})
    grid = cells.grid([cells.runs(pl.Series(["999", "999"]))], frame.get_columns())
    start, end = (grid.days(frame.get_column(c)) for c in ("start", "end"))
    assert _in_time(start, end, clock.DECISION_WEEKS, "on_or_before").tolist() == [True, False]
