"""Benchmarks for one indicator and period: England, region, neighbours, rank, band and trend.

The statistics queries supply the frames; nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from sendsight.benchmarking import checks, frames, text
from sendsight.benchmarking.errors import UnknownLocalAuthority
from sendsight.benchmarking.text import Direction, Polarity

ENGLAND = "E92000001"
Judgement = Literal["better", "worse", "no_judgement"]

ALL_COLUMNS = (
    "la_code", "la_name", "region_code", "region_name", "value", "symbol", "rank", "rank_of",
    "tied", "rank_label", "quartile_band", "england", "region_value", "sn_mean", "sn_median",
    "sn_with_data", "sn_count", "previous_value", "change", "change_percent", "direction",
    "judgement",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Region:
    """The region a local authority belongs to, and the region's own figure."""

    code: str
    name: str
    value: float | None


@dataclass(frozen=True, slots=True)
class Change:
    """Change since the previous period, with its arrow.

    ``direction`` is ``flat`` when the change is 5% of the previous value or less; ``judgement``
    says whether the move is ``better`` or ``worse`` given the indicator's polarity.
    """

    previous: float
    absolute: float
    percent: float | None
    direction: Direction
    judgement: Judgement
    text: str


@dataclass(frozen=True, slots=True)
class Benchmark:
    """Where one local authority stands on one indicator in one period.

    ``rank`` is 1 for the best value (the highest when polarity is ``neither``) among the
    ``rank_of`` local areas with a comparable figure; ``sn_mean`` and ``sn_median`` are the mean
    (the figure LAIT shows) and median of the statistical neighbours that have one
    (``sn_with_data`` of ``sn_count``).
    """

    la_code: str
    la_name: str
    polarity: Polarity
    value: float | None
    symbol: str | None
    england: float | None
    region: Region
    sn_mean: float | None
    sn_median: float | None
    sn_with_data: int
    sn_count: int
    rank: int | None
    rank_of: int
    rank_label: str | None
    rank_sentence: str
    quartile_band: str | None
    quartile_text: str
    change: Change | None


def benchmark_all(
    values: pl.DataFrame,
    las: pl.DataFrame,
    neighbours: Mapping[str, Sequence[str]],
    polarity: Polarity,
    *,
    previous: pl.DataFrame | None = None,
    no_quartile: bool = False,
) -> pl.DataFrame:
    """Benchmark every listed local authority at once (the all-LAs table).

    One row per row of ``las`` with the columns in ``ALL_COLUMNS``, best rank first, then local
    areas without a comparable figure, each group in name order.
    """
    checks.checked_polarity(polarity)
    las = checks.checked_las(las)
    known = set(las["la_code"].to_list())
    checks.checked_neighbours(neighbours, known)
    values = checks.checked_values(values, "values", known)
    if previous is not None:
        previous = checks.checked_values(previous, "previous", known)
    before = None if previous is None else previous.lazy()
    table = las.lazy().join(frames.comparable_values(values.lazy()), on="la_code", how="left")
    table = frames.with_ranks(table, polarity)
    table = frames.with_bands(table, polarity, no_quartile=no_quartile)
    table = frames.with_change(table, before, polarity)
    table = _with_comparators(table, values, neighbours)
    return table.sort(["rank", "la_name", "la_code"], nulls_last=True).select(ALL_COLUMNS).collect()


def _with_comparators(
    table: pl.LazyFrame, values: pl.DataFrame, neighbours: Mapping[str, Sequence[str]]
) -> pl.LazyFrame:
    regions = (
        values.lazy()
        .filter((pl.col("geographic_level") == "regional") & frames.COMPARABLE)
        .select(pl.col("area_code").alias("region_code"), pl.col("value").alias("region_value"))
    )
    medians = frames.neighbour_figures(table, neighbours)
    return (
        table.with_columns(england=pl.lit(frames.headline(values, ENGLAND), dtype=pl.Float64))
        .join(regions, on="region_code", how="left")
        .join(medians, on="la_code", how="left")
        .with_columns(pl.col("sn_with_data", "sn_count").fill_null(0))
    )


def benchmark(
    la_code: str,
    values: pl.DataFrame,
    las: pl.DataFrame,
    neighbours: Mapping[str, Sequence[str]],
    polarity: Polarity,
    *,
    previous: pl.DataFrame | None = None,
    previous_period: str | None = None,
    no_quartile: bool = False,
    unit: str = "",
    decimals: int = 1,
) -> Benchmark:
    """Benchmark one local authority; ``unit`` and ``decimals`` shape the figures in its sentences.

    Raises :class:`UnknownLocalAuthority` when ``la_code`` is not in ``las``.
    """
    table = benchmark_all(
        values, las, neighbours, polarity, previous=previous, no_quartile=no_quartile
    )
    return benchmark_from_table(
        table,
        la_code,
        polarity,
        previous_period=previous_period,
        no_quartile=no_quartile,
        unit=unit,
        decimals=decimals,
    )


def benchmark_from_table(
    table: pl.DataFrame,
    la_code: str,
    polarity: Polarity,
    *,
    previous_period: str | None = None,
    no_quartile: bool = False,
    unit: str = "",
    decimals: int = 1,
) -> Benchmark:
    """One local authority's :class:`Benchmark` from a table made by :func:`benchmark_all`
    (so a page showing many areas computes the table once)."""
    rows = table.filter(pl.col("la_code") == la_code).to_dicts()
    if not rows:
        raise UnknownLocalAuthority(la_code)
    row = rows[0]
    change = _change(row, polarity, unit=unit, decimals=decimals, previous_period=previous_period)
    return Benchmark(
        la_code=la_code,
        la_name=row["la_name"],
        polarity=polarity,
        value=row["value"],
        symbol=row["symbol"],
        england=row["england"],
        region=Region(row["region_code"], row["region_name"], row["region_value"]),
        sn_mean=row["sn_mean"],
        sn_median=row["sn_median"],
        sn_with_data=row["sn_with_data"],
        sn_count=row["sn_count"],
        rank=row["rank"],
        rank_of=row["rank_of"],
        rank_label=row["rank_label"],
        rank_sentence=text.rank_sentence(
            row["la_name"],
            row["rank"],
            row["rank_of"],
            tied=bool(row["tied"]),
            polarity=polarity,
            symbol=row["symbol"],
        ),
        quartile_band=row["quartile_band"],
        quartile_text=text.band_text(
            row["quartile_band"], polarity=polarity, no_quartile=no_quartile
        ),
        change=change,
    )


def _change(
    row: dict[str, Any],
    polarity: Polarity,
    *,
    unit: str,
    decimals: int,
    previous_period: str | None,
) -> Change | None:
    if row["direction"] is None:
        return None
    words = text.change_text(
        row["direction"],
        row["previous_value"],
        polarity=polarity,
        unit=unit,
        decimals=decimals,
        previous_period=previous_period,
    )
    return Change(
        previous=row["previous_value"],
        absolute=row["change"],
        percent=row["change_percent"],
        direction=row["direction"],
        judgement=row["judgement"],
        text=words,
    )
