"""Every local authority's published percentages, as the cross-area regression reads them.

The regression baseline for a measure wired to a published percentage (decision 0702,
:mod:`sendsight.outcomes.published_baseline`) learns from every LA's history of the same
series: its values (the *panel*), England's, the count behind each LA's percentage (its
*size*) and *leading* figures published by the time of each figure. This module reads them from
the statistics store through :mod:`sendsight.statistics.queries`; the backtest in
``benchmarks/baseline_backtest.py`` reads them through it too.

Each leading figure is lined up with the June in which DfE published it: a calendar year's
flows (requests, new plans, the 6-week rate) the next June, a January census (plans held, the
share of pupils with a plan) that June. A series' origin is then given only what was out by the
June its own figure for the origin came out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from sendsight.outcomes import backtest, bounded
from sendsight.reference import queries as reference
from sendsight.statistics import queries

# The published percentages the regression is offered for. The 6-week series has two
# published years: too short to learn from, so it is only a leading figure.
SERIES = (
    "pct-20-weeks-excl-exceptions",
    "pct-20-weeks-incl-exceptions",
    "tribunal-appeal-rate",
    "pct-pupils-ehc-plan",
)
# Figures counted on census day in January (year = the census year, published that June);
# the rest count a calendar year (published the next June, with the January census after it).
JANUARY_SERIES = ("pct-pupils-ehc-plan",)

DEMAND = ("requests_growth", "plans_growth")
DEMAND_BEFORE = ("requests_growth_before", "plans_growth_before")
STOCK = ("stock_growth", "share_growth", "requests_per_plan")
PIPELINE = ("pipeline", "pipeline_growth")
NATIONAL = ("england_change", "region_change")
LEADING_SETS: dict[str, tuple[str, ...]] = {
    "+demand": (*backtest.REGRESSION_TERMS, *DEMAND),
    "+demand 2 years": (*backtest.REGRESSION_TERMS, *DEMAND, *DEMAND_BEFORE),
    "+stock": (*backtest.REGRESSION_TERMS, *STOCK),
    "+6 weeks": (*backtest.REGRESSION_TERMS, "six_weeks"),
    "+pipeline": (*backtest.REGRESSION_TERMS, *PIPELINE),
    "+national": (*backtest.REGRESSION_TERMS, *NATIONAL),
    "+all leading": (
        *backtest.REGRESSION_TERMS,
        *DEMAND,
        *DEMAND_BEFORE,
        *STOCK,
        *PIPELINE,
        *NATIONAL,
    ),
    "size+demand": (*backtest.SIZE_TERMS, *DEMAND),
    "size+pipeline": (*backtest.SIZE_TERMS, *PIPELINE),
    "size+demand+pipeline": (*backtest.SIZE_TERMS, *DEMAND, *PIPELINE),
    "size+all leading": (
        *backtest.SIZE_TERMS,
        *DEMAND,
        *DEMAND_BEFORE,
        *STOCK,
        *PIPELINE,
        *NATIONAL,
    ),
}
# Every term set the nested choice picks from: the terms, the size terms, then the
# leading sets (the same candidates as the benchmark's "nested: term set, by series").
TERM_SETS: dict[str, tuple[str, ...]] = {
    "regression": backtest.REGRESSION_TERMS,
    "regression+size": backtest.SIZE_TERMS,
    **LEADING_SETS,
}
LEADING_NAMES = (
    "requests_growth",
    "plans_growth",
    "requests_growth_before",
    "plans_growth_before",
    "stock_growth",
    "share_growth",
    "requests_per_plan",
    "pipeline",
    "pipeline_growth",
    "six_weeks",
)
_PANEL_SCHEMA = {
    "series": pl.String,
    "area": pl.String,
    "period_index": pl.Int64,
    "value": pl.Float64,
}


@dataclass(frozen=True, slots=True)
class Inputs:
    """What the regression learns from, for the series in ``panel``."""

    panel: pl.DataFrame  # series, area, period_index, value (every LA)
    england: pl.DataFrame  # series, period_index, value
    sizes: pl.DataFrame  # series, area, period_index, size
    leading: pl.DataFrame  # series, area, period_index, one column per leading figure

    def up_to(self, origin: int) -> Inputs:
        """Only what was published by the time of each series' figure for ``origin``."""
        known = pl.col("period_index") <= origin
        return Inputs(
            self.panel.filter(known),
            self.england.filter(known),
            self.sizes.filter(known),
            self.leading.filter(known),
        )


