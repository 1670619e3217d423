"""Directory records as Open Referral UK 3.0 JSON (HSDS-UK-3.0).

Optional fields with no value are left out, never sent as ``null``, ``""`` or ``[]`` (ORUK
compliance rules). sendsight's own fields (eligibility, the Local Offer questions) travel under
``sendsight_``-prefixed keys, which the ORUK schemas allow and no ORUK field uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from math import ceil
from typing import Any, Final, TypeAlias

from sqlalchemy import Row

from sendsight.directory.models import (
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from sendsight.directory.queries import Related

# A record is an ORM object or a plain row with the same column names (the export reads rows).
ServiceRecord: TypeAlias = Service | Row[Any]
OrganizationRecord: TypeAlias = Organization | Row[Any]

VERSION: Final = "HSDS-UK-3.0"
PROFILE: Final = "https://openreferraluk.org/"
LOCAL_OFFER: Final = (
    "send_support", "application_process", "staff_training", "parent_involvement",
    "progress_sharing", "environment_access", "next_steps",
)  # fmt: skip


@dataclass
class Shared:
    """Documents built once and shared by every service that links to them (the export builds
    each of a few dozen terms and locations once, not once per tag or place). Callers must not
    change the documents they get back."""

    terms: dict[str, dict[str, Any]] = field(default_factory=dict)
    locations: dict[str, dict[str, Any]] = field(default_factory=dict)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` without empty optional fields."""
    return {k: v for k, v in values.items() if v is not None and v != "" and v != []}


def _number(value: Any) -> int | float | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def timestamp(value: datetime) -> str:
    """An RFC 3339 date-time in UTC (SQLite gives back naive UTC datetimes)."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def page(
    contents: list[dict[str, Any]], *, total: int, number: int, per_page: int
) -> dict[str, Any]:
    """ORUK's page object around ``contents``."""
    pages = max(1, ceil(total / per_page))
    return {
        "total_items": total, "total_pages": pages, "page_number": number,
        "size": len(contents), "first_page": number == 1, "last_page": number >= pages,
        "empty": not contents, "contents": contents,
    }  # fmt: skip


def organization(org: OrganizationRecord) -> dict[str, Any]:
    """An ORUK organization (one-to-one fields)."""
    return _clean({
        "id": org.id, "name": org.name, "description": org.description or org.name,
        "email": org.email, "website": org.website,
    })  # fmt: skip


def service_summary(service: ServiceRecord, org: OrganizationRecord | None) -> dict[str, Any]:
    """A service's one-to-one fields and its organisation (what ``/services`` lists)."""
    return _clean({
        "id": service.id, "organization_id": service.organization_id, "name": service.name,
        "description": service.description, "url": service.url, "email": service.email,
        "status": service.status, "fees": service.fees_description,
        "minimum_age": service.minimum_age, "maximum_age": service.maximum_age,
        "assured_date": service.assured_on.isoformat() if service.assured_on else None,
        "assurer_email": service.assured_by if service.assured_by and "@" in service.assured_by
        else None,
        "last_modified": timestamp(service.updated_at_utc),
        "organization": organization(org) if org else None,
    })  # fmt: skip


def term(item: TaxonomyTerm | Row[Any], taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """An ORUK taxonomy_term."""
    return _clean({
        "id": item.id, "name": item.name, "description": item.description,
        "taxonomy_id": item.taxonomy_id, "taxonomy": taxonomy.name if taxonomy else None,
        "term": item.code,
    })  # fmt: skip


def taxonomy(item: Taxonomy) -> dict[str, Any]:
    """An ORUK taxonomy."""
    return _clean({"id": item.id, "name": item.name, "description": item.description,
                   "uri": item.uri, "version": item.version})  # fmt: skip


def service_full(
    service: ServiceRecord,
    org: OrganizationRecord | None,
    related: Related,
    taxonomies: dict[str, Taxonomy],
    shared: Shared | None = None,
) -> dict[str, Any]:
    """A fully nested ORUK service."""
    sid = service.id
    shared = shared or Shared()
    terms = shared.terms
    full = service_summary(service, org) | _clean({
        "schedules": [_clean({
            "id": s.id, "service_id": sid, "freq": s.freq, "byday": s.byday,
            "opens_at": s.opens_at, "closes_at": s.closes_at, "description": s.description,
        }) for s in related.schedules[sid]],
        "service_areas": [{"id": a.id, "service_id": sid, "name": a.name}
                          for a in related.areas[sid]],
        "languages": [{"id": x.id, "service_id": sid, "name": x.name, "code": x.code}
                      for x in related.languages[sid]],
        "cost_options": [_clean({
            "id": c.id, "service_id": sid, "option": c.option, "amount": _number(c.amount),
            "amount_description": c.amount_description,
        }) for c in related.costs[sid]],
        "contacts": [_clean({"id": c.id, "service_id": sid, "name": c.name, "title": c.title})
                     for c in related.contacts[sid]],
        "attributes": [{
            "id": a.id, "link_id": sid, "link_type": "service", "taxonomy_term_id": t.id,
            "taxonomy_term": terms.get(t.id) or terms.setdefault(
                t.id, term(t, taxonomies.get(t.taxonomy_id))),
        } for a, t in related.attributes[sid]],
        "service_at_locations": [
            sal_nested(p, related, shared) for p in related.places[sid]
        ],
    })  # fmt: skip
    local = _clean({k: getattr(service, k) for k in LOCAL_OFFER})
    if service.eligibility_description:
        full["sendsight_eligibility"] = service.eligibility_description
    if local:
        full["sendsight_local_offer"] = local
    return full


def location(place: Location | Row[Any], related: Related) -> dict[str, Any]:
    """An ORUK location with its addresses and accessibility."""
    lid = place.id
    return _clean({
        "id": lid, "location_type": place.location_type, "name": place.name,
        "description": place.description, "latitude": _number(place.latitude),
        "longitude": _number(place.longitude),
        "addresses": [{
            "id": a.id, "location_id": lid, "address_1": a.address_1, "city": a.city,
            "state_province": a.state_province, "postal_code": a.postal_code,
            "country": a.country, "address_type": a.address_type,
        } for a in related.addresses[lid]],
        "accessibility": [{"id": x.id, "location_id": lid, "description": x.description}
                          for x in related.access[lid]],
    })  # fmt: skip


def sal_nested(
    link: ServiceAtLocation | Row[Any], related: Related, shared: Shared | None = None
) -> dict[str, Any]:
    """A service_at_location inside a service: the link and its location."""
    place = related.locations.get(link.location_id)
    places = (shared or Shared()).locations
    if place is not None and place.id not in places:
        places[place.id] = location(place, related)
    return _clean({
        "id": link.id, "service_id": link.service_id, "location_id": link.location_id,
        "description": link.description, "location": places.get(link.location_id),
    })  # fmt: skip


def sal_with_service(
    link: ServiceAtLocation, service: Service, org: Organization | None, related: Related
) -> dict[str, Any]:
    """A service_at_location with its location and its service's one-to-one fields."""
    return sal_nested(link, related) | {"service": service_summary(service, org)}
