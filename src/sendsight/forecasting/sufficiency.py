"""Specialist place capacity set against projected demand: shortfall, surplus and its chance.

The demand distribution for a setting is taken as log-normal, matched to the forecast's 80%
interval (a forecast's errors are multiplicative: a fast-growing caseload errs in proportion).
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy.stats import norm
from sqlalchemy.orm import Session

from sendsight.forecasting.breakdowns import (
    PLACEMENTS,
    apply_shares,
    breakdown_by_placement,
    need_shares,
)

_Z80 = float(norm.ppf(0.9))


def setting_demand(forecast: pl.DataFrame, *, session: Session) -> pl.DataFrame:
    """Forecast per LA, year, setting and need (``need = "all"`` rows are setting totals)."""
    by_setting = breakdown_by_placement(forecast, session=session).rename({"part": "setting"})
    parts = [by_setting.with_columns(need=pl.lit("all"))]
    for setting in PLACEMENTS[:-1]:
        rows = by_setting.filter(pl.col("setting") == setting)
        shares = need_shares(setting, session=session)
        parts.append(apply_shares(rows, shares).rename({"part": "need"}))
    return pl.concat(parts, how="diagonal").sort("la_code", "target_year", "setting", "need")


def sufficiency(
    capacity: pl.DataFrame, demand_forecast: pl.DataFrame, *, session: Session
) -> pl.DataFrame:
    """Places minus projected demand per LA, setting, need and year, with P(shortfall).

    ``surplus`` is places minus the central forecast (negative = shortfall); the bounds of
    the demand's 80%/95% intervals are kept; ``p_shortfall`` is the probability that demand
    exceeds the places.
    """
    demand = setting_demand(demand_forecast, session=session).rename({"target_year": "year"})
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
