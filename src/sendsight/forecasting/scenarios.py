"""Planner levers applied to a current-LA caseload forecast, and goal-seek on a lever.

Levers (``value`` in percent or points, effective from calendar year ``from_year``):

* ``slower_new_plans`` — new plans grow ``value``% a year slower than the baseline implies
  (early intervention). Plans avoided in a year stay avoided; their later ceasing is ignored.
* ``more_ceasing_19plus`` — ceasing among young people aged 19 and over rises by ``value``
  percentage points a year.

A scenario scales the baseline's point and interval bounds by the same ratio, so the interval
keeps its relative width.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sendsight.forecasting import shipped
from sendsight.forecasting.forecast import BOUNDS

LEVERS = ("slower_new_plans", "more_ceasing_19plus")
# 57,995 of 638,745 plans in January 2025 were for ages 19–25 (DfE EHC plans 2025,
# caseload.csv, "Child or young persons age").
SHARE_19PLUS = 57_995 / 638_745


class ScenarioError(ValueError):
    """A lever was asked for that does not exist or cannot take that value."""


def new_plan_rate() -> pl.DataFrame:
    """New plans in the latest calendar year per plan held the January before, per LA."""
    plans = shipped.new_plans_panel()
    year = int(plans["year"].max())  # type: ignore[arg-type]
    caseload = shipped.caseload_panel().filter(pl.col("year") == year)
    rate = plans.filter(pl.col("year") == year).join(caseload, on="geo_key")
    rate = rate.select("geo_key", rate=pl.col("value") / pl.col("value_right"))
    return shipped.current_las().join(rate, on="geo_key").select("la_code", "rate")


def apply_scenario(
    forecast: pl.DataFrame, lever: str, value: float, from_year: int
) -> pl.DataFrame:
    """The forecast under a lever, with columns ``baseline`` (the unchanged point) added."""
    if lever not in LEVERS:
        raise ScenarioError(f"Choose a lever from: {', '.join(LEVERS)}")
    if not 0 <= value <= 100:
        raise ScenarioError("Enter a lever value from 0 to 100")
    frame = forecast.join(new_plan_rate(), on="la_code", how="left")
    frame = frame.with_columns(pl.col("rate").fill_null(0.0))
    frame = frame.sort("la_code", "target_year")
    parts = [_one_la(group, lever, value, from_year) for _, group in
             frame.group_by("la_code", maintain_order=True)]
    return pl.concat(parts).drop("rate")


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
    forecast: pl.DataFrame, lever: str, la_code: str, year: int, goal: float, from_year: int
) -> float | None:
    """Smallest lever value (0–100, to 0.01) bringing the LA's central forecast for January
    ``year`` down to ``goal``; ``None`` when no value in range reaches it."""
    rows = forecast.filter(pl.col("la_code") == la_code)

    def outcome(value: float) -> float:
        out = apply_scenario(rows, lever, value, from_year)
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
    return round(high, 2)
