"""Rolling-origin backtest of caseload forecasts: accuracy per method and horizon.

At each origin T the methods see Januaries up to T only, and with ``known_at`` only the
figures as first published by June T (decision 0401: a revision published later is not
used); forecasts for T+h are compared with the newest published January count. Metrics are
computed per origin over all areas, then averaged over origins (as in the derived baseline
file shipped with the tests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from sendsight.forecasting.engine import METHODS, RECOMMENDED, Engine
from sendsight.forecasting.forecast import build_engine
from sendsight.forecasting.panel import History, to_matrix

METRICS = (
    "mape",
    "mdape",
    "bias_pct",
    "wape",
    "within_5pct",
    "coverage_80",
    "coverage_95",
    "national_ape",
)


@dataclass(frozen=True)
class BacktestResult:
    """Backtest output.

    ``errors``: one row per method, origin, horizon and area (actual, forecast, bounds, APE);
    ``by_origin``: metrics per method, origin and horizon; ``summary``: metrics per method and
    horizon averaged over origins, with ``n`` = number of area forecasts scored.
    """

    origins: tuple[int, ...]
    errors: pl.DataFrame
    by_origin: pl.DataFrame
    summary: pl.DataFrame
    recommended: str

    def as_dict(self) -> dict[str, object]:
        """The JSON shape printed by ``sendsight forecast backtest``."""
        methods: dict[str, dict[str, dict[str, float | int]]] = {}
        for row in self.summary.sort("method", "horizon").iter_rows(named=True):
            cell: dict[str, float | int] = {k: round(float(row[k]), 3) for k in METRICS}
            cell["n"] = int(row["n"])
            methods.setdefault(row["method"], {})[str(row["horizon"])] = cell
        return {"origins": list(self.origins), "recommended": self.recommended, "methods": methods}

    def area_accuracy(self, geo_key: str, method: str = RECOMMENDED) -> pl.DataFrame:
        """This area's past errors for a method (for "how accurate was it here" sentences)."""
        return self.errors.filter(pl.col("geo_key") == geo_key, pl.col("method") == method)


def run_backtest(
    history: History,
    origins: Iterable[int] = range(2018, 2025),
    horizons: Sequence[int] = (1, 2, 3),
    methods: Sequence[str] = METHODS,
    known_at: Callable[[int], History] | None = None,
) -> BacktestResult:
    """Score each method at each origin and horizon whose target year is in ``history``.

    ``known_at(T)`` gives the history as published by June T; the forecasts at origin T are
    made from it (default: from ``history`` itself, later revisions included). The actual
    count a forecast is scored against is always ``history``'s.
    """
    keys, first_year, matrix = to_matrix(history.caseload)
    actuals = Scored(keys, first_year, matrix)
    latest = build_engine(keys, first_year, matrix, history)
    engines: list[tuple[History, Scored, Engine]] = []
    frames = []
    for origin in sorted(set(origins)):
        scored, engine = (
            (actuals, latest) if known_at is None else _engine(known_at(origin), engines)
        )
        frames += [
            _score(engine, scored, actuals, method, origin, h)
            for method in methods
            for h in horizons
            if origin + h <= latest.last_year and engine.can_run(method, origin)
        ]
    errors = pl.concat(frames).sort("method", "origin", "horizon", "geo_key")
    by_origin = _metrics(errors, ("method", "origin", "horizon"))
    summary = (
        by_origin.group_by("method", "horizon")
        .agg(*[pl.col(k).mean() for k in METRICS], pl.col("n").sum())
        .sort("method", "horizon")
    )
    return BacktestResult(
        tuple(sorted(set(origins))), errors, by_origin, summary, _recommend(summary)
    )


@dataclass(frozen=True)
class Scored:
    """A caseload matrix with its footprints and first year."""

    keys: list[str]
    first_year: int
    matrix: np.ndarray[Any, np.dtype[np.float64]]

    def column(self, year: int, keys: list[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
        """January ``year`` for each footprint of ``keys`` (NaN where unknown)."""
        rows = {key: i for i, key in enumerate(self.keys)}
        index = year - self.first_year
        if not 0 <= index < self.matrix.shape[1]:
            return np.full(len(keys), np.nan)
        return np.array([self.matrix[rows[k], index] if k in rows else np.nan for k in keys])


def _engine(known: History, engines: list[tuple[History, Scored, Engine]]) -> tuple[Scored, Engine]:
    """An engine on ``known``; origins that knew the same figures share one (and its memos)."""
    for seen, scored, engine in engines:
        if all(
            getattr(seen, name).equals(getattr(known, name))
            for name in ("caseload", "new_plans", "pipeline", "prevalence")
        ):
            return scored, engine
    keys, first_year, matrix = to_matrix(known.caseload)
    found = Scored(keys, first_year, matrix), build_engine(keys, first_year, matrix, known)
    engines.append((known, *found))
    return found


def _score(
    engine: Engine, scored: Scored, actuals: Scored, method: str, origin: int, h: int
) -> pl.DataFrame:
    fc = engine.forecast(method, origin, h)
    return pl.DataFrame(
        {
            "method": method,
            "origin": origin,
            "horizon": h,
            "geo_key": scored.keys,
            "actual": actuals.column(origin + h, scored.keys),
            **fc,
        }
    ).filter(pl.col("actual").is_not_nan() & pl.col("point").is_not_nan())


def _metrics(errors: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    err = pl.col("point") - pl.col("actual")
    ape = (err / pl.col("actual")).abs() * 100
    inside = [
        (
            (pl.col(f"lower_{p}") <= pl.col("actual")) & (pl.col("actual") <= pl.col(f"upper_{p}"))
        ).mean()
        * 100
        for p in (80, 95)
    ]
    return (
        errors.group_by(*by)
        .agg(
            mape=ape.mean(),
            mdape=ape.median(),
            bias_pct=(err / pl.col("actual")).mean() * 100,
            wape=err.abs().sum() / pl.col("actual").sum() * 100,
            within_5pct=(ape <= 5).mean() * 100,
            coverage_80=inside[0],
            coverage_95=inside[1],
            national_ape=((pl.col("point").sum() / pl.col("actual").sum()) - 1).abs() * 100,
            n=pl.len(),
        )
        .sort(*by)
    )


def _recommend(summary: pl.DataFrame) -> str:
    # Lowest mean MAPE over the horizons scored, among methods that forecast every area the
    # others do (one that leaves out areas it has no data for is scored on easier ground);
    # ties broken by name for determinism.
    means = summary.group_by("method").agg(pl.col("mape").mean(), pl.col("n").sum())
    complete = means.filter(pl.col("n") == pl.col("n").max()).sort("mape", "method")
    return str(complete["method"][0])
