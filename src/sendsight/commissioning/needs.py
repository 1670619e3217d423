"""Needs against provision: a matrix by primary need × age band × locality × level of the
continuum, demand against supply, with the gaps ranked and the evidence behind each.

Demand: EHC plans by primary need and placement in the latest published January (DfE), the
caseload forecast by need for the next January with its 80% interval, the LA's own EHC plans
(case records) by need and age band, and, when the front door is installed, its requests and
"unmet need" declines. Supply: specialist places stored for forecasting (capacity), the
services in the commissioning register with their places, and, when the Local Offer directory
is installed, its services. Other domains are used only through
``sendsight.wiring.optional_module`` (see the user documentation for what they are asked for).

Level of the continuum: plans in mainstream schools count as demand for *targeted* provision,
plans in special schools (maintained or independent) as demand for *specialist* provision.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import Any

import polars as pl
from sqlalchemy import BindParameter, Select, bindparam, func, select
from sqlalchemy.orm import Session

from sendsight.commissioning import health_waits, queries
from sendsight.commissioning.models import CaseChange, CommissionedService
from sendsight.commissioning.vocab import age_band
from sendsight.ehc.models import EhcRequest
from sendsight.forecasting import history, report
from sendsight.forecasting import queries as capacity
from sendsight.forecasting.breakdowns import NEEDS
from sendsight.forecasting.models import PlaceCapacity
from sendsight.forecasting.sufficiency import setting_demand
from sendsight.forecasting.versioned import cached
from sendsight.wiring import optional_module

ALL_LOCALITIES = "All localities"
#: Placement groups of the forecast → level of the continuum.
LEVEL_OF = {
    "mainstream": "targeted",
    "resourced_provision": "targeted",
    "special": "specialist",
    "independent_special": "specialist",
}
NEED_LABELS = {
    "asd": "Autistic spectrum disorder",
    "hi": "Hearing impairment",
    "mld": "Moderate learning difficulty",
    "msi": "Multi-sensory impairment",
    "oth": "Other difficulty",
    "pd": "Physical disability",
    "pmld": "Profound and multiple learning difficulty",
    "semh": "Social, emotional and mental health",
    "slcn": "Speech, language and communication needs",
    "sld": "Severe learning difficulty",
    "spld": "Specific learning difficulty",
    "vi": "Visual impairment",
    "need_unknown": "Need not recorded",
    "all": "All needs",
}

Key = tuple[str, str, str, str]  # need, age band, locality, level


@dataclass
class Cell:
    """One row of the matrix: demand (central and 80% interval), supply (places), evidence."""

    need: str
    age_band: str
    locality: str
    level: str
    demand: float = 0.0
    demand_low: float | None = None
    demand_high: float | None = None
    local_plans: int = 0
    places: int = 0
    services: int = 0
    evidence: list[str] = field(default_factory=list)

    @property
    def gap(self) -> float:
        """Demand less places (positive: more need than provision)."""
        return max(self.demand, float(self.local_plans)) - self.places

    @property
    def has_demand(self) -> bool:
        """Whether anything measures demand in this cell."""
        return self.demand > 0 or self.local_plans > 0


@dataclass(frozen=True, slots=True)
class Matrix:
    """The matrix's cells, gaps first, and the year its forecast demand is for."""

    la_code: str
    year: int | None
    cells: list[Cell]
    missing_sources: list[str]
    icb: str | None = None
    health: tuple[health_waits.ServiceWait, ...] = ()


class _Cells:
    def __init__(self) -> None:
        self.cells: dict[Key, Cell] = {}

    def at(self, need: str, band: str, locality: str, level: str) -> Cell:
        key = (need, band, locality, level)
        if key not in self.cells:
            self.cells[key] = Cell(*key)
        return self.cells[key]


def _forecast_demand(cells: _Cells, session: Session, la_code: str) -> int | None:
    forecast = report.current_forecast(session=session).filter(pl.col("la_code") == la_code)
    if forecast.is_empty():
        return None
    year = min(int(y) for y in forecast.get_column("target_year").to_list())
    demand = setting_demand(forecast.filter(pl.col("target_year") == year), session=session)
    demand = demand.filter(pl.col("setting").is_in(list(LEVEL_OF)) & (pl.col("need") != "all"))
    grouped = (
        demand.with_columns(level=pl.col("setting").replace_strict(LEVEL_OF))
        .group_by("need", "level")
        .agg(pl.col("point", "lower_80", "upper_80").sum())
    )
    for need, level, point, low, high in grouped.sort("need", "level").iter_rows():
        if point <= 0:
            continue
        cell = cells.at(need, "all", ALL_LOCALITIES, level)
        cell.demand, cell.demand_low, cell.demand_high = point, low, high
        cell.evidence.append(
            f"Forecast EHC plans in January {year}: {point:,.0f} (80% interval {low:,.0f} to "
            f"{high:,.0f})"
        )
    return year


