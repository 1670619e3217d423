"""The whole directory read at once, for the export: one Core ``SELECT`` per table, grouped in
Python by service (or location) id.

Loading ORM objects through relationships cost about 8 seconds per thousand services (decision
0903); plain rows carry the same column names, so ``oruk`` builds the same documents from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from sendsight.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from sendsight.directory.queries import Related, taxonomies_by_id

# Each service child table and the ``Related`` field it fills, in one place.
_BY_SERVICE: tuple[tuple[type[Any], str], ...] = (
    (Schedule, "schedules"),
    (ServiceArea, "areas"),
    (CostOption, "costs"),
    (Language, "languages"),
    (Contact, "contacts"),
    (Phone, "phones"),
    (ServiceAtLocation, "places"),
)


@dataclass(frozen=True)
class Directory:
    """Every live service of a partnership (id order) and everything hanging off them."""

    services: list[Row[Any]]
    organizations: dict[str, Row[Any]]
    related: Related
    taxonomies: dict[str, Taxonomy]


def _rows(session: Session, model: type[Any], partnership_id: str) -> list[Row[Any]]:
    """The partnership's rows of ``model`` in id order. Sorted here, not by the database:
    PostgreSQL sorts text by its locale's collation, slowly, and ids are canonical UUIDs, whose
    order is the same either way (the export test compares on both databases)."""
    table = model.__table__
    found = session.execute(select(table).where(table.c.partnership_id == partnership_id))
    return sorted(found, key=_id)


def _id(row: Row[Any]) -> str:
    return str(row.id)


def load_directory(*, session: Session, partnership_id: str) -> Directory:
    """The partnership's whole directory as plain rows (soft-deleted services left out)."""
    services = [s for s in _rows(session, Service, partnership_id) if s.deleted_at_utc is None]
    organizations = {o.id: o for o in _rows(session, Organization, partnership_id)}
    found = Related()
    for model, name in _BY_SERVICE:
        into = getattr(found, name)
        for row in _rows(session, model, partnership_id):
            into[row.service_id].append(row)
    _attributes(session, partnership_id, found)
    found.locations.update((p.id, p) for p in _rows(session, Location, partnership_id))
    for row in _rows(session, Address, partnership_id):
        found.addresses[row.location_id].append(row)
    for row in _rows(session, Accessibility, partnership_id):
        found.access[row.location_id].append(row)
    taxonomies = taxonomies_by_id(session=session, partnership_id=partnership_id)
    return Directory(services, organizations, found, taxonomies)


def _attributes(session: Session, partnership_id: str, found: Related) -> None:
    terms = {t.id: t for t in _rows(session, TaxonomyTerm, partnership_id)}
    tagged = session.execute(
        select(Attribute.id, Attribute.link_id, Attribute.taxonomy_term_id).where(
            Attribute.partnership_id == partnership_id
        )
    )
    # Tags in taxonomy order, then by id (as a single service's page lists them).
    pairs = sorted(
        ((a, terms[a.taxonomy_term_id]) for a in tagged if a.taxonomy_term_id in terms),
        key=lambda pair: (pair[1].taxonomy_id, pair[1].position, pair[0].id),
    )
    for attribute, term in pairs:
        found.attributes[attribute.link_id].append((attribute, term))
