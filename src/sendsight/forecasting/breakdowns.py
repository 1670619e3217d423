"""Split a current-LA caseload forecast by placement group or primary need.

Shares come from the latest published January (placement groups: mean of the last three
Januaries, which steadies year-to-year recording noise); every bound is split with the same
shares, so the parts of each row add up exactly to the total forecast.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy.orm import Session

from sendsight.forecasting import history
from sendsight.forecasting.forecast import BOUNDS

PLACEMENTS = ("mainstream", "special", "independent_special", "post16", "other")
NEEDS = (
    "asd",
    "hi",
    "mld",
    "msi",
    "oth",
    "pd",
    "pmld",
    "semh",
    "slcn",
    "sld",
    "spld",
    "vi",
    "need_unknown",
)


def placement_shares(years: int = 3, *, session: Session) -> pl.DataFrame:
    """Share of each LA's plans in each placement group over its last ``years`` Januaries
    with placement figures."""
    data = history.current_la_caseload(session=session).filter(pl.col("mainstream").is_not_null())
    recent = data.filter(pl.col("year") > pl.col("year").max() - years)
    sums = recent.group_by("la_code").agg(pl.col(*PLACEMENTS, "total").sum())
    long = sums.unpivot(index=["la_code", "total"], on=list(PLACEMENTS), variable_name="part")
    return long.select("la_code", "part", share=pl.col("value") / pl.col("total"))


def need_shares(group: str = "all", *, session: Session) -> pl.DataFrame:
    """Share of each LA's plans (in a placement ``group``) by primary need, in the latest
    January with figures by need."""
    data = history.need_by_placement(session=session).filter(pl.col("group") == group)
    return data.select(
        "la_code",
        pl.col("need").alias("part"),
        share=pl.col("plans") / pl.col("plans").sum().over("la_code"),
    ).fill_nan(0.0)


def apply_shares(forecast: pl.DataFrame, shares: pl.DataFrame) -> pl.DataFrame:
    """Multiply each forecast row by each part's share (shares of an LA sum to one)."""
    joined = forecast.join(shares, on="la_code", how="inner")
    return (
        joined.with_columns(pl.col(c) * pl.col("share") for c in ("point", *BOUNDS))
        .drop("share")
        .sort("la_code", "target_year", "part")
    )


def breakdown_by_placement(forecast: pl.DataFrame, *, session: Session) -> pl.DataFrame:
    """Forecast per LA, year and placement group (mainstream, special, independent special,
    post-16, other) adding up to the LA's total forecast."""
    return apply_shares(forecast, placement_shares(session=session))


def breakdown_by_need(forecast: pl.DataFrame, *, session: Session) -> pl.DataFrame:
    """Forecast per LA, year and primary need (latest January's mix) adding up to the total."""
    return apply_shares(forecast, need_shares(session=session))
