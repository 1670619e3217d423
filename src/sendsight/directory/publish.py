"""The ORUK 3.0 read API's documents, built from the partnership's directory.

``partnership_id`` None means nobody publishes a directory here: lists are empty pages and
single records are not found.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from sendsight.core.errors import NotFound
from sendsight.directory import oruk, queries, versioned
from sendsight.directory.filters import Paging
from sendsight.directory.queries import ServiceQuery

Document = dict[str, Any]


def _empty(paging: Paging) -> Document:
    return oruk.page([], total=0, number=paging.page, per_page=paging.per_page)


def _owner(partnership_id: str | None) -> str:
    if partnership_id is None:
        raise NotFound("This service publishes no directory")
    return partnership_id


def services_page(
    session: Session, *, partnership_id: str | None, query: ServiceQuery, paging: Paging
) -> Document:
    """A page of services (one-to-one fields and organisation): worked out once per version of
    the partnership's directory for each query and page (decision 0903). The document is
    shared between requests: callers serialise it and never change it."""
    if partnership_id is None:
        return _empty(paging)
    owner = partnership_id

    def build() -> Document:
        rows, total = queries.list_services(
            session=session, partnership_id=owner, query=query, page=paging.page,
            per_page=paging.per_page,
        )  # fmt: skip
        orgs = queries.organizations_for(session=session, services=rows)
        contents = [oruk.service_summary(s, orgs.get(s.organization_id)) for s in rows]
        return oruk.page(contents, total=total, number=paging.page, per_page=paging.per_page)

    return versioned.cached("oruk_services_page", session, owner, build, query, paging)


def service_document(session: Session, service_id: str, *, partnership_id: str | None) -> Document:
    """One fully nested service."""
    owner = _owner(partnership_id)
    service = queries.get_service(session=session, service_id=service_id, partnership_id=owner)
    org = queries.get_organization(
        session=session, organization_id=service.organization_id, partnership_id=owner
    )
    related = queries.related(session=session, service_ids=[service.id])
    taxonomies = queries.taxonomies_by_id(session=session, partnership_id=owner)
    return oruk.service_full(service, org, related, taxonomies)


def taxonomies_page(session: Session, *, partnership_id: str | None, paging: Paging) -> Document:
    """A page of taxonomies."""
    if partnership_id is None:
        return _empty(paging)
    rows = queries.list_taxonomies(session=session, partnership_id=partnership_id)
    return _slice([oruk.taxonomy(t) for t in rows], paging)


def taxonomy_document(
    session: Session, taxonomy_id: str, *, partnership_id: str | None
) -> Document:
    """One taxonomy."""
    return oruk.taxonomy(
        queries.get_taxonomy(
            session=session, taxonomy_id=taxonomy_id, partnership_id=_owner(partnership_id)
        )
    )


def terms_page(
    session: Session, *, partnership_id: str | None, paging: Paging, taxonomy_id: str | None = None
) -> Document:
    """A page of taxonomy terms (of one taxonomy when given)."""
    if partnership_id is None:
        return _empty(paging)
    taxonomies = queries.taxonomies_by_id(session=session, partnership_id=partnership_id)
    rows = queries.list_terms(
        session=session, partnership_id=partnership_id, taxonomy_id=taxonomy_id
    )
    return _slice([oruk.term(t, taxonomies.get(t.taxonomy_id)) for t in rows], paging)


def term_document(session: Session, term_id: str, *, partnership_id: str | None) -> Document:
    """One taxonomy term."""
    owner = _owner(partnership_id)
    found = queries.get_term(session=session, term_id=term_id, partnership_id=owner)
    return oruk.term(
        found,
        queries.get_taxonomy(session=session, taxonomy_id=found.taxonomy_id, partnership_id=owner),
    )


def sals_page(
    session: Session, *, partnership_id: str | None, query: ServiceQuery, paging: Paging
) -> Document:
    """A page of service-at-location links, each with its location and service."""
    if partnership_id is None:
        return _empty(paging)
    links, total = queries.list_service_at_locations(
        session=session, partnership_id=partnership_id, query=query, page=paging.page,
        per_page=paging.per_page,
    )  # fmt: skip
    contents = _sal_documents(session, partnership_id, links)
    return oruk.page(contents, total=total, number=paging.page, per_page=paging.per_page)


def sal_document(session: Session, sal_id: str, *, partnership_id: str | None) -> Document:
    """One service-at-location link with its location and service."""
    owner = _owner(partnership_id)
    link = queries.get_service_at_location(session=session, sal_id=sal_id, partnership_id=owner)
    [document] = _sal_documents(session, owner, [link])
    return document


def _sal_documents(session: Session, partnership_id: str, links: list[Any]) -> list[dict[str, Any]]:
    services = {
        s.id: s
        for s in (
            queries.get_service(session=session, service_id=sid, partnership_id=partnership_id)
            for sid in sorted({link.service_id for link in links})
        )
    }
    orgs = queries.organizations_for(session=session, services=list(services.values()))
    related = queries.related(session=session, service_ids=sorted(services))
    return [
        oruk.sal_with_service(
            link, services[link.service_id], orgs.get(services[link.service_id].organization_id),
            related,
        )
        for link in links
    ]  # fmt: skip


def _slice(items: list[dict[str, Any]], paging: Paging) -> Document:
    start = (paging.page - 1) * paging.per_page
    contents = items[start : start + paging.per_page]
    return oruk.page(contents, total=len(items), number=paging.page, per_page=paging.per_page)
