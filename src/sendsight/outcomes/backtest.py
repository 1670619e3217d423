"""Backtest of baseline methods: rolling origins, one period ahead, on a panel of areas.

A panel has columns ``series``, ``area``, ``period_index`` and ``value``. From every origin
with at least three values in the window, each method forecasts the next period; the error is
the distance to what was then published. The bounded method's settings (``alpha``, ``phi``) are
chosen *nested*: at each origin, the candidate with the lowest error relative to the last value
on forecasts made from earlier origins only (over the series given together: the geometric
mean of the series' ratios, or the worst series' ratio), so the figures reported for it are
out of sample. Forecasts from the first origin serve only to choose.

:func:`regression_one_ahead` is the yardstick for percentages: a regression across all areas
refitted at each origin on earlier origins' pairs, optionally with leading figures published by
then (decision 0702 has the figures); :mod:`sendsight.outcomes.published_baseline` makes it
the scorecard's baseline for measures wired to those published percentages.
:func:`toward_mean_one_ahead` pulls the last value towards the area's mean, and
:func:`nested_selection` chooses among any such forecasts at each origin from earlier ones.
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
    forecasts: pl.DataFrame,
    candidates: Sequence[Candidate] = CANDIDATES,
    criterion: str = "geometric",
) -> pl.DataFrame:
    """The forecasts from the second origin on, with ``chosen`` (the candidate picked on
    earlier origins by :func:`best`, by ``criterion``) and ``bounded`` (its forecast)."""
    parts = []
    for origin in sorted(forecasts["origin"].unique().to_list())[1:]:
        chosen = best(forecasts.filter(pl.col("origin") < origin), candidates, criterion)
        parts.append(
            forecasts.filter(pl.col("origin") == origin).with_columns(
                pl.lit(chosen).alias("chosen"), pl.col(chosen).alias("bounded")
            )
        )
    return pl.concat(parts) if parts else forecasts.clear()


CRITERIA = ("geometric", "worst")


def best(
    forecasts: pl.DataFrame,
    candidates: Sequence[Candidate] = CANDIDATES,
    criterion: str = "geometric",
) -> str:
    """The candidate with the lowest error relative to the last value, judged on each series'
    mean absolute error divided by the last value's, so a series measured in tens of points
    does not drown one measured in tenths. ``criterion`` "geometric": the geometric mean of
    those ratios over series; "worst": the highest ratio (a candidate must not lose to the
    last value on any series; the last value, if a candidate, scores exactly 1 and wins ties
    when listed first)."""
    if criterion not in CRITERIA:
        raise ValueError(f"criterion must be one of {CRITERIA}, not {criterion!r}")
    names = [c.name for c in candidates]
    maes = (
        forecasts.group_by("series")
        .agg((pl.col(m) - pl.col("actual")).abs().mean() for m in ["last", *names])
        .filter(pl.col("last") > 0)
    )
    logs = [np.log((maes[n] / maes["last"]).to_numpy()) for n in names]
    scores = [float(r.mean() if criterion == "geometric" else r.max()) for r in logs]
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


# A cross-sectional regression, tested against the 10% goal per series (decision 0702). It needs
# every LA's figures, England's and the denominators, so only measures wired to a published
# percentage get it as their baseline (outcomes/published_baseline.py).
# Terms, all on the logit scale at the origin: ``last`` value, ``mean`` of the window, England's
# value (``england``) and the ``change`` over the last period; with sizes also the ``history``
# mean, log ``size`` and the gap (last − mean) scaled by the size and by the ``swing`` (root mean
# square change in the window).
REGRESSION_TERMS = ("last", "mean", "england", "change")
SIZE_TERMS = ("last", "mean", "history", "size", "gap_by_size", "gap_by_swing", "swing")
MIN_TRAINING = 50
REGRESSION_SCHEMA: dict[str, pl.DataType] = {
    "series": pl.String(),
    "area": pl.String(),
    "origin": pl.Int64(),
    "regression": pl.Float64(),
    "coefficients": pl.List(pl.Float64),
}


def regression_one_ahead(
    panel: pl.DataFrame,
    *,
    england: pl.DataFrame | None = None,
    sizes: pl.DataFrame | None = None,
    terms: Sequence[str] = REGRESSION_TERMS,
    hindsight: bool = False,
    leading: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One-period-ahead forecasts of percentages by a regression across areas: ``series``,
    ``area``, ``origin``, ``regression`` (null where fewer than ``MIN_TRAINING`` earlier pairs)
    and ``coefficients`` (the intercept, then one per term, of the fit used).

    At each origin the next value (logit scale) is regressed, by least absolute deviations
    (the median, as the error is judged by its absolute size), on ``terms`` over every area's
    pairs from *earlier* origins of the same series only, so the forecast is out of sample and
    the amount of mean reversion is learnt, not fixed. ``england`` has ``series``,
    ``period_index``, ``value``; ``sizes`` (the count behind each rate) ``series``, ``area``,
    ``period_index``, ``size``.

    ``leading`` holds other figures an area had published by the time of the series' figure for
    an origin (``series``, ``area``, ``period_index`` — the origin they are known at — and one
    column per figure, e.g. the growth in requests for assessment); ``terms`` may name its
    columns. Lining each figure up with the origin at which it was published is the caller's
    job (see benchmarks/baseline_backtest.py). A missing figure takes the median of the same
    series and origin, then 0.

    ``hindsight`` is a ceiling, not a forecast: one fit on every pair, the forecast ones
    included, with an intercept for each year (as if each year's shock to every area were
    known). An error above the goal even then means no method of this family can reach it.
    """
    design = _design(panel, england, sizes)
    if design.is_empty():
        return pl.DataFrame(schema=REGRESSION_SCHEMA)
    if leading is not None:
        design = _join_leading(design, leading)
    fit = _fit_with_hindsight if hindsight else _fit_nested
    parts = [fit(part, design_matrix(part, terms)) for _, part in design.group_by("series")]
    return pl.concat(parts).sort("series", "area", "origin")


