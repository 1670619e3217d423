"""Finding local areas and listing an area's statistical neighbours with their key figures."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from sendsight.areas.cells import Cell
from sendsight.areas.context import area_context
from sendsight.areas.profile import la_name, snapshot

NEIGHBOUR_FIGURES = ("ehc-plans-january", "pct-20-weeks-excl-exceptions", "pct-pupils-ehc-plan")


@dataclass(frozen=True, slots=True)
class AreaLink:
    """A current local authority as a search result."""

    la_code: str
    la_name: str
    region_name: str


def _areas(session: Session) -> list[AreaLink]:
    las = area_context(session).las.sort("la_name")
    return [
        AreaLink(r["la_code"], r["la_name"], r["region_name"]) for r in las.iter_rows(named=True)
    ]


def search(session: Session, query: str) -> list[AreaLink]:
    """Current LAs whose name contains ``query`` (any case) or whose DfE code is ``query``."""
    text = query.strip().lower()
    if not text:
        return []
    return [a for a in _areas(session) if text == a.la_code or text in a.la_name.lower()]


def by_region(session: Session) -> dict[str, list[AreaLink]]:
    """Every current LA, grouped by region name, each group in name order."""
    groups: dict[str, list[AreaLink]] = {}
    for area in _areas(session):
        groups.setdefault(area.region_name, []).append(area)
    return dict(sorted(groups.items()))


@dataclass(frozen=True, slots=True)
class NeighbourRow:
    """A neighbour (or the area itself) with its latest key figures."""

    rank: int | None
    la_code: str
    la_name: str
    figures: tuple[Cell, ...]


def neighbour_table(session: Session, la_code: str) -> tuple[tuple[str, ...], list[NeighbourRow]]:
    """Column titles and rows: the area first, then its neighbours closest first."""
    la_name(session, la_code)
    codes = [la_code, *area_context(session).neighbours.get(la_code, [])]
    titles: list[str] = []
    rows: list[NeighbourRow] = []
    for position, code in enumerate(codes):
        snaps = [snapshot(session, code, ident) for ident in NEIGHBOUR_FIGURES]
        if not titles:
            titles = [
                f"{s.indicator.short_title} ({s.period.label if s.period else 'no data'})"
                for s in snaps
            ]
        rows.append(
            NeighbourRow(
                position or None, code, la_name(session, code), tuple(s.value for s in snaps)
            )
        )
    return tuple(titles), rows
