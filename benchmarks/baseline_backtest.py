"""Backtest: which baseline method forecasts percentages (and counts) best one year ahead?

Run: ``.venv/bin/python benchmarks/baseline_backtest.py``. Loads the shipped statistics into a
temporary SQLite database with the loader ``sendsight init`` uses, takes every LA's series of
the indicators below, and from every origin with three or more values forecasts the next year
with the last value, the straight line (the old method) and the bounded damped-trend method,
whose settings are chosen at each origin on earlier origins only (nested). Prints the mean
absolute error by series, each method's ratio to the last value, which setting the nested
choice took, the setting chosen on all origins (what ships), and the coverage of the shipped
method's 80% interval. For the percentages it then checks the goal of decision 0702 per
series (MAE at most 0.90 × the last value's) for the shipped setting and for regressions across
all LAs fitted at each origin on earlier origins only, with their coefficients by origin and
the ceiling such a regression reaches with hindsight. ``--only percent`` skips the counts.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

import numpy as np
import polars as pl

from sendsight.cli.setup import load_shipped_data
from sendsight.db.models import metadata
from sendsight.db.session import get_engine, transaction
from sendsight.outcomes import backtest, bounded, status
from sendsight.outcomes.baseline import bounded_baseline
from sendsight.statistics import queries

PERCENT_SERIES = (
    "pct-20-weeks-excl-exceptions",
    "pct-20-weeks-incl-exceptions",
    "pct-requests-decided-6-weeks",
    "tribunal-appeal-rate",
    "pct-pupils-ehc-plan",
)
COUNT_SERIES = ("ehc-requests", "new-ehc-plans")
GOAL = 0.90  # issue #13 item 3: at least 10% better than the last value


def load_panel(url: str, indicators: tuple[str, ...], level: str = "la") -> pl.DataFrame:
    """Every LA's (or England's: ``level`` "national") published value of each indicator."""
    parts: list[pl.DataFrame] = []
    with transaction(url) as session:
        for indicator in indicators:
            for period in queries.periods(session=session, indicator_id=indicator):
                frame = queries.values_for_period(
                    session=session, indicator_id=indicator, period=period
                ).filter(pl.col("geographic_level") == level, pl.col("value").is_not_null())
                parts.append(
                    frame.select(
                        pl.lit(indicator).alias("series"),
                        pl.col("area_code").alias("area"),
                        pl.lit(period.year).cast(pl.Int64).alias("period_index"),
                        pl.col("value").cast(pl.Float64),
                    )
                )
    return pl.concat(parts)


def interval_check(
    panel: pl.DataFrame, evaluated: pl.DataFrame, unit: str
) -> dict[str, tuple[float, float]]:
    """By series: the share of evaluated one-year-ahead actuals inside the shipped method's
    80% interval, and the share of those intervals informative enough for "As forecast"."""
    inside: dict[str, list[tuple[bool, bool]]] = {}
    for row in evaluated.select("series", "area", "origin", "actual").iter_rows(named=True):
        history = panel.filter(
            pl.col("series") == row["series"],
            pl.col("area") == row["area"],
            pl.col("period_index") <= row["origin"],
        ).sort("period_index")
        baseline = bounded_baseline(history, unit=unit, horizon=1)
        if baseline is not None:
            p = baseline.points[0]
            inside.setdefault(row["series"], []).append(
                (p.lower <= row["actual"] <= p.upper, status.informative(p, unit=unit))
            )
    return {series: tuple(np.mean(flags, axis=0)) for series, flags in inside.items()}


def run_group(url: str, indicators: tuple[str, ...], unit: str) -> pl.DataFrame:
    """Backtest one unit's series; returns the evaluated forecasts."""
    panel = load_panel(url, indicators)
    forecasts = backtest.one_ahead(panel, dict.fromkeys(indicators, unit))
    evaluated = backtest.nested_choice(forecasts)
    with pl.Config(tbl_rows=20, tbl_cols=10, tbl_width_chars=140, float_precision=3):
        print(f"\n== {unit} series: one year ahead, mean absolute error (out of sample) ==")
        print(backtest.mae_table(evaluated))
        chosen = evaluated.group_by("origin").agg(pl.col("chosen").first()).sort("origin")
        print("Nested choice by origin:", dict(chosen.iter_rows()))
    shipped = backtest.Candidate(**asdict(bounded.SETTINGS[unit])).name
    print(f"Chosen on all origins: {backtest.best(forecasts)}; shipped: {shipped}")
    print(f"Geometric mean over series of bounded/last: {backtest.geometric_ratio(evaluated):.3f}")
    for series, (covered, informative) in interval_check(panel, evaluated, unit).items():
        print(
            f"{series}: 80% interval held the outcome {covered:.0%} of the time; "
            f"informative (As forecast possible) {informative:.0%}"
        )
    for series in sorted({str(s) for s in forecasts["series"].unique()} ^ set(indicators)):
        print(f"{series}: no origin with three years of history and the next year published")
    return evaluated


