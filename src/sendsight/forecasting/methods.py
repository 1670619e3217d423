"""Point-forecast methods for a January caseload matrix (pure numpy, no peeking).

Every method takes ``history``: a units × years matrix whose last column is the forecast
origin (January of year T) and returns the forecast for January T+h. Nothing after the
origin is ever passed in, so a method cannot see the future.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float64]
Vector = NDArray[np.float64]
PointMethod = Callable[[Matrix, int], Vector]

BASELINES = ("naive", "linear_k3", "linear_k5", "drift_growth1", "loglinear_k5")


def naive(history: Matrix, h: int) -> Vector:
    """Naive: next January equals this January."""
    return history[:, -1].copy()


def _line(values: Matrix, h: int) -> Vector:
    k = values.shape[1]
    x = np.arange(k, dtype=float)
    xc = x - x.mean()
    slope = (values - values.mean(axis=1, keepdims=True)) @ xc / (xc @ xc)
    intercept = values.mean(axis=1) - slope * x.mean()
    return np.asarray(intercept + slope * (k - 1 + h), dtype=float)


def linear(k: int) -> PointMethod:
    """Straight line fitted by least squares to the last ``k`` Januaries, extrapolated."""

    def method(history: Matrix, h: int) -> Vector:
        return _line(history[:, -k:], h)

    return method


def loglinear(k: int) -> PointMethod:
    """Straight line on log counts over the last ``k`` Januaries (constant growth)."""

    def method(history: Matrix, h: int) -> Vector:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(np.exp(_line(np.log(history[:, -k:]), h)), dtype=float)

    return method


def drift_growth1(history: Matrix, h: int) -> Vector:
    """Last year's growth ratio repeated: y_T · (y_T / y_{T-1})^h."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = history[:, -1] / history[:, -2]
    return np.asarray(history[:, -1] * ratio**h, dtype=float)


def national_growth(history: Matrix, years: int = 3) -> float:
    """Mean annual log growth of the sum over units in the last ``years`` years."""
    totals = np.nansum(history[:, -years - 1 :], axis=0)
    return float(np.mean(np.diff(np.log(totals))))


def national_pace(history: Matrix, h: int) -> Vector:
    """National pace: the area's latest count grown at England's growth of the last three
    years (its own growth shrunk fully to the national rate)."""
    return np.asarray(history[:, -1] * np.exp(national_growth(history) * h), dtype=float)


def shrunk_growth(k: int, weight: float, blend: float) -> PointMethod:
    """One pooled-growth configuration.

    The area's own log growth over the last ``k`` years is shrunk towards the national
    growth of the last three years (``weight`` = trust in the area's own growth), compounded
    over ``h`` years, then blended (geometric mean, ``blend`` on the trend side) with the
    3-year straight line, which damps the compounding at longer horizons.
    """
    line = linear(3)

    def method(history: Matrix, h: int) -> Vector:
        last = history[:, -1]
        with np.errstate(divide="ignore", invalid="ignore"):
            own = np.log(last / history[:, -1 - k]) / k
            growth = weight * own + (1 - weight) * national_growth(history)
            pooled = last * np.exp(growth * h)
            trend = np.maximum(line(history, h), 1.0)
            return np.asarray(np.exp((1 - blend) * np.log(pooled) + blend * np.log(trend)))

    return method


#: The configurations the pooled method chooses between at each origin.
POOLED_GRID: dict[str, PointMethod] = {
    f"shrunk_k{k}_w{int(w * 100)}_b{int(b * 100)}": shrunk_growth(k, w, b)
    for k in (1, 2, 3)
    for w in (0.0, 0.25, 0.5)
    for b in (0.0, 0.3)
}

BASELINE_FUNCS: dict[str, PointMethod] = {
    "naive": naive,
    "linear_k3": linear(3),
    "linear_k5": linear(5),
    "drift_growth1": drift_growth1,
    "loglinear_k5": loglinear(5),
}

#: Januaries of history (including the origin) each method needs.
HISTORY_NEEDED: dict[str, int] = {
    "naive": 1,
    "linear_k3": 3,
    "linear_k5": 5,
    "drift_growth1": 2,
    "loglinear_k5": 5,
    **dict.fromkeys(POOLED_GRID, 4),
}
