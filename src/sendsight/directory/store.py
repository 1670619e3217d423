"""Writing whole sets of directory records at once (the demo, imports): bulk inserts, by id.

A package names rows per ORUK table. Storing it replaces each service it carries (with all its
schedules, tags, places ...) and each organisation and location by id, so storing the same
package twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.orm import Session

from sendsight.core.errors import InputRejected, Problem
from sendsight.directory import search
from sendsight.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Language,
    ListingFeedback,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceVersion,
    Taxonomy,
    TaxonomyTerm,
)
from sendsight.directory.taxonomies import TAXONOMIES, TAXONOMY_URI, taxonomy_id, term_id

# Parents before children; deletion runs the other way.
ORDER: tuple[type[Any], ...] = (
    Organization, Service, Location, Address, Accessibility, ServiceAtLocation, Contact, Phone,
    Schedule, ServiceArea, CostOption, Language, Attribute,
)  # fmt: skip
SERVICE_CHILDREN: tuple[type[Any], ...] = (
    ServiceAtLocation, Contact, Phone, Schedule, ServiceArea, CostOption, Language,
)  # fmt: skip
SEARCHED_FIELDS = (
    "name", "alternate_name", "description", "eligibility_description", "fees_description",
    "send_support", "application_process", "next_steps",
)  # fmt: skip


@dataclass
class Package:
    """Rows to store, per model (dicts of column values; every row carries its ``id``)."""

    rows: dict[type[Any], list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, model: type[Any], **values: Any) -> str:
        """Add a row; returns its id."""
        self.rows.setdefault(model, []).append(values)
        return str(values["id"])

    def of(self, model: type[Any]) -> list[dict[str, Any]]:
        """The rows of ``model``."""
        return self.rows.get(model, [])


def ensure_taxonomies(session: Session, *, partnership_id: str) -> None:
    """Give the partnership sendsight's SEND taxonomies (idempotent)."""
    have = set(
        session.scalars(
            select(TaxonomyTerm.id).where(TaxonomyTerm.partnership_id == partnership_id)
        )
    )
    for taxonomy in TAXONOMIES:
        tid = taxonomy_id(partnership_id, taxonomy.key)
        if session.get(Taxonomy, tid) is None:
            session.add(Taxonomy(
                id=tid, partnership_id=partnership_id, key=taxonomy.key, name=taxonomy.name,
                description=taxonomy.description, uri=TAXONOMY_URI.format(key=taxonomy.key),
            ))  # fmt: skip
        for position, (code, name, description) in enumerate(taxonomy.terms):
            if term_id(partnership_id, taxonomy.key, code) in have:
                continue
            session.add(TaxonomyTerm(
                id=term_id(partnership_id, taxonomy.key, code), partnership_id=partnership_id,
                taxonomy_id=tid, code=code, name=name, description=description,
                position=position,
            ))  # fmt: skip
    session.flush()


def search_text(service: dict[str, Any], organization: str, tags: Iterable[str]) -> str:
    """Every searchable word of a listing: its text fields, provider, tags and areas."""
    parts = [str(service.get(f) or "") for f in SEARCHED_FIELDS]
    return " ".join(p for p in [*parts, organization, *tags] if p)


CHUNK = 5000  # ids per IN list (SQLite allows 32,766 parameters)
PARENTS: tuple[type[Any], ...] = (Organization, Location, Service)
LOCATION_CHILDREN: tuple[type[Any], ...] = (Address, Accessibility)