def _published_demand(cells: _Cells, session: Session, la_code: str) -> None:
    found = history.need_by_placement(session=session).filter(
        (pl.col("la_code") == la_code) & pl.col("group").is_in(list(LEVEL_OF))
    )
    grouped = (
        found.with_columns(level=pl.col("group").replace_strict(LEVEL_OF))
        .group_by("need", "level")
        .agg(pl.col("plans").sum())
    )
    for need, level, plans in grouped.sort("need", "level").iter_rows():
        if plans and plans > 0:
            cells.at(need, "all", ALL_LOCALITIES, level).evidence.append(
                f"Published: {plans:,.0f} EHC plans in the latest January (DfE, EHC plans)"
            )


def _local_plans(cells: _Cells, session: Session, la_code: str, today: date) -> None:
    rows = session.execute(
        select(EhcRequest.primary_need, EhcRequest.date_of_birth).where(
            EhcRequest.la_code == la_code, EhcRequest.final_issued_on.is_not(None)
        )
    )
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for need, born in rows:
        if born is None:
            continue
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if age > 25:
            continue
        code = (need or "need_unknown").lower()
        counts[(code if code in NEEDS else "need_unknown", age_band(age))] += 1
    for (need, band), count in sorted(counts.items()):
        cell = cells.at(need, band, ALL_LOCALITIES, "all")
        cell.local_plans = count
        cell.evidence.append(f"{count:,} EHC plans in the LA's case records")


def _capacity_supply(
    cells: _Cells, session: Session, la_code: str, partnership_id: str, year: int | None
) -> None:
    found = capacity.capacity_for(session=session, la_code=la_code, partnership_id=partnership_id)
    if found is None or found.is_empty():
        return
    latest = found.filter(pl.col("year") <= (year or 9999))
    if latest.is_empty():
        latest = found
    latest = latest.filter(pl.col("year") == latest.get_column("year").max())
    for setting, need, places, when in latest.select(
        "setting", "need", "places", "year"
    ).iter_rows():
        if setting not in LEVEL_OF or need == "all":
            continue
        cell = cells.at(need, "all", ALL_LOCALITIES, LEVEL_OF[setting])
        cell.places += int(places)
        cell.evidence.append(
            f"{int(places):,} {setting.replace('_', ' ')} places in January {when}"
        )


def _service_supply(cells: _Cells, session: Session, partnership_id: str) -> None:
    for service in queries.list_services(session=session, partnership_id=partnership_id):
        cell = cells.at(service.need, service.age_band, service.locality, service.level)
        cell.places += service.places or 0
        cell.services += 1
        places = f", {service.places:,} places" if service.places else ""
        cell.evidence.append(f"Commissioned service: {service.name}{places}")


def _health_supply(cells: _Cells, icb: str | None) -> None:
    """Community health waits (NHS England, by ICB) as evidence on the targeted cells of the
    needs each service meets."""
    if icb is None:
        return
    for wait in health_waits.for_icb(icb):
        for need in health_waits.SERVICE_NEEDS[wait.service]:
            cells.at(need, "all", ALL_LOCALITIES, "targeted").evidence.append(
                health_waits.evidence(wait, icb)
            )


def _reader(module: str, function: str) -> Callable[..., Any] | None:
    """Another domain's function, when that domain is installed and offers it."""
    found = optional_module(module)
    reader = getattr(found, function, None) if found is not None else None
    return reader if callable(reader) else None


def _apply(cells: _Cells, rows: Any, apply: Callable[[Cell, dict[str, Any]], None]) -> None:
    for row in rows:
        cell = cells.at(
            str(row.get("need", "all")),
            str(row.get("age_band", "all")),
            str(row.get("locality") or ALL_LOCALITIES),
            str(row.get("level", "all")),
        )
        apply(cell, row)


def _frontdoor(cell: Cell, row: dict[str, Any]) -> None:
    count = int(row.get("count", 0))
    cell.local_plans += count
    cell.evidence.append(f"{count:,} front-door requests or unmet-need declines")


def _directory(cell: Cell, row: dict[str, Any]) -> None:
    cell.services += 1
    cell.places += int(row.get("places") or 0)
    cell.evidence.append(f"Local Offer: {row.get('name', 'a listed service')}")


def _fingerprint(session: Session, partnership_id: str, la_code: str) -> tuple[object, ...]:
    """What the matrix's stored inputs are, cheaply, in one statement: the services' and
    capacity rows' counts and last changes, and the EHC case records' count (read from its
    index) and change count (``queries.case_version``; scanning the case table for its last
    change costs more than the rest of the page)."""
    given = {"partnership_id": partnership_id, "la_code": la_code}
    return tuple(session.execute(_fingerprint_statement(), given).one())


@cache
def _fingerprint_statement() -> Select[Any]:
    """The fingerprint query, built once per process (it is asked on every page)."""
    partnership: BindParameter[str] = bindparam("partnership_id")
    la: BindParameter[str] = bindparam("la_code")
    aggregates = [
        select(aggregate).select_from(model).where(where).scalar_subquery()
        for model, where in (
            (CommissionedService, CommissionedService.partnership_id == partnership),
            (PlaceCapacity, PlaceCapacity.partnership_id == partnership),
        )
        for aggregate in (func.count(), func.max(model.updated_at_utc))
    ]
    aggregates.append(
        select(func.count())
        .select_from(EhcRequest)
        .where(EhcRequest.la_code == la)
        .scalar_subquery()
    )
    aggregates.append(select(CaseChange.version).where(CaseChange.la_code == la).scalar_subquery())
    return select(*aggregates)


