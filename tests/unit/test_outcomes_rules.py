"""Pure rules: periods by frequency, the simple baseline, RAG and trend judgements, value checks."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from sendsight.core.errors import InputRejected
from sendsight.outcomes import periods, status
from sendsight.outcomes.baseline import BaselinePoint, baseline_before, trend_baseline
from sendsight.outcomes.models import Measure
from sendsight.outcomes.value_import import check_values_csv

DATA = Path(__file__).parents[1] / "data" / "outcomes"


def _history(values: list[float], start: int = 2018) -> pl.DataFrame:
    return pl.DataFrame({"period_index": list(range(start, start + len(values))), "value": values})


# --- periods --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "frequency"),
    [("2025-03", "monthly"), ("2024/25 T2", "termly"), ("2024/25", "academic_year"),
     ("2024-25", "financial_year"), ("2024", "calendar_year"), ("2025-01", "january")],
)  # fmt: skip
def test_a_period_reads_back_as_the_same_code(text: str, frequency: str) -> None:
    period = periods.parse(text, frequency)
    assert periods.from_index(period.index, frequency).code == text


@pytest.mark.parametrize(
    ("text", "frequency"),
    [("2025-13", "monthly"), ("2024/26", "academic_year"), ("2024", "monthly"),
     ("2024/25 T4", "termly"), ("2024-26", "financial_year"), ("2025-02", "january")],
)  # fmt: skip
def test_a_period_that_does_not_fit_the_frequency_is_refused(text: str, frequency: str) -> None:
    with pytest.raises(periods.PeriodMismatch):
        periods.parse(text, frequency)


def test_december_is_followed_by_january_of_the_next_year() -> None:
    december = periods.parse("2024-12", "monthly")
    assert periods.from_index(december.index + 1, "monthly").code == "2025-01"


# --- baseline -------------------------------------------------------------------------------


def test_no_baseline_from_fewer_than_three_values() -> None:
    assert trend_baseline(_history([10.0, 12.0]), unit="count") is None


def test_a_steady_rise_is_forecast_to_keep_rising() -> None:
    history = _history([10.0, 20.0, 30.0, 40.0, 50.0])
    baseline = trend_baseline(history, unit="score", horizon=2)
    assert baseline is not None
    first = baseline.at(2023)
    assert first is not None and first.estimate == pytest.approx(60.0)
    assert first.lower <= first.estimate <= first.upper


def test_the_interval_widens_with_the_horizon() -> None:
    baseline = trend_baseline(_history([10.0, 14.0, 13.0, 18.0, 19.0]), unit="score", horizon=3)
    assert baseline is not None
    widths = [p.upper - p.lower for p in baseline.points]
    assert widths == sorted(widths) and widths[0] < widths[-1]


def test_a_percentage_forecast_stays_between_0_and_100() -> None:
    baseline = trend_baseline(_history([80.0, 88.0, 93.0, 97.0, 99.5]), unit="percent", horizon=3)
    assert baseline is not None
    assert all(0.0 <= p.lower <= p.upper <= 100.0 for p in baseline.points)


def test_a_growing_count_is_forecast_on_the_log_scale_with_its_growth_damped() -> None:
    history = _history([100.0 * 1.1**i for i in range(5)])
    baseline = trend_baseline(history, unit="count", horizon=1)
    assert baseline is not None and "log scale" in baseline.method
    assert 100.0 * 1.1**4 < baseline.points[0].estimate < 100.0 * 1.1**5


def test_only_the_last_five_values_shape_the_baseline() -> None:
    old_noise = _history([500.0, 1.0, 10.0, 20.0, 30.0, 40.0, 50.0])
    baseline = trend_baseline(old_noise, unit="score", horizon=1)
    assert baseline is not None and baseline.points[0].estimate == pytest.approx(60.0)


def test_baseline_before_a_period_ignores_that_period_and_later() -> None:
    history = _history([10.0, 20.0, 30.0, 40.0, 99.0])
    baseline = baseline_before(history, 2022, unit="score")
    assert baseline is not None
    point = baseline.at(2022)
    assert point is not None and point.estimate == pytest.approx(50.0)


# --- judgements -----------------------------------------------------------------------------


def test_a_fall_is_better_when_lower_is_better() -> None:
    trend = status.trend(8.0, 10.0, "down")
    assert trend is not None and (trend.direction, trend.judgement) == ("down", "better")


def test_a_small_move_counts_as_flat() -> None:
    trend = status.trend(100.0, 99.0, "up")
    assert trend is not None and trend.direction == "flat"


@pytest.mark.parametrize(
    ("value", "target", "polarity", "expected"),
    [(60.0, 60.0, "up", "green"), (58.0, 60.0, "up", "amber"), (40.0, 60.0, "up", "red"),
     (9.0, 10.0, "down", "green"), (10.4, 10.0, "down", "amber"), (50.0, 60.0, "neither", "none")],
)  # fmt: skip
def test_status_against_target(value: float, target: float, polarity: str, expected: str) -> None:
    assert status.against_target(value, target, polarity).value == expected


def test_beating_last_year_but_not_the_forecast_is_not_turning_the_curve() -> None:
    forecast = BaselinePoint(2024, estimate=70.0, lower=66.0, upper=74.0)
    assert status.against_baseline(68.0, forecast, "up", unit="percent") is status.Rag.AMBER
    assert status.against_baseline(75.0, forecast, "up", unit="percent") is status.Rag.GREEN
    assert status.against_baseline(60.0, forecast, "up", unit="percent") is status.Rag.RED


# --- value files ----------------------------------------------------------------------------


def _measures() -> dict[str, Measure]:
    count = Measure(id="m1", key="monthly_count", name="Count", frequency="monthly", unit="count")
    rate = Measure(id="m2", key="monthly_rate", name="Rate", frequency="monthly", unit="percent")
    return {"monthly_count": count, "monthly_rate": rate}


def test_every_problem_in_a_values_file_is_listed_with_line_and_column() -> None:
    text = (DATA / "values_bad.csv").read_text(encoding="utf-8")
    with pytest.raises(InputRejected) as caught:
        check_values_csv(text, filename="values_bad.csv", measures=_measures())
    found = [(p.line, p.column) for p in caught.value.problems]
    assert found == [(2, "measure_id"), (3, "period"), (4, "value"), (5, "numerator"),
                     (7, "period")]  # fmt: skip


def test_a_good_values_file_is_read_row_by_row() -> None:
    text = "measure_id,period,value,numerator,denominator\nmonthly_rate,2025-04,50,5,10\n"
    rows = check_values_csv(text, filename="ok.csv", measures=_measures())
    assert [(r.line, r.new.period, r.new.value, r.new.denominator) for r in rows] == [
        (2, "2025-04", 50.0, 10.0)
    ]


def test_a_values_file_without_the_required_columns_is_refused_at_line_1() -> None:
    with pytest.raises(InputRejected) as caught:
        check_values_csv("measure,when,value\n", filename="x.csv", measures=_measures())
    assert caught.value.problems[0].line == 1
