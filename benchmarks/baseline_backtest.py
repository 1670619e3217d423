"""Backtest: which baseline method forecasts percentages (and counts) best one year ahead?

Run: ``.venv/bin/python benchmarks/baseline_backtest.py``. Loads the shipped statistics into a
temporary SQLite database with the loader ``sendsight init`` uses, takes every LA's series of
the indicators below, and from every origin with three or more values forecasts the next year
with the last value, the straight line (the old method) and the bounded damped-trend method,
whose settings are chosen at each origin on earlier origins only (nested). Prints the mean
absolute error by series, each method's ratio to the last value, which setting the nested
choice took, the setting chosen on all origins (what ships), and the coverage of the shipped
method's 80% interval.
"""

from __future__ import annotations

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


def load_panel(url: str, indicators: tuple[str, ...]) -> pl.DataFrame:
    """Every LA's published value of each indicator, by year."""
    parts = []
    with transaction(url) as session:
        for indicator in indicators:
            for period in queries.periods(session=session, indicator_id=indicator):
                frame = queries.values_for_period(
                    session=session, indicator_id=indicator, period=period
                ).filter(pl.col("geographic_level") == "la", pl.col("value").is_not_null())
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


def run_group(url: str, indicators: tuple[str, ...], unit: str) -> None:
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


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'statistics.db'}"
        metadata.create_all(get_engine(url))
        with transaction(url) as session:
            load_shipped_data(session)
        run_group(url, PERCENT_SERIES, "percent")
        run_group(url, COUNT_SERIES, "count")
    return 0


if __name__ == "__main__":
    sys.exit(main())