def _fit_nested(part: pl.DataFrame, x: np.ndarray) -> pl.DataFrame:
    """Each origin's forecasts from a fit on the earlier origins' pairs only."""
    scale = bounded.Scale(bounded.PERCENT_CEILING)
    origin = part["origin"].to_numpy()
    y = scale.to(part["actual"].to_numpy())
    fitted = np.full(part.height, np.nan)
    coefficients: list[list[float] | None] = [None] * part.height
    for at in np.unique(origin):
        train, test = origin < at, origin == at
        if train.sum() >= MIN_TRAINING:
            beta = least_absolute(x[train], y[train])
            fitted[test] = x[test] @ beta
            for i in np.flatnonzero(test):
                coefficients[i] = beta.tolist()
    return _forecast_frame(part, fitted, coefficients)


def _fit_with_hindsight(part: pl.DataFrame, x: np.ndarray) -> pl.DataFrame:
    """One fit on every pair with an intercept per year: the in-sample ceiling."""
    scale = bounded.Scale(bounded.PERCENT_CEILING)
    origin = part["origin"].to_numpy()
    years = (origin[:, None] == np.unique(origin)[None, 1:]).astype(float)
    full = np.hstack([x, years])
    beta = least_absolute(full, scale.to(part["actual"].to_numpy()))
    return _forecast_frame(part, full @ beta, [beta.tolist()] * part.height)


def _forecast_frame(
    part: pl.DataFrame, fitted: np.ndarray, coefficients: list[list[float] | None]
) -> pl.DataFrame:
    scale = bounded.Scale(bounded.PERCENT_CEILING)
    predicted = np.where(np.isnan(fitted), np.nan, scale.back(np.nan_to_num(fitted)))
    return part.select("series", "area", "origin").with_columns(
        pl.Series("regression", predicted).fill_nan(None),
        pl.Series("coefficients", coefficients, dtype=pl.List(pl.Float64)),
    )


def least_absolute(x: np.ndarray, y: np.ndarray, rounds: int = 60) -> np.ndarray:
    """Coefficients minimising the sum of absolute residuals (iteratively reweighted least
    squares, started from ordinary least squares)."""
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    floor = 1e-6 + 1e-3 * float(np.median(np.abs(y - np.median(y))))
    ridge = 1e-8 * np.eye(x.shape[1])
    for _ in range(rounds):
        weights = 1 / np.maximum(np.abs(y - x @ beta), floor)
        weighted = x * weights[:, None]
        beta = np.linalg.solve(x.T @ weighted + ridge, weighted.T @ y)
    return np.asarray(beta, dtype=float)


