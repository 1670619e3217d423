"""Baseline forecasts: where a measure is heading if nothing changes (OBA's "forecast" half).

The default method depends on the unit; a measure wired to a published indicator may get a
better one through :class:`BaselineProvider` (``forecast_baseline.provider_for``: the caseload
engine for EHC plans in January, the regression across every LA of ``published_baseline`` for
the published percentages it was tested on). Percentages, rates and counts get the bounded
method (:func:`bounded_baseline`): from the last value, with a trend only where the backtest on
every local authority's published figures found one pays (counts: damped; percentages and
rates: none, the last value carried forward), on the logit scale for percentages (0 to 100) and
the log scale for rates and counts (0 and above), so the forecast and its 80% interval stay in
range. Scores keep a straight line through the last five values or fewer (at least
three) with an 80% prediction interval from the fit's residuals (Student's t, n − 2 degrees of
freedom). See docs/decisions/0702-baselines.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np
import polars as pl
from scipy import stats

from sendsight.outcomes import bounded

WINDOW = 5
MIN_POINTS = 3
LEVEL = 0.80
HORIZON = 3
BOUNDED_UNITS = tuple(bounded.SETTINGS)  # percent, rate, count


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
    """The default baseline: the bounded method for percentages and rates
    (:func:`bounded_baseline`), the straight line for counts and scores.

    Returns None when there are fewer than three values (too little history to say where the
    curve is heading).
    """
    if unit in BOUNDED_UNITS:
        return bounded_baseline(history, unit=unit, horizon=horizon)
    return straight_line_baseline(history, unit=unit, horizon=horizon)


def straight_line_baseline(
    history: pl.DataFrame, *, unit: str, horizon: int = HORIZON
) -> Baseline | None:
    """A straight line through the last ≤5 values with an 80% interval (None below three)."""
    window = _window(history)
    if window is None:
        return None
    x, y = window
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


def bounded_baseline(
    history: pl.DataFrame, *, unit: str, horizon: int = HORIZON
) -> Baseline | None:
    """A baseline that stays in range (``unit``: percent, rate or count): a damped trend on the
    logit scale (percentages, 0 to 100) or the log scale (rates and counts, 0 and above), with
    the settings the backtest chose for the unit (for percentages and rates no trend: the last
    value); see :mod:`sendsight.outcomes.bounded`.

    The 80% interval is built on that scale from the window's period-to-period changes
    (Student's t with n − 1 degrees of freedom, widening with the square root of the horizon)
    and mapped back, so it too lies inside the range.
    """
    window = _window(history)
    if window is None:
        return None
    x, y = window
    scale = bounded.scale_for(unit) or bounded.Scale(None)
    z = scale.to(y)
    steps = np.arange(1, horizon + 1)
    s = bounded.SETTINGS[unit]
    centre = bounded.damped_path(x, z, steps, alpha=s.alpha, phi=s.phi, shrink=s.shrink)
    half = _t_quantile(len(x) - 1) * bounded.step_spread(z) * np.sqrt(steps)
    low, mid, high = (scale.back(v) for v in (centre - half, centre, centre + half))
    origin = int(x[-1])
    points = tuple(
        BaselinePoint(origin + int(h), float(m), float(lo), float(hi))
        for h, lo, m, hi in zip(steps, low, mid, high, strict=True)
    )
    method = _bounded_method(unit, len(x), horizon)
    return Baseline(method=method, level=LEVEL, origin_index=origin, points=points)


def _bounded_method(unit: str, n: int, horizon: int) -> str:
    setting = bounded.SETTINGS[unit]
    start = "The last value" if setting.alpha == 1 else f"A smoothed level of the last {n} values"
    if setting.phi == 0:
        trend = ""
    elif setting.shrink:
        trend = (
            f" plus the average change per period over the last {n} values (counted for less "
            "the smaller it is next to the swings from one period to the next)"
        )
    else:
        trend = f" plus the trend of the last {n} values"
    if 0 < setting.phi < 1:
        trend += f", damped to {setting.phi:.0%} of itself each period ahead"
    scale = (
        "logit scale, so it stays between 0% and 100%"
        if unit == "percent"
        else "log scale, so it stays at 0 or above"
    )
    if setting.phi == 0 and setting.alpha == 1:
        return (
            f"The last value, carried forward {horizon} periods: following the trend forecast "
            "no better when tested on every local authority's published figures. The band is "
            f"an {LEVEL:.0%} prediction interval from how much the value moved from one period "
            f"to the next, worked out on the {scale}."
        )
    return (
        f"{start}{trend}, extended {horizon} periods on the {scale}. Chosen by testing on every "
        f"local authority's published figures. The band is an {LEVEL:.0%} prediction interval "
        "from how much the value moved from one period to the next."
    )


def _window(history: pl.DataFrame) -> tuple[np.ndarray, np.ndarray] | None:
    """The last ≤5 periods and their values, oldest first (None below three)."""
    x_all = history["period_index"].to_numpy().astype(float)
    order = np.argsort(x_all, kind="stable")[-WINDOW:]
    if len(order) < MIN_POINTS:
        return None
    return x_all[order], history["value"].to_numpy().astype(float)[order]


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
