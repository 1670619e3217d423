"""Reads of the directory's services and taxonomies. Every read names the partnership (ADR 0602):
another partnership's id raises ``NotFound``, so its existence is never confirmed.

A service that is soft-deleted (``deleted_at_utc`` set) is never listed or shown.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from sendsight.core.errors import NotFound
from sendsight.db.base import Base
from sendsight.directory import search, versioned
from sendsight.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    DirectorySettings,
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

M = TypeVar("M", bound=Base)
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class ServiceQuery:
    """Filters on services, combined with AND.

    ``minimum_age``/``maximum_age`` follow ORUK: services whose own minimum age is at least
    ``minimum_age`` and whose maximum age is at most ``maximum_age``. ``age`` is the family
    search's "my child is N": services whose age range includes N. ``day``, ``start_time`` and
    ``end_time`` must all hold for one weekly session (opening at or after ``start_time``,
    closing at or before ``end_time``). ``free``: no cost option with a price above zero.
    """

    search: str = ""
    term_ids: tuple[str, ...] = ()
    taxonomy_id: str | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    age: int | None = None
    day: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    organization_id: str | None = None
    modified_after: datetime | None = None
    free: bool = False
    active_only: bool = False


def _owned(session: Session, model: type[M], object_id: str, partnership_id: str) -> M:
    # Every id is a UUID: anything else (a NUL byte PostgreSQL refuses, say) is simply not found.
    found = session.get(model, object_id) if is_uuid(object_id) else None
    if found is None or getattr(found, "partnership_id", None) != partnership_id:
        raise NotFound(f"No {model.__tablename__.removeprefix('directory_')} {object_id}")
    return found


def is_uuid(text: str) -> bool:
    """True when ``text`` is a UUID in its canonical lower-case form."""
    try:
        return str(uuid.UUID(text)) == text.lower()
    except ValueError:
        return False


# --- Settings ----------------------------------------------------------------------------------


def settings_for(*, session: Session, partnership_id: str) -> DirectorySettings:
    """The partnership's directory settings (made with the defaults when missing)."""
    found = session.scalar(
        select(DirectorySettings).where(DirectorySettings.partnership_id == partnership_id)
    )
    if found is None:
        found = DirectorySettings(partnership_id=partnership_id, review_cycle_months=6)
        session.add(found)
        session.flush()
    return found


def published_partnership_id(*, session: Session) -> str | None:
    """The partnership whose directory anonymous visitors and the open API see (decision
    0901): the first that publishes, or None."""
    query = (
        select(DirectorySettings.partnership_id)
        .where(DirectorySettings.publishes.is_(True))
        .order_by(DirectorySettings.created_at_utc, DirectorySettings.id)
        .limit(1)
    )
    return session.scalar(query)


# --- Taxonomies --------------------------------------------------------------------------------


def list_taxonomies(*, session: Session, partnership_id: str) -> list[Taxonomy]:
    """The partnership's taxonomies, by name."""
    query = select(Taxonomy).where(Taxonomy.partnership_id == partnership_id)
    return list(session.scalars(query.order_by(Taxonomy.name, Taxonomy.id)))


def get_taxonomy(*, session: Session, taxonomy_id: str, partnership_id: str) -> Taxonomy:
    """One of the partnership's taxonomies."""
    return _owned(session, Taxonomy, taxonomy_id, partnership_id)


def list_terms(
    *, session: Session, partnership_id: str, taxonomy_id: str | None = None
) -> list[TaxonomyTerm]:
    """The partnership's taxonomy terms (of one taxonomy when given), in taxonomy order."""
    query = select(TaxonomyTerm).where(TaxonomyTerm.partnership_id == partnership_id)
    if taxonomy_id is not None:
        query = query.where(TaxonomyTerm.taxonomy_id == taxonomy_id)
    order = (TaxonomyTerm.taxonomy_id, TaxonomyTerm.position, TaxonomyTerm.id)
    return list(session.scalars(query.order_by(*order)))


def get_term(*, session: Session, term_id: str, partnership_id: str) -> TaxonomyTerm:
    """One of the partnership's taxonomy terms."""
    return _owned(session, TaxonomyTerm, term_id, partnership_id)


def taxonomies_by_id(*, session: Session, partnership_id: str) -> dict[str, Taxonomy]:
    """The partnership's taxonomies keyed by id."""
    return {t.id: t for t in list_taxonomies(session=session, partnership_id=partnership_id)}


