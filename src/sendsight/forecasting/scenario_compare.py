"""Scenarios side by side with the baseline: one row per LA, scenario and target year.

Each scenario's total-caseload levers (:data:`~sendsight.forecasting.scenarios.TOTAL_LEVERS`)
change the forecast and its 80%/95% bounds; the resourced-mainstream lever leaves the total
alone and moves new special-school placements, so each row also carries the forecast plans in
special schools, where that lever shows.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from sqlalchemy.orm import Session

from sendsight.forecasting.breakdowns import breakdown_by_placement
from sendsight.forecasting.forecast import BOUNDS
from sendsight.forecasting.scenario_files import BASELINE, Scenario
from sendsight.forecasting.scenarios import (
    LEVERS,
    PLACEMENT_LEVER,
    TOTAL_LEVERS,
    apply_levers,
    apply_placement_lever,
)

FIGURES = ("point", *BOUNDS, "difference", "special_school")
COMPARE_COLUMNS = ("la_code", "scenario", "from_year", *LEVERS, "target_year", *FIGURES)
Years = tuple[int, int]


def lever_years(origin: int, horizon: int) -> Years:
    """Calendar years a lever may start in: from the origin's year (its flows first show the
    next January) to the last year whose flows still show within the ``horizon``."""
    return origin, origin + horizon - 1


def compare_scenarios(
    forecast: pl.DataFrame, scenarios: Sequence[Scenario], *, session: Session
) -> pl.DataFrame:
    """The baseline and each scenario for every LA in ``forecast`` (a current-LA forecast).

    Columns :data:`COMPARE_COLUMNS`: lever values (0 when a scenario leaves a lever alone; the
    baseline has no ``from_year``), the forecast and its bounds, ``difference`` from the
    baseline's central forecast and ``special_school``, the central forecast of plans in
    special schools. Rows keep the order of ``scenarios``, the baseline first.
    """
    base = forecast.select("la_code", "target_year", "point", *BOUNDS)
    parts = [_rows(base, Scenario(BASELINE, 0), 0, session)]
    for order, scenario in enumerate(scenarios, start=1):
        totals = {k: v for k, v in scenario.levers.items() if k in TOTAL_LEVERS}
        changed = apply_levers(base, totals, scenario.from_year, session=session)
        parts.append(_rows(changed.drop("baseline"), scenario, order, session))
    table = pl.concat(parts).join(
        base.select("la_code", "target_year", baseline=pl.col("point")),
        on=["la_code", "target_year"],
    )
    return (
        table.with_columns(difference=pl.col("point") - pl.col("baseline"))
        .sort("la_code", "order", "target_year")
        .select(COMPARE_COLUMNS)
    )


def _rows(total: pl.DataFrame, scenario: Scenario, order: int, session: Session) -> pl.DataFrame:
    special = _special_school(total, scenario, session)
    return total.join(special, on=["la_code", "target_year"], how="left").with_columns(
        scenario=pl.lit(scenario.name),
        order=pl.lit(order),
        from_year=pl.lit(scenario.from_year or None, dtype=pl.Int64),
        **{lever: pl.lit(scenario.levers.get(lever, 0.0), dtype=pl.Float64) for lever in LEVERS},
    )


def _special_school(total: pl.DataFrame, scenario: Scenario, session: Session) -> pl.DataFrame:
    placement = breakdown_by_placement(total, session=session)
    moved = scenario.levers.get(PLACEMENT_LEVER, 0.0)
    if moved > 0:
        placement = apply_placement_lever(placement, moved, scenario.from_year, session=session)
    special = placement.filter(pl.col("part") == "special")
    return special.select("la_code", "target_year", special_school=pl.col("point"))