def _base(
    session: Session, partnership_id: str, la_code: str, today: date, icb: str | None
) -> tuple[_Cells, int | None]:
    cells = _Cells()
    year = _forecast_demand(cells, session, la_code)
    _published_demand(cells, session, la_code)
    _local_plans(cells, session, la_code, today)
    _capacity_supply(cells, session, la_code, partnership_id, year)
    _service_supply(cells, session, partnership_id)
    _health_supply(cells, icb)
    return cells, year


@dataclass(frozen=True, slots=True)
class _Source:
    """Another domain's contribution to the matrix, and the function that says when its data
    last changed (so the finished matrix can be cached under it)."""

    module: str
    function: str
    version_module: str
    version_function: str
    version_argument: str
    label: str
    apply: Callable[[Cell, dict[str, Any]], None]


SOURCES = (
    _Source(
        "sendsight.frontdoor.commissioning",
        "unmet_need",
        "sendsight.frontdoor.queries",
        "data_version",
        "la_code",
        "front-door requests and declines",
        _frontdoor,
    ),
    _Source(
        "sendsight.directory.commissioning",
        "services_by_need",
        "sendsight.directory.versioned",
        "data_version",
        "partnership_id",
        "Local Offer directory",
        _directory,
    ),
)


def _versions(session: Session, found: list[_Source], common: dict[str, Any]) -> object:
    """The other domains' data versions, or None when one offers none (then the matrix is
    worked out each time)."""
    versions = []
    for source in found:
        version = _reader(source.version_module, source.version_function)
        if version is None:
            return None
        arguments = {source.version_argument: common[source.version_argument]}
        versions.append(version(session=session, **arguments))
    return tuple(versions)


def _assemble(
    session: Session, common: dict[str, Any], today: date, icb: str | None, found: list[_Source]
) -> Matrix:
    partnership_id, la_code = common["partnership_id"], common["la_code"]
    key = (partnership_id, la_code, today, icb, _fingerprint(session, partnership_id, la_code))

    def build() -> tuple[_Cells, int | None]:
        return _base(session, partnership_id, la_code, today, icb)

    held, year = cached("commissioning_matrix", session, build, *key)
    cells = held
    if found:
        cells = _Cells()  # a copy: the cached cells are shared by every request
        cells.cells = {k: replace(c, evidence=list(c.evidence)) for k, c in held.cells.items()}
    for source in found:
        reader = _reader(source.module, source.function)
        assert reader is not None
        _apply(cells, reader(session=session, **common), source.apply)
    ranked = sorted(
        cells.cells.values(), key=lambda c: (-c.gap, c.need, c.age_band, c.locality, c.level)
    )
    missing = [s.label for s in SOURCES if s not in found]
    return Matrix(la_code, year, ranked, missing, icb, health_waits.for_icb(icb) if icb else ())


def matrix(session: Session, *, partnership_id: str, la_code: str, today: date) -> Matrix:
    """The needs-against-provision matrix for the LA, biggest gaps first. Worked out once per
    statistics version, change to its stored inputs and data version of the other domains it
    reads (each returned matrix is shared: do not change it)."""
    icb = queries.get_health_area_or_none(session=session, partnership_id=partnership_id)
    common = {"partnership_id": partnership_id, "la_code": la_code}
    found = [s for s in SOURCES if _reader(s.module, s.function) is not None]
    versions = _versions(session, found, common)
    if versions is None:
        return _assemble(session, common, today, icb, found)
    fingerprint = _fingerprint(session, partnership_id, la_code)
    return cached(
        "commissioning_matrix_whole",
        session,
        lambda: _assemble(session, common, today, icb, found),
        partnership_id,
        la_code,
        today,
        icb,
        fingerprint,
        versions,
    )


def matrix_frame(found: Matrix) -> pl.DataFrame:
    """The matrix as a frame (for the CSV download and the chart)."""
    return pl.DataFrame(
        [
            {
                "rank": rank,
                "need": c.need,
                "age_band": c.age_band,
                "locality": c.locality,
                "level": c.level,
                "demand": round(c.demand, 1),
                "demand_low_80": c.demand_low,
                "demand_high_80": c.demand_high,
                "local_plans": c.local_plans,
                "places": c.places,
                "services": c.services,
                "gap": round(c.gap, 1),
                "evidence": "; ".join(c.evidence),
            }
            for rank, c in enumerate(found.cells, start=1)
        ],
        schema={
            "rank": pl.Int64,
            "need": pl.Utf8,
            "age_band": pl.Utf8,
            "locality": pl.Utf8,
            "level": pl.Utf8,
            "demand": pl.Float64,
            "demand_low_80": pl.Float64,
            "demand_high_80": pl.Float64,
            "local_plans": pl.Int64,
            "places": pl.Int64,
            "services": pl.Int64,
            "gap": pl.Float64,
            "evidence": pl.Utf8,
        },
    )
