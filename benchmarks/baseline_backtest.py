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
the ceiling such a regression reaches with hindsight. It then adds leading figures published by
the time of each origin's figure (growth in requests and new plans, requests per new plan,
plans held, England's and the region's change, the 6-week rate), a pull towards the LA's own
mean and the median of several forecasts, and chooses among them nested (``run_leading``).
``--only percent`` skips the counts.
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
from sendsight.reference import queries as reference
from sendsight.statistics import queries

PERCENT_SERIES = (
    "pct-20-weeks-excl-exceptions",
    "pct-20-weeks-incl-exceptions",
    "pct-requests-decided-6-weeks",
    "tribunal-appeal-rate",
    "pct-pupils-ehc-plan",
)
COUNT_SERIES = ("ehc-requests", "new-ehc-plans")
# Figures counted on census day in January (year = the census year, published that June);
# the rest count a calendar year (published the next June, with the January census after it).
JANUARY_SERIES = ("pct-pupils-ehc-plan",)
GOAL = 0.90  # issue #13 item 3: at least 10% better than the last value
BEFORE = "a1_p1_s4"  # the percentages' setting until decision 0702 was revised


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


# How the setting that ships is chosen (decision 0702): for percentages (and so rates) it must
# not lose to the last value on any series ("worst"); counts keep the geometric mean.
CRITERION = {"percent": "worst", "count": "geometric"}


def run_group(url: str, indicators: tuple[str, ...], unit: str) -> pl.DataFrame:
    """Backtest one unit's series; returns the evaluated forecasts (nested by the unit's
    criterion), after printing the other criterion's figures beside them."""
    panel = load_panel(url, indicators)
    forecasts = backtest.one_ahead(panel, dict.fromkeys(indicators, unit))
    criterion = CRITERION[unit]
    evaluated = backtest.nested_choice(forecasts, criterion=criterion)
    with pl.Config(tbl_rows=20, tbl_cols=10, tbl_width_chars=140, float_precision=3):
        for other in backtest.CRITERIA:
            judged = (
                evaluated
                if other == criterion
                else backtest.nested_choice(forecasts, criterion=other)
            )
            print(
                f"\n== {unit} series: one year ahead, mean absolute error (out of sample); "
                f"setting chosen nested by the {other} ratio to the last value =="
            )
            print(backtest.mae_table(judged))
            chosen = judged.group_by("origin").agg(pl.col("chosen").first()).sort("origin")
            print("Nested choice by origin:", dict(chosen.iter_rows()))
            print(f"Chosen on all origins: {backtest.best(forecasts, criterion=other)}")
    shipped = backtest.Candidate(**asdict(bounded.SETTINGS[unit])).name
    print(f"Shipped: {shipped} (chosen by the {criterion} ratio)")
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
    if BEFORE not in methods:
        methods.insert(2, BEFORE)
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


# Leading figures for the regression (issue #13 item 3). Each is lined up with the June in which
# DfE published it: a calendar year's flows (requests, new plans, the 6-week rate) the next June,
# a January census (plans held, the share of pupils with a plan) that June. A series' origin is
# then given only what was out by the June its own figure for the origin came out.
DEMAND = ("requests_growth", "plans_growth")
DEMAND_BEFORE = ("requests_growth_before", "plans_growth_before")
STOCK = ("stock_growth", "share_growth", "requests_per_plan")
PIPELINE = ("pipeline", "pipeline_growth")
NATIONAL = ("england_change", "region_change")
LEADING_SETS: dict[str, tuple[str, ...]] = {
    "+demand": (*backtest.REGRESSION_TERMS, *DEMAND),
    "+demand 2 years": (*backtest.REGRESSION_TERMS, *DEMAND, *DEMAND_BEFORE),
    "+stock": (*backtest.REGRESSION_TERMS, *STOCK),
    "+6 weeks": (*backtest.REGRESSION_TERMS, "six_weeks"),
    "+pipeline": (*backtest.REGRESSION_TERMS, *PIPELINE),
    "+national": (*backtest.REGRESSION_TERMS, *NATIONAL),
    "+all leading": (
        *backtest.REGRESSION_TERMS,
        *DEMAND,
        *DEMAND_BEFORE,
        *STOCK,
        *PIPELINE,
        *NATIONAL,
    ),
    "size+demand": (*backtest.SIZE_TERMS, *DEMAND),
    "size+pipeline": (*backtest.SIZE_TERMS, *PIPELINE),
    "size+demand+pipeline": (*backtest.SIZE_TERMS, *DEMAND, *PIPELINE),
    "size+all leading": (
        *backtest.SIZE_TERMS,
        *DEMAND,
        *DEMAND_BEFORE,
        *STOCK,
        *PIPELINE,
        *NATIONAL,
    ),
}


