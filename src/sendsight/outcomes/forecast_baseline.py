"""Baselines from the forecasting engine, through the :class:`BaselineProvider` interface.

The number of EHC plans in January (registry indicator ``ehc-plans-january``) is forecast by
``sendsight.forecasting``: its recommended method, backtested on every local area. A measure
wired to that indicator gets the engine's forecast for its area as the turn-the-curve
baseline, with the method named and the area's backtest accuracy stated. A measure wired to a
published percentage (20 weeks, tribunal appeal rate, pupils with a plan) gets the regression
across every LA of :mod:`sendsight.outcomes.published_baseline`. Every other measure
keeps the simple documented method (:func:`sendsight.outcomes.baseline.trend_baseline`).
"""

from __future__ import annotations

from typing import Protocol

import polars as pl
from sqlalchemy.orm import Session

from sendsight.core.rounding import format_number
from sendsight.forecasting import ForecastError, forecast_caseload, split_to_current_las
from sendsight.forecasting import history as published
from sendsight.forecasting.engine import RECOMMENDED
from sendsight.forecasting.report import area_accuracy
from sendsight.forecasting.versioned import cached
from sendsight.outcomes.baseline import LEVEL, Baseline, BaselinePoint, trend_baseline
from sendsight.outcomes.published_baseline import INDICATORS, PublishedBaseline

CASELOAD_INDICATOR = "ehc-plans-january"
MAX_HORIZON = 5  # the engine forecasts up to five Januaries ahead
METHOD_NAMES = {
    "pipeline": "the caseload model led by each area's requests for assessment agreed and new "
    "plans issued (falling back to the combined model where those figures are missing)",
    "combined": "the combined caseload model (pooled growth, new-plan regression and, one year "
    "ahead, stock and flow)",
    "naive": "the last value carried forward",
}


class Wired(Protocol):
    """What a provider needs to know of a measure."""

    @property
    def source_key(self) -> str | None: ...

    @property
    def la_code(self) -> str | None: ...


class CaseloadBaseline:
    """The forecasting engine's EHC plan caseload forecast for one local authority."""

    def __init__(self, la_code: str, *, session: Session) -> None:
        self.la_code = la_code
        self.session = session

    def __call__(self, history: pl.DataFrame, *, unit: str, horizon: int) -> Baseline | None:
        """The engine's forecast from the last January in ``history``; the simple method when
        the engine cannot forecast from there (an origin outside its data, an unknown area)."""
        if history.is_empty():
            return None
        origin = int(history["period_index"].max())  # type: ignore[arg-type]
        steps = min(max(horizon, 1), MAX_HORIZON)
        rows = _area_forecast(origin, steps, self.session)
        rows = rows.filter(pl.col("la_code") == self.la_code)
        if rows.is_empty():
            return trend_baseline(history, unit=unit, horizon=horizon)
        points = tuple(
            BaselinePoint(int(r["target_year"]), float(r["point"]), float(r["lower_80"]),
                          float(r["upper_80"]))
            for r in rows.sort("target_year").iter_rows(named=True)
        )  # fmt: skip
        accuracy = area_accuracy(self.la_code, session=self.session)
        method = _method_sentence(str(rows["method"][0]), accuracy)
        return Baseline(method=method, level=LEVEL, origin_index=origin, points=points)


def _method_sentence(method: str, accuracy: float | None) -> str:
    name = METHOD_NAMES.get(method, method.replace("_", " "))
    text = (
        f"Forecast by sendsight's caseload forecasting engine using {name}, from January "
        f"figures up to the latest shown; the band is its {LEVEL:.0%} prediction interval."
    )
    if accuracy is None:
        return text + " This area has no backtest score yet."
    return (
        text + f" Tested on past years, its one-year forecasts for this area were "
        f"{format_number(accuracy, 1)}% out on average."
    )


def _area_forecast(origin: int, steps: int, session: Session) -> pl.DataFrame:
    """Every current LA's forecast from January ``origin`` (once per statistics version)."""
    return cached("outcome_baseline", session, lambda: _forecast(origin, steps, session),
                  origin, steps)  # fmt: skip


def _forecast(origin: int, steps: int, session: Session) -> pl.DataFrame:
    found = published.history(session=session)
    try:
        footprints = forecast_caseload(found, origin, steps, RECOMMENDED)
    except ForecastError:
        return pl.DataFrame(schema={"la_code": pl.String})
    return split_to_current_las(footprints, session=session)


def provider_for(
    measure: Wired, *, session: Session
) -> CaseloadBaseline | PublishedBaseline | None:
    """The engine's provider for a measure wired to EHC plans in January, the regression
    across every LA (:mod:`sendsight.outcomes.published_baseline`) for one wired to a
    published percentage it was tested on; None (the simple method) for every other measure."""
    if not measure.la_code:
        return None
    if measure.source_key == CASELOAD_INDICATOR:
        return CaseloadBaseline(measure.la_code, session=session)
    if measure.source_key in INDICATORS:
        return PublishedBaseline(measure.source_key, measure.la_code, session=session)
    return None
