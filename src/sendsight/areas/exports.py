"""What the area pages show as tables and CSV files: exactly the same figures, in the same order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from sendsight.areas.cells import published_cell
from sendsight.areas.context import area_context, cached
from sendsight.areas.profile import IndicatorDetail, all_areas
from sendsight.core.periods import Period
from sendsight.core.safe_io import write_csv
from sendsight.disclosure import explain_symbols
from sendsight.statistics.queries import values_for_period
from sendsight.statistics.registry import IndicatorDef

SORTS = {"rank": "rank", "name": "la_name", "value": "value", "region": "region_name"}


def symbol_lines(symbols: set[str]) -> list[str]:
    """The explanation of each GSS symbol used on a page."""
    return explain_symbols(symbols)


def indicator_csv(detail: IndicatorDetail) -> str:
    """The indicator page's table: the neighbours' mean (LAIT's figure) then their median, and
    a notes column when a period has a note."""
    header = [
        "period",
        detail.la_name,
        f"{detail.region_name} (region)",
        "England",
        detail.sn_label,
        "Statistical neighbours (median)",
    ]
    rows: list[list[object]] = [
        [r.period.label, r.area.csv, r.region.csv, r.england.csv, r.sn_mean.csv, r.sn_median.csv]
        for r in detail.rows
    ]
    if detail.has_notes:
        header.append("notes")
        for row, series in zip(rows, detail.rows, strict=True):
            row.append(" ".join(series.notes))
    return write_csv(rows, header=header)


@dataclass(frozen=True, slots=True)
class AllAreasView:
    """The all-LAs table for one indicator and period, sorted as asked."""

    indicator: IndicatorDef
    period: Period
    periods: list[Period]
    rows: list[dict[str, Any]]
    sort: str
    descending: bool
    highlight: str | None
    totals: list[dict[str, Any]] = field(default_factory=list)  # England, then each region

    @property
    def symbols(self) -> set[str]:
        """GSS symbols in the table."""
        return {row["cell"].symbol for row in self.rows if row["cell"].symbol}


def all_areas_view(session: Session, indicator_id: str, args: Mapping[str, str]) -> AllAreasView:
    """Every LA for ``period`` (default latest), sorted by ``sort`` (rank, name, value, region);
    built once per statistics version and choice."""
    period = args.get("period") or None
    sort = args.get("sort", "rank") if args.get("sort", "rank") in SORTS else "rank"
    descending = args.get("order") == "desc"
    highlight = args.get("la") if args.get("la", "").isdigit() else None
    key = ("all_areas_view", indicator_id, period, sort, descending, highlight)
    return cached(
        session,
        key,
        lambda: _all_areas_view(session, indicator_id, period, sort, descending, highlight),
    )


def _all_areas_view(
    session: Session,
    indicator_id: str,
    period_code: str | None,
    sort: str,
    descending: bool,
    highlight: str | None,
) -> AllAreasView:
    indicator, period, periods, table = all_areas(session, indicator_id, period_code)
    column = SORTS[sort]
    ordered = table.sort([column, "la_name"], descending=[descending, False], nulls_last=True)
    current = area_context(session).current
    rows = [
        {
            **row,
            "cell": published_cell(row["value"], row["symbol"], indicator),
            "current": row["la_code"] in current,
        }
        for row in ordered.iter_rows(named=True)
    ]
    totals = area_totals(session, indicator, period)
    return AllAreasView(indicator, period, periods, rows, sort, descending, highlight, totals)


def area_totals(session: Session, indicator: IndicatorDef, period: Period) -> list[dict[str, Any]]:
    """England's figure and each region's for ``period``, as published (a cell each): England
    first, then the regions in code order."""
    frame = values_for_period(session=session, indicator_id=indicator.id, period=period)
    regions = dict(
        area_context(session).las.select("region_code", "region_name").unique().iter_rows()
    )
    found = []
    for row in (
        frame.filter(pl.col("geographic_level").is_in(["national", "regional"]))
        .sort(pl.col("geographic_level") != "national", "area_code")
        .iter_rows(named=True)
    ):
        national = row["geographic_level"] == "national"
        found.append({
            "level": "england" if national else "region",
            "area_code": row["area_code"],
            "name": "England" if national else regions.get(row["area_code"], row["area_code"]),
            "cell": published_cell(row["value"], row["symbol"], indicator),
        })  # fmt: skip
    return found


def all_areas_csv(view: AllAreasView) -> str:
    """The all-areas table, as shown."""
    header = [
        "la_code",
        "la_name",
        "region",
        "value",
        "rank",
        "tied",
        "rank_of",
        "quartile_band",
        "period",
    ]
    rows = [
        [
            r["la_code"],
            r["la_name"],
            r["region_name"],
            r["cell"].csv,
            r["rank"],
            "yes" if r["tied"] else "no",
            r["rank_of"],
            r["quartile_band"] or "",
            view.period.label,
        ]
        for r in view.rows
    ]
    return write_csv(rows, header=header)
