"""What the forecast pages and their CSV files show, built once from the forecast frames.

Forecasts and every figure worked out from them (interval bounds, breakdowns, demand for
places, surplus or shortfall, scenarios and their differences) are modelled figures. For a
reader without case-level access each one goes through
:func:`sendsight.disclosure.protect_modelled` here, so the page, its chart and its CSV show the
same rounded figures and symbols; a reader with case-level access sees whole plans. Places
entered by the council are not about children and are shown as entered.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import polars as pl

from sendsight.core.rounding import format_number, round_half_up
from sendsight.disclosure import Protected, Viewpoint, explain_symbols, protect_modelled
from sendsight.disclosure.modelled import Kind
from sendsight.forecasting.forecast import BOUNDS
from sendsight.forecasting.report import AreaReport
from sendsight.forecasting.scenario_compare import FIGURES
from sendsight.forecasting.scenario_files import lever_text
from sendsight.forecasting.scenarios import LEVERS


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as shown: a whole number (signed for a difference, a percent for a chance) or
    a GSS symbol."""

    cell: Protected
    style: Literal["count", "difference", "percent"] = "count"

    @property
    def value(self) -> float | None:
        """The number shown (None when a symbol stands in for it), for charts."""
        return self.cell.value

    @property
    def symbol(self) -> str | None:
        """The symbol shown instead of a number, if any."""
        return self.cell.symbol

    @property
    def text(self) -> str:
        """``2,530``, ``+10``, ``0``, ``37%`` or a symbol such as ``c``."""
        value = self.cell.value
        if value is None:
            return str(self.cell.symbol)
        if self.style == "percent":
            return f"{format_number(value)}%"
        return format_number(value, sign=self.style == "difference")

    @property
    def csv(self) -> int | str:
        """The figure as written to a CSV file: a whole number, or the symbol."""
        value = self.cell.value
        return str(self.cell.symbol) if value is None else int(round_half_up(value))

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Notes:
    """What a reader needs to read a table: how its figures were rounded, and what each symbol
    in it means."""

    rounding: list[str] = field(default_factory=list)
    symbols: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        """Every note, as written under a CSV file's rows."""
        return [*self.rounding, *self.symbols]


@dataclass(frozen=True)
class Figures:
    """How modelled figures are shown to one reader: exact whole plans (``protect`` false,
    for case-level access) or through disclosure control."""

    protect: bool
    threshold: int = 5
    round_to: int = 10

    @classmethod
    def seen_from(cls, viewpoint: Viewpoint) -> Figures:
        """How a reader with this viewpoint sees modelled figures."""
        return cls(viewpoint.protect, viewpoint.threshold, viewpoint.modelled_round_to)

    def count(self, value: float | None) -> Figure:
        """A forecast, bound, part of a breakdown or demand figure."""
        if self.protect:
            return Figure(self._modelled(value, "count"))
        return Figure(_whole(value))

    def difference(self, value: float | None) -> Figure:
        """A surplus or shortfall, or a change from the baseline (sign kept)."""
        if self.protect:
            return Figure(self._modelled(value, "difference"), "difference")
        return Figure(_whole(value), "difference")

    def chance(self, probability: float | None) -> Figure:
        """A probability, in whole percent for every reader (it is not a count)."""
        return Figure(protect_modelled(probability, kind="probability"), "percent")

    def seek_goal(self, goal: float) -> float:
        """The goal to seek so that the central forecast *as this reader sees it* reaches
        ``goal``. Rounded half up to the nearest ``round_to``, a forecast is shown at or under
        ``goal`` exactly when it is below G + ``round_to`` / 2, G being the largest multiple of
        ``round_to`` not over ``goal``. Seeking the unrounded goal instead would let a reader
        find the hidden figure by trying one goal after another."""
        if not self.protect:
            return goal
        limit = math.floor(goal / self.round_to) * self.round_to + self.round_to / 2
        return math.nextafter(limit, -math.inf)

    @property
    def summary(self) -> str | None:
        """The sentence saying figures are rounded (None when they are not)."""
        if not self.protect:
            return None
        return (
            f"Forecasts and the figures worked out from them are rounded to the nearest "
            f"{self.round_to} for viewers without case-level access."
        )

    def file_notes(self, notes: Notes) -> Notes:
        """``notes`` for a file downloaded on its own: the page's sentence on rounding first."""
        summary = [] if self.summary is None else [self.summary]
        return Notes([*summary, *notes.rounding], notes.symbols)

    def notes(self, figures: Iterable[Figure], *rounding: str) -> Notes:
        """The notes for a table holding ``figures``: ``rounding`` sentences when figures are
        rounded, and the meaning of each symbol used."""
        used = {f.symbol for f in figures if f.symbol is not None}
        symbols = explain_symbols(used, threshold=self.threshold, modelled=self.protect)
        return Notes(list(rounding) if self.protect else [], symbols)

    def _modelled(self, value: float | None, kind: Kind) -> Protected:
        return protect_modelled(value, kind=kind, threshold=self.threshold, round_to=self.round_to)


