"""The baseline of a measure wired to a published percentage: a regression across every LA.

For the published percentages in :data:`published_panel.SERIES` the backtest of decision 0702
found one kind of method better than carrying the last value forward on every series: a
regression across all local authorities of next year's figure on this year's (and on the
window's mean, England's figure, the count behind the percentage and figures published by
then, such as requests for assessment against new plans), fitted by least absolute deviations
on the logit scale. Which of those term sets to use is chosen as the benchmark chooses it
(``nested: term set, by series``): the one whose out-of-sample forecasts from past origins were
closest for that series.

For a measure's origin (its last period), :func:`fit` uses only what was published up to that
year: it makes every term set's out-of-sample forecast at each past origin, picks the set with
the lowest error, fits it on every pair and keeps the 10th and 90th percentiles of that set's
past out-of-sample misses (logit scale) for the 80% band. :class:`PublishedBaseline` then
forecasts the measure's LA from the measure's own values (the published panel supplies only the
learnt relationship), one year at a time: each forecast becomes the last value of the next,
with England's figure, the size and the leading figures held at their latest. The band widens
with the square root of the years ahead and is mapped back, so it stays within 0 to 100.

The fit runs once per indicator, origin and statistics version (``forecasting.versioned``),
not per request. Too little history or no published panel: the simple method
(:func:`sendsight.outcomes.baseline.trend_baseline`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from sendsight.forecasting.versioned import cached
from sendsight.outcomes import backtest, bounded, published_panel
from sendsight.outcomes.baseline import (
    LEVEL,
    MIN_POINTS,
    Baseline,
    BaselinePoint,
    trend_baseline,
)
from sendsight.outcomes.published_panel import Inputs

INDICATORS = published_panel.SERIES
LOWER_QUANTILE, UPPER_QUANTILE = 0.10, 0.90  # the 80% band
CONTEXT = ("england", "size", *published_panel.LEADING_NAMES, *published_panel.NATIONAL)
_SCALE = bounded.Scale(bounded.PERCENT_CEILING)


@dataclass(frozen=True, slots=True)
class Model:
    """The fitted regression for one series as it stood at ``origin``.

    ``method`` is the chosen term set's name (``last`` when carrying the last value forward was
    closest), ``beta`` its coefficients (intercept first; None for ``last``), ``low`` and
    ``high`` the 10th and 90th percentiles of its past one-year misses on the logit scale, and
    ``ratio`` the nested procedure's mean absolute error on past origins divided by the last
    value's (below 1: better), over ``forecasts`` forecasts. ``context`` holds each area's
    England value, size and leading figures at their latest up to ``origin``; ``typical`` the
    median of those, for an area without its own.
    """

    indicator: str
    origin: int
    method: str
    terms: tuple[str, ...]
    beta: np.ndarray | None
    low: float
    high: float
    ratio: float
    forecasts: int
    context: dict[str, np.ndarray]
    typical: np.ndarray


def fit(inputs: Inputs, indicator: str, origin: int) -> Model | None:
    """The model for ``indicator`` from every LA's figures published up to ``origin``
    (None when fewer than ``backtest.MIN_TRAINING`` pairs or no past forecast to judge)."""
    known = _series(inputs.up_to(origin), indicator)
    design = backtest.design_rows(
        known.panel, england=known.england, sizes=known.sizes, leading=known.leading
    )
    if design.height < backtest.MIN_TRAINING:
        return None
    key = ["series", "area", "origin"]
    evaluated = design.select(
        *key, "actual", pl.Series("last", _SCALE.back(design["last"].to_numpy()))
    )
    names = list(published_panel.TERM_SETS)
    for name, terms in published_panel.TERM_SETS.items():
        found = backtest.nested_forecasts(design, terms)
        evaluated = evaluated.join(
            found.select(*key, pl.col("regression").alias(name)), on=key, how="left"
        )
    fitted = evaluated.drop_nulls(names[0])  # origins with a fit to judge
    if fitted.is_empty():
        return None
    filled = evaluated.with_columns(pl.col(names).fill_null(pl.col("last")))
    # The first origin only serves to choose (as in the benchmark): it is not scored.
    nested = backtest.nested_selection(filled, names)
    nested = nested.filter(pl.col("origin") > nested["origin"].min())
    if nested.is_empty():
        return None
    ratio = _mae(nested, "selected") / max(_mae(nested, "last"), 1e-12)
    method = backtest.lowest_error(fitted, names)
    chosen = published_panel.TERM_SETS.get(method, ())
    beta = None
    if method != "last":
        x = backtest.design_matrix(design, chosen)
        beta = backtest.least_absolute(x, _SCALE.to(design["actual"].to_numpy()))
    misses = _SCALE.to(fitted["actual"].to_numpy()) - _SCALE.to(fitted[method].to_numpy())
    low, high = np.quantile(misses, [LOWER_QUANTILE, UPPER_QUANTILE])
    context, typical = _context(known)
    return Model(
        indicator=indicator,
        origin=origin,
        method=method,
        terms=chosen,
        beta=beta,
        low=min(float(low), 0.0),
        high=max(float(high), 0.0),
        ratio=float(ratio),
        forecasts=nested.height,
        context=context,
        typical=typical,
    )


def forecast(
    model: Model, area: str, years: np.ndarray, values: np.ndarray, steps: int
) -> tuple[BaselinePoint, ...]:
    """The forecasts for ``steps`` years after the last of ``years`` (sorted, with ``values``
    in percentages), each year from the one before."""
    z = list(_SCALE.to(values.astype(float)))
    held = model.context.get(area, model.typical)
    origin = int(years[-1])
    points: list[BaselinePoint] = []
    for h in range(1, steps + 1):
        row = _row(np.array(z), held)
        centre = row["last"] if model.beta is None else float(_matrix(row, model) @ model.beta)
        spread = np.sqrt(h)
        low, mid, high = _SCALE.back(
            np.array([centre + model.low * spread, centre, centre + model.high * spread])
        )
        points.append(BaselinePoint(origin + h, float(mid), float(low), float(high)))
        z.append(centre)
    return tuple(points)


def _row(z: np.ndarray, held: np.ndarray) -> dict[str, float]:
    """The terms' inputs for an area at its origin (as ``backtest.design_rows`` builds them)."""
    row = backtest.window_terms(z)
    row.update(zip(CONTEXT, (float(v) for v in held), strict=True))
    return row