def by_june(url: str) -> pl.DataFrame:
    """Per LA and June of publication (``june``): the workload figures out by then."""
    scale = bounded.Scale(bounded.PERCENT_CEILING)
    key = ["area", "june"]

    def published(indicator: str, name: str, lag: int) -> pl.DataFrame:
        frame = load_panel(url, (indicator,))
        return frame.select(
            "area", (pl.col("period_index") + lag).alias("june"), pl.col("value").alias(name)
        )

    frame = (
        published("ehc-plans-january", "plans", 0)
        .join(published("ehc-requests", "requests", 1), on=key, how="full", coalesce=True)
        .join(published("new-ehc-plans", "new", 1), on=key, how="full", coalesce=True)
        .join(published("pct-pupils-ehc-plan", "share", 0), on=key, how="full", coalesce=True)
        .join(
            published("pct-requests-decided-6-weeks", "six", 1), on=key, how="full", coalesce=True
        )
        .sort("area", "june")
    )

    # Year on year, only where the previous June is the year before.
    def growth(column: pl.Expr, lag: int = 1) -> pl.Expr:
        before = column.shift(lag).over("area")
        follows = (pl.col("june") - pl.col("june").shift(lag).over("area")) == lag
        return pl.when(follows).then(column - before)

    log_requests = pl.col("requests").log1p()
    log_new = pl.col("new").log1p()
    six = pl.col("six").map_batches(lambda s: pl.Series(scale.to(s.fill_null(np.nan).to_numpy())))
    share = pl.col("share").map_batches(
        lambda s: pl.Series(scale.to(s.fill_null(np.nan).to_numpy()))
    )
    return frame.with_columns(
        growth(log_requests).alias("requests_growth"),
        growth(log_new).alias("plans_growth"),
        growth(log_requests).shift(1).over("area").alias("requests_growth_before"),
        growth(log_new).shift(1).over("area").alias("plans_growth_before"),
        growth(pl.col("plans").log()).alias("stock_growth"),
        growth(share).alias("share_growth"),
        (log_requests - pl.col("plans").log()).alias("requests_per_plan"),
        (log_requests - log_new).alias("pipeline"),
        growth(log_requests - log_new).alias("pipeline_growth"),
        six.alias("six_weeks"),
    ).with_columns(pl.col(pl.Float64).fill_nan(None))


def load_leading(url: str, panel: pl.DataFrame, england: pl.DataFrame) -> pl.DataFrame:
    """For each percent series, area and origin: the leading figures published by then, with
    England's change and the rest of the region's mean change in the series (logit scale)."""
    scale = bounded.Scale(bounded.PERCENT_CEILING)
    with transaction(url) as session:
        regions = pl.DataFrame(
            [
                (la.dfe_code, la.region_code)
                for la in reference.list_local_authorities(session=session, current_only=False)
            ],
            schema={"area": pl.String, "region": pl.String},
            orient="row",
        ).unique("area")
    june = by_june(url)

    def changes(frame: pl.DataFrame) -> pl.DataFrame:
        out = frame.sort("series", "area", "period_index")
        out = out.with_columns(pl.Series("z", scale.to(out["value"].to_numpy())))
        follows = (
            pl.col("period_index") - pl.col("period_index").shift(1).over("series", "area")
        ) == 1
        return out.with_columns(
            pl.when(follows)
            .then(pl.col("z") - pl.col("z").shift(1).over("series", "area"))
            .alias("change")
        )

    national = changes(england.with_columns(pl.lit("E").alias("area"))).select(
        "series", "period_index", pl.col("change").alias("england_change")
    )
    own = changes(panel).join(regions, on="area", how="left")
    region = own.with_columns(
        (
            (
                pl.col("change").sum().over("series", "region", "period_index")
                - pl.col("change").fill_null(0)
            )
            / (
                pl.col("change").count().over("series", "region", "period_index")
                - pl.col("change").is_not_null().cast(pl.Int64)
            )
        ).alias("region_change")
    ).select("series", "area", "period_index", "region_change")
    lag = pl.when(pl.col("series").is_in(JANUARY_SERIES)).then(0).otherwise(1)
    keys = (
        panel.select("series", "area", "period_index")
        .unique()
        .with_columns((pl.col("period_index") + lag).alias("june"))
    )
    names = [
        "requests_growth",
        "plans_growth",
        "requests_growth_before",
        "plans_growth_before",
        "stock_growth",
        "share_growth",
        "requests_per_plan",
        "pipeline",
        "pipeline_growth",
        "six_weeks",
    ]
    return (
        keys.join(june.select("area", "june", *names), on=["area", "june"], how="left")
        .join(national, on=["series", "period_index"], how="left")
        .join(region, on=["series", "area", "period_index"], how="left")
        .drop("june")
    )


