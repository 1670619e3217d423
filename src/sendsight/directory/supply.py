"""Needs against supply: how many listings serve each need, by age band, locality and level,
beside how many children have an EHC plan with that primary need (local case records,
counted and disclosure-controlled). The thinnest cells, need by locality, come first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Final

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.principal import Principal
from sendsight.directory.models import Attribute, Service, TaxonomyTerm
from sendsight.directory.taxonomies import AGE_BAND, LEVEL, LOCALITY, NEED
from sendsight.disclosure import Protected, protect_count
from sendsight.ehc import queries as ehc

THINNEST: Final = 10


@dataclass(frozen=True)
class NeedRow:
    """One need: listings in all, per level and per age band, and children with plans."""

    code: str
    name: str
    children: Protected
    services: int
    by_level: dict[str, int]
    by_band: dict[str, int]


@dataclass(frozen=True)
class Cell:
    """One need in one locality: how many listings serve it."""

    need: str
    locality: str
    services: int
    children: Protected


@dataclass(frozen=True)
class SupplyView:
    """The page: one row per need and the thinnest need-by-locality cells."""

    rows: list[NeedRow]
    thinnest: list[Cell]
    levels: list[tuple[str, str]]
    bands: list[tuple[str, str]]


def _tags(session: Session, partnership_id: str) -> dict[str, set[str]]:
    query = (
        select(Attribute.link_id, TaxonomyTerm.code)
        .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
        .join(Service, Service.id == Attribute.link_id)
        .where(Service.partnership_id == partnership_id, Service.deleted_at_utc.is_(None),
               Service.status == "active")
        .order_by(Attribute.link_id)
    )  # fmt: skip
    found: dict[str, set[str]] = {}
    for service_id, code in session.execute(query):
        found.setdefault(service_id, set()).add(code)
    return found


def children_by_need(session: Session, la_codes: tuple[str, ...]) -> Counter[str]:
    """Children and young people with an EHC plan issued, by primary need (local records)."""
    counts: Counter[str] = Counter()
    for la_code in la_codes:
        frame = ehc.load_requests(session=session, la_code=la_code)
        if frame.height == 0:
            continue
        issued = frame.filter(pl.col("final_issued_on").is_not_null())
        people = issued.group_by("primary_need").agg(pl.col("person_id").n_unique())
        for need, count in people.iter_rows():
            counts[str(need)] += int(count)
    return counts


def needs_against_supply(session: Session, *, principal: Principal) -> SupplyView:
    """The needs-against-supply view for the principal's partnership and local areas."""
    tags = _tags(session, principal.partnership_id)
    children = children_by_need(session, principal.la_codes)
    rows, cells = [], []
    for code, name, _ in NEED.terms:
        serving = [t for t in tags.values() if code in t]
        rows.append(NeedRow(
            code, name, protect_count(children.get(code, 0)), len(serving),
            {lc: sum(lc in t for t in serving) for lc, _, _ in LEVEL.terms},
            {bc: sum(bc in t for t in serving) for bc, _, _ in AGE_BAND.terms},
        ))  # fmt: skip
        for locality, place, _ in LOCALITY.terms:
            count = sum(locality in t for t in serving)
            cells.append(Cell(name, place, count, protect_count(children.get(code, 0))))
    cells.sort(key=lambda c: (c.services, -(c.children.value or 0), c.need, c.locality))
    return SupplyView(
        rows,
        cells[:THINNEST],
        [(c, n) for c, n, _ in LEVEL.terms],
        [(c, n) for c, n, _ in AGE_BAND.terms],
    )
