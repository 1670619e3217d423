"""One local area's published SEND indicators, benchmarked, ready for a page or a CSV."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy.orm import Session

from sendsight.areas.cells import Cell, missing_cell, published_cell
from sendsight.areas.context import AreaContext, area_context, cached
from sendsight.benchmarking import (
    Benchmark,
    benchmark_all,
    benchmark_from_table,
    neighbours_label,
    period_las,
    total_gaps,
)
from sendsight.benchmarking.text import neighbours_coverage, total_note
from sendsight.core.errors import InputRejected, NotFound, Problem
from sendsight.core.periods import Period, PeriodError
from sendsight.core.rounding import format_number
from sendsight.statistics import queries as statistics
from sendsight.statistics.registry import IndicatorDef, get_indicator, list_indicators

ENGLAND = "E92000001"

# The overview's key figures, in the order a SEND board reads them.
OVERVIEW_INDICATORS = (
    "ehc-plans-january",
    "new-ehc-plans",
    "ehc-requests",
    "pct-20-weeks-excl-exceptions",
    "pct-requests-decided-6-weeks",
    "pct-plans-mainstream",
    "pct-pupils-ehc-plan",
    "pct-pupils-sen-support",
    "tribunal-appeal-rate",
)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """An indicator's latest figure for an area with its benchmarks: ``sn_mean`` is the
    statistical neighbours' mean (LAIT's figure, named by ``sn_label``), ``sn_median`` theirs."""

    indicator: IndicatorDef
    period: Period | None
    value: Cell
    england: Cell
    region: Cell
    sn_mean: Cell
    sn_median: Cell
    sn_label: str
    benchmark: Benchmark | None


@dataclass(frozen=True, slots=True)
class SeriesRow:
    """One period of an indicator: the area, its region, England, its neighbours' mean and
    median, and notes (a total that is not the sum of its local areas shown, say)."""

    period: Period
    area: Cell
    region: Cell
    england: Cell
    sn_mean: Cell
    sn_median: Cell
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IndicatorDetail:
    """Everything the indicator page shows for one area."""

    la_code: str
    la_name: str
    region_name: str
    indicator: IndicatorDef
    snapshot: Snapshot
    rows: tuple[SeriesRow, ...]
    corrections: tuple[str, ...]
    sn_label: str = "Statistical neighbours (mean)"

    @property
    def symbols(self) -> set[str]:
        """GSS symbols that appear anywhere on the page (each needs its explanation)."""
        cells = [
            c for r in self.rows for c in (r.area, r.region, r.england, r.sn_mean, r.sn_median)
        ]
        return {c.symbol for c in cells if c.symbol is not None}

    @property
    def has_notes(self) -> bool:
        """Whether any period carries a note (the table and CSV then have a notes column)."""
        return any(r.notes for r in self.rows)


def la_name(session: Session, la_code: str) -> str:
    """The name of a current local authority; NotFound for an unknown or former code."""
    context = area_context(session)
    if la_code not in set(context.las["la_code"].to_list()):
        raise NotFound(f"No current local authority has the DfE code {la_code}")
    return context.names[la_code]


def snapshot(session: Session, la_code: str, indicator_id: str) -> Snapshot:
    """The latest figure for ``la_code`` with England, region, neighbours, rank and trend."""
    return cached(
        session,
        ("snapshot", la_code, indicator_id),
        lambda: _snapshot(session, la_code, get_indicator(indicator_id)),
    )


def _snapshot(session: Session, la_code: str, indicator: IndicatorDef) -> Snapshot:
    period = statistics.latest_period(session=session, indicator_id=indicator.id)
    label = neighbours_label(len(area_context(session).neighbours.get(la_code, [])))
    if period is None:
        blank = missing_cell()
        return Snapshot(indicator, None, blank, blank, blank, blank, blank, label, None)
    table = _table(session, indicator, period)
    result = benchmark_from_table(
        table,
        la_code,
        indicator.polarity.value,
        previous_period=period.previous().label,
        no_quartile=indicator.no_quartile,
        unit="%" if indicator.unit.value == "percent" else "",
        decimals=indicator.decimals,
    )
    return Snapshot(
        indicator,
        period,
        published_cell(result.value, result.symbol, indicator),
        published_cell(result.england, None, indicator),
        published_cell(result.region.value, None, indicator),
        _figure_cell(result.sn_mean, indicator),
        _figure_cell(result.sn_median, indicator),
        label,
        result,
    )


def _figure_cell(value: float | None, indicator: IndicatorDef) -> Cell:
    return missing_cell() if value is None else published_cell(value, None, indicator)


def _values(session: Session, indicator_id: str, period: Period) -> pl.DataFrame:
    """Figures for one period as published: England, regions and every LA, former ones too."""
    return cached(
        session,
        ("values", indicator_id, period.code),
        lambda: statistics.values_for_period(
            session=session, indicator_id=indicator_id, period=period
        ),
    )


def _period_las(session: Session, indicator_id: str, period: Period) -> pl.DataFrame:
    """The local authorities of ``period``: today's, and former ones with a figure then."""
    context = area_context(session)
    return period_las(_values(session, indicator_id, period), context.all_las, context.current)


def _within(values: pl.DataFrame, las: pl.DataFrame) -> pl.DataFrame:
    """``values`` without rows for local authorities outside ``las``."""
    listed = pl.col("area_code").is_in(las["la_code"].to_list())
    return values.filter((pl.col("geographic_level") != "la") | listed)


def overview(session: Session, la_code: str) -> list[Snapshot]:
    """The key figures for an area's overview page."""
    la_name(session, la_code)
    # Cached whole, so a warm page checks the statistics version once rather than per figure.
    return cached(
        session,
        ("overview", la_code),
        lambda: [snapshot(session, la_code, ident) for ident in OVERVIEW_INDICATORS],
    )


