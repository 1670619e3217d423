"""Baseline forecasts: where a measure is heading if nothing changes (OBA's "forecast" half).

The simple documented method (until the forecasting engine plugs a better one in through
:class:`BaselineProvider`): fit a straight line to the last five values or fewer (at least
three), on the log scale when every value is positive and the unit is a count or rate (growth
compounds), otherwise on the natural scale. The interval is an 80% prediction interval from the
fit's residuals (Student's t with n − 2 degrees of freedom), widening with the horizon.
Percentages are kept between 0 and 100. See docs/decisions/0701-outcomes-model.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np
import polars as pl
from scipy import stats

WINDOW = 5
MIN_POINTS = 3
LEVEL = 0.80
HORIZON = 3


@dataclass(frozen=True, slots=True)
class BaselinePoint:
    """The forecast for one future period: ``estimate`` within ``lower`` to ``upper``."""

    period_index: int
    estimate: float
    lower: float
    upper: float


@dataclass(frozen=True, slots=True)
class Baseline:
    """A baseline forecast and how it was made (``method`` is a sentence a reader can follow)."""

    method: str
    level: float | None  # None when disclosure control hides it (see display.shown_baseline)
    origin_index: int
    points: tuple[BaselinePoint, ...]

    def at(self, period_index: int) -> BaselinePoint | None:
        """The forecast point for ``period_index`` (None when outside the horizon)."""
        return next((p for p in self.points if p.period_index == period_index), None)


class BaselineProvider(Protocol):
    """Anything that makes a baseline from a history frame (``period_index``, ``value``)."""

    def __call__(self, history: pl.DataFrame, *, unit: str, horizon: int) -> Baseline | None: ...


def trend_baseline(history: pl.DataFrame, *, unit: str, horizon: int = HORIZON) -> Baseline | None:
    """The simple baseline: a line through the last ≤5 values with an 80% interval.

    Returns None when there are fewer than three values (too little history to say where the
    curve is heading).
    """
    x_all = history["period_index"].to_numpy().astype(float)
    order = np.argsort(x_all, kind="stable")[-WINDOW:]
    if len(order) < MIN_POINTS:
        return None
    x = x_all[order]
    y = history["value"].to_numpy().astype(float)[order]
    use_log = unit in ("count", "rate") and bool((y > 0).all())
    fit_y = np.log(y) if use_log else y
    slope, intercept = np.polyfit(x, fit_y, 1)
    residual_sd = _residual_sd(x, fit_y, slope, intercept)
    t_value = _t_quantile(len(x) - 2)
    origin = int(x[-1])
    points = tuple(
        _point(origin + h, slope, intercept, residual_sd * t_value * _spread(x, origin + h),
               use_log=use_log, unit=unit)
        for h in range(1, horizon + 1)
    )  # fmt: skip
    scale = "log" if use_log else "natural"
    method = (
        f"Straight line fitted to the last {len(x)} values on the {scale} scale and "
        f"extended {horizon} periods; the band is an {LEVEL:.0%} prediction interval "
        "from how far past values sat from the line."
    )
    return Baseline(method=method, level=LEVEL, origin_index=origin, points=points)


@lru_cache(maxsize=16)
def _t_quantile(dof: int) -> float:
    return float(stats.t.ppf(0.5 + LEVEL / 2, df=dof))


def _residual_sd(x: np.ndarray, y: np.ndarray, slope: float, intercept: float) -> float:
    residuals = y - (slope * x + intercept)
    dof = max(len(x) - 2, 1)
    return float(math.sqrt(float((residuals**2).sum()) / dof))


def _spread(x: np.ndarray, at: float) -> float:
    """Standard prediction-interval factor: grows with distance from the data's centre."""
    n = len(x)
    centred = float(((x - x.mean()) ** 2).sum())
    return math.sqrt(1 + 1 / n + (at - x.mean()) ** 2 / centred)


def _point(
    index: int, slope: float, intercept: float, half: float, *, use_log: bool, unit: str
) -> BaselinePoint:
    centre = slope * index + intercept
    low, mid, high = centre - half, centre, centre + half
    if use_log:
        low, mid, high = math.exp(low), math.exp(mid), math.exp(high)
    if unit == "percent":
        low, mid, high = (min(max(v, 0.0), 100.0) for v in (low, mid, high))
    elif unit == "count":
        low = max(low, 0.0)
    return BaselinePoint(index, mid, low, high)


def baseline_before(
    history: pl.DataFrame, period_index: int, *, unit: str, provider: BaselineProvider | None = None
) -> Baseline | None:
    """The baseline as it stood before ``period_index``: made only from earlier values
    (``history`` sorted by period).

    Turning the curve is judged against this: did the period come in better than the forecast
    made without it?
    """
    make = provider or trend_baseline
    index = history["period_index"].to_numpy()
    count = int((index < period_index).sum())
    if count == 0:
        return None
    # ``history`` is sorted by period (as queries return it), so the earlier values are a
    # prefix: slicing is far cheaper than filtering when a scorecard calls this per measure.
    earlier = history.slice(0, count)
    last = int(index[count - 1])
    return make(earlier, unit=unit, horizon=min(max(period_index - last, 1), 12))
