"""Forecasts that use new plans issued as well as the caseload (no peeking).

Both take ``caseload`` (units × Januaries, last column = origin T) and ``inflow``, the same
shape, where column *y* holds the new plans issued in calendar year *y − 1*: the plans that
flowed in during the twelve months before January *y*. New plans for calendar T−1 are
published with the January T caseload, so ``inflow`` up to column T is known at origin T.

The identity behind them: caseload(Jan T+1) = caseload(Jan T) + new plans(T) − ceased(T).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sendsight.forecasting.methods import Matrix, Vector

NEW_PLAN_YEARS = 3
TRAINING_ORIGINS = 3
#: Relative growth beyond ±15% a year is a data event (Newham's 2025 fall, a recording
#: catch-up), not a pattern to learn; training targets are clipped to this.
CLIP_GROWTH = 0.15


def fill_forward(inflow: Matrix) -> Matrix:
    """A missing year of new plans takes the year before (only earlier years are used)."""
    out = inflow.copy()
    for j in range(1, out.shape[1]):
        out[:, j] = np.where(np.isnan(out[:, j]), out[:, j - 1], out[:, j])
    return out


def _complete(*columns: Vector) -> NDArray[np.bool_]:
    return np.asarray(np.logical_and.reduce([np.isfinite(c) for c in columns]), dtype=bool)


def stock_flow(caseload: Matrix, inflow: Matrix, h: int) -> Vector:
    """Stock-flow: each year add the area's new plans and remove the plans that cease.

    New plans start from the area's latest year and grow at the national new-plan growth of
    the last three years; the ceasing rate (plans ceasing in a year per plan held at its
    start, inferred from the identity) is the national rate of the latest year.
    """
    last, before, newest = caseload[:, -1], caseload[:, -2], inflow[:, -1]
    old = inflow[:, -1 - NEW_PLAN_YEARS]
    ok = _complete(last, before, newest, old)
    growth = np.log(newest[ok].sum() / old[ok].sum()) / NEW_PLAN_YEARS
    ceasing = (before[ok].sum() + newest[ok].sum() - last[ok].sum()) / before[ok].sum()
    level, new = last.copy(), newest.copy()
    for _ in range(h):
        new = new * np.exp(growth)
        level = level + new - ceasing * level
    return np.asarray(np.where(ok, level, np.nan), dtype=float)


def _national_growth(caseload: Matrix, years: int = 3) -> float:
    totals = np.nansum(caseload[:, -years - 1 :], axis=0)
    return float(np.mean(np.diff(np.log(totals))))


def _new_plan_rate(caseload: Matrix, inflow: Matrix) -> Vector:
    """Log of the area's new plans per plan held a year earlier, relative to England's."""
    before, newest = caseload[:, -2], inflow[:, -1]
    ok = _complete(before, newest) & (before > 0) & (newest > 0)
    national = newest[ok].sum() / before[ok].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(ok, np.log(newest / before / national), np.nan), dtype=float)


def _relative_growth(caseload: Matrix, t: int, h: int) -> Vector:
    start, end = caseload[:, t], caseload[:, t + h]
    national = np.log(np.nansum(end) / np.nansum(start))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.log(end / start) - national, dtype=float)


def new_plan_regression(caseload: Matrix, inflow: Matrix, h: int) -> Vector:
    """Growth led by new plans: an area issuing more new plans per plan held than England
    grows faster. The slope of relative growth on the relative new-plan rate is fitted on
    the last three origins whose outcomes are already known, then added to national growth.
    """
    xs, ys = [], []
    last_col = caseload.shape[1] - 1
    for t in range(last_col - h - TRAINING_ORIGINS + 1, last_col - h + 1):
        if t < 1:
            continue
        xs.append(_new_plan_rate(caseload[:, : t + 1], inflow[:, : t + 1]))
        ys.append(np.clip(_relative_growth(caseload, t, h), -CLIP_GROWTH, CLIP_GROWTH))
    if not xs:
        return np.full(caseload.shape[0], np.nan)
    x, y = np.concatenate(xs), np.concatenate(ys)
    ok = np.isfinite(x) & np.isfinite(y)
    slope, intercept = np.polyfit(x[ok], y[ok], 1)
    relative = intercept + slope * _new_plan_rate(caseload, inflow)
    growth = relative + _national_growth(caseload) * h
    return np.asarray(caseload[:, -1] * np.exp(growth), dtype=float)


def geometric_mean(*forecasts: Vector) -> Vector:
    """Per area, the geometric mean of the forecasts that are available (finite, positive)."""
    stacked = np.vstack(forecasts)
    usable = np.isfinite(stacked) & (stacked > 0)
    logs = np.where(usable, np.log(np.where(usable, stacked, 1.0)), 0.0)
    count = usable.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(count > 0, np.exp(logs.sum(axis=0) / count), np.nan))