def detail(session: Session, la_code: str, indicator_id: str) -> IndicatorDetail:
    """Time series of an indicator for an area against its region, England and neighbours."""
    name = la_name(session, la_code)
    indicator = get_indicator(indicator_id)
    return cached(
        session,
        ("detail", la_code, indicator_id),
        lambda: _detail(session, la_code, name, indicator),
    )


def _detail(session: Session, la_code: str, name: str, indicator: IndicatorDef) -> IndicatorDetail:
    context = area_context(session)
    region_code, region_name = _region(context, la_code)
    rows = [
        _series_row(session, indicator, period, la_code, region_code)
        for period in statistics.periods(session=session, indicator_id=indicator.id)
    ]
    return IndicatorDetail(
        la_code,
        name,
        region_name,
        indicator,
        snapshot(session, la_code, indicator.id),
        tuple(rows),
        _correction_notes(session, indicator.id, la_code),
        neighbours_label(len(context.neighbours.get(la_code, []))),
    )


def _series_row(
    session: Session, indicator: IndicatorDef, period: Period, la_code: str, region_code: str
) -> SeriesRow:
    values = _values(session, indicator.id, period)
    table = _table(session, indicator, period)
    mine = table.filter(pl.col("la_code") == la_code).row(0, named=True)
    coverage = neighbours_coverage(mine["sn_with_data"], mine["sn_count"])
    notes = _total_notes(session, indicator, period, (region_code, ENGLAND))
    return SeriesRow(
        period,
        _cell(values, "la", la_code, indicator),
        _cell(values, "regional", region_code, indicator),
        _cell(values, "national", ENGLAND, indicator),
        _figure_cell(mine["sn_mean"], indicator),
        _figure_cell(mine["sn_median"], indicator),
        (*notes, *([coverage] if coverage else [])),
    )


def _total_notes(
    session: Session, indicator: IndicatorDef, period: Period, codes: tuple[str, ...]
) -> list[str]:
    """Notes for the totals among ``codes`` that differ from the sum of their LAs shown (counts
    only: percentages and rates do not add up)."""
    if indicator.unit.value != "count":
        return []
    las = _period_las(session, indicator.id, period)
    values = _within(_values(session, indicator.id, period), las)
    names = dict(zip(las["region_code"], las["region_name"], strict=True)) | {ENGLAND: "England"}
    return [
        total_note(
            names.get(gap.area_code, gap.area_code),
            gap.total,
            gap.total_release,
            gap.la_sum,
            gap.la_releases,
            without_figure=gap.without_figure,
            decimals=indicator.decimals,
        )
        for gap in total_gaps(values, las, decimals=indicator.decimals)
        if gap.area_code in codes
    ]


def _region(context: AreaContext, la_code: str) -> tuple[str, str]:
    row = context.las.filter(pl.col("la_code") == la_code).row(0, named=True)
    return row["region_code"], row["region_name"]


def _cell(values: pl.DataFrame, level: str, code: str, indicator: IndicatorDef) -> Cell:
    found = values.filter((pl.col("geographic_level") == level) & (pl.col("area_code") == code))
    if found.height == 0:
        return missing_cell()
    row = found.row(0, named=True)
    return published_cell(row["value"], row["symbol"], indicator)


def _correction_notes(session: Session, indicator_id: str, la_code: str) -> tuple[str, ...]:
    sources = [f"{s.publication}/{s.column}" for s in get_indicator(indicator_id).sources]
    fixes = statistics.corrections(session=session).filter(
        (pl.concat_str("publication", pl.lit("/"), "indicator").is_in(sources))
        & (pl.col("area_code") == la_code)
    )
    return tuple(
        f"{row['period']}: the published figure was {format_number(row['published_value'])} "
        f"({row['published_release']}); we show {format_number(row['corrected_value'])}. "
        f"{row['note']}"
        for row in fixes.iter_rows(named=True)
    )


def all_areas(
    session: Session, indicator_id: str, period: str | None
) -> tuple[IndicatorDef, Period, list[Period], pl.DataFrame]:
    """Every current LA's figure, rank and band for one period (the latest by default)."""
    indicator = get_indicator(indicator_id)
    available = cached(
        session,
        ("periods", indicator_id),
        lambda: statistics.periods(session=session, indicator_id=indicator_id, values_only=True),
    )
    if not available:
        raise NotFound(f"No local area has a figure for {indicator.title}")
    chosen = _parse_period(period) if period else available[-1]
    if chosen not in available:
        raise NotFound(f"No figures for {indicator.title} in {chosen.label}")
    return indicator, chosen, available, _table(session, indicator, chosen)


def _parse_period(text: str) -> Period:
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise InputRejected(
            [Problem("period", "Choose a period from the list", value=text)]
        ) from exc


def _table(session: Session, indicator: IndicatorDef, period: Period) -> pl.DataFrame:
    """Every current LA benchmarked for one period (cached: one table serves every area)."""
    return cached(
        session, ("all", indicator.id, period.code), lambda: _all_table(session, indicator, period)
    )


def _all_table(session: Session, indicator: IndicatorDef, period: Period) -> pl.DataFrame:
    """Ranked and banded among the local authorities of ``period`` (ADR 0502)."""
    context = area_context(session)
    las = _period_las(session, indicator.id, period)
    previous = _within(_values(session, indicator.id, period.previous()), las)
    return benchmark_all(
        _within(_values(session, indicator.id, period), las),
        las,
        context.neighbours,
        indicator.polarity.value,
        previous=previous if previous.height else None,
        no_quartile=indicator.no_quartile,
    )


def indicators() -> list[IndicatorDef]:
    """Every published indicator sendsight knows, in registry order."""
    return list_indicators()
