"""Forecasts at one origin with tuning and calibrated intervals, all from data up to that origin.

The recommended method ("pipeline") reads each area's assessment pipeline: requests accepted
for assessment, new plans issued and the share issued within 20 weeks in the calendar year
before the origin, and the share of pupils with an EHC plan at the origin
(``flows.request_regression``). It is the geometric mean of two regressions on these: one of
growth relative to England's, added to England's pace of the last three years
("request_regression"), and one of growth itself on the area's own rates, which reads
England's pace from the flows ("request_regression_absolute"). An area missing some inputs
gets both refitted on the others, one missing all of them "combined", and one with fewer
than :data:`SMALL_AREA_PLANS` plans at the origin England's recent pace.

"combined" (recommended before) is the geometric mean of pooled growth of the caseload, a
regression on the area's new-plan rate and, one year ahead only, a stock-flow projection
from new plans and ceasing (see ``flows``).

The pooled method ("pooled_growth") picks, at each origin T, the configuration of
:data:`methods.POOLED_GRID` with the lowest one-year MAPE over the three previous origins
whose outcomes are known by January T. Prediction intervals are split-conformal: the
empirical quantiles of the method's own log errors at earlier origins whose targets are no
later than T, pooled across areas and scaled by each area's recent volatility, and at two
or more years ahead no narrower than √h times the one-year quantiles.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np
from scipy.stats import norm

from sendsight.forecasting import flows
from sendsight.forecasting import methods as m

RECOMMENDED = "pipeline"
COMBINED = "combined"
POOLED = "pooled_growth"
REQUESTS = "request_regression"
REQUESTS_ABSOLUTE = "request_regression_absolute"
FLOW_METHODS = ("stock_flow", "new_plan_regression", REQUESTS, REQUESTS_ABSOLUTE)
METHODS = (RECOMMENDED, COMBINED, POOLED, *FLOW_METHODS, *m.BASELINES)
_FLOW_FUNCS = {"stock_flow": flows.stock_flow, "new_plan_regression": flows.new_plan_regression}
TUNING_ORIGINS = 3
CALIBRATION_ORIGINS = 4
#: Below this many plans at the origin an area's own growth and new-plan rate are mostly
#: noise (a few children move a rate by percentage points: City of London, Isles of Scilly,
#: Rutland), so "pipeline" and "combined" grow it at the national pace instead.
SMALL_AREA_PLANS = 500


class Engine:
    """Memoised forecasts on one full matrix; each call only reads columns up to its origin."""

    def __init__(
        self,
        matrix: m.Matrix,
        first_year: int,
        inflow: m.Matrix | None = None,
        pipeline: flows.Pipeline | None = None,
    ) -> None:
        """``inflow`` (same shape as ``matrix``): new plans issued in the calendar year before
        each January; ``pipeline``: the series of :data:`flows.PIPELINE_SERIES`, aligned the
        same way, and :data:`flows.PREVALENCE` (aligned to the January itself). Without them
        the flow methods give no forecast: "pipeline" then falls back to "combined", and
        "combined" to pooled growth."""
        self.matrix = matrix
        self.first_year = first_year
        missing = np.full_like(matrix, np.nan)
        self.inflow = flows.fill_forward(missing if inflow is None else inflow)
        given = pipeline or {}
        self.pipeline = {name: given.get(name, missing) for name in flows.REGRESSION_INPUTS}
        self.last_year = first_year + matrix.shape[1] - 1
        self.point = lru_cache(maxsize=None)(self._point)
        self.chosen = lru_cache(maxsize=None)(self._chosen)
        self.residuals = lru_cache(maxsize=None)(self._residuals)

    def history(self, origin: int) -> m.Matrix:
        """Columns from the first year up to and including January ``origin``."""
        return self.matrix[:, : origin - self.first_year + 1]

    def can_run(self, method: str, origin: int) -> bool:
        """True when the method has enough Januaries of history at this origin."""
        if method in (RECOMMENDED, COMBINED, POOLED):
            earliest = origin - TUNING_ORIGINS - 1
            return self.can_run(next(iter(m.POOLED_GRID)), earliest)
        if method in FLOW_METHODS:
            return origin - self.first_year + 1 >= flows.NEW_PLAN_YEARS + 2
        return origin - self.first_year + 1 >= m.HISTORY_NEEDED[method]

    def _point(self, method: str, origin: int, h: int) -> m.Vector:
        if method in (RECOMMENDED, COMBINED):
            own = self._own_signals(method, origin, h)
            history = self.history(origin)
            small = history[:, -1] < SMALL_AREA_PLANS
            return np.asarray(np.where(small, m.national_pace(history, h), own), dtype=float)
        if method in FLOW_METHODS:
            columns = origin - self.first_year + 1
            inflow = self.inflow[:, :columns]
            if method in (REQUESTS, REQUESTS_ABSOLUTE):
                pipeline = {name: series[:, :columns] for name, series in self.pipeline.items()}
                return flows.request_regression(
                    self.history(origin), inflow, pipeline, h, relative=method == REQUESTS
                )
            return _FLOW_FUNCS[method](self.history(origin), inflow, h)
        if method == POOLED:
            method = self.chosen(origin)
        func = m.BASELINE_FUNCS.get(method) or m.POOLED_GRID[method]
        return func(self.history(origin), h)

    def _own_signals(self, method: str, origin: int, h: int) -> m.Vector:
        """The recommended or combined forecast before the small-area rule."""
        if method == RECOMMENDED:
            led = flows.geometric_mean(
                self.point(REQUESTS, origin, h), self.point(REQUESTS_ABSOLUTE, origin, h)
            )
            combined = self._own_signals(COMBINED, origin, h)
            return np.asarray(np.where(np.isfinite(led), led, combined), dtype=float)
        # The stock-flow identity is exact for the next January; further ahead it
        # compounds two guesses (new-plan growth, ceasing) and only adds error.
        names = ("stock_flow", "new_plan_regression") if h == 1 else ("new_plan_regression",)
        pooled = self.point(POOLED, origin, h)
        return flows.geometric_mean(pooled, *(self.point(name, origin, h) for name in names))

    def _chosen(self, origin: int) -> str:
        scores = {
            name: self.inner_mape(name, origin)
            for name in m.POOLED_GRID
            if self.can_run(name, origin - TUNING_ORIGINS)
        }
        if not scores:
            return "shrunk_k1_w0_b0"
        return min(sorted(scores), key=lambda name: scores[name])

    def inner_mape(self, method: str, origin: int) -> float:
        """Mean one-year APE over the tuning origins before ``origin`` (targets ≤ origin)."""
        errors = []
        for inner in range(origin - TUNING_ORIGINS, origin):
            actual = self.matrix[:, inner + 1 - self.first_year]
            with np.errstate(divide="ignore", invalid="ignore"):
                errors.append(np.abs(self.point(method, inner, 1) / actual - 1))
        return float(np.nanmean(np.concatenate(errors)))

    def past_accuracy(
        self, method: str, origin: int, h: int, origins: int = 7
    ) -> tuple[int, int, float | None]:
        """First and last origin and mean APE (%) of ``method``'s ``h``-year forecasts at up to
        ``origins`` earlier origins whose targets are no later than ``origin``."""
        usable = [
            t
            for t in range(origin - h - origins + 1, origin - h + 1)
            if t >= self.first_year and self.can_run(method, t)
        ]
        if not usable:
            return origin, origin, None
        errors = []
        for inner in usable:
            actual = self.matrix[:, inner + h - self.first_year]
            with np.errstate(divide="ignore", invalid="ignore"):
                errors.append(np.abs(self.point(method, inner, h) / actual - 1))
        found = np.concatenate(errors)
        found = found[np.isfinite(found)]
        mape = float(found.mean() * 100) if found.size else None
        return usable[0], usable[-1], mape

    def scale(self, origin: int) -> m.Vector:
        """Each area's recent volatility: sd of its growth relative to the national growth,
        each year's clipped to ±:data:`flows.CLIP_GROWTH` as the training targets are, so one
        data event (Newham's 2025 fall) does not widen its ranges many times over for years."""
        hist = self.history(origin)[:, -6:]
        with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
            # An area with fewer than two growth years has no spread: it gets the default.
            warnings.simplefilter("ignore", RuntimeWarning)
            growth = np.diff(np.log(hist), axis=1)
            national = np.diff(np.log(np.nansum(hist, axis=0)))
            relative = np.clip(growth - national, -flows.CLIP_GROWTH, flows.CLIP_GROWTH)
            spread = np.nanstd(relative, axis=1)
        return np.asarray(np.clip(np.nan_to_num(spread, nan=0.05), 0.01, 1.0), dtype=float)

    def _residuals(self, method: str, origin: int, h: int) -> m.Vector:
        found = []
        for inner in range(origin - h - CALIBRATION_ORIGINS + 1, origin - h + 1):
            if inner < self.first_year or not self.can_run(method, inner):
                continue
            actual = self.matrix[:, inner + h - self.first_year]
            with np.errstate(divide="ignore", invalid="ignore"):
                found.append(np.log(actual / self.point(method, inner, h)) / self.scale(inner))
        values = np.concatenate(found) if found else np.array([], dtype=float)
        return np.asarray(values[np.isfinite(values)], dtype=float)

    def forecast(self, method: str, origin: int, h: int) -> dict[str, m.Vector]:
        """Point and 80%/95% interval bounds for January ``origin + h``.

        Each bound is a quantile of the method's own scaled log errors at this horizon, but
        never narrower than √h times the same quantile of its one-year errors: a forecast
        further ahead compounds each year's surprise, and the few longer-horizon errors
        known at an early origin come from the calmer years before 2018."""
        point = np.maximum(self.point(method, origin, h), 0.0)
        resid = self.residuals(method, origin, h)
        if resid.size < 20:
            resid = self._fallback_residuals(origin, h)
        one_year = self.residuals(method, origin, 1) if h > 1 else np.array([], dtype=float)
        scale = self.scale(origin)
        out = {"point": point}
        for name, q in (
            ("lower_80", 0.1),
            ("upper_80", 0.9),
            ("lower_95", 0.025),
            ("upper_95", 0.975),
        ):
            spread = float(np.quantile(resid, q))
            if one_year.size >= 20:
                floor = float(np.quantile(one_year, q)) * np.sqrt(h)
                spread = spread if abs(spread) >= abs(floor) else floor
            out[name] = point * np.exp(spread * scale)
        return out

    def _fallback_residuals(self, origin: int, h: int) -> m.Vector:
        # Too little history to calibrate: a normal on the log scale widening with √h,
        # in units of each area's volatility.
        return np.asarray(norm.ppf(np.linspace(0.005, 0.995, 199)) * np.sqrt(h), dtype=float)
