"""Backtest of baseline methods: rolling origins, one period ahead, on a panel of areas.

A panel has columns ``series``, ``area``, ``period_index`` and ``value``. From every origin
with at least three values in the window, each method forecasts the next period; the error is
the distance to what was then published. The bounded method's settings (``alpha``, ``phi``) are
chosen *nested*: at each origin, the candidate with the lowest mean absolute error on forecasts
made from earlier origins only (pooled over the series given together), so the figures
reported for it are out of sample. Forecasts from the first origin serve only to choose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from sendsight.outcomes import bounded
from sendsight.outcomes.baseline import MIN_POINTS, WINDOW, straight_line_baseline


@dataclass(frozen=True, slots=True)
class Candidate(bounded.Setting):
    """One setting of the bounded damped-trend method, named for a column."""

    @property
    def name(self) -> str:
        """A column name such as ``a0.5_p0.25_s1``."""
        return f"a{self.alpha:g}_p{self.phi:g}_s{self.shrink:g}"


CANDIDATES = tuple(
    Candidate(alpha, phi, shrink)
    for alpha in (1.0, 0.7, 0.5)
    for phi in (0.0, 0.25, 0.5, 0.75, 1.0)
    for shrink in ((0.0,) if phi == 0 else (0.0, 1.0, 4.0, 16.0))
)
PANEL_SCHEMA = {
    "series": pl.String,
    "area": pl.String,
    "period_index": pl.Int64,
    "value": pl.Float64,
}


def one_ahead(
    panel: pl.DataFrame, units: dict[str, str], candidates: Sequence[Candidate] = CANDIDATES
) -> pl.DataFrame:
    """Every one-period-ahead forecast: ``series``, ``area``, ``origin``, ``actual``, ``last``
    (the last value), ``line`` (the straight line), then one column per candidate."""
    rows: list[dict[str, object]] = []
    clean = panel.drop_nulls("value").sort("series", "area", "period_index")
    for (series, area), part in clean.group_by(["series", "area"], maintain_order=True):
        x = part["period_index"].to_numpy().astype(float)
        y = part["value"].to_numpy().astype(float)
        for i in range(MIN_POINTS - 1, len(x) - 1):
            if x[i + 1] != x[i] + 1:
                continue
            lo = max(0, i + 1 - WINDOW)
            rows.append(
                _forecasts(
                    str(series),
                    str(area),
                    x[lo : i + 1],
                    y[lo : i + 1],
                    y[i + 1],
                    units[str(series)],
                    candidates,
                )
            )
    return pl.DataFrame(rows) if rows else pl.DataFrame()


def _forecasts(
    series: str,
    area: str,
    x: np.ndarray,
    y: np.ndarray,
    actual: float,
    unit: str,
    candidates: Sequence[Candidate],
) -> dict[str, object]:
    steps = np.array([1])
    line = straight_line_baseline(
        pl.DataFrame({"period_index": x, "value": y}), unit=unit, horizon=1
    )
    row: dict[str, object] = {
        "series": series,
        "area": area,
        "origin": int(x[-1]),
        "actual": actual,
        "last": float(y[-1]),
        "line": line.points[0].estimate if line else float(y[-1]),
    }
    for c in candidates:
        path = bounded.forecast(x, y, steps, unit=unit, setting=c)
        row[c.name] = float(path[0])
    return row


def nested_choice(
    forecasts: pl.DataFrame, candidates: Sequence[Candidate] = CANDIDATES
) -> pl.DataFrame:
    """The forecasts from the second origin on, with ``chosen`` (the candidate picked on
    earlier origins by :func:`best`) and ``bounded`` (its forecast)."""
    parts = []
    for origin in sorted(forecasts["origin"].unique().to_list())[1:]:
        chosen = best(forecasts.filter(pl.col("origin") < origin), candidates)
        parts.append(
            forecasts.filter(pl.col("origin") == origin).with_columns(
                pl.lit(chosen).alias("chosen"), pl.col(chosen).alias("bounded")
            )
        )
    return pl.concat(parts) if parts else forecasts.clear()


def best(forecasts: pl.DataFrame, candidates: Sequence[Candidate] = CANDIDATES) -> str:
    """The candidate with the lowest error relative to the last value: the geometric mean over
    series of its mean absolute error divided by the last value's, so a series measured in
    tens of points does not drown one measured in tenths."""
    names = [c.name for c in candidates]
    maes = (
        forecasts.group_by("series")
        .agg((pl.col(m) - pl.col("actual")).abs().mean() for m in ["last", *names])
        .filter(pl.col("last") > 0)
    )
    scores = [float(np.log(maes[n] / maes["last"]).mean()) for n in names]
    return names[int(np.argmin(np.array(scores)))]


def geometric_ratio(evaluated: pl.DataFrame) -> float:
    """The geometric mean over series of the bounded method's error divided by the last
    value's (below 1: better), the scale-free summary :func:`best` chooses by."""
    maes = (
        evaluated.group_by("series")
        .agg((pl.col(m) - pl.col("actual")).abs().mean() for m in ("bounded", "last"))
        .filter(pl.col("last") > 0)
    )
    return float(np.exp(np.log(maes["bounded"] / maes["last"]).mean()))


def mae_table(evaluated: pl.DataFrame) -> pl.DataFrame:
    """Mean absolute error by series (and ``all``) of the bounded method, the last value and the
    straight line, with each method's ratio to the last value (below 1: better)."""

    def summary(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.select(
            pl.len().alias("forecasts"),
            *(
                (pl.col(m) - pl.col("actual")).abs().mean().alias(m)
                for m in ("bounded", "last", "line")
            ),
        ).with_columns(
            (pl.col("bounded") / pl.col("last")).alias("bounded/last"),
            (pl.col("line") / pl.col("last")).alias("line/last"),
        )

    by_series = evaluated.group_by("series", maintain_order=True).map_groups(
        lambda g: summary(g).with_columns(pl.lit(g["series"][0]).alias("series"))
    )
    total = summary(evaluated).with_columns(pl.lit("all").alias("series"))
    columns = ["series", "forecasts", "bounded", "last", "line", "bounded/last", "line/last"]
    return pl.concat([by_series.select(columns), total.select(columns)])
