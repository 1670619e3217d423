"""Everything the forecast pages show for one LA, assembled from the domain functions.

The forecast from the latest published January and the backtest are worked out once per
statistics version (``forecasting.versioned``): importing a DfE release moves the origin to its
latest January and works both out again on the next request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
from sqlalchemy.orm import Session

from sendsight.forecasting import history as published
from sendsight.forecasting.backtest import BacktestResult, run_backtest
from sendsight.forecasting.breakdowns import breakdown_by_need, breakdown_by_placement
from sendsight.forecasting.forecast import BOUNDS, forecast_caseload, split_to_current_las
from sendsight.forecasting.nested import NestedResult, run_nested
from sendsight.forecasting.panel import History
from sendsight.forecasting.scenarios import (
    PLACEMENT_LEVER,
    ScenarioError,
    apply_levers,
    apply_placement_lever,
    goal_seek,
)
from sendsight.forecasting.sufficiency import sufficiency
from sendsight.forecasting.versioned import cached

HORIZON = 5


def latest_year(*, session: Session) -> int:
    """The latest January in the statistics store: the forecast origin."""
    return published.latest_january(session=session)


def backtest(*, session: Session) -> BacktestResult:
    """The rolling-origin backtest of every method, each origin's forecasts made from the
    figures first published by then (once per statistics version)."""
    return cached("backtest", session, lambda: _backtest(session))


def _backtest(session: Session) -> BacktestResult:
    def known_at(origin: int) -> History:
        return published.history(session=session, as_published_at=origin)

    return run_backtest(published.history(session=session), known_at=known_at)


def nested_backtest(*, session: Session) -> NestedResult:
    """The nested backtest: every design choice made again at each origin from earlier origins
    only, on the figures first published by then (once per statistics version). Its errors are
    the accuracy shown beside every forecast."""
    return cached("nested_backtest", session, lambda: _nested_backtest(session))


def _nested_backtest(session: Session) -> NestedResult:
    def known_at(origin: int) -> History:
        return published.history(session=session, as_published_at=origin)

    return run_nested(published.history(session=session), known_at)


def current_forecast(*, session: Session) -> pl.DataFrame:
    """The recommended forecast for every current LA from the latest January (once per
    statistics version)."""
    return cached("current_forecast", session, lambda: _current_forecast(session))


def _current_forecast(session: Session) -> pl.DataFrame:
    found = published.history(session=session)
    origin = latest_year(session=session)
    return split_to_current_las(forecast_caseload(found, origin, HORIZON), session=session)


def la_names(*, session: Session) -> list[tuple[str, str]]:
    """(code, name) of every current LA, by name."""
    las = published.current_las(session=session).sort("la_name", "la_code")
    return list(zip(las["la_code"].to_list(), las["la_name"].to_list(), strict=True))


def la_name(la_code: str, *, session: Session) -> str | None:
    """The name of the current LA ``la_code`` (None when there is no such LA)."""
    return dict(la_names(session=session)).get(la_code)


def national_summary(*, session: Session) -> pl.DataFrame:
    """England: the published latest January and the sum of LA forecasts per year."""
    return (
        current_forecast(session=session)
        .group_by("target_year")
        .agg(pl.col("point", *BOUNDS).sum())
        .sort("target_year")
    )


def area_accuracy(la_code: str, *, session: Session) -> float | None:
    """Mean absolute percentage error of the one-year forecasts for the LA's footprint over
    the origins of the *nested* backtest (each origin's design chosen from earlier origins
    only; None when it was never scored)."""
    geo = published.current_las(session=session).filter(pl.col("la_code") == la_code)["geo_key"]
    rows = nested_backtest(session=session).area_accuracy(str(geo[0]) if len(geo) else "")
    rows = rows.filter(pl.col("horizon") == 1)
    if rows.is_empty():
        return None
    ape = ((rows["point"] - rows["actual"]) / rows["actual"]).abs() * 100
    return float(ape.mean())  # type: ignore[arg-type]


@dataclass(frozen=True)
class Levers:
    """Lever values (percent) and the calendar year they start."""

    values: dict[str, float] = field(default_factory=dict)
    from_year: int = 2026

    @property
    def any(self) -> bool:
        """True when some lever is set above zero."""
        return any(v > 0 for v in self.values.values())


@dataclass(frozen=True)
class AreaReport:
    """One LA's forecast page: history, forecast, breakdowns, scenario and sufficiency."""

    la_code: str
    la_name: str
    history: pl.DataFrame
    forecast: pl.DataFrame
    accuracy: float | None
    by_need: pl.DataFrame
    by_placement: pl.DataFrame
    scenario_placement: pl.DataFrame | None
    sufficiency: pl.DataFrame | None


def area_report(
    la_code: str, levers: Levers, capacity: pl.DataFrame | None, *, session: Session
) -> AreaReport | None:
    """The report for ``la_code`` (None when it is not a current LA)."""
    forecast = current_forecast(session=session).filter(pl.col("la_code") == la_code)
    if forecast.is_empty():
        return None
    placement = breakdown_by_placement(forecast, session=session)
    scenario = (
        apply_levers(forecast, levers.values, levers.from_year, session=session)
        if levers.any
        else None
    )
    moved = None
    if levers.values.get(PLACEMENT_LEVER, 0.0) > 0:
        start = forecast if scenario is None else scenario.drop("baseline")
        moved = apply_placement_lever(
            breakdown_by_placement(start, session=session),
            levers.values[PLACEMENT_LEVER],
            levers.from_year,
            session=session,
        )
    history = published.current_la_caseload(session=session).filter(pl.col("la_code") == la_code)
    return AreaReport(
        la_code,
        str(forecast["la_name"][0]),
        history.select("year", "total").sort("year"),
        forecast,
        area_accuracy(la_code, session=session),
        breakdown_by_need(forecast, session=session),
        placement,
        moved,
        None if capacity is None else _sufficiency(capacity, forecast, session),
    )


def _sufficiency(capacity: pl.DataFrame, forecast: pl.DataFrame, session: Session) -> pl.DataFrame:
    places = capacity.select("la_code", "setting", "need", "year", "places")
    return sufficiency(places, forecast, session=session)


def seek(
    la_code: str, lever: str, year: int, goal: float, from_year: int, *, session: Session
) -> float | None:
    """Smallest lever value reaching ``goal`` plans in January ``year`` (see ``goal_seek``)."""
    forecast = current_forecast(session=session).filter(pl.col("la_code") == la_code)
    if lever == PLACEMENT_LEVER:
        raise ScenarioError("Choose a lever that changes the number of plans")
    return goal_seek(forecast, lever, la_code, year, goal, from_year, session=session)
