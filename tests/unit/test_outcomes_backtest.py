"""The baseline backtest harness on a small synthetic panel (no real data)."""

from __future__ import annotations

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
