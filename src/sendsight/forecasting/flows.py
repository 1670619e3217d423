"""Forecasts that use new plans issued as well as the caseload (no peeking).

Both take ``caseload`` (units × Januaries, last column = origin T) and ``inflow``, the same
shape, where column *y* holds the new plans issued in calendar year *y − 1*: the plans that
flowed in during the twelve months before January *y*. New plans for calendar T−1 are
published with the January T caseload, so ``inflow`` up to column T is known at origin T.

The identity behind them: caseload(Jan T+1) = caseload(Jan T) + new plans(T) − ceased(T).

``request_regression`` also reads the assessment pipeline (``Pipeline``): requests for an
EHC needs assessment, refusals to assess, plans issued and plans issued within 20 weeks,
aligned like ``inflow`` (column *y* holds calendar year *y − 1*, published with January *y*),
and the share of pupils with an EHC plan (:data:`PREVALENCE`), whose column *y* holds the
January *y* school census, published in June *y* with the January *y* caseload.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import linprog

from sendsight.forecasting.methods import Matrix, Vector

#: The assessment-pipeline series ``request_regression`` reads, each aligned like ``inflow``.
PIPELINE_SERIES = ("requests", "refused", "issued", "issued_20_weeks")
#: The percentage of pupils with an EHC plan at each January (school census), also read by
#: ``request_regression`` and carried in the same ``Pipeline`` mapping.
PREVALENCE = "pct_pupils_ehc_plan"
REGRESSION_INPUTS = (*PIPELINE_SERIES, PREVALENCE)
Pipeline = dict[str, Matrix]

NEW_PLAN_YEARS = 3
TRAINING_ORIGINS = 3
#: Relative growth beyond ±15% a year is a data event (Newham's 2025 fall, a recording
#: catch-up), not a pattern to learn; training targets are clipped to this.
CLIP_GROWTH = 0.15
#: A regression on fewer area-years than this is not attempted (the pipeline series start
#: with calendar 2016, so the earliest origins have little to learn from).
MIN_TRAINING_AREAS = 50


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


def _national_log_growth(caseload: Matrix, t: int, h: int) -> float:
    """England's log growth from column ``t`` to ``t + h`` (sum over the areas)."""
    return float(np.log(np.nansum(caseload[:, t + h]) / np.nansum(caseload[:, t])))


def _relative_growth(caseload: Matrix, t: int, h: int) -> Vector:
    start, end = caseload[:, t], caseload[:, t + h]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.log(end / start) - _national_log_growth(caseload, t, h), dtype=float)


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


def _rate(numerator: Vector, denominator: Vector) -> Vector:
    """The area's own rate (numerator per unit of denominator); NaN unless both are positive."""
    ok = _complete(numerator, denominator) & (numerator > 0) & (denominator > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(ok, numerator / denominator, np.nan), dtype=float)


def _relative_rate(numerator: Vector, denominator: Vector) -> Vector:
    """The area's rate as a proportion above or below England's (rate / England's − 1).
    Not on the log scale: by the identity, next year's growth is linear in new plans per
    plan held, so a flow rate enters the regression as it is."""
    own = _rate(numerator, denominator)
    ok = np.isfinite(own)
    if not ok.any():
        return own
    national = numerator[ok].sum() / denominator[ok].sum()
    return np.asarray(own / national - 1, dtype=float)


def _relative_prevalence(share: Vector) -> Vector:
    """Log of the area's share of pupils with an EHC plan relative to the median area's.
    (Published as percentages without pupil counts, so England's share cannot be rebuilt
    from the areas; the median area stands in for it.)"""
    ok = np.isfinite(share) & (share > 0)
    if not ok.any():
        return np.full(share.shape, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(ok, np.log(share / np.median(share[ok])), np.nan), dtype=float)


