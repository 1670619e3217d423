"""Needs against supply: how many listings serve each need, by age band, locality and level,
beside how many children have an EHC plan with that primary need (local case records,
counted and shown as the reader's viewpoint allows). The thinnest cells, need by locality,
come first. Both sides are worked out once per version of the data they come from.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Final

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.access.principal import Principal
from sendsight.directory import versioned
from sendsight.directory.models import Attribute, Service, TaxonomyTerm
from sendsight.directory.taxonomies import AGE_BAND, LEVEL, LOCALITY, NEED
from sendsight.disclosure import Protected, Viewpoint
from sendsight.ehc import queries as ehc
from sendsight.ehc.models import EhcRequest

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


def _tags(session: Session, partnership_id: str) -> list[frozenset[str]]:
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
    return [frozenset(codes) for codes in found.values()]


def supply_counts(session: Session, *, partnership_id: str) -> dict[str, Counter[str]]:
    """Per need code: active listings tagged with it (``""``) and, among them, those tagged
    with each level, age band and locality code. Worked out once per directory version."""

    def build() -> dict[str, Counter[str]]:
        counts: dict[str, Counter[str]] = {code: Counter() for code, _, _ in NEED.terms}
        for tags in _tags(session, partnership_id):
            for code in tags & counts.keys():
                counts[code].update(["", *tags])
        return counts

    return versioned.cached("supply", session, partnership_id, build)


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


def _cases_version(session: Session, la_codes: tuple[str, ...]) -> tuple[object, ...]:
    """(records, newest change) of the areas' EHC requests: changes with every import or edit."""
    query = select(func.count(), func.max(EhcRequest.updated_at_utc)).where(
        EhcRequest.la_code.in_(la_codes)
    )
    return tuple(session.execute(query).one())


def _children(session: Session, partnership_id: str, la_codes: tuple[str, ...]) -> Counter[str]:
    # Read once per version of the case records, not on every request (4,000 rows a time).
    version = _cases_version(session, la_codes)
    return versioned.cached(
        "children",
        session,
        partnership_id,
        lambda: children_by_need(session, la_codes),
        la_codes,
        version,
    )


def needs_against_supply(
    session: Session, *, principal: Principal, viewpoint: Viewpoint
) -> SupplyView:
    """The needs-against-supply view for the principal's partnership and local areas; counts of
    children as the reader's ``viewpoint`` may see them."""
    counts = supply_counts(session, partnership_id=principal.partnership_id)
    children = _children(session, principal.partnership_id, tuple(principal.la_codes))
    rows, cells = [], []
    for code, name, _ in NEED.terms:
        serving, protected = counts[code], viewpoint.count(children.get(code, 0))
        rows.append(
            NeedRow(
                code,
                name,
                protected,
                serving[""],
                {lc: serving[lc] for lc, _, _ in LEVEL.terms},
                {bc: serving[bc] for bc, _, _ in AGE_BAND.terms},
            )
        )
        cells += [Cell(name, place, serving[lc], protected) for lc, place, _ in LOCALITY.terms]
    cells.sort(key=lambda c: (c.services, -(c.children.value or 0), c.need, c.locality))
    return SupplyView(
        rows,
        cells[:THINNEST],
        [(c, n) for c, n, _ in LEVEL.terms],
        [(c, n) for c, n, _ in AGE_BAND.terms],
    )