def _design(
    panel: pl.DataFrame, england: pl.DataFrame | None, sizes: pl.DataFrame | None
) -> pl.DataFrame:
    """One row per forecast (the same origins as :func:`one_ahead`) with the terms' inputs on the
    logit scale: the window, the whole history, England's value, the size at the origin."""
    scale = bounded.Scale(bounded.PERCENT_CEILING)
    rows: list[dict[str, object]] = []
    clean = panel.drop_nulls("value").sort("series", "area", "period_index")
    for (series, area), part in clean.group_by(["series", "area"], maintain_order=True):
        x = part["period_index"].to_numpy()
        z = scale.to(part["value"].to_numpy().astype(float))
        y = part["value"].to_numpy().astype(float)
        for i in range(MIN_POINTS - 1, len(x) - 1):
            if x[i + 1] != x[i] + 1:
                continue
            rows.append(
                {
                    "series": str(series),
                    "area": str(area),
                    "origin": int(x[i]),
                    "actual": float(y[i + 1]),
                    **window_terms(z[: i + 1]),
                }
            )
    design = pl.DataFrame(rows) if rows else pl.DataFrame()
    if design.is_empty():
        return design
    return _join_context(design, england, sizes)


def window_terms(z: np.ndarray) -> dict[str, float]:
    """The terms' inputs from an area's own values up to its origin (logit scale, oldest first,
    two or more): the ``last`` value, the window's ``mean``, the whole ``history`` mean, the
    latest ``change`` and the window's ``swing`` (root mean square change)."""
    window = z[-WINDOW:]
    return {
        "last": float(window[-1]),
        "mean": float(window.mean()),
        "history": float(z.mean()),
        "change": float(window[-1] - window[-2]),
        "swing": float(np.sqrt((np.diff(window) ** 2).mean())),
    }


def _join_context(
    design: pl.DataFrame, england: pl.DataFrame | None, sizes: pl.DataFrame | None
) -> pl.DataFrame:
    """England's value (logit; the area's own where England's is missing) and the log size at
    each origin."""
    scale = bounded.Scale(bounded.PERCENT_CEILING)
    if england is not None:
        national = england.select(
            "series",
            pl.col("period_index").alias("origin"),
            pl.Series("england", scale.to(england["value"].to_numpy().astype(float))),
        )
        design = design.join(national, on=["series", "origin"], how="left")
    else:
        design = design.with_columns(pl.lit(None, pl.Float64).alias("england"))
    if sizes is not None:
        size = sizes.select(
            "series",
            "area",
            pl.col("period_index").alias("origin"),
            pl.col("size").cast(pl.Float64).log1p().alias("size"),
        ).filter(pl.col("size").is_finite())
        design = design.join(size, on=["series", "area", "origin"], how="left")
    else:
        design = design.with_columns(pl.lit(None, pl.Float64).alias("size"))
    # A missing size takes the median of the same origin (known then); none known: 0.
    return design.with_columns(
        pl.col("england").fill_null(pl.col("last")),
        pl.col("size").fill_null(pl.col("size").median().over("series", "origin")).fill_null(0.0),
    )


def _join_leading(design: pl.DataFrame, leading: pl.DataFrame) -> pl.DataFrame:
    """The leading figures at each origin; a missing one takes the median of its series and
    origin (known then), then 0."""
    names = [c for c in leading.columns if c not in ("series", "area", "period_index")]
    known = leading.select(
        "series",
        "area",
        pl.col("period_index").cast(pl.Int64).alias("origin"),
        *(pl.col(n).cast(pl.Float64) for n in names),
    ).unique(["series", "area", "origin"], keep="first")
    joined = design.join(known, on=["series", "area", "origin"], how="left").with_columns(
        pl.col(n).fill_nan(None) for n in names
    )
    return joined.with_columns(
        pl.col(n).fill_null(pl.col(n).median().over("series", "origin")).fill_null(0.0)
        for n in names
    )


def design_matrix(design: pl.DataFrame, terms: Sequence[str]) -> np.ndarray:
    """The regression's design matrix for ``design`` rows (:func:`design_rows`): an intercept,
    then each term."""
    gap = pl.col("last") - pl.col("mean")
    derived = {"gap_by_size": gap * pl.col("size"), "gap_by_swing": gap * pl.col("swing")}
    columns = [derived[t].alias(t) if t in derived else pl.col(t) for t in terms]
    matrix = design.select(pl.lit(1.0).alias("intercept"), *columns).to_numpy()
    return np.asarray(matrix, dtype=float)


def per_series(evaluated: pl.DataFrame, methods: Sequence[str]) -> pl.DataFrame:
    """By series: forecasts, the last value's mean absolute error and each method's error
    divided by it (below 1: better; the goal of decision 0702 is 0.90 or below)."""
    return (
        evaluated.group_by("series", maintain_order=True)
        .agg(
            pl.len().alias("forecasts"),
            (pl.col("last") - pl.col("actual")).abs().mean().alias("last MAE"),
            *(
                (
                    (pl.col(m) - pl.col("actual")).abs().mean()
                    / (pl.col("last") - pl.col("actual")).abs().mean()
                ).alias(m)
                for m in methods
            ),
        )
        .sort("series")
    )


