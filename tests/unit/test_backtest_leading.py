"""Leading figures, nested choices and the worst-series rule of the baseline backtest, on small
made-up panels (no real data)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from sendsight.outcomes import backtest, bounded

SCALE = bounded.Scale(bounded.PERCENT_CEILING)


def _pressured(seed: int = 3, areas: int = 40, years: int = 9) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Made-up percentages whose next move is set by a figure known a year ahead (say, the
    growth in requests): a panel, and the leading figure by area and the year it is known."""
    rng = np.random.default_rng(seed)
    rows, known = [], []
    for a in range(areas):
        z = rng.normal(0.3, 0.5)
        for t in range(years):
            pressure = float(rng.normal(0, 0.5))
            rows.append(("timely", f"A{a:02d}", 2014 + t, float(SCALE.back(np.array([z]))[0])))
            known.append(("timely", f"A{a:02d}", 2014 + t, pressure))
            z = z - 0.8 * pressure + rng.normal(0, 0.1)
    panel = pl.DataFrame(rows, schema=backtest.PANEL_SCHEMA, orient="row")
    schema = {
        "series": pl.String,
        "area": pl.String,
        "period_index": pl.Int64,
        "pressure": pl.Float64,
    }
    return panel, pl.DataFrame(known, schema=schema, orient="row")


def _ratio(panel: pl.DataFrame, fit: pl.DataFrame) -> float:
    forecasts = backtest.one_ahead(panel, {"timely": "percent"}, candidates=())
    joined = forecasts.join(fit, on=["series", "area", "origin"]).drop_nulls("regression")
    return float(backtest.per_series(joined, ["regression"])["regression"][0])


def test_a_leading_figure_known_at_the_origin_is_used_and_helps() -> None:
    panel, leading = _pressured()
    plain = backtest.regression_one_ahead(panel, terms=("last",))
    led = backtest.regression_one_ahead(panel, terms=("last", "pressure"), leading=leading)
    assert _ratio(panel, led) < 0.5 * _ratio(panel, plain)
    weights = led.drop_nulls("coefficients")["coefficients"].list.get(2)
    assert weights.to_numpy().max() < -0.5  # learnt: pressure now, a fall next year


def test_a_leading_figure_from_after_the_origin_is_never_used() -> None:
    panel, leading = _pressured()
    origin = 2019
    wrecked = leading.with_columns(
        pl.when(pl.col("period_index") > origin).then(99.0).otherwise("pressure").alias("pressure")
    )
    terms = ("last", "pressure")
    before = backtest.regression_one_ahead(panel, leading=leading, terms=terms)
    after = backtest.regression_one_ahead(panel, leading=wrecked, terms=terms)
    at = pl.col("origin") == origin
    assert after.filter(at)["regression"].to_list() == pytest.approx(
        before.filter(at)["regression"].to_list()
    )
    later = pl.col("origin") == origin + 1
    assert after.filter(later)["regression"].to_list() != pytest.approx(
        before.filter(later)["regression"].to_list()
    )


def test_a_missing_leading_figure_takes_the_median_of_its_origin() -> None:
    panel, leading = _pressured()
    gap = (pl.col("area") == "A00") & (pl.col("period_index") == 2019)
    fit = backtest.regression_one_ahead(
        panel, terms=("last", "pressure"), leading=leading.filter(~gap)
    )
    assert (
        fit.filter(pl.col("origin") == 2019, pl.col("area") == "A00")["regression"][0] is not None
    )


def _evaluated() -> pl.DataFrame:
    """Two series, five origins: "good" is right on series a and a little off on b, "bad" the
    other way round with a bigger miss; the last value is always 1 off."""
    rows = []
    for origin in range(2018, 2023):
        for area in ("X", "Y"):
            rows.append(("a", area, origin, 10.0, 11.0, 10.0, 12.0))
            rows.append(("b", area, origin, 10.0, 11.0, 11.2, 10.0))
    columns = ["series", "area", "origin", "actual", "last", "good", "bad"]
    return pl.DataFrame(rows, schema=columns, orient="row")


