"""Specialist place capacity set against projected demand: shortfall, surplus and its chance.

The demand distribution for a setting is taken as log-normal, matched to the forecast's 80%
interval (a forecast's errors are multiplicative: a fast-growing caseload errs in proportion).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import polars as pl
from scipy.stats import norm

from sendsight.core.errors import InputRejected, Problem
from sendsight.forecasting.breakdowns import (
    NEEDS,
    PLACEMENTS,
    apply_shares,
    breakdown_by_placement,
    need_shares,
)

CAPACITY_COLUMNS = ("la_code", "setting", "need", "year", "places")
FIRST_YEAR, LAST_YEAR = 2015, 2050
_Z80 = float(norm.ppf(0.9))


def parse_capacity_csv(path: Path) -> pl.DataFrame:
    """Read a place-capacity file: one row per LA, setting, primary need and January.

    ``setting`` is one of the placement groups; ``need`` is a primary-need code or ``all``;
    ``places`` is a whole number of places, zero or more. Every problem is reported with its
    line and column, and nothing is returned unless the whole file is right.
    """
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
        header = list(rows[0].keys()) if rows else []
    missing = [c for c in CAPACITY_COLUMNS if c not in header]
    if missing:
        raise InputRejected(
            [Problem(path.name, f"Add a column called {c!r}", 1, c) for c in missing]
        )
    problems = [p for n, row in enumerate(rows, start=2) for p in _row_problems(path.name, n, row)]
    if problems:
        raise InputRejected(problems)
    text = {c: [r[c].strip() for r in rows] for c in CAPACITY_COLUMNS}
    return pl.DataFrame(text, schema=dict.fromkeys(CAPACITY_COLUMNS, pl.Utf8)).with_columns(
        pl.col("year").cast(pl.Int64), pl.col("places").cast(pl.Float64)
    )


def _row_problems(file: str, line: int, row: dict[str, str]) -> list[Problem]:
    found = []
    value = {c: (row.get(c) or "").strip() for c in CAPACITY_COLUMNS}
    if not (value["la_code"].isdigit() and len(value["la_code"]) == 3):
        found.append(("la_code", "Enter the LA's 3-digit DfE code, like 202"))
    if value["setting"] not in PLACEMENTS:
        found.append(("setting", f"Enter a setting: {', '.join(PLACEMENTS)}"))
    if value["need"] not in (*NEEDS, "all"):
        found.append(("need", "Enter a primary need code such as asd or semh, or all"))
    if not (value["year"].isdigit() and FIRST_YEAR <= int(value["year"]) <= LAST_YEAR):
        found.append(("year", f"Enter a year from {FIRST_YEAR} to {LAST_YEAR}"))
    if not value["places"].isdigit():
        found.append(("places", "Enter the number of places as a whole number, 0 or more"))
    return [Problem(file, msg, line, col, value[col]) for col, msg in found]


def setting_demand(forecast: pl.DataFrame) -> pl.DataFrame:
    """Forecast per LA, year, setting and need (``need = "all"`` rows are setting totals)."""
    by_setting = breakdown_by_placement(forecast).rename({"part": "setting"})
    parts = [by_setting.with_columns(need=pl.lit("all"))]
    for setting in PLACEMENTS[:-1]:
        rows = by_setting.filter(pl.col("setting") == setting)
        parts.append(apply_shares(rows, need_shares(setting)).rename({"part": "need"}))
    return pl.concat(parts, how="diagonal").sort("la_code", "target_year", "setting", "need")


def sufficiency(capacity: pl.DataFrame, demand_forecast: pl.DataFrame) -> pl.DataFrame:
    """Places minus projected demand per LA, setting, need and year, with P(shortfall).

    ``surplus`` is places minus the central forecast (negative = shortfall); the bounds of
    the demand's 80%/95% intervals are kept; ``p_shortfall`` is the probability that demand
    exceeds the places.
    """
    demand = setting_demand(demand_forecast).rename({"target_year": "year"})
    joined = capacity.join(demand, on=["la_code", "setting", "need", "year"], how="inner")
    # A need with no plans has zero demand: its log is -inf and its chance of shortfall 0.
    with np.errstate(divide="ignore", invalid="ignore"):
        low, high = np.log(joined["lower_80"].to_numpy()), np.log(joined["upper_80"].to_numpy())
        sigma = np.maximum((high - low) / (2 * _Z80), 1e-9)
        z = (np.log(joined["places"].to_numpy()) - (high + low) / 2) / sigma
    z = np.where(joined["upper_80"].to_numpy() <= 0, np.inf, np.nan_to_num(z, nan=np.inf))
    return joined.with_columns(
        surplus=pl.col("places") - pl.col("point"),
        p_shortfall=pl.Series(1 - norm.cdf(z)),
    ).sort("la_code", "setting", "need", "year")