def _matrix(row: dict[str, float], model: Model) -> np.ndarray:
    return np.asarray(backtest.design_matrix(pl.DataFrame([row]), model.terms)[0], dtype=float)


def _series(inputs: Inputs, indicator: str) -> Inputs:
    only = pl.col("series") == indicator
    return Inputs(
        inputs.panel.filter(only),
        inputs.england.filter(only),
        inputs.sizes.filter(only),
        inputs.leading.filter(only),
    )


def _context(known: Inputs) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Each area's England value (logit), log size and leading figures at their latest; a
    missing one takes the median over areas, then 0 (as in the fit)."""
    england = known.england.sort("period_index")
    national = float(_SCALE.to(england["value"].to_numpy()[-1:])[0]) if england.height else np.nan
    latest = (
        known.panel.select("area")
        .unique()
        .join(_latest(known.sizes.drop("series")), on="area", how="left")
        .join(_latest(known.leading.drop("series")), on="area", how="left")
        .with_columns(
            pl.lit(national).alias("england"),
            pl.col("size").cast(pl.Float64).log1p().alias("size"),
        )
    )
    latest = latest.with_columns(pl.col(list(CONTEXT)).cast(pl.Float64).fill_nan(None))
    latest = latest.with_columns(
        pl.col(list(CONTEXT)).fill_null(pl.col(list(CONTEXT)).median()).fill_null(0)
    )
    typical = np.nan_to_num(
        np.array([latest[c].median() if latest.height else 0.0 for c in CONTEXT], dtype=float)
    )
    values = latest.select(CONTEXT).to_numpy().astype(float)
    return dict(zip(latest["area"].to_list(), values, strict=True)), typical


def _latest(frame: pl.DataFrame) -> pl.DataFrame:
    """Each area's latest row (``period_index`` dropped)."""
    return frame.sort("period_index").group_by("area").last().drop("period_index")