# --- Services ----------------------------------------------------------------------------------


def get_service(*, session: Session, service_id: str, partnership_id: str) -> Service:
    """One of the partnership's services (not deleted)."""
    found = _owned(session, Service, service_id, partnership_id)
    if found.deleted_at_utc is not None:
        raise NotFound(f"No service {service_id}")
    return found


def get_organization(
    *, session: Session, organization_id: str, partnership_id: str
) -> Organization:
    """One of the partnership's organisations."""
    return _owned(session, Organization, organization_id, partnership_id)


def list_organizations(*, session: Session, partnership_id: str) -> list[Organization]:
    """The partnership's organisations, by name."""
    query = select(Organization).where(Organization.partnership_id == partnership_id)
    return list(session.scalars(query.order_by(Organization.name, Organization.id)))


def list_services(
    *, session: Session, partnership_id: str, query: ServiceQuery, page: int, per_page: int
) -> tuple[list[Service], int]:
    """One page of the partnership's services matching ``query`` (best match first when
    searching, else by name) and how many match in all."""
    ids, total = versioned.cached(
        "services",
        session,
        partnership_id,
        lambda: _page_ids(session, partnership_id, query, page, per_page),
        query,
        page,
        per_page,
    )
    if not ids:
        return [], total
    found = {s.id: s for s in session.scalars(select(Service).where(Service.id.in_(ids)))}
    return [found[i] for i in ids if i in found], total


def _page_ids(
    session: Session, partnership_id: str, query: ServiceQuery, page: int, per_page: int
) -> tuple[list[str], int]:
    statement, order = _services(session, partnership_id, query)
    # One pass picks the page's ids and the total (a separate COUNT would run the full-text
    # match and every filter a second time); whole rows are read for the page only, because
    # sorting every match with all its text costs more than the match itself.
    paged = (
        statement.with_only_columns(Service.id, func.count().over().label("total"))
        .order_by(*order, Service.name, Service.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    picked = session.execute(paged).all()
    if picked:
        return [row.id for row in picked], int(picked[0].total)
    return [], session.scalar(select(func.count()).select_from(statement.subquery())) or 0


def _services(
    session: Session, partnership_id: str, query: ServiceQuery
) -> tuple[Select[Any], list[Any]]:
    statement = select(Service).where(
        Service.partnership_id == partnership_id, Service.deleted_at_utc.is_(None)
    )
    order: list[Any] = []
    found = search.words(query.search)
    if found:
        ranked = search.ranked(session, partnership_id=partnership_id, found=found)
        statement = statement.join(ranked, ranked.c.service_id == Service.id)
        order = [ranked.c.rank]
    return statement.where(*_conditions(query)), order


def _conditions(query: ServiceQuery) -> list[Any]:
    conditions: list[Any] = [
        exists().where(Attribute.link_id == Service.id, Attribute.taxonomy_term_id == term)
        for term in query.term_ids
    ]
    if query.taxonomy_id is not None:
        conditions.append(
            exists().where(
                Attribute.link_id == Service.id,
                Attribute.taxonomy_term_id == TaxonomyTerm.id,
                TaxonomyTerm.taxonomy_id == query.taxonomy_id,
            )
        )
    if query.minimum_age is not None:
        conditions.append(Service.minimum_age >= query.minimum_age)
    if query.maximum_age is not None:
        conditions.append(Service.maximum_age <= query.maximum_age)
    if query.age is not None:
        conditions.append(or_(Service.minimum_age.is_(None), Service.minimum_age <= query.age))
        conditions.append(or_(Service.maximum_age.is_(None), Service.maximum_age >= query.age))
    if query.organization_id is not None:
        conditions.append(Service.organization_id == query.organization_id)
    if query.modified_after is not None:
        conditions.append(Service.updated_at_utc >= query.modified_after)
    if query.free:
        conditions.append(
            ~exists().where(CostOption.service_id == Service.id, CostOption.amount > 0)
        )
    if query.active_only:
        conditions.append(Service.status == "active")
    session_filter = _schedule_condition(query)
    if session_filter is not None:
        conditions.append(session_filter)
    return conditions


def _schedule_condition(query: ServiceQuery) -> Any:
    parts: list[Any] = []
    if query.day is not None:
        parts.append(Schedule.byday.contains(query.day))
    if query.start_time is not None:
        parts.append(Schedule.opens_at >= query.start_time[:5])
    if query.end_time is not None:
        parts.append(Schedule.closes_at <= query.end_time[:5])
    if not parts:
        return None
    return exists().where(Schedule.service_id == Service.id, and_(*parts))


def organizations_for(*, session: Session, services: list[Service]) -> dict[str, Organization]:
    """The organisations of ``services``, keyed by id."""
    ids = sorted({s.organization_id for s in services})
    if not ids:
        return {}
    return {o.id: o for o in session.scalars(select(Organization).where(Organization.id.in_(ids)))}


@dataclass
class Related:
    """Everything hanging off a set of services, keyed by service id (locations, addresses and
    accessibility keyed by location id). ORM objects, or plain rows with the same column names
    (the export, ``bulk``)."""

    schedules: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    areas: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    costs: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    languages: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    contacts: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    phones: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    attributes: dict[str, list[tuple[Any, Any]]] = field(default_factory=lambda: defaultdict(list))
    places: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    locations: dict[str, Any] = field(default_factory=dict)
    addresses: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    access: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))