def load_sizes(url: str) -> pl.DataFrame:
    """The count behind each percentage, by LA and year: plans issued (20-week series),
    appealable decisions (tribunal: appeals ÷ rate × 100), pupils (plans in January ÷ the
    share of pupils with a plan × 100)."""
    key = ["area", "period_index"]

    def values(indicator: str, name: str) -> pl.DataFrame:
        return load_panel(url, (indicator,)).select(*key, pl.col("value").alias(name))

    plans = values("new-ehc-plans", "size")
    decisions = (
        values("tribunal-appeals", "appeals")
        .join(values("tribunal-appeal-rate", "rate"), on=key)
        .filter(pl.col("rate") > 0)
        .select(*key, (pl.col("appeals") / pl.col("rate") * 100).alias("size"))
    )
    pupils = (
        values("ehc-plans-january", "plans")
        .join(values("pct-pupils-ehc-plan", "share"), on=key)
        .filter(pl.col("share") > 0)
        .select(*key, (pl.col("plans") / pl.col("share") * 100).alias("size"))
    )
    parts = [
        plans.with_columns(pl.lit(series).alias("series"))
        for series in ("pct-20-weeks-excl-exceptions", "pct-20-weeks-incl-exceptions")
    ]
    parts.append(decisions.with_columns(pl.lit("tribunal-appeal-rate").alias("series")))
    parts.append(pupils.with_columns(pl.lit("pct-pupils-ehc-plan").alias("series")))
    return pl.concat([p.select("series", *key, "size") for p in parts])


def run_regression(url: str, evaluated: pl.DataFrame) -> None:
    """The cross-sectional regressions against the 10% goal, per series, on the same forecasts
    as the table above (where a regression has too few earlier pairs: the last value), and the
    ceiling no such regression can pass (fitted with hindsight)."""
    panel = load_panel(url, PERCENT_SERIES)
    england = load_panel(url, PERCENT_SERIES, level="national")
    sizes = load_sizes(url)
    sized = {"sizes": sizes, "terms": backtest.SIZE_TERMS}
    fits = {
        "regression": backtest.regression_one_ahead(panel, england=england),
        "regression+size": backtest.regression_one_ahead(panel, england=england, **sized),
        "hindsight ceiling": backtest.regression_one_ahead(
            panel, england=england, hindsight=True, **sized
        ),
    }
    key = ["series", "area", "origin"]
    both = evaluated
    for name, fit in fits.items():
        both = both.join(fit.select(*key, pl.col("regression").alias(name)), on=key, how="left")
    fell_back = both.group_by("series").agg(pl.col("regression").null_count()).sort("series")
    both = both.with_columns(pl.col(*fits).fill_null(pl.col("last"))).with_columns(
        ((pl.col("last") + pl.col("regression+size")) / 2).alias("mean(last, reg+size)")
    )
    shipped = backtest.Candidate(**asdict(bounded.SETTINGS["percent"])).name
    methods = ["bounded", shipped, "regression", "regression+size", "mean(last, reg+size)"]
    table = backtest.per_series(both, [*methods, "hindsight ceiling"])
    with pl.Config(tbl_rows=40, tbl_cols=12, tbl_width_chars=180, float_precision=3):
        print("\n== percent series: each method's MAE ÷ the last value's, per series ==")
        print(f"(bounded: nested choice; {shipped}: the shipped setting; regressions nested)")
        print(table)
        print("Regression+size ÷ last value, by origin (the year forecast is origin + 1):")
        print(_by_origin(both, "regression+size"))
        print("Regression coefficients chosen at each origin (logit scale, earlier pairs only):")
        print(_coefficients(fits["regression"], ["intercept", *backtest.REGRESSION_TERMS]))
    print(f"Falling back to the last value (too few earlier pairs): {dict(fell_back.iter_rows())}")
    for method in methods:
        worst = float(table[method].max())
        verdict = "met" if worst <= GOAL else "not met"
        print(
            f"Goal ≤ {GOAL:.2f} × the last value's error on every series, {method}: {verdict} "
            f"(worst {worst:.3f})"
        )


def _by_origin(evaluated: pl.DataFrame, method: str) -> pl.DataFrame:
    """Each series' error ratio to the last value, one column per origin."""
    ratio = (pl.col(method) - pl.col("actual")).abs().mean() / (
        pl.col("last") - pl.col("actual")
    ).abs().mean()
    return (
        evaluated.group_by("series", "origin")
        .agg(ratio.round(3).alias("ratio"))
        .pivot(on="origin", index="series", values="ratio", sort_columns=True)
        .sort("series")
    )


def _coefficients(fit: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """One row per series and origin: the coefficients of the fit used there."""
    firsts = (
        fit.drop_nulls("coefficients")
        .group_by("series", "origin")
        .agg(pl.col("coefficients").first())
        .sort("series", "origin")
    )
    return firsts.with_columns(
        pl.col("coefficients").list.get(i).round(3).alias(n) for i, n in enumerate(names)
    ).drop("coefficients")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", choices=("percent", "count"), help="backtest only one unit's series"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'statistics.db'}"
        metadata.create_all(get_engine(url))
        with transaction(url) as session:
            load_shipped_data(session)
        if args.only != "count":
            evaluated = run_group(url, PERCENT_SERIES, "percent")
            run_regression(url, evaluated)
        if args.only != "percent":
            run_group(url, COUNT_SERIES, "count")
    return 0


if __name__ == "__main__":
    sys.exit(main())