def _mae(frame: pl.DataFrame, column: str) -> float:
    return float((frame[column] - frame["actual"]).abs().mean())  # type: ignore[arg-type]


class PublishedBaseline:
    """The cross-LA regression's forecast for a measure wired to a published percentage."""

    def __init__(self, indicator: str, la_code: str, *, session: Session) -> None:
        self.indicator = indicator
        self.la_code = la_code
        self.session = session

    def __call__(self, history: pl.DataFrame, *, unit: str, horizon: int) -> Baseline | None:
        """The forecast from the measure's last period, from its own values; the simple method
        when it has fewer than three values or no model can be fitted there."""
        ordered = (
            history.select(pl.col("period_index").cast(pl.Int64), pl.col("value").cast(pl.Float64))
            .drop_nulls()
            .sort("period_index")
        )
        if ordered.height < MIN_POINTS:
            return trend_baseline(ordered, unit=unit, horizon=horizon)
        origin = int(ordered["period_index"][-1])
        model = model_at(self.indicator, origin, session=self.session)
        if model is None:
            return trend_baseline(ordered, unit=unit, horizon=horizon)
        points = forecast(
            model,
            self.la_code,
            ordered["period_index"].to_numpy(),
            ordered["value"].to_numpy(),
            max(horizon, 1),
        )
        return Baseline(
            method=method_sentence(model), level=LEVEL, origin_index=origin, points=points
        )


def model_at(indicator: str, origin: int, *, session: Session) -> Model | None:
    """The model for ``indicator`` at ``origin``, fitted once per statistics version."""

    def build() -> Model | None:
        return fit(inputs(session=session), indicator, origin)

    return cached("published_baseline", session, build, indicator, origin)


def inputs(*, session: Session) -> Inputs:
    """Every LA's published figures the models learn from, read once per statistics version."""
    return cached("published_panel", session, lambda: published_panel.load_inputs(session))


_PLAIN = {
    "england": "England's figure",
    "change": "the latest change",
    "size": "how many cases it rests on",
    "requests_growth": "the growth in requests for assessment and new plans",
    "stock_growth": "the growth in plans held and requests for assessment per plan",
    "pipeline": "requests for assessment against new plans issued",
    "six_weeks": "the share of requests decided within 6 weeks",
    "england_change": "England's and the region's latest change",
}


def method_sentence(model: Model) -> str:
    """What the baseline is, in plain words, with its measured improvement."""
    if model.ratio < 1:
        tested = (
            f"Tested on past years ({model.forecasts:,} forecasts), it was "
            f"{(1 - model.ratio):.0%} closer than carrying the last value forward."
        )
    else:
        tested = (
            f"Tested on past years ({model.forecasts:,} forecasts), it was no closer than "
            "carrying the last value forward."
        )
    band = (
        f"The band is an {LEVEL:.0%} interval from how far its past forecasts missed, wider "
        "for each year further ahead."
    )
    if model.method == "last":
        return (
            "The last value, carried forward: on every local authority's published figures up "
            f"to {model.origin}, nothing learnt from how the others moved forecast the next "
            f"year better for this figure. {tested} {band}"
        )
    used = [text for term, text in _PLAIN.items() if term in model.terms]
    return (
        "Forecast from how every local authority's figure moved the year after one like this "
        f"one, learnt from their published figures up to {model.origin}: it uses this "
        f"area's latest value and recent average, {_listed(used)}, worked out on a scale that "
        "keeps it between 0% and 100%, and each later year follows from the one before. "
        f"{tested} {band}"
    )


def _listed(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
