"""Planner levers applied to a current-LA caseload forecast, and goal-seek on a lever.

Levers (``value`` in percent or points, effective from calendar year ``from_year``):

* ``slower_new_plans`` — new plans grow ``value``% a year slower than the baseline implies
  (early intervention). Plans avoided in a year stay avoided; their later ceasing is ignored.
* ``more_ceasing_19plus`` — ceasing among young people aged 19 and over rises by ``value``
  percentage points a year.
* ``resourced_mainstream`` — ``value``% of new special-school placements go to resourced
  provision in mainstream schools instead. It moves plans between placement groups (see
  :func:`apply_placement_lever`); the total caseload is unchanged.

A scenario scales the baseline's point and interval bounds by the same ratio, so the interval
keeps its relative width.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from sendsight.core.errors import SendsightError
from sendsight.forecasting import history
from sendsight.forecasting.forecast import BOUNDS

TOTAL_LEVERS = ("slower_new_plans", "more_ceasing_19plus")
PLACEMENT_LEVER = "resourced_mainstream"
LEVERS = (*TOTAL_LEVERS, PLACEMENT_LEVER)
# 57,995 of 638,745 plans in January 2025 were for ages 19–25 (DfE EHC plans 2025,
# caseload.csv, "Child or young persons age").
SHARE_19PLUS = 57_995 / 638_745


class ScenarioError(SendsightError, ValueError):
    """A lever was asked for that does not exist or cannot take that value."""


def new_plan_rate(*, session: Session) -> pl.DataFrame:
    """New plans in the latest calendar year per plan held the January before, per LA."""
    plans = history.new_plans_panel(session=session)
    year = int(plans["year"].max())  # type: ignore[arg-type]
    caseload = history.caseload_panel(session=session).filter(pl.col("year") == year)
    rate = plans.filter(pl.col("year") == year).join(caseload, on="geo_key")
    rate = rate.select("geo_key", rate=pl.col("value") / pl.col("value_right"))
    return history.current_las(session=session).join(rate, on="geo_key").select("la_code", "rate")


def apply_scenario(
    forecast: pl.DataFrame, lever: str, value: float, from_year: int, *, session: Session
) -> pl.DataFrame:
    """The forecast under a lever, with columns ``baseline`` (the unchanged point) added."""
    _check_lever(lever, value, TOTAL_LEVERS)
    frame = forecast.join(new_plan_rate(session=session), on="la_code", how="left")
    frame = frame.with_columns(pl.col("rate").fill_null(0.0))
    frame = frame.sort("la_code", "target_year")
    parts = [
        _one_la(group, lever, value, from_year)
        for _, group in frame.group_by("la_code", maintain_order=True)
    ]
    return pl.concat(parts).drop("rate")


def _check_lever(lever: str, value: float, allowed: tuple[str, ...]) -> None:
    if lever not in allowed:
        raise ScenarioError(f"Choose a lever from: {', '.join(allowed)}")
    if not 0 <= value <= 100:
        raise ScenarioError("Enter a lever value from 0 to 100")


def apply_levers(
    forecast: pl.DataFrame, levers: dict[str, float], from_year: int, *, session: Session
) -> pl.DataFrame:
    """The forecast under several total-caseload levers at once (applied in the order of
    :data:`TOTAL_LEVERS`), with ``baseline`` = the unchanged point."""
    out = forecast.with_columns(baseline=pl.col("point"))
    for lever in TOTAL_LEVERS:
        if levers.get(lever, 0.0):
            changed = apply_scenario(
                out.drop("baseline"), lever, levers[lever], from_year, session=session
            )
            out = changed.with_columns(baseline=out["baseline"])
    return out


def apply_placement_lever(
    breakdown: pl.DataFrame, value: float, from_year: int, *, session: Session
) -> pl.DataFrame:
    """Move ``value``% of new special-school placements to mainstream (resourced provision).

    ``breakdown`` is a placement breakdown (``part`` = placement group). New special-school
    placements are the growth in special-school plans after January ``from_year`` (below that
    level nobody is new); the moved plans are added to mainstream, so each LA's total is
    unchanged. Bounds of both groups move in proportion to their central forecast.
    """
    _check_lever(PLACEMENT_LEVER, value, (PLACEMENT_LEVER,))
    special = breakdown.filter(pl.col("part") == "special").join(
        _special_start(breakdown, from_year, session), on="la_code", how="left"
    )
    moved = special.select(
        "la_code",
        "target_year",
        moved=pl.when(pl.col("target_year") > from_year)
        .then((pl.col("point") - pl.col("start")).clip(lower_bound=0) * value / 100)
        .otherwise(0.0)
        .fill_null(0.0),
    )
    sign = (
        pl.when(pl.col("part") == "special")
        .then(-1.0)
        .when(pl.col("part") == "mainstream")
        .then(1.0)
        .otherwise(0.0)
    )
    out = breakdown.join(moved, on=["la_code", "target_year"], how="left").with_columns(
        baseline=pl.col("point"),
        ratio=(pl.col("point") + sign * pl.col("moved").fill_null(0.0)) / pl.col("point"),
    )
    return (
        out.with_columns(pl.col(c) * pl.col("ratio").fill_nan(1.0) for c in ("point", *BOUNDS))
        .drop("moved", "ratio")
        .sort("la_code", "target_year", "part")
    )


def _special_start(breakdown: pl.DataFrame, from_year: int, session: Session) -> pl.DataFrame:
    """Special-school plans in January ``from_year``: forecast if in the frame, else published."""
    rows = breakdown.filter(pl.col("part") == "special", pl.col("target_year") == from_year)
    if not rows.is_empty():
        return rows.select("la_code", start=pl.col("point"))
    published = history.current_la_caseload(session=session)
    published = published.filter(pl.col("special").is_not_null())
    latest = published.filter(pl.col("year") == min(from_year, int(published["year"].max())))  # type: ignore[arg-type]
    return latest.select("la_code", start=pl.col("special"))


def _one_la(rows: pl.DataFrame, lever: str, value: float, from_year: int) -> pl.DataFrame:
    years = rows["target_year"].to_numpy()
    point = rows["point"].to_numpy()
    # A calendar year's flow shows in the next January: flow of year c uses the January c level.
    level = np.concatenate([[point[0] / (1 + rows["rate"][0])], point[:-1]])
    active = years - 1 >= from_year
    steps = np.cumsum(active)
    if lever == "slower_new_plans":
        lost = rows["rate"].to_numpy() * level * (1 - (1 - value / 100) ** steps) * active
    else:
        lost = value / 100 * SHARE_19PLUS * level * active
    ratio = np.maximum(point - np.cumsum(lost), 0.0) / np.where(point > 0, point, 1.0)
    return rows.with_columns(
        baseline=pl.col("point"),
        **{c: pl.col(c) * pl.Series(ratio) for c in ("point", *BOUNDS)},
    )


def goal_seek(
    forecast: pl.DataFrame,
    lever: str,
    la_code: str,
    year: int,
    goal: float,
    from_year: int,
    *,
    session: Session,
) -> float | None:
    """Smallest lever value (0–100, to 0.01) bringing the LA's central forecast for January
    ``year`` down to ``goal``; ``None`` when no value in range reaches it."""
    rows = forecast.filter(pl.col("la_code") == la_code)

    def outcome(value: float) -> float:
        out = apply_scenario(rows, lever, value, from_year, session=session)
        return float(out.filter(pl.col("target_year") == year)["point"][0])

    if rows.filter(pl.col("target_year") == year).is_empty():
        raise ScenarioError("Choose a year within the forecast")
    if outcome(0.0) <= goal:
        return 0.0
    if outcome(100.0) > goal:
        return None
    low, high = 0.0, 100.0
    while high - low > 0.01:
        mid = (low + high) / 2
        low, high = (low, mid) if outcome(mid) <= goal else (mid, high)
    # Rounded up, not to nearest: ``high`` reaches the goal, a value just below it may not.
    return min(100.0, math.ceil(high * 100) / 100)
