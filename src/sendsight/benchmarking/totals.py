"""Regional and England totals set beside the sum of the local-area figures shown with them.

A count's regional or national total is published; the local areas' figures shown for the same
period can come from a later release or a correction, or be withheld. Where the total and the
sum differ, the page says so rather than let the reader find the gap (ADR 0502).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from sendsight.benchmarking.frames import COMPARABLE
from sendsight.core.rounding import round_half_up

ENGLAND = "E92000001"


@dataclass(frozen=True, slots=True)
class TotalGap:
    """A regional or national total that is not the sum of its local areas' figures shown.

    ``without_figure`` counts the area's local authorities published for the period with no
    figure to add (withheld or not available); ``releases`` names where each side comes from.
    """

    area_code: str
    total: float
    total_release: str | None
    la_sum: float
    la_releases: tuple[str, ...]
    without_figure: int


def total_gaps(values: pl.DataFrame, las: pl.DataFrame, *, decimals: int) -> list[TotalGap]:
    """Every regional and national total in ``values`` that differs, at ``decimals`` places,
    from the sum of the comparable figures of its local authorities in ``las`` (``la_code``,
    ``region_code``). Meant for counts: percentages and rates do not add up."""
    rows = values.filter(pl.col("geographic_level") == "la").join(
        las.select(pl.col("la_code").alias("area_code"), "region_code"), on="area_code"
    )
    gaps = []
    for total in values.filter(pl.col("geographic_level") != "la").iter_rows(named=True):
        region = pl.col("region_code") == total["area_code"]
        members = rows if total["area_code"] == ENGLAND else rows.filter(region)
        gap = _gap(total, members, decimals)
        if gap is not None:
            gaps.append(gap)
    return gaps


def _gap(total: dict[str, object], members: pl.DataFrame, decimals: int) -> TotalGap | None:
    shown = members.filter(COMPARABLE)
    value = total["value"]
    if shown.is_empty() or not isinstance(value, float) or total.get("symbol") not in (None, "u"):
        return None
    la_sum = float(shown["value"].sum())
    if round_half_up(value, decimals) == round_half_up(la_sum, decimals):
        return None
    releases = _releases(shown)
    return TotalGap(
        area_code=str(total["area_code"]),
        total=value,
        total_release=str(total["release_label"]) if total.get("release_label") else None,
        la_sum=la_sum,
        la_releases=releases,
        without_figure=members.height - shown.height,
    )


def _releases(shown: pl.DataFrame) -> tuple[str, ...]:
    if "release_label" not in shown.columns:
        return ()
    return tuple(sorted({str(r) for r in shown["release_label"].drop_nulls().to_list()}))
