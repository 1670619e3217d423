"""Baselines that stay in range: the bounded method for percentages, rates and counts, and the
rule for when a baseline is informative enough to say "As forecast"."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from sendsight.outcomes import bounded, status
from sendsight.outcomes.baseline import BaselinePoint, trend_baseline


def _history(values: list[float], start: int = 2018) -> pl.DataFrame:
    return pl.DataFrame({"period_index": list(range(start, start + len(values))), "value": values})


def _points(values: list[float], unit: str, horizon: int = 12) -> list[BaselinePoint]:
    baseline = trend_baseline(_history(values), unit=unit, horizon=horizon)
    assert baseline is not None
    return list(baseline.points)


def test_a_falling_percentage_never_goes_below_0_nor_its_interval_outside_0_to_100() -> None:
    for point in _points([60.0, 45.0, 27.2, 11.3, 3.0], "percent"):
        assert 0.0 <= point.lower <= point.estimate <= point.upper <= 100.0
    assert _points([60.0, 45.0, 27.2, 11.3, 3.0], "percent")[0].estimate > 0.0


def test_a_rising_percentage_never_goes_above_100() -> None:
    for point in _points([70.0, 85.0, 94.0, 98.0, 99.5], "percent"):
        assert 0.0 <= point.lower <= point.estimate <= point.upper <= 100.0


def test_the_old_straight_line_example_now_stays_above_0() -> None:
    points = _points([41.0, 27.2, 11.3], "percent", horizon=3)
    assert all(p.estimate > 0.0 for p in points)
    assert all(0.0 <= p.lower <= p.upper <= 100.0 for p in points)


def test_the_logit_scale_handles_0_and_100_and_maps_back_exactly() -> None:
    scale = bounded.scale_for("percent")
    assert scale is not None
    values = np.array([0.0, 0.1, 50.0, 99.9, 100.0])
    on_scale = scale.to(values)
    assert np.isfinite(on_scale).all()
    assert scale.back(on_scale) == pytest.approx(values)


@pytest.mark.parametrize("level", [0.0, 100.0])
def test_a_percentage_stuck_at_a_bound_is_forecast_to_stay_there(level: float) -> None:
    for point in _points([level, level, level], "percent", horizon=3):
        assert point.lower == point.estimate == point.upper == pytest.approx(level)


def test_a_falling_rate_never_goes_below_0() -> None:
    for point in _points([9.0, 6.0, 3.0, 1.0], "rate"):
        assert 0.0 <= point.lower <= point.estimate <= point.upper


def test_a_percentage_or_rate_carries_its_last_value_as_the_backtest_chose() -> None:
    # No trend setting was at least as good as the last value on every published percentage
    # series (decision 0702), so even a steady climb is carried, not followed.
    assert bounded.SETTINGS["percent"] == bounded.Setting(alpha=1.0, phi=0.0, shrink=0.0)
    assert bounded.SETTINGS["rate"] == bounded.SETTINGS["percent"]
    for unit in ("percent", "rate"):
        points = _points([2.0, 2.2, 2.4, 2.6, 2.8], unit, horizon=3)
        assert [p.estimate for p in points] == pytest.approx([2.8] * 3)
        assert points[0].upper - points[0].lower < points[-1].upper - points[-1].lower


def test_the_drift_setting_follows_a_steady_trend_and_not_noise() -> None:
    # The shrunk drift stays available to the backtest as a candidate.
    drift = bounded.Setting(alpha=1.0, phi=1.0, shrink=4.0)
    x, step = np.arange(2018.0, 2023.0), np.array([1])

    def ahead(values: list[float]) -> float:
        return float(bounded.forecast(x, np.array(values), step, unit="percent", setting=drift)[0])

    assert ahead([2.0, 2.2, 2.4, 2.6, 2.8]) == pytest.approx(3.0, abs=0.05)
    assert ahead([50.0, 60.0, 45.0, 70.0, 40.0]) == pytest.approx(40.0, abs=1.0)


def test_the_method_sentence_names_the_bounded_scale_and_the_last_value() -> None:
    baseline = trend_baseline(_history([20.0, 25.0, 30.0]), unit="percent")
    assert baseline is not None and "between 0% and 100%" in baseline.method
    assert baseline.method.startswith("The last value, carried forward 3 periods")
    count = trend_baseline(_history([20.0, 25.0, 30.0]), unit="count")
    assert count is not None and "damped to 25% of itself" in count.method


def test_scores_keep_the_straight_line() -> None:
    baseline = trend_baseline(_history([10.0, 20.0, 30.0]), unit="score")
    assert baseline is not None and baseline.method.startswith("Straight line fitted")


# --- the badge rule -------------------------------------------------------------------------


def test_inside_a_narrow_percentage_interval_is_as_forecast() -> None:
    forecast = BaselinePoint(2024, estimate=50.0, lower=40.0, upper=65.0)  # 25 points wide
    assert status.against_baseline(55.0, forecast, "up", unit="percent") is status.Rag.AMBER


def test_inside_a_wide_percentage_interval_the_baseline_is_uncertain() -> None:
    forecast = BaselinePoint(2024, estimate=50.0, lower=30.0, upper=70.0)  # 40 points wide
    assert status.against_baseline(55.0, forecast, "up", unit="percent") is status.Rag.UNCERTAIN
    assert status.BASELINE_TEXT[status.Rag.UNCERTAIN] == "Baseline uncertain"


def test_beyond_a_wide_interval_the_curve_is_still_judged() -> None:
    forecast = BaselinePoint(2024, estimate=50.0, lower=30.0, upper=70.0)
    assert status.against_baseline(75.0, forecast, "up", unit="percent") is status.Rag.GREEN
    assert status.against_baseline(25.0, forecast, "up", unit="percent") is status.Rag.RED


def test_a_count_interval_is_informative_up_to_half_the_forecast_wide() -> None:
    narrow = BaselinePoint(2024, estimate=100.0, lower=80.0, upper=130.0)
    wide = BaselinePoint(2024, estimate=100.0, lower=70.0, upper=135.0)
    assert status.against_baseline(100.0, narrow, "down", unit="count") is status.Rag.AMBER
    assert status.against_baseline(100.0, wide, "down", unit="count") is status.Rag.UNCERTAIN