TOWARD_MEAN = (0.0, 0.1, 0.2, 0.3, 0.5)


def toward_mean_one_ahead(
    panel: pl.DataFrame, weights: Sequence[float] = TOWARD_MEAN
) -> pl.DataFrame:
    """The last value pulled part of the way towards the area's own mean of every earlier
    value (on the logit scale, so it stays in range): ``series``, ``area``, ``origin`` and one
    column ``toward_mean_<w>`` per weight (0: the last value; 1: the mean). Which weight to
    believe is for :func:`nested_selection` to say."""
    design = _design(panel, None, None)
    if design.is_empty():
        return design
    scale = bounded.Scale(bounded.PERCENT_CEILING)
    last = design["last"].to_numpy()
    history = design["history"].to_numpy()
    return design.select("series", "area", "origin").with_columns(
        pl.Series(f"toward_mean_{w:g}", scale.back(last + w * (history - last))) for w in weights
    )


def nested_selection(
    evaluated: pl.DataFrame, methods: Sequence[str], *, pooled: bool = False
) -> pl.DataFrame:
    """``evaluated`` (``series``, ``origin``, ``actual``, ``last`` and one forecast column per
    method, none null) with ``selected``: at each origin, the forecast of the method with the
    lowest mean absolute error on the *earlier* origins' forecasts, and ``selected_method``.

    By series unless ``pooled``; pooled, the score is the geometric mean over series of the
    method's error divided by the last value's (as :func:`best`), one choice for all series.
    Where nothing earlier has been judged, the last value stands."""
    names = list(dict.fromkeys(["last", *methods]))
    parts: list[pl.DataFrame] = []
    groups = [evaluated] if pooled else [g for _, g in evaluated.group_by("series")]
    for group in groups:
        for origin in sorted(group["origin"].unique().to_list()):
            earlier = group.filter(pl.col("origin") < origin)
            chosen = _lowest_error(earlier, names) if earlier.height else "last"
            parts.append(
                group.filter(pl.col("origin") == origin).with_columns(
                    pl.col(chosen).alias("selected"), pl.lit(chosen).alias("selected_method")
                )
            )
    return pl.concat(parts).sort("series", "area", "origin")


def _lowest_error(earlier: pl.DataFrame, names: Sequence[str]) -> str:
    """The method whose forecasts in ``earlier`` were closest, judged scale-free over series."""
    maes = earlier.group_by("series").agg(
        (pl.col(m) - pl.col("actual")).abs().mean() for m in names
    )
    maes = maes.filter(pl.col("last") > 0)
    if maes.is_empty():
        return "last"
    # A method exactly right every time scores the floor, not minus infinity.
    scores = [float(np.log(np.maximum(maes[n] / maes["last"], 1e-9)).mean()) for n in names]
    return names[int(np.argmin(np.array(scores)))]


# Public doors to the regression's pieces, for the scorecard's provider
# (:mod:`sendsight.outcomes.published_baseline`), which fits on every pair and forecasts ahead.


def design_rows(
    panel: pl.DataFrame,
    *,
    england: pl.DataFrame | None = None,
    sizes: pl.DataFrame | None = None,
    leading: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Every pair :func:`regression_one_ahead` learns from: ``series``, ``area``, ``origin``,
    ``actual`` (the next value, percentage) and the terms' inputs (logit scale)."""
    design = _design(panel, england, sizes)
    if leading is not None and not design.is_empty():
        design = _join_leading(design, leading)
    return design


def lowest_error(evaluated: pl.DataFrame, methods: Sequence[str]) -> str:
    """The method (or ``last``) whose forecasts in ``evaluated`` were closest, as
    :func:`nested_selection` judges them; ``last`` when nothing has been judged."""
    if evaluated.is_empty():
        return "last"
    return _lowest_error(evaluated, list(dict.fromkeys(["last", *methods])))


def nested_forecasts(design: pl.DataFrame, terms: Sequence[str]) -> pl.DataFrame:
    """:func:`regression_one_ahead` on rows already built by :func:`design_rows` (so several
    term sets share one design): ``series``, ``area``, ``origin``, ``regression``,
    ``coefficients``."""
    if design.is_empty():
        return pl.DataFrame(schema=REGRESSION_SCHEMA)
    parts = [_fit_nested(part, design_matrix(part, terms)) for _, part in design.group_by("series")]
    return pl.concat(parts).sort("series", "area", "origin")
