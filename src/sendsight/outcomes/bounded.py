"""Bounded baselines for percentages, rates and counts: forecasts that stay inside what the unit
allows.

A percentage is forecast on the logit scale between 0 and 100, a rate or a count (never below 0)
on the log scale, so a trend bends towards the bound instead of crossing it and every interval,
mapped back, lies inside the range. A small guard (``GUARD``, half a unit: half a percentage
point for a percentage) is added before the transform so that 0% and 100% have a finite place
on the scale; the transform is one-to-one, so the last value maps back exactly.

The forecast is a damped trend (Gardner and McKenzie): from a level ``alpha``-smoothed over the
window (``alpha`` = 1 is the last value), add the window's trend damped by ``phi`` each step
ahead (``phi`` = 0 is no trend, 1 the full trend). With ``shrink`` the trend is the mean change
per period, shrunk towards none when it is small next to the changes' spread. ``SETTINGS`` holds
what the backtest on every local authority chose (benchmarks/baseline_backtest.py, decision
0702): for percentages and rates the last value itself (no trend beat it on every published
series), for counts a lightly damped trend. Pure numbers in, numbers out:
:mod:`sendsight.outcomes.baseline` wraps them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

GUARD = 0.5
PERCENT_CEILING = 100.0


@dataclass(frozen=True, slots=True)
class Setting:
    """The damped trend's settings: level smoothing, damping and drift shrinkage."""

    alpha: float
    phi: float
    shrink: float


# Chosen by the backtest on the DfE series of every LA (benchmarks/baseline_backtest.py,
# decision 0702). For percentages the setting must not lose to the last value on any of the
# series, judged nested (earlier years only); every trend setting lost on the 20-week and
# tribunal series, so the last value is carried (phi = 0). Rates have no published series to
# test on and take the percentages'.
SETTINGS = {
    "percent": Setting(alpha=1.0, phi=0.0, shrink=0.0),
    "rate": Setting(alpha=1.0, phi=0.0, shrink=0.0),
    "count": Setting(alpha=1.0, phi=0.25, shrink=0.0),
}


@dataclass(frozen=True, slots=True)
class Scale:
    """A one-to-one map from a unit's range to the whole real line (``ceiling`` None: no top)."""

    ceiling: float | None
    guard: float = GUARD

    def to(self, y: np.ndarray) -> np.ndarray:
        """Values on the unbounded scale (logit or log), after clipping into the range."""
        if self.ceiling is None:
            return np.asarray(np.log(np.maximum(y, 0.0) + self.guard), dtype=float)
        share = (np.clip(y, 0.0, self.ceiling) + self.guard) / (self.ceiling + 2 * self.guard)
        return np.asarray(np.log(share / (1 - share)), dtype=float)

    def back(self, z: np.ndarray) -> np.ndarray:
        """Values back in the unit's range (clipped: the guard reaches just past the bounds)."""
        if self.ceiling is None:
            return np.asarray(np.maximum(np.exp(z) - self.guard, 0.0), dtype=float)
        y = (self.ceiling + 2 * self.guard) / (1 + np.exp(-z)) - self.guard
        return np.asarray(np.clip(y, 0.0, self.ceiling), dtype=float)


def scale_for(unit: str) -> Scale | None:
    """The bounded scale of a unit: logit for percentages, log for rates and counts; None for
    scores (no natural bound)."""
    if unit == "percent":
        return Scale(PERCENT_CEILING)
    if unit in ("rate", "count"):
        return Scale(None)
    return None


def smoothed_level(z: np.ndarray, alpha: float) -> float:
    """Simple exponential smoothing of ``z`` (oldest first), started at the first value."""
    level = float(z[0])
    for value in z[1:]:
        level = alpha * float(value) + (1 - alpha) * level
    return level


def slope_of(x: np.ndarray, z: np.ndarray, shrink: float = 0.0) -> float:
    """The trend per period. With ``shrink`` 0: the least-squares slope of ``z`` on ``x``.
    Otherwise the drift (mean change per period) shrunk towards 0 by how uncertain it is,
    multiplied by d² / (d² + ``shrink`` · se²): a drift lost in the year-to-year noise counts
    for little. (A slope fitted to the levels of a random walk looks significant when it is
    not; the changes do not have that fault.)"""
    if len(x) < 2:
        return 0.0
    if shrink == 0:
        return float(np.polyfit(x, z, 1)[0])
    changes = np.diff(z) / np.diff(x)
    drift = float(changes.mean())
    if len(changes) < 2 or drift == 0:
        return drift
    se2 = float(changes.var(ddof=1)) / len(changes)
    return drift * drift**2 / (drift**2 + shrink * se2)


def damped_path(
    x: np.ndarray, z: np.ndarray, steps: np.ndarray, *, alpha: float, phi: float, shrink: float
) -> np.ndarray:
    """Damped-trend forecasts on the unbounded scale ``steps`` periods after the last ``x``."""
    level = smoothed_level(z, alpha)
    slope = slope_of(x, z, shrink) if phi > 0 else 0.0
    damping = np.array([sum(phi**j for j in range(1, int(h) + 1)) for h in steps])
    return level + slope * damping


def step_spread(z: np.ndarray) -> float:
    """How far the value moves in one period: root mean square of the period-to-period changes
    on the unbounded scale (the random-walk innovation the interval is built from)."""
    changes = np.diff(z)
    return math.sqrt(float((changes**2).mean())) if len(changes) else 0.0


def forecast(
    x: np.ndarray, y: np.ndarray, steps: np.ndarray, *, unit: str, setting: Setting
) -> np.ndarray:
    """Point forecasts in the unit's own range (scores: on their natural scale)."""
    scale = scale_for(unit)
    z = scale.to(y) if scale else y
    path = damped_path(x, z, steps, alpha=setting.alpha, phi=setting.phi, shrink=setting.shrink)
    return scale.back(path) if scale else path