def load_inputs(session: Session, series: tuple[str, ...] = SERIES) -> Inputs:
    """The panel, England's values, sizes and leading figures of ``series``."""
    panel = load_panel(session, series)
    england = load_panel(session, series, level="national")
    sizes = load_sizes(session).filter(pl.col("series").is_in(series))
    leading = load_leading(session, panel, england)
    return Inputs(panel, england.drop("area"), sizes, leading)


def load_panel(session: Session, indicators: tuple[str, ...], level: str = "la") -> pl.DataFrame:
    """Every LA's (or England's: ``level`` "national") published value of each indicator:
    ``series``, ``area``, ``period_index`` (the period's year) and ``value``."""
    parts: list[pl.DataFrame] = [pl.DataFrame(schema=_PANEL_SCHEMA)]
    for indicator in indicators:
        for period in queries.periods(session=session, indicator_id=indicator):
            frame = queries.values_for_period(
                session=session, indicator_id=indicator, period=period
            ).filter(pl.col("geographic_level") == level, pl.col("value").is_not_null())
            parts.append(
                frame.select(
                    pl.lit(indicator).alias("series"),
                    pl.col("area_code").cast(pl.String).alias("area"),
                    pl.lit(period.year).cast(pl.Int64).alias("period_index"),
                    pl.col("value").cast(pl.Float64),
                )
            )
    return pl.concat(parts)


def load_sizes(session: Session) -> pl.DataFrame:
    """The count behind each percentage, by LA and year: plans issued (20-week series),
    appealable decisions (tribunal: appeals ÷ rate × 100), pupils (plans in January ÷ the
    share of pupils with a plan × 100)."""
    key = ["area", "period_index"]

    def values(indicator: str, name: str) -> pl.DataFrame:
        return load_panel(session, (indicator,)).select(*key, pl.col("value").alias(name))

    plans = values("new-ehc-plans", "size")
    decisions = (
        values("tribunal-appeals", "appeals")
        .join(values("tribunal-appeal-rate", "rate"), on=key)
        .filter(pl.col("rate") > 0)
        .select(*key, (pl.col("appeals") / pl.col("rate") * 100).alias("size"))
    )
    pupils = (
        values("ehc-plans-january", "plans")
        .join(values("pct-pupils-ehc-plan", "share"), on=key)
        .filter(pl.col("share") > 0)
        .select(*key, (pl.col("plans") / pl.col("share") * 100).alias("size"))
    )
    parts = [
        plans.with_columns(pl.lit(series).alias("series"))
        for series in ("pct-20-weeks-excl-exceptions", "pct-20-weeks-incl-exceptions")
    ]
    parts.append(decisions.with_columns(pl.lit("tribunal-appeal-rate").alias("series")))
    parts.append(pupils.with_columns(pl.lit("pct-pupils-ehc-plan").alias("series")))
    return pl.concat([p.select("series", *key, "size") for p in parts])