def _pipeline_features(
    caseload: Matrix, inflow: Matrix, pipeline: Pipeline, t: int, *, relative: bool = True
) -> Matrix:
    """What the area's pipeline says at January ``t`` (a column index): new plans and
    requests accepted for assessment in the calendar year before, each per plan held a year
    earlier, the share of plans issued within 20 weeks, and the share of pupils with an EHC
    plan that January (log ratio to the median area's).

    ``relative``: the two flow rates as a proportion above or below England's rate and the
    20-week share as a difference from England's, for a model of growth relative to
    England's; otherwise the area's own rates and share, for a model of growth itself."""
    before = caseload[:, t - 1]
    accepted = pipeline["requests"][:, t] - pipeline["refused"][:, t]
    issued, timely = pipeline["issued"][:, t], pipeline["issued_20_weeks"][:, t]
    ok = _complete(issued, timely) & (issued > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(ok, timely / issued, np.nan)
    if relative:
        flow_rate = _relative_rate
        share = share - (timely[ok].sum() / issued[ok].sum() if ok.any() else np.nan)
    else:
        flow_rate = _rate
    return np.column_stack(
        [
            flow_rate(inflow[:, t], before),
            flow_rate(accepted, before),
            share,
            _relative_prevalence(pipeline[PREVALENCE][:, t]),
        ]
    )


def least_absolute_deviations(design: Matrix, target: Vector) -> Vector:
    """Coefficients minimising the sum of absolute errors (a linear programme, solved
    exactly): the fit follows the typical area, not the few with the largest errors."""
    rows, cols = design.shape
    cost = np.concatenate([np.zeros(cols), np.ones(2 * rows)])
    identity = sparse.identity(rows, format="csr")
    found = linprog(
        cost,
        A_eq=sparse.hstack([sparse.csr_matrix(design), identity, -identity], format="csr"),
        b_eq=target,
        bounds=[(None, None)] * cols + [(0, None)] * (2 * rows),
        method="highs",
    )
    if not found.success:
        return np.asarray(np.linalg.lstsq(design, target, rcond=None)[0], dtype=float)
    return np.asarray(found.x[:cols], dtype=float)


def request_regression(
    caseload: Matrix, inflow: Matrix, pipeline: Pipeline, h: int, *, relative: bool = True
) -> Vector:
    """Growth led by the assessment pipeline: an area accepting more requests for assessment
    per plan held, or issuing more new plans, grows faster; one issuing a larger share
    within 20 weeks has less of a backlog to clear; one where fewer pupils hold a plan than
    elsewhere has room to catch up. Growth over ``h`` years is regressed on these four at
    the last three origins whose outcomes are known, by least absolute deviations.

    ``relative`` (the default): growth relative to England's on rates relative to
    England's, then added to England's growth of the last three years, so England's pace is
    extrapolated from its recent past. Otherwise growth itself on the area's own rates, so
    England's pace is read from the flows too: when requests surge across the country the
    forecast rises everywhere, before the caseload shows it.

    Training targets are clipped to :data:`CLIP_GROWTH` either side of England's growth. An
    area missing some inputs at the origin gets the same regression fitted without them
    (the best model its inputs allow); NaN for an area with none of them.
    """
    last_col = caseload.shape[1] - 1
    xs, ys = [], []
    for t in range(max(last_col - h - TRAINING_ORIGINS + 1, 1), last_col - h + 1):
        xs.append(_pipeline_features(caseload, inflow, pipeline, t, relative=relative))
        national = _national_log_growth(caseload, t, h)
        target = np.clip(_relative_growth(caseload, t, h), -CLIP_GROWTH, CLIP_GROWTH)
        ys.append(target if relative else target + national)
    predicted = np.full(caseload.shape[0], np.nan)
    if not xs or last_col < 1:
        return predicted
    x, y = np.vstack(xs), np.concatenate(ys)
    now = _pipeline_features(caseload, inflow, pipeline, last_col, relative=relative)
    known = np.isfinite(now)
    for inputs in np.unique(known[known.any(axis=1)], axis=0):
        predicted = _fit_on_inputs(x, y, now, inputs, predicted)
    growth = predicted + _national_growth(caseload) * h if relative else predicted
    return np.asarray(caseload[:, -1] * np.exp(growth), dtype=float)


def _fit_on_inputs(
    x: Matrix, y: Vector, now: Matrix, inputs: NDArray[np.bool_], relative: Vector
) -> Vector:
    """Fill ``relative`` for the areas whose known inputs at the origin are exactly
    ``inputs``, from a fit on the training rows where those inputs are all known."""
    ok = np.isfinite(x[:, inputs]).all(axis=1) & np.isfinite(y)
    if ok.sum() < MIN_TRAINING_AREAS:
        return relative
    coef = least_absolute_deviations(np.column_stack([np.ones(ok.sum()), x[ok][:, inputs]]), y[ok])
    areas = (np.isfinite(now) == inputs).all(axis=1)
    out = relative.copy()
    out[areas] = coef[0] + now[areas][:, inputs] @ coef[1:]
    return out


def geometric_mean(*forecasts: Vector) -> Vector:
    """Per area, the geometric mean of the forecasts that are available (finite, positive)."""
    stacked = np.vstack(forecasts)
    usable = np.isfinite(stacked) & (stacked > 0)
    logs = np.where(usable, np.log(np.where(usable, stacked, 1.0)), 0.0)
    count = usable.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(count > 0, np.exp(logs.sum(axis=0) / count), np.nan))
