"""Nested backtest: the accuracy of the forecasting *procedure*, design choices included.

The recommended method's design (which method, the small-area threshold, how the two request
regressions are combined) was chosen by looking at the 2018–2024 backtest, so that backtest
flatters it. Here every design choice is made again at each origin T from a small explicit
grid (:data:`GRID`), by the lowest mean one-year MAPE over earlier origins S whose outcome
(January S + 1) was published by June T, each scored against the figures as first published
by T. With fewer than :data:`MIN_EARLIER` such origins the fixed :data:`DEFAULT` is used.
Forecasts at every origin are made from the figures first published by then (``known_at``);
the chosen configuration's forecast at T is scored against the newest published count, as in
``backtest``. Fitted numbers inside each method were already estimated from earlier data only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np
import polars as pl

from sendsight.forecasting import methods as m
from sendsight.forecasting.backtest import METRICS, BacktestResult, Scored, _engine, _metrics
from sendsight.forecasting.engine import (
    COMBINED,
    POOLED,
    RECOMMENDED,
    REQUESTS,
    REQUESTS_ABSOLUTE,
    Engine,
)
from sendsight.forecasting.panel import History, to_matrix

#: Weight on the relative request regression in the weighted geometric mean of the two
#: request regressions (1: relative alone, 0: absolute alone; the shipped "pipeline" is ½).
REQUEST_WEIGHTS = {
    "relative": 1.0,
    "weighted_0.75": 0.75,
    "geometric_mean": 0.5,
    "weighted_0.25": 0.25,
    "absolute": 0.0,
}
#: Candidate forecasts before the small-area rule: the request regressions combined with each
#: weight of :data:`REQUEST_WEIGHTS` (falling back to "combined" where they cannot forecast);
#: "combined"; "pooled_growth"; "linear_k3".
BASES = (*REQUEST_WEIGHTS, COMBINED, POOLED, "linear_k3")
#: Areas holding fewer plans than this at the origin are grown at England's pace.
THRESHOLDS = (0, 250, 500, 1000)
GRID: tuple[tuple[str, int], ...] = tuple(product(BASES, THRESHOLDS))
#: Used while fewer than MIN_EARLIER origins have known outcomes (the shipped configuration).
DEFAULT = ("geometric_mean", 500)
MIN_EARLIER = 2
NESTED = "nested"

Vector = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class NestedResult:
    """``errors`` (one row per origin, horizon and area), ``summary`` (metrics per horizon,
    averaged over origins) and the configuration chosen at each origin."""

    origins: tuple[int, ...]
    errors: pl.DataFrame
    summary: pl.DataFrame
    choices: dict[int, tuple[str, int]]

    def as_dict(self) -> dict[str, object]:
        """The ``nested`` part of ``sendsight forecast backtest --format json``."""
        horizons: dict[str, dict[str, float | int]] = {}
        for row in self.summary.sort("horizon").iter_rows(named=True):
            cell: dict[str, float | int] = {k: round(float(row[k]), 3) for k in METRICS}
            cell["n"] = int(row["n"])
            horizons[str(row["horizon"])] = cell
        chosen = {
            str(t): {"method": base, "small_area_plans": threshold}
            for t, (base, threshold) in sorted(self.choices.items())
        }
        return {"horizons": horizons, "chosen": chosen, "default": list(DEFAULT)}

    def area_accuracy(self, geo_key: str) -> pl.DataFrame:
        """This area's nested errors."""
        return self.errors.filter(pl.col("geo_key") == geo_key)


def config_point(engine: Engine, config: tuple[str, int], origin: int, h: int) -> Vector:
    """The point forecast of one configuration of the grid."""
    base, threshold = config
    if base in REQUEST_WEIGHTS:
        weight = REQUEST_WEIGHTS[base]
        own = engine._own_signals(COMBINED, origin, h)
        rel = engine.point(REQUESTS, origin, h) if weight > 0 else 1.0
        absolute = engine.point(REQUESTS_ABSOLUTE, origin, h) if weight < 1 else 1.0
        with np.errstate(divide="ignore", invalid="ignore"):
            led = np.power(rel, weight) * np.power(absolute, 1 - weight)
        own = np.where(np.isfinite(led), led, own)
    elif base == COMBINED:
        own = engine._own_signals(COMBINED, origin, h)
    else:
        own = engine.point(base, origin, h)
    history = engine.history(origin)
    small = history[:, -1] < threshold
    return np.asarray(np.where(small, m.national_pace(history, h), own), dtype=float)