def by_june(session: Session) -> pl.DataFrame:
    """Per LA and June of publication (``june``): the workload figures out by then."""
    scale = bounded.Scale(bounded.PERCENT_CEILING)
    key = ["area", "june"]

    def published(indicator: str, name: str, lag: int) -> pl.DataFrame:
        frame = load_panel(session, (indicator,))
        return frame.select(
            "area", (pl.col("period_index") + lag).alias("june"), pl.col("value").alias(name)
        )

    frame = (
        published("ehc-plans-january", "plans", 0)
        .join(published("ehc-requests", "requests", 1), on=key, how="full", coalesce=True)
        .join(published("new-ehc-plans", "new", 1), on=key, how="full", coalesce=True)
        .join(published("pct-pupils-ehc-plan", "share", 0), on=key, how="full", coalesce=True)
        .join(
            published("pct-requests-decided-6-weeks", "six", 1), on=key, how="full", coalesce=True
        )
        .sort("area", "june")
    )

    # Year on year, only where the previous June is the year before.
    def growth(column: pl.Expr, lag: int = 1) -> pl.Expr:
        before = column.shift(lag).over("area")
        follows = (pl.col("june") - pl.col("june").shift(lag).over("area")) == lag
        return pl.when(follows).then(column - before)

    def logit(column: str) -> pl.Expr:
        return pl.col(column).map_batches(
            lambda s: pl.Series(scale.to(s.fill_null(np.nan).to_numpy()))
        )

    log_requests = pl.col("requests").log1p()
    log_new = pl.col("new").log1p()
    return frame.with_columns(
        growth(log_requests).alias("requests_growth"),
        growth(log_new).alias("plans_growth"),
        growth(log_requests).shift(1).over("area").alias("requests_growth_before"),
        growth(log_new).shift(1).over("area").alias("plans_growth_before"),
        growth(pl.col("plans").log()).alias("stock_growth"),
        growth(logit("share")).alias("share_growth"),
        (log_requests - pl.col("plans").log()).alias("requests_per_plan"),
        (log_requests - log_new).alias("pipeline"),
        growth(log_requests - log_new).alias("pipeline_growth"),
        logit("six").alias("six_weeks"),
    ).with_columns(pl.col(pl.Float64).fill_nan(None))


def load_leading(session: Session, panel: pl.DataFrame, england: pl.DataFrame) -> pl.DataFrame:
    """For each percent series, area and origin: the leading figures published by then, with
    England's change and the rest of the region's mean change in the series (logit scale)."""
    scale = bounded.Scale(bounded.PERCENT_CEILING)
    regions = pl.DataFrame(
        [
            (la.dfe_code, la.region_code)
            for la in reference.list_local_authorities(session=session, current_only=False)
        ],
        schema={"area": pl.String, "region": pl.String},
        orient="row",
    ).unique("area")
    june = by_june(session)

    def changes(frame: pl.DataFrame) -> pl.DataFrame:
        out = frame.sort("series", "area", "period_index")
        out = out.with_columns(pl.Series("z", scale.to(out["value"].to_numpy())))
        follows = (
            pl.col("period_index") - pl.col("period_index").shift(1).over("series", "area")
        ) == 1
        return out.with_columns(
            pl.when(follows)
            .then(pl.col("z") - pl.col("z").shift(1).over("series", "area"))
            .alias("change")
        )

    national = changes(england.with_columns(pl.lit("E").alias("area"))).select(
        "series", "period_index", pl.col("change").alias("england_change")
    )
    own = changes(panel).join(regions, on="area", how="left")
    region = own.with_columns(
        (
            (
                pl.col("change").sum().over("series", "region", "period_index")
                - pl.col("change").fill_null(0)
            )
            / (
                pl.col("change").count().over("series", "region", "period_index")
                - pl.col("change").is_not_null().cast(pl.Int64)
            )
        ).alias("region_change")
    ).select("series", "area", "period_index", "region_change")
    lag = pl.when(pl.col("series").is_in(JANUARY_SERIES)).then(0).otherwise(1)
    keys = (
        panel.select("series", "area", "period_index")
        .unique()
        .with_columns((pl.col("period_index") + lag).alias("june"))
    )
    return (
        keys.join(june.select("area", "june", *LEADING_NAMES), on=["area", "june"], how="left")
        .join(national, on=["series", "period_index"], how="left")
        .join(region, on=["series", "area", "period_index"], how="left")
        .drop("june")
    )
