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
Last, the scorecard's provider for measures wired to a published percentage
(``run_provider``): rebuilt at each origin, its error, its 80% band's coverage and its time to
fit. ``--only percent`` skips the counts.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import numpy as np
import polars as pl

from sendsight.cli.setup import load_shipped_data
from sendsight.db.models import metadata
from sendsight.db.session import get_engine, transaction
from sendsight.outcomes import backtest, bounded, published_baseline, published_panel, status
from sendsight.outcomes.baseline import bounded_baseline
from sendsight.outcomes.published_panel import LEADING_SETS

PERCENT_SERIES = (
    "pct-20-weeks-excl-exceptions",
    "pct-20-weeks-incl-exceptions",
    "pct-requests-decided-6-weeks",
    "tribunal-appeal-rate",
    "pct-pupils-ehc-plan",
)
COUNT_SERIES = ("ehc-requests", "new-ehc-plans")
GOAL = 0.90  # issue #13 item 3: at least 10% better than the last value
BEFORE = "a1_p1_s4"  # the percentages' setting until decision 0702 was revised


def load_panel(url: str, indicators: tuple[str, ...], level: str = "la") -> pl.DataFrame:
    """Every LA's (or England's) published value of each indicator
    (:func:`sendsight.outcomes.published_panel.load_panel`)."""
    with transaction(url) as session:
        return published_panel.load_panel(session, indicators, level)


def load_sizes(url: str) -> pl.DataFrame:
    """The count behind each percentage (:func:`published_panel.load_sizes`)."""
    with transaction(url) as session:
        return published_panel.load_sizes(session)


def load_leading(url: str, panel: pl.DataFrame, england: pl.DataFrame) -> pl.DataFrame:
    """The leading figures published by each origin (:func:`published_panel.load_leading`)."""
    with transaction(url) as session:
        return published_panel.load_leading(session, panel, england)


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


def run_provider(url: str) -> None:
    """The scorecard's provider for measures wired to a published percentage
    (:mod:`sendsight.outcomes.published_baseline`), rebuilt at each origin from what was
    published by then: its one-year-ahead error ÷ the last value's, the share of next-year
    figures inside its 80% band, and its time to fit against the time to read the panel."""
    with transaction(url) as session:
        inputs = published_panel.load_inputs(session)
        read_ms = _median_ms(lambda: published_panel.load_inputs(session))
    print("\n== the scorecard's provider for published percentages, one year ahead ==")
    print("(times: median of 5; the fit at the latest origin, the read of all four series)")
    for series in published_panel.SERIES:
        panel = inputs.panel.filter(pl.col("series") == series)
        origins = sorted(panel["period_index"].unique().to_list())[:-1]
        errors: list[tuple[float, float, bool]] = []
        simple: list[float] = []
        for origin in origins:
            model = published_baseline.fit(inputs, series, origin)
            if model is None:  # the scorecard falls back to the last value carried forward
                simple.extend(_last_errors(panel, origin))
                continue
            errors.extend(_provider_errors(model, panel, origin))
        if not errors:
            print(f"{series}: no origin with a model")
            continue
        latest = int(panel["period_index"].max())  # type: ignore[arg-type]
        fit_ms = _median_ms(lambda: published_baseline.fit(inputs, series, latest))  # noqa: B023
        own, last, inside = (np.array(column) for column in zip(*errors, strict=True))
        fallback = np.array(simple) if simple else np.zeros(0)
        overall = (own.sum() + fallback.sum()) / (last.sum() + fallback.sum())
        print(
            f"{series}: {len(own):,} forecasts from a model; MAE ÷ last value "
            f"{own.mean() / last.mean():.3f} ({overall:.3f} with the {len(fallback):,} earlier "
            f"ones carrying the last value); 80% band held the next figure {inside.mean():.0%}; "
            f"fit {fit_ms:,.0f} ms, reading the panel {read_ms:,.0f} ms "
            f"(fit ÷ read {fit_ms / read_ms:.2f})"
        )


def _median_ms(work: Callable[[], object], repeats: int = 5) -> float:
    """The median time of ``repeats`` runs of ``work``, in milliseconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return float(np.median(times))


def _last_errors(panel: pl.DataFrame, origin: int) -> list[float]:
    """The last value's absolute errors one year after ``origin`` (areas with three values)."""
    found: list[float] = []
    for _, part in panel.sort("period_index").group_by(["area"], maintain_order=True):
        before = part.filter(pl.col("period_index") <= origin)
        after = part.filter(pl.col("period_index") == origin + 1)
        if before.height >= 3 and not after.is_empty() and before["period_index"][-1] == origin:
            found.append(abs(float(before["value"][-1]) - float(after["value"][0])))
    return found


def _provider_errors(
    model: published_baseline.Model, panel: pl.DataFrame, origin: int
) -> list[tuple[float, float, bool]]:
    """For every LA with three values up to ``origin`` and one the year after: the provider's
    absolute error, the last value's, and whether the band held the figure."""
    found: list[tuple[float, float, bool]] = []
    for (area,), part in panel.sort("period_index").group_by(["area"], maintain_order=True):
        before = part.filter(pl.col("period_index") <= origin)
        after = part.filter(pl.col("period_index") == origin + 1)
        if before.height < 3 or after.is_empty() or before["period_index"][-1] != origin:
            continue
        values = before["value"].to_numpy()
        point = published_baseline.forecast(
            model, str(area), before["period_index"].to_numpy(), values, 1
        )[0]
        actual = float(after["value"][0])
        found.append(
            (
                abs(point.estimate - actual),
                abs(float(values[-1]) - actual),
                point.lower <= actual <= point.upper,
            )
        )
    return found


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
            run_provider(url)
        if args.only != "percent":
            run_group(url, COUNT_SERIES, "count")
    return 0


if __name__ == "__main__":
    sys.exit(main())
