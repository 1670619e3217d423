"""Pure frame → frame calculations behind every benchmark (rank, band, neighbours, change).

Conventions, recorded in docs/decisions/0502-benchmarking.md:

- A local area is *comparable* when it has a value and no GSS symbol, or only the ``u``
  (low reliability) flag, which qualifies a published figure rather than replacing it.
- Ranks use standard competition ranking ("1224"): tied areas share the best rank. A period is
  ranked among the local areas of that period (:func:`period_las`), not today's.
- Quartile bands follow DfE's Local Authority Interactive Tool (LAIT): cuts at ``linear``
  quantiles (R's type 7) of the comparable local-area values, each band closed at its top, so
  a value equal to a cut falls in the band below it (by value); band A is the best quarter by
  polarity, and an indicator where neither direction is better has no bands.
- The statistical neighbours' figure is their mean, as LAIT shows it; the median is offered too.
- The trend arrow is flat when the change is 5% of the previous value or less, the rule of the
  DfE SEND and AP inclusion dashboard (``arrow_function``: up only when the change is over 5%).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import polars as pl

from sendsight.benchmarking.text import Polarity

FLAT_THRESHOLD = 0.05
# Lets a change of exactly 5% count as flat despite binary rounding (41.0 → 43.05).
_TOLERANCE = 1e-9
MIN_AREAS_FOR_BANDS = 4
MEAN_SIGNIFICANT_FIGURES = 12

COMPARABLE = pl.col("value").is_not_null() & (
    pl.col("symbol").is_null() | (pl.col("symbol") == "u")
)


def comparable_values(values: pl.LazyFrame) -> pl.LazyFrame:
    """Local-area rows as ``la_code, value, symbol, compared`` (null unless comparable)."""
    return values.filter(pl.col("geographic_level") == "la").select(
        pl.col("area_code").alias("la_code"),
        "value",
        "symbol",
        pl.when(COMPARABLE).then(pl.col("value")).alias("compared"),
    )


def headline(values: pl.DataFrame, code: str) -> float | None:
    """The comparable value of the national or regional row for ``code``, or None."""
    rows = values.filter((pl.col("area_code") == code) & COMPARABLE)
    return None if rows.is_empty() else float(rows["value"][0])


def with_ranks(table: pl.LazyFrame, polarity: Polarity) -> pl.LazyFrame:
    """Add ``rank``, ``rank_of``, ``tied``, ``rank_label``; rank 1 is best (highest if neither)."""
    ranked = pl.col("compared").rank("min", descending=polarity != "low_is_good").cast(pl.Int64)
    table = table.with_columns(rank=ranked, rank_of=pl.col("compared").count().cast(pl.Int64))
    tied = pl.when(pl.col("rank").is_not_null()).then(pl.len().over("rank") > 1)
    return table.with_columns(tied=tied).with_columns(rank_label=_rank_label_expr())


def _rank_label_expr() -> pl.Expr:
    rank = pl.col("rank")
    suffix = (
        pl.when((rank % 100).is_between(11, 13))
        .then(pl.lit("th"))
        .when(rank % 10 == 1)
        .then(pl.lit("st"))
        .when(rank % 10 == 2)
        .then(pl.lit("nd"))
        .when(rank % 10 == 3)
        .then(pl.lit("rd"))
        .otherwise(pl.lit("th"))
    )
    prefix = pl.when(pl.col("tied")).then(pl.lit("=")).otherwise(pl.lit(""))
    return pl.concat_str(prefix, rank.cast(pl.Utf8), suffix)


def with_bands(table: pl.LazyFrame, polarity: Polarity, *, no_quartile: bool) -> pl.LazyFrame:
    """Add ``quartile_band`` A–D, as LAIT's ``calculate_quartile_band`` assigns it.

    The cuts are the 25th, 50th and 75th linear percentiles of the comparable values. Each
    quarter of values includes its upper cut (a value equal to the 75th percentile is in the
    third quarter, not the top one). Higher is better: the top quarter is A. Lower is better:
    the bottom quarter is A. Neither: no band, as in LAIT.
    """
    if no_quartile or polarity == "neither":
        return table.with_columns(quartile_band=pl.lit(None, dtype=pl.Utf8))
    value = pl.col("compared")
    q25, q50, q75 = (value.quantile(q, interpolation="linear") for q in (0.25, 0.5, 0.75))
    letters = "ABCD" if polarity == "low_is_good" else "DCBA"
    band = (
        pl.when(value.is_null() | (value.count() < MIN_AREAS_FOR_BANDS))
        .then(None)
        .when(value <= q25)
        .then(pl.lit(letters[0]))
        .when(value <= q50)
        .then(pl.lit(letters[1]))
        .when(value <= q75)
        .then(pl.lit(letters[2]))
        .otherwise(pl.lit(letters[3]))
    )
    return table.with_columns(quartile_band=band)


def period_las(values: pl.DataFrame, las: pl.DataFrame, current: Collection[str]) -> pl.DataFrame:
    """The local authorities of one period: every ``current`` one, and every other one in
    ``las`` (an authority since abolished) that has a value in ``values`` for the period.

    So a period is ranked and banded among the authorities that existed then, as published
    (Cumbria in January 2022; Cumberland and Westmorland and Furness from April 2023).
    """
    la_rows = values.filter((pl.col("geographic_level") == "la") & pl.col("value").is_not_null())
    codes = {*current, *la_rows["area_code"].to_list()}
    return las.filter(pl.col("la_code").is_in(sorted(codes)))


def neighbour_figures(table: pl.LazyFrame, neighbours: Mapping[str, Sequence[str]]) -> pl.LazyFrame:
    """Per local area: the mean and median of its neighbours' comparable values, with how many
    had one.

    Columns ``la_code, sn_mean, sn_median, sn_with_data, sn_count``. The mean is LAIT's
    neighbours' figure; it is kept to 12 significant figures, so the binary noise of a sum
    (46.449999999999996 for 46.45) cannot tip its rounding. The median of an even number of
    values is the mean of the middle two.
    """
    codes = sorted(neighbours)
    # Built column-wise from flat lists: far faster than row tuples or list columns.
    pairs = pl.LazyFrame(
        {
            "la_code": [code for code in codes for _ in neighbours[code]],
            "neighbour_code": [near for code in codes for near in neighbours[code]],
        },
        schema={"la_code": pl.Utf8, "neighbour_code": pl.Utf8},
    ).filter(pl.col("neighbour_code") != pl.col("la_code"))  # an area is not its own neighbour
    known = table.select(pl.col("la_code").alias("neighbour_code"), "compared")
    return (
        pairs.join(known, on="neighbour_code", how="left")
        .group_by("la_code")
        .agg(
            sn_mean=pl.col("compared").mean().round_sig_figs(MEAN_SIGNIFICANT_FIGURES),
            sn_median=pl.col("compared").median(),
            sn_with_data=pl.col("compared").count().cast(pl.Int64),
            sn_count=pl.len().cast(pl.Int64),
        )
    )


def with_change(
    table: pl.LazyFrame, previous: pl.LazyFrame | None, polarity: Polarity
) -> pl.LazyFrame:
    """Add ``previous_value``, ``change``, ``change_percent``, ``direction`` and ``judgement``.

    Percent change is against the size of the previous value, so it keeps its sign for
    negative measures (Progress 8); it is null when the previous value is 0.
    """
    if previous is None:
        before = pl.LazyFrame(schema={"la_code": pl.Utf8, "previous_value": pl.Float64})
    else:
        before = comparable_values(previous).select("la_code", previous_value="compared")
    table = table.join(before, on="la_code", how="left")
    change = pl.col("compared") - pl.col("previous_value")
    size = pl.col("previous_value").abs()
    percent = pl.when(size > 0).then(change / size * 100)
    table = table.with_columns(change=change, change_percent=percent)
    return table.with_columns(direction=_direction_expr()).with_columns(
        judgement=_judgement_expr(polarity)
    )


def _direction_expr() -> pl.Expr:
    change, size = pl.col("change"), pl.col("previous_value").abs()
    flat = (change.abs() <= size * (FLAT_THRESHOLD + _TOLERANCE)) | (change == 0)
    return (
        pl.when(change.is_null())
        .then(None)
        .when(flat)
        .then(pl.lit("flat"))
        .when(change > 0)
        .then(pl.lit("up"))
        .otherwise(pl.lit("down"))
    )


def _judgement_expr(polarity: Polarity) -> pl.Expr:
    direction = pl.col("direction")
    if polarity == "neither":
        return pl.when(direction.is_not_null()).then(pl.lit("no_judgement"))
    good = "up" if polarity == "high_is_good" else "down"
    return (
        pl.when(direction.is_null())
        .then(None)
        .when(direction == "flat")
        .then(pl.lit("no_judgement"))
        .when(direction == good)
        .then(pl.lit("better"))
        .otherwise(pl.lit("worse"))
    )
