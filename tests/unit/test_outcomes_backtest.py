"""The baseline backtest harness on a small synthetic panel (no real data)."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest

from sendsight.outcomes import backtest


def _panel(seed: int = 7, areas: int = 12, years: int = 8) -> pl.DataFrame:
    """Two made-up series: a steady climb on the logit scale and a noisy random walk."""
    rng = np.random.default_rng(seed)
    rows = []
    for a in range(areas):
        start = rng.normal(-2.5, 0.3)
        walk = 50 + np.cumsum(rng.normal(0, 8, years))
        for t in range(years):
            steady = 100 / (1 + np.exp(-(start + 0.15 * t)))
            rows.append(("steady", f"A{a}", 2015 + t, float(steady)))
            rows.append(("noisy", f"A{a}", 2015 + t, float(np.clip(walk[t], 0, 100))))
    return pl.DataFrame(rows, schema=backtest.PANEL_SCHEMA, orient="row")


UNITS = {"steady": "percent", "noisy": "percent"}


def test_every_origin_with_three_values_and_a_next_year_gives_one_forecast() -> None:
    forecasts = backtest.one_ahead(_panel(), UNITS)
    # 8 years: origins are the 3rd to the 7th year, for 2 series and 12 areas.
    assert forecasts.height == 5 * 2 * 12
    assert forecasts["origin"].min() == 2017 and forecasts["origin"].max() == 2021


def test_a_gap_in_the_series_is_not_forecast_across() -> None:
    panel = _panel().filter(~((pl.col("area") == "A0") & (pl.col("period_index") == 2019)))
    forecasts = backtest.one_ahead(panel, UNITS).filter(pl.col("area") == "A0")
    assert 2018 not in forecasts["origin"].to_list()


def test_the_choice_at_an_origin_uses_earlier_origins_only() -> None:
    forecasts = backtest.one_ahead(_panel(), UNITS)
    last = forecasts["origin"].max()
    # Wreck what happened after the last origin: the choice made there must not change.
    wrecked = forecasts.with_columns(
        pl.when(pl.col("origin") == last).then(pl.lit(-999.0)).otherwise(pl.col("actual"))
        .alias("actual")
    )  # fmt: skip
    first = backtest.nested_choice(forecasts).filter(pl.col("origin") == last)["chosen"]
    again = backtest.nested_choice(wrecked).filter(pl.col("origin") == last)["chosen"]
    assert first.to_list() == again.to_list()
    assert forecasts["origin"].min() not in backtest.nested_choice(forecasts)["origin"].to_list()


def test_the_table_compares_the_bounded_method_with_the_last_value_and_the_line() -> None:
    evaluated = backtest.nested_choice(backtest.one_ahead(_panel(), UNITS))
    table = backtest.mae_table(evaluated)
    assert table["series"].to_list()[-1] == "all"
    steady = table.filter(pl.col("series") == "steady").row(0, named=True)
    assert steady["bounded/last"] < 0.5  # a steady climb is followed, not just carried
    assert steady["bounded/last"] == pytest.approx(steady["bounded"] / steady["last"])
    assert 0 < backtest.geometric_ratio(evaluated) < 1


def _reverting(seed: int = 11, areas: int = 40, years: int = 9) -> pl.DataFrame:
    """Made-up percentages that swing around each area's own level: last year's swing is
    mostly gone next year, so a regression across areas should learn to pull back."""
    rng = np.random.default_rng(seed)
    rows = []
    for a in range(areas):
        level = rng.normal(0.4, 0.8)
        for t in range(years):
            z = level + rng.normal(0, 0.6)
            rows.append(("reverting", f"A{a:02d}", 2014 + t, float(100 / (1 + np.exp(-z)))))
    return pl.DataFrame(rows, schema=backtest.PANEL_SCHEMA, orient="row")


def _regression_at(panel: pl.DataFrame, origin: int, **kwargs: Any) -> list[float | None]:
    fit = backtest.regression_one_ahead(panel, **kwargs)
    values: list[float | None] = (
        fit.filter(pl.col("origin") == origin).sort("area")["regression"].to_list()
    )
    return values


def test_the_regression_at_an_origin_uses_nothing_published_after_it() -> None:
    panel = _reverting()
    origin = 2019
    later = pl.col("period_index") > origin
    wrecked = panel.with_columns(
        pl.when(later).then(100 - pl.col("value")).otherwise("value").alias("value")
    )
    sizes = panel.select("series", "area", "period_index", pl.lit(100.0).alias("size"))
    bigger = sizes.with_columns(pl.when(later).then(9e6).otherwise("size").alias("size"))
    before = _regression_at(panel, origin, sizes=sizes, terms=backtest.SIZE_TERMS)
    after = _regression_at(wrecked, origin, sizes=bigger, terms=backtest.SIZE_TERMS)
    assert None not in before
    assert after == pytest.approx(before)
    # ... while what was published up to the origin does count:
    earlier = panel.with_columns(
        pl.when(pl.col("period_index") == origin)
        .then(100 - pl.col("value"))
        .otherwise("value")
        .alias("value")
    )
    assert _regression_at(earlier, origin) != pytest.approx(_regression_at(panel, origin))


def test_the_hindsight_ceiling_does_use_the_years_it_forecasts() -> None:
    panel = _reverting()
    last = int(panel["period_index"].max())  # type: ignore[arg-type]
    wrecked = panel.with_columns(
        pl.when(pl.col("period_index") == last)
        .then(100 - pl.col("value"))
        .otherwise("value")
        .alias("value")
    )
    first = _regression_at(panel, 2016, hindsight=True)
    assert _regression_at(wrecked, 2016, hindsight=True) != pytest.approx(first)


def test_an_origin_with_too_few_earlier_pairs_has_no_regression_and_all_stay_in_range() -> None:
    fit = backtest.regression_one_ahead(_reverting())  # 40 areas: 40 pairs an origin
    by_origin = fit.group_by("origin").agg(pl.col("regression").null_count()).sort("origin")
    assert by_origin["regression"].to_list() == [40, 40] + [0] * (by_origin.height - 2)
    assert fit["regression"].min() >= 0 and fit["regression"].max() <= 100


def test_the_regression_learns_how_much_a_swing_reverts() -> None:
    panel = _reverting()
    forecasts = backtest.one_ahead(panel, {"reverting": "percent"}, candidates=())
    fit = backtest.regression_one_ahead(panel)
    joined = forecasts.join(fit, on=["series", "area", "origin"]).drop_nulls("regression")
    table = backtest.per_series(joined, ["regression"])
    assert table["regression"][0] < 0.9  # a swing mostly undone is not carried forward
    assert table["forecasts"][0] == joined.height
    weights = fit.drop_nulls("coefficients")["coefficients"].list.get(1)
    assert weights.max() < 0.7  # the last value's weight, learnt


def test_the_least_absolute_fit_ignores_a_wild_outlier() -> None:
    x = np.column_stack([np.ones(50), np.arange(50.0)])
    y = 2 + 0.5 * np.arange(50.0)
    y[7] = 1e4
    assert backtest.least_absolute(x, y) == pytest.approx([2, 0.5], abs=1e-3)
