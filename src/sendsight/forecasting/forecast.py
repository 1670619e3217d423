"""Caseload forecasts with prediction intervals, per footprint and per current LA."""

from __future__ import annotations

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from sendsight.core.errors import SendsightError
from sendsight.forecasting import history as published
from sendsight.forecasting.engine import METHODS, RECOMMENDED, Engine
from sendsight.forecasting.flows import PREVALENCE
from sendsight.forecasting.methods import HISTORY_NEEDED, Matrix
from sendsight.forecasting.panel import (
    History,
    inflow_matrix,
    pipeline_matrices,
    prevalence_matrix,
    to_matrix,
    truncate,
)

BOUNDS = ("lower_80", "upper_80", "lower_95", "upper_95")
FALLBACK = "naive"


class ForecastError(SendsightError, ValueError):
    """A forecast cannot be made as asked (unknown method, origin outside the data)."""


def forecast_caseload(
    history: History, as_of: int, horizon: int, method: str = RECOMMENDED
) -> pl.DataFrame:
    """Forecast January caseload for ``as_of + 1 … as_of + horizon`` per footprint.

    Only Januaries up to ``as_of`` (caseload and the share of pupils with an EHC plan), and
    new plans and the assessment pipeline up to calendar year ``as_of − 1`` (published with
    that January), are read from ``history``. An area without enough
    history for ``method`` gets the naive forecast (last value carried forward), and ``note``
    says why and how accurate the naive method has been.
    Columns: geo_key, target_year, point, lower_80, upper_80, lower_95, upper_95, method, note.
    """
    _check(history.caseload, as_of, horizon, method)
    keys, first_year, matrix = to_matrix(truncate(history.caseload, as_of))
    engine = build_engine(keys, first_year, matrix, history)
    known = np.isfinite(matrix[:, -HISTORY_NEEDED.get(method, 4) :]).all(axis=1)
    runnable = engine.can_run(method, as_of)
    frames = []
    for h in range(1, horizon + 1):
        plain = engine.forecast(FALLBACK, as_of, h)
        main = engine.forecast(method, as_of, h) if runnable else plain
        use_main = known & runnable & np.isfinite(main["point"])
        frames.append(
            pl.DataFrame(
                {
                    "geo_key": keys,
                    "target_year": as_of + h,
                    **{k: np.where(use_main, main[k], plain[k]) for k in plain},
                    "method": np.where(use_main, method, FALLBACK),
                    "note": np.where(use_main, "", _fallback_note(engine, method, as_of, h)),
                },
                schema_overrides={"target_year": pl.Int64},
            )
        )
    out = pl.concat(frames).filter(pl.col("point").is_not_nan())
    return out.sort("geo_key", "target_year")


def build_engine(keys: list[str], first_year: int, matrix: Matrix, history: History) -> Engine:
    """An engine on ``matrix`` with the new plans, assessment pipeline and share of pupils
    with an EHC plan of ``history`` aligned to its columns (years after the matrix's last
    January are dropped)."""
    years = matrix.shape[1]
    return Engine(
        matrix,
        first_year,
        inflow_matrix(keys, first_year, years, history.new_plans),
        {
            **pipeline_matrices(keys, first_year, years, history.pipeline),
            PREVALENCE: prevalence_matrix(keys, first_year, years, history.prevalence),
        },
    )


def _fallback_note(engine: Engine, method: str, as_of: int, h: int) -> str:
    note = (
        f"Fewer than {HISTORY_NEEDED.get(method, 4)} Januaries of history for {method}: "
        "the last value is carried forward"
    )
    first, last, mape = engine.past_accuracy(FALLBACK, as_of, h)
    if mape is None:
        return note
    return (
        f"{note}. Over {first}–{last} the naive method's {h}-year forecasts were "
        f"{mape:.1f}% out on average across areas"
    )


def _check(panel: pl.DataFrame, as_of: int, horizon: int, method: str) -> None:
    if method not in METHODS:
        raise ForecastError(f"Choose a method from: {', '.join(METHODS)}")
    if not 1 <= horizon <= 5:
        raise ForecastError("Enter a horizon from 1 to 5 years")
    years = panel["year"]
    if panel.is_empty() or not int(years.min()) <= as_of <= int(years.max()):  # type: ignore[arg-type]
        raise ForecastError("Enter an as-of year within the years of the caseload data")


def split_to_current_las(footprint_forecast: pl.DataFrame, *, session: Session) -> pl.DataFrame:
    """Share each footprint's forecast among its current LAs by their latest January share.

    Dorset (838) and BCP (839), for example, share the Dorset + BCP footprint forecast in
    proportion to their plans in the latest published January.
    """
    latest = published.current_la_caseload(session=session)
    latest = latest.filter(pl.col("year") == latest["year"].max())
    shares = latest.select("la_code", "geo_key", "total").with_columns(
        share=pl.col("total") / pl.col("total").sum().over("geo_key")
    )
    las = published.current_las(session=session).select("la_code", "la_name")
    joined = footprint_forecast.join(shares, on="geo_key", how="inner").join(las, on="la_code")
    return joined.select(
        "la_code",
        "la_name",
        "target_year",
        *[(pl.col(c) * pl.col("share")).alias(c) for c in ("point", *BOUNDS)],
        "method",
        "note",
    ).sort("la_code", "target_year")
