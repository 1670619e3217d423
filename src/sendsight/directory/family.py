"""The family search: "my child is 7, autistic, lives in Heywood" → services, and a service's
page with everything a family needs to decide and get started."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from sqlalchemy.orm import Session

from sendsight.directory import queries, versioned
from sendsight.directory.models import Organization, Service, TaxonomyTerm
from sendsight.directory.queries import Related, ServiceQuery
from sendsight.directory.taxonomies import LEVEL, LOCALITY, NEED, PATHWAY, term_id

PER_PAGE: Final = 20
DAY_CHOICES: Final = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday",
                      "FR": "Friday", "SA": "Saturday", "SU": "Sunday"}  # fmt: skip
# Parts of the day: a session must start and end within the part.
TIMES: Final = {"morning": ("Morning (before 12pm)", "00:00", "12:00"),
                "afternoon": ("Afternoon (12pm to 5pm)", "12:00", "17:00"),
                "evening": ("Evening (after 5pm)", "17:00", "23:59")}  # fmt: skip


@dataclass(frozen=True)
class FamilyFilters:
    """What a family asked for; empty strings mean "any"."""

    words: str = ""
    need: str = ""
    age: int | None = None
    locality: str = ""
    level: str = ""
    day: str = ""
    time: str = ""
    free: bool = False

    def is_empty(self) -> bool:
        """True when nothing was asked for."""
        return self == FamilyFilters()


def choices() -> dict[str, list[tuple[str, str]]]:
    """The options of each filter, as (code, plain words)."""
    return {
        "need": [(c, n) for c, n, _ in NEED.terms],
        "locality": [(c, n) for c, n, _ in LOCALITY.terms],
        "level": [(c, n) for c, n, _ in LEVEL.terms],
        "day": list(DAY_CHOICES.items()),
        "time": [(k, v[0]) for k, v in TIMES.items()],
    }


def to_query(filters: FamilyFilters, *, partnership_id: str) -> ServiceQuery:
    """The service query for the family's filters (active services only)."""
    terms = [
        term_id(partnership_id, key, code)
        for key, code in (("need", filters.need), ("locality", filters.locality),
                          ("level", filters.level))
        if code
    ]  # fmt: skip
    _, start, end = TIMES.get(filters.time, ("", None, None))
    return ServiceQuery(
        search=filters.words, term_ids=tuple(terms), age=filters.age,
        day=filters.day or None, start_time=start, end_time=end, free=filters.free,
        active_only=True,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Card:
    """What the results list shows of a service: plain values, so a page of results can be
    kept between requests (``versioned.cached``) without holding database objects."""

    id: str
    name: str
    description: str | None
    minimum_age: int | None
    maximum_age: int | None
    assured_on: date | None


@dataclass(frozen=True)
class Result:
    """One service in the results."""

    service: Card
    organization: str
    tags: dict[str, list[str]]
    free: bool


def search(
    session: Session, *, partnership_id: str, filters: FamilyFilters, page: int
) -> tuple[list[Result], int]:
    """One page of matching services, best first, and how many match: worked out once per
    version of the partnership's directory for each search and page (decision 0903)."""

    def build() -> tuple[list[Result], int]:
        query = to_query(filters, partnership_id=partnership_id)
        rows, total = queries.list_services(
            session=session, partnership_id=partnership_id, query=query, page=page,
            per_page=PER_PAGE,
        )  # fmt: skip
        orgs = queries.organizations_for(session=session, services=rows)
        related = queries.related(session=session, service_ids=[s.id for s in rows], full=False)
        return [_result(s, orgs, related) for s in rows], total

    return versioned.cached("family_results", session, partnership_id, build, filters, page)


def _result(service: Service, orgs: dict[str, Organization], related: Related) -> Result:
    org = orgs.get(service.organization_id)
    card = Card(
        service.id, service.name, service.description, service.minimum_age,
        service.maximum_age, service.assured_on,
    )  # fmt: skip
    return Result(
        card,
        org.name if org else "",
        _tags(related.attributes[service.id]),
        not any(c.amount for c in related.costs[service.id]),
    )


def _tags(attributes: Sequence[tuple[Any, TaxonomyTerm]]) -> dict[str, list[str]]:
    names = {t: k for k, ts in _TAXONOMY_TERMS.items() for t in ts}
    found: dict[str, list[str]] = {}
    for _, term in attributes:
        key = names.get(term.name)
        if key:
            found.setdefault(key, []).append(term.name)
    return found


_TAXONOMY_TERMS: Final = {
    "need": {n for _, n, _ in NEED.terms}, "level": {n for _, n, _ in LEVEL.terms},
    "locality": {n for _, n, _ in LOCALITY.terms}, "pathway": {n for _, n, _ in PATHWAY.terms},
}  # fmt: skip


@dataclass(frozen=True)
class ServicePage:
    """Everything a service's page shows."""

    service: Service
    organization: Organization
    related: Related
    tags: dict[str, list[str]] = field(default_factory=dict)
    free: bool = True


def service_page(session: Session, service_id: str, *, partnership_id: str) -> ServicePage:
    """A service with its provider, sessions, costs, places, contacts and tags."""
    service = queries.get_service(
        session=session, service_id=service_id, partnership_id=partnership_id
    )
    org = queries.get_organization(
        session=session, organization_id=service.organization_id, partnership_id=partnership_id
    )
    related = queries.related(session=session, service_ids=[service.id])
    free = not any(c.amount for c in related.costs[service.id])
    return ServicePage(service, org, related, _tags(related.attributes[service.id]), free)