def _whole(value: float | None) -> Protected:
    if value is None or math.isnan(value):
        return Protected(symbol="x")
    return Protected(value=round_half_up(value))


# --- tables ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForecastRow:
    """One January of a forecast: the central figure and its 80% and 95% ranges."""

    year: int
    point: Figure
    lower_80: Figure
    upper_80: Figure
    lower_95: Figure
    upper_95: Figure

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure in the row, in CSV order."""
        return (self.point, self.lower_80, self.upper_80, self.lower_95, self.upper_95)

    def csv(self) -> tuple[object, ...]:
        """The row as written to the forecast CSV file."""
        return (self.year, *(f.csv for f in self.figures))


def forecast_rows(forecast: pl.DataFrame, figures: Figures) -> list[ForecastRow]:
    """One row per January of ``forecast`` (``target_year``, ``point`` and the bounds)."""
    return [
        ForecastRow(int(r[0]), *(figures.count(v) for v in r[1:]))
        for r in forecast.sort("target_year").select("target_year", "point", *BOUNDS).rows()
    ]


@dataclass(frozen=True)
class Wide:
    """A breakdown with Januaries across: one row per part, parts by name."""

    years: list[int]
    rows: list[tuple[str, list[Figure]]]

    @property
    def figures(self) -> list[Figure]:
        """Every figure in the table."""
        return [f for _, row in self.rows for f in row]


def wide(frame: pl.DataFrame, figures: Figures) -> Wide:
    """A breakdown (``part``, ``target_year``, ``point``) as a table with Januaries across."""
    years = sorted(set(frame["target_year"].to_list()))
    rows = []
    for (part,), group in frame.group_by("part"):
        values = group.sort("target_year")["point"].to_list()
        rows.append((str(part), [figures.count(v) for v in values]))
    return Wide(years, sorted(rows, key=lambda row: row[0]))


@dataclass(frozen=True)
class SufficiencyRow:
    """Special-school places (as entered) against forecast demand in one January."""

    year: int
    places: int
    demand: Figure
    surplus: Figure
    chance: Figure


def sufficiency_rows(frame: pl.DataFrame | None, figures: Figures) -> list[SufficiencyRow]:
    """Special schools, all needs: places, forecast demand, surplus (negative: shortfall) and
    the chance of a shortfall, by January."""
    if frame is None:
        return []
    rows = frame.filter(pl.col("setting") == "special", pl.col("need") == "all").sort("year")
    return [
        SufficiencyRow(int(year), int(places), figures.count(point),
                       figures.difference(surplus), figures.chance(chance))
        for year, places, point, surplus, chance in rows.select(
            "year", "places", "point", "surplus", "p_shortfall"
        ).rows()
    ]  # fmt: skip


@dataclass(frozen=True)
class ComparisonRow:
    """One scenario and January beside the baseline, as on the page and in its CSV file."""

    scenario: str
    from_year: int | None
    levers: tuple[str, ...]
    year: int
    point: Figure
    lower_80: Figure
    upper_80: Figure
    lower_95: Figure
    upper_95: Figure
    difference: Figure
    special_school: Figure

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure in the row, in CSV order."""
        return (self.point, self.lower_80, self.upper_80, self.lower_95, self.upper_95,
                self.difference, self.special_school)  # fmt: skip

    def csv(self) -> tuple[object, ...]:
        """Scenario, start year, lever values, January, then the figures."""
        return (self.scenario, self.from_year, *self.levers, self.year,
                *(f.csv for f in self.figures))  # fmt: skip