def run_leading(url: str, evaluated: pl.DataFrame) -> None:
    """Leading figures, combinations and nested choices against the 10% goal, per series.

    Each regression (one per term set of ``LEADING_SETS``) is refitted at every origin on
    earlier pairs only; "median of 4" is the median of four forecasts fixed beforehand; the
    "nested" rows choose, at each origin, the term set (or weight, or any method) with the
    lowest error on earlier origins' forecasts only, by series or pooled over the series. Only
    the nested rows are honest for the question "which term set?": the rest are shown so the
    choice can be seen. The hindsight row is a ceiling (year intercepts fitted on every pair)."""
    panel = load_panel(url, PERCENT_SERIES)
    england = load_panel(url, PERCENT_SERIES, level="national")
    sizes = load_sizes(url)
    leading = load_leading(url, panel, england)
    key = ["series", "area", "origin"]
    fits = {
        "regression": backtest.regression_one_ahead(panel, england=england),
        "regression+size": backtest.regression_one_ahead(
            panel, england=england, sizes=sizes, terms=backtest.SIZE_TERMS
        ),
    }
    for name, terms in LEADING_SETS.items():
        fits[name] = backtest.regression_one_ahead(
            panel, england=england, sizes=sizes, terms=terms, leading=leading
        )
    ceiling = LEADING_SETS["size+all leading"]
    fits["hindsight, size+all leading"] = backtest.regression_one_ahead(
        panel, england=england, sizes=sizes, terms=ceiling, leading=leading, hindsight=True
    )
    both = evaluated.select(*key, "actual", "last", "bounded")
    for name, fit in fits.items():
        both = both.join(fit.select(*key, pl.col("regression").alias(name)), on=key, how="left")
    both = both.with_columns(pl.col(*fits).fill_null(pl.col("last")))
    toward = backtest.toward_mean_one_ahead(panel)
    weights = [c for c in toward.columns if c.startswith("toward_mean_")]
    both = both.join(toward, on=key, how="left").with_columns(
        pl.col(*weights).fill_null(pl.col("last"))
    )
    both = both.with_columns(
        pl.concat_list("last", "regression", "regression+size", "+all leading")
        .list.median()
        .alias("median of 4"),
    )
    regressions = [name for name in fits if not name.startswith("hindsight")]  # forecasts only
    choices = {
        "nested: toward mean weight": (weights, False),
        "nested: term set, by series": (regressions, False),
        "nested: term set, pooled": (regressions, True),
        "nested: any, by series": ([*regressions, *weights, "median of 4"], False),
    }
    for name, (methods, pooled) in choices.items():
        chosen = backtest.nested_selection(both, methods, pooled=pooled)
        both = both.join(chosen.select(*key, pl.col("selected").alias(name)), on=key, how="left")
    columns = [*regressions, *weights[1:], "median of 4", *choices, "hindsight, size+all leading"]
    table = backtest.per_series(both, columns)
    with pl.Config(tbl_rows=40, tbl_cols=40, tbl_width_chars=400, float_precision=3):
        print("\n== leading figures and nested choices: MAE ÷ the last value's, per series ==")
        print(table.transpose(include_header=True, column_names="series"))
        print("Nested term set, pooled, ÷ last value by origin (the year forecast is origin + 1):")
        print(_by_origin(both, "nested: term set, pooled"))
        chosen = backtest.nested_selection(both, regressions, pooled=True)
        picks = chosen.group_by("origin").agg(pl.col("selected_method").first()).sort("origin")
        print("Term set chosen (pooled) by origin:", dict(picks.iter_rows()))
    for name in choices:
        worst = float(table[name].to_numpy().max())
        print(f"{name}: worst series {worst:.3f} ({'met' if worst <= GOAL else 'not met'})")


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
            run_leading(url, evaluated)
        if args.only != "percent":
            run_group(url, COUNT_SERIES, "count")
    return 0


if __name__ == "__main__":
    sys.exit(main())