def related(*, session: Session, service_ids: list[str], full: bool = True) -> Related:
    """Schedules, areas, costs, languages, contacts, phones, tags and places of the services
    (only costs and tags when not ``full``: what a list of results shows)."""
    found = Related()
    if not service_ids:
        return found
    simple: list[tuple[type[Any], dict[str, list[Any]]]] = [
        (CostOption, found.costs), (Schedule, found.schedules), (ServiceArea, found.areas),
        (Language, found.languages), (Contact, found.contacts), (Phone, found.phones),
        (ServiceAtLocation, found.places),
    ]  # fmt: skip
    for model, into in simple if full else simple[:1]:
        rows = session.scalars(
            select(model).where(model.service_id.in_(service_ids)).order_by(model.id)
        )
        for row in rows:
            into[row.service_id].append(row)
    tagged = session.execute(
        select(Attribute, TaxonomyTerm)
        .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
        .where(Attribute.link_id.in_(service_ids))
        .order_by(TaxonomyTerm.taxonomy_id, TaxonomyTerm.position, Attribute.id)
    )
    for attribute, term in tagged:
        found.attributes[attribute.link_id].append((attribute, term))
    if full:
        _places(session, found)
    return found


def _places(session: Session, found: Related) -> None:
    location_ids = sorted({p.location_id for ps in found.places.values() for p in ps})
    if not location_ids:
        return
    for location in session.scalars(select(Location).where(Location.id.in_(location_ids))):
        found.locations[location.id] = location
    pairs: list[tuple[type[Any], dict[str, list[Any]]]] = [
        (Address, found.addresses),
        (Accessibility, found.access),
    ]
    for model, into in pairs:
        rows = session.scalars(
            select(model).where(model.location_id.in_(location_ids)).order_by(model.id)
        )
        for row in rows:
            into[row.location_id].append(row)


# --- Services at locations --------------------------------------------------------------------


def list_service_at_locations(
    *, session: Session, partnership_id: str, query: ServiceQuery, page: int, per_page: int
) -> tuple[list[ServiceAtLocation], int]:
    """One page of the links between the partnership's matching services and their places."""
    services, _ = _services(session, partnership_id, query)
    ids = services.with_only_columns(Service.id).subquery()
    statement = select(ServiceAtLocation).where(
        ServiceAtLocation.partnership_id == partnership_id,
        ServiceAtLocation.service_id.in_(select(ids.c.id)),
    )
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = session.scalars(
        statement.order_by(ServiceAtLocation.id).limit(per_page).offset((page - 1) * per_page)
    )
    return list(rows), total


def get_service_at_location(
    *, session: Session, sal_id: str, partnership_id: str
) -> ServiceAtLocation:
    """One of the partnership's service-at-location links (of a service not deleted)."""
    found = _owned(session, ServiceAtLocation, sal_id, partnership_id)
    get_service(session=session, service_id=found.service_id, partnership_id=partnership_id)
    return found


def get_location(*, session: Session, location_id: str, partnership_id: str) -> Location:
    """One of the partnership's locations."""
    return _owned(session, Location, location_id, partnership_id)