def comparison_rows(table: pl.DataFrame, figures: Figures) -> list[ComparisonRow]:
    """A scenario comparison (:func:`~sendsight.forecasting.scenario_compare.compare_scenarios`)
    as rows to show.

    With exact figures the difference is taken between the whole numbers shown, so they add
    up. Rounded to 10s that would show a change of 3 plans as 0 or as 10, so when figures are
    protected the difference is rounded on its own, like every other figure.
    """
    rows = []
    columns = ("scenario", "from_year", *LEVERS, "target_year", *FIGURES)
    for row in table.select(columns).iter_rows(named=True):
        change = row["difference"]
        if not figures.protect:
            change = round_half_up(row["point"]) - round_half_up(row["point"] - change)
        count = figures.count
        rows.append(
            ComparisonRow(
                row["scenario"], row["from_year"], tuple(lever_text(row[k]) for k in LEVERS),
                row["target_year"], count(row["point"]), count(row["lower_80"]),
                count(row["upper_80"]), count(row["lower_95"]), count(row["upper_95"]),
                figures.difference(change), count(row["special_school"]),
            )
        )  # fmt: skip
    return rows


# --- pages ----------------------------------------------------------------------------------

BREAKDOWN_NOTE = (
    "Each breakdown adds up to the total forecast before rounding. Each figure is rounded on its "
    "own, so the rounded parts may not add up to the rounded total."
)
SUFFICIENCY_NOTE = (
    "Places are shown as entered. Forecast demand and the surplus or shortfall are each rounded "
    "on their own, so places minus forecast demand may not equal the surplus or shortfall shown. "
    "The chance of a shortfall is worked out from the unrounded forecast."
)
COMPARISON_NOTE = (
    "Each figure is rounded on its own, the difference from the baseline too, so a difference "
    "may not equal the gap between the rounded forecasts."
)


@dataclass(frozen=True)
class AreaPage:
    """The figures of one LA's forecast page, each table with its notes."""

    forecast: list[ForecastRow]
    forecast_notes: Notes
    by_placement: Wide
    by_need: Wide
    breakdown_notes: Notes
    sufficiency: list[SufficiencyRow]
    sufficiency_notes: Notes
    scenario_placement: Wide | None
    scenario_placement_notes: Notes


def area_page(found: AreaReport, figures: Figures) -> AreaPage:
    """Every modelled figure of ``found`` as the reader may see it."""
    forecast = forecast_rows(found.forecast, figures)
    placement, need = wide(found.by_placement, figures), wide(found.by_need, figures)
    suff = sufficiency_rows(found.sufficiency, figures)
    moved = None if found.scenario_placement is None else wide(found.scenario_placement, figures)
    return AreaPage(
        forecast,
        figures.notes(f for row in forecast for f in row.figures),
        placement,
        need,
        figures.notes([*placement.figures, *need.figures], BREAKDOWN_NOTE),
        suff,
        figures.notes((f for r in suff for f in (r.demand, r.surplus, r.chance)), SUFFICIENCY_NOTE),
        moved,
        figures.notes(moved.figures if moved else [], BREAKDOWN_NOTE),
    )


def comparison_notes(rows: Iterable[ComparisonRow], figures: Figures) -> Notes:
    """Notes for scenarios beside the baseline."""
    return figures.notes((f for row in rows for f in row.figures), COMPARISON_NOTE)