def test_the_nested_selection_starts_from_the_last_value_and_learns_from_earlier_origins() -> None:
    chosen = backtest.nested_selection(_evaluated(), ["good", "bad"])
    first = chosen.filter(pl.col("origin") == 2018)
    assert set(first["selected_method"]) == {"last"}
    assert first["selected"].to_list() == first["last"].to_list()
    later = chosen.filter(pl.col("origin") > 2018)
    by_series = dict(later.select("series", "selected_method").unique().iter_rows())
    assert by_series == {"a": "good", "b": "bad"}
    pooled = backtest.nested_selection(_evaluated(), ["good", "bad"], pooled=True)
    assert set(pooled.filter(pl.col("origin") > 2018)["selected_method"]) == {"good"}


def test_the_nested_selection_at_an_origin_ignores_what_came_after_it() -> None:
    evaluated = _evaluated()
    # From 2019 on, series a comes in where "bad" said: had 2019 been looked at, the choice
    # there would no longer be "good".
    later = (pl.col("series") == "a") & (pl.col("origin") >= 2019)
    wrecked = evaluated.with_columns(pl.when(later).then(12.0).otherwise("actual").alias("actual"))
    keep = ["series", "area", "origin", "selected_method"]
    at = pl.col("origin") <= 2019
    first = backtest.nested_selection(evaluated, ["good", "bad"]).filter(at).select(keep)
    again = backtest.nested_selection(wrecked, ["good", "bad"]).filter(at).select(keep)
    assert first.equals(again)
    moved = backtest.nested_selection(wrecked, ["good", "bad"]).filter(pl.col("origin") == 2021)
    assert set(moved.filter(pl.col("series") == "a")["selected_method"]) == {"bad"}


def _candidates_panel() -> pl.DataFrame:
    """A steady climb (a trend pays) and a noisy walk (a trend costs a little)."""
    rng = np.random.default_rng(5)
    rows = []
    for a in range(15):
        walk = 50 + np.cumsum(rng.normal(0, 6, 8))
        for t in range(8):
            climb = float(SCALE.back(np.array([-2.5 + 0.2 * t + rng.normal(0, 0.02)]))[0])
            rows.append(("climb", f"A{a}", 2015 + t, climb))
            rows.append(("walk", f"A{a}", 2015 + t, float(np.clip(walk[t], 1, 99))))
    return pl.DataFrame(rows, schema=backtest.PANEL_SCHEMA, orient="row")


def test_the_worst_series_rule_keeps_the_last_value_when_a_trend_loses_anywhere() -> None:
    last = backtest.Candidate(1.0, 0.0, 0.0)
    drift = backtest.Candidate(1.0, 1.0, 0.0)
    forecasts = backtest.one_ahead(
        _candidates_panel(), {"climb": "percent", "walk": "percent"}, candidates=(last, drift)
    )
    maes = forecasts.group_by("series").agg(
        (pl.col(c) - pl.col("actual")).abs().mean() for c in ("last", drift.name)
    )
    ratios = dict(maes.select("series", pl.col(drift.name) / pl.col("last")).iter_rows())
    assert ratios["climb"] < 0.5 < 1 < ratios["walk"]  # the panel does what it says
    assert backtest.best(forecasts, (last, drift)) == drift.name
    assert backtest.best(forecasts, (last, drift), criterion="worst") == last.name
    nested = backtest.nested_choice(forecasts, (last, drift), criterion="worst")
    assert nested.filter(pl.col("origin") == nested["origin"].max())["chosen"][0] == last.name
    with pytest.raises(ValueError, match="criterion"):
        backtest.best(forecasts, (last, drift), criterion="median")


def test_pulling_towards_the_areas_mean_stays_in_range_and_0_is_the_last_value() -> None:
    panel = _candidates_panel()
    pulled = backtest.toward_mean_one_ahead(panel, weights=(0.0, 1.0))
    forecasts = backtest.one_ahead(panel, {"climb": "percent", "walk": "percent"}, candidates=())
    joined = forecasts.join(pulled, on=["series", "area", "origin"])
    assert joined.height == forecasts.height
    assert joined["toward_mean_0"].to_list() == pytest.approx(joined["last"].to_list())
    climb = joined.filter(pl.col("series") == "climb")
    assert (climb["toward_mean_1"] < climb["last"]).all()  # the mean of a climb lies below
    pulled_all = joined["toward_mean_1"].to_numpy()
    assert pulled_all.min() >= 0 and pulled_all.max() <= 100