def _forecast(engine: Engine, config: tuple[str, int], origin: int, h: int) -> dict[str, Vector]:
    # Ranges: the shipped method's, moved with the point (bounds are multiples of the point).
    reference = engine.forecast(RECOMMENDED, origin, h)
    point = np.maximum(config_point(engine, config, origin, h), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(reference["point"] > 0, point / reference["point"], np.nan)
    return {k: point if k == "point" else v * ratio for k, v in reference.items()}


def _mape(point: Vector, actual: Vector) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        ape = np.abs(point / actual - 1)
    ape = ape[np.isfinite(ape)]
    return float(ape.mean()) if ape.size else float("nan")


def choose(
    origin: int,
    known: Scored,
    engines: Callable[[int], tuple[Scored, Engine]],
    earlier: Iterable[int],
) -> tuple[str, int]:
    """The configuration chosen at ``origin``: lowest mean one-year MAPE over the origins S in
    ``earlier`` with S + 1 ≤ ``origin``, scored against ``known`` (the figures published by
    ``origin``); :data:`DEFAULT` when fewer than :data:`MIN_EARLIER` such origins exist."""
    usable = [s for s in earlier if s + 1 <= origin]
    if len(usable) < MIN_EARLIER:
        return DEFAULT
    scores: dict[tuple[str, int], float] = {}
    for config in GRID:
        per_origin = []
        for s in usable:
            scored, engine = engines(s)
            if not engine.can_run(RECOMMENDED, s):
                continue
            actual = known.column(s + 1, scored.keys)
            per_origin.append(_mape(config_point(engine, config, s, 1), actual))
        scores[config] = float(np.nanmean(per_origin)) if per_origin else float("inf")
    return min(GRID, key=lambda c: (scores[c], GRID.index(c)))


def run_nested(
    history: History,
    known_at: Callable[[int], History],
    origins: Iterable[int] = range(2018, 2025),
    horizons: Sequence[int] = (1, 2, 3),
    selection_origins: Iterable[int] = range(2014, 2024),
) -> NestedResult:
    """Score the nested procedure at each origin (see the module docstring)."""
    keys, first_year, matrix = to_matrix(history.caseload)
    actuals = Scored(keys, first_year, matrix)
    last_year = first_year + matrix.shape[1] - 1
    cache: list[tuple[History, Scored, Engine]] = []
    by_origin: dict[int, tuple[Scored, Engine]] = {}

    def engines(origin: int) -> tuple[Scored, Engine]:
        if origin not in by_origin:
            by_origin[origin] = _engine(known_at(origin), cache)
        return by_origin[origin]

    earlier = sorted(set(selection_origins))
    choices: dict[int, tuple[str, int]] = {}
    frames = []
    for origin in sorted(set(origins)):
        scored, engine = engines(origin)
        choices[origin] = config = choose(origin, scored, engines, earlier)
        for h in horizons:
            if origin + h > last_year or not engine.can_run(RECOMMENDED, origin):
                continue
            fc = _forecast(engine, config, origin, h)
            frames.append(
                pl.DataFrame(
                    {
                        "method": NESTED,
                        "origin": origin,
                        "horizon": h,
                        "geo_key": scored.keys,
                        "actual": actuals.column(origin + h, scored.keys),
                        **fc,
                    }
                ).filter(pl.col("actual").is_not_nan() & pl.col("point").is_not_nan())
            )
    errors = pl.concat(frames).sort("origin", "horizon", "geo_key")
    per_origin = _metrics(errors, ("method", "origin", "horizon"))
    summary = (
        per_origin.group_by("horizon")
        .agg(*[pl.col(k).mean() for k in METRICS], pl.col("n").sum())
        .sort("horizon")
    )
    return NestedResult(tuple(sorted(set(origins))), errors, summary, choices)


TABLE_METRICS = ("mape", "mdape", "bias_pct", "coverage_80", "national_ape")


def accuracy_rows(
    result: BacktestResult, nested: NestedResult
) -> list[tuple[str, int, dict[str, float]]]:
    """(which, horizon, metrics) for the recommended method in-sample and for the nested
    procedure, horizons 1–3."""
    rows = []
    for which, summary in (
        (
            f"in-sample ({result.recommended})",
            result.summary.filter(pl.col("method") == result.recommended),
        ),
        ("nested", nested.summary),
    ):
        for row in summary.sort("horizon").iter_rows(named=True):
            metrics = {k: float(row[k]) for k in TABLE_METRICS}
            rows.append((which, int(row["horizon"]), metrics))
    return rows


def backtest_text(result: BacktestResult, nested: NestedResult) -> str:
    """The plain-text table of ``sendsight forecast backtest --format text``."""
    header = ("accuracy", "h", "MAPE", "MdAPE", "bias", "cover80", "national")
    lines = ["  ".join(f"{h:>24}" if i == 0 else f"{h:>8}" for i, h in enumerate(header))]
    for which, h, metrics in accuracy_rows(result, nested):
        cells = [f"{which:>24}", f"{h:>8}", *(f"{metrics[k]:>8.2f}" for k in TABLE_METRICS)]
        lines.append("  ".join(cells))
    chosen = ", ".join(f"{t}: {b}/{n}" for t, (b, n) in sorted(nested.choices.items()))
    lines.append(f"nested choices (method/small-area plans): {chosen}")
    lines.append(
        f"default while fewer than {MIN_EARLIER} earlier origins are known: "
        f"{DEFAULT[0]}/{DEFAULT[1]}"
    )
    return "\n".join(lines) + "\n"