def store(session: Session, *, partnership_id: str, package: Package) -> None:
    """Store ``package`` for the partnership: organisations, locations and services are
    updated in place by id (or added); everything hanging off the services and locations it
    carries is replaced. An id held by another partnership's record is refused."""
    _fill_search_text(session, partnership_id, package)
    _refuse_foreign_ids(session, partnership_id, package)
    service_ids = [row["id"] for row in package.of(Service)]
    location_ids = [row["id"] for row in package.of(Location)]
    for model in SERVICE_CHILDREN:
        _delete_in(session, model, model.service_id, service_ids)
    _delete_in(session, Attribute, Attribute.link_id, service_ids)
    for model in LOCATION_CHILDREN:
        _delete_in(session, model, model.location_id, location_ids)
    for model in ORDER:
        rows = [{**row, "partnership_id": partnership_id} for row in package.of(model)]
        if not rows:
            continue
        existing = _existing(session, model, [r["id"] for r in rows]) if model in PARENTS else set()
        if existing:
            session.execute(update(model), [r for r in rows if r["id"] in existing])
        fresh = [r for r in rows if r["id"] not in existing]
        _insert(session, model, fresh)
    session.expire_all()
    search.reindex(session, partnership_id=partnership_id)
    _refresh_statistics(session, len(service_ids))


# Services in one package from which PostgreSQL's planner statistics are refreshed at once.
ANALYZE_FROM = 500


def _refresh_statistics(session: Session, services: int) -> None:
    """After a large import, ``ANALYZE`` the tables on PostgreSQL: until autovacuum gets to
    them the planner believes they are as small as before and scans the 85,000 tags of 10,000
    services to find one page's (40 ms instead of 0.5 ms per search page)."""
    if services < ANALYZE_FROM or session.get_bind().dialect.name != "postgresql":
        return
    for model in ORDER:
        session.execute(text(f"ANALYZE {model.__tablename__}"))


def _insert(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """Core ``executemany`` inserts, one per set of columns (the ORM's bulk insert is many
    times slower for thousands of rows)."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    for group in groups.values():
        session.connection().execute(insert(model.__table__), group)


def _existing(session: Session, model: type[Any], ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        found |= set(
            session.scalars(select(model.id).where(model.id.in_(ids[start : start + CHUNK])))
        )
    return found


def _refuse_foreign_ids(session: Session, partnership_id: str, package: Package) -> None:
    for model in ORDER:
        ids = [row["id"] for row in package.of(model)]
        for start in range(0, len(ids), CHUNK):
            clash = session.scalar(
                select(model.id)
                .where(
                    model.id.in_(ids[start : start + CHUNK]), model.partnership_id != partnership_id
                )
                .limit(1)
            )
            if clash:
                problem = Problem("import", "This id belongs to another publisher's record",
                                  column="id", value=clash)  # fmt: skip
                raise InputRejected([problem])


def remove_services(session: Session, service_ids: list[str]) -> None:
    """Delete services for good, with everything hanging off them."""
    if not service_ids:
        return
    owned: tuple[type[Any], ...] = (*SERVICE_CHILDREN, ServiceVersion, ListingFeedback)
    for model in owned:
        _delete_in(session, model, model.service_id, service_ids)
    _delete_in(session, Attribute, Attribute.link_id, service_ids)
    _delete_in(session, Service, Service.id, service_ids)


def _delete_in(session: Session, model: type[Any], column: Any, ids: list[str]) -> None:
    for start in range(0, len(ids), CHUNK):
        session.execute(
            delete(model).where(column.in_(ids[start : start + CHUNK])),
            execution_options={"synchronize_session": False},
        )


def _fill_search_text(session: Session, partnership_id: str, package: Package) -> None:
    organizations = {row["id"]: row["name"] for row in package.of(Organization)}
    terms = {
        t.id: f"{t.name} {t.description}"
        for t in session.scalars(
            select(TaxonomyTerm).where(TaxonomyTerm.partnership_id == partnership_id)
        )
    }
    tags: dict[str, list[str]] = {}
    for row in package.of(Attribute):
        tags.setdefault(row["link_id"], []).append(terms.get(row["taxonomy_term_id"], ""))
    for row in package.of(ServiceArea):
        tags.setdefault(row["service_id"], []).append(row["name"])
    for row in package.of(Service):
        organization = organizations.get(row["organization_id"])
        if organization is None:
            found = session.get(Organization, row["organization_id"])
            organization = found.name if found else ""
        row["search_text"] = search_text(row, organization, tags.get(row["id"], []))
