"""Reading another publisher's ORUK 3.0 JSON: a service package, one page or many pages."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from sendsight.core.errors import InputRejected, Problem
from sendsight.directory import oruk, queries
from sendsight.directory.feed_checks import STATUSES, Check, add_schedule, parse_date
from sendsight.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from sendsight.directory.store import Package, ensure_taxonomies

# --- JSON ---------------------------------------------------------------------------------------


def services_in(document: Any) -> list[Any]:
    """The services in an ORUK document: a service package (a list of services), one page
    (``contents``) or a list of pages."""
    if isinstance(document, dict) and "contents" in document:
        return list(document["contents"] or [])
    if (
        isinstance(document, list)
        and document
        and all(isinstance(p, dict) and "contents" in p for p in document)
    ):
        return [s for p in document for s in (p["contents"] or [])]
    if isinstance(document, list):
        return document
    raise InputRejected([Problem("file", "Expected a list of services or a page of them")])


def read_oruk(session: Session, text: str, *, partnership_id: str, filename: str) -> Package:
    """Check an ORUK JSON document and turn it into rows; raises ``InputRejected``."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputRejected([Problem(filename, "This is not JSON", line=error.lineno)]) from None
    ensure_taxonomies(session, partnership_id=partnership_id)
    terms = {t.id for t in queries.list_terms(session=session, partnership_id=partnership_id)}
    check, package = Check(filename), Package()
    for n, item in enumerate(services_in(document)):
        where = f"services[{n}]"
        if not isinstance(item, dict):
            check.fail(where, "Each service must be a JSON object")
            continue
        _service_json(check, package, item, where, terms)
    check.done()
    return package


def _service_json(
    check: Check, package: Package, item: dict[str, Any], where: str, terms: set[str]
) -> None:
    sid = check.uuid(item.get("id"), f"{where}.id")
    for field in ("name", "status"):
        if not str(item.get(field) or "").strip():
            check.fail(f"{where}.{field}", f"Every service needs a {field}")
    if item.get("status") and item["status"] not in STATUSES:
        check.fail(
            f"{where}.status", "Use active, inactive, defunct or temporarily closed", item["status"]
        )
    low, high = _ages(check, item, where)
    org = item.get("organization") or {}
    org_id = check.uuid(item.get("organization_id") or org.get("id"), f"{where}.organization_id")
    package.add(
        Organization,
        id=org_id,
        name=str(org.get("name") or "Unnamed organisation"),
        description=str(org.get("description") or ""),
        email=org.get("email"),
        website=org.get("website"),
    )
    package.add(
        Service,
        id=sid,
        organization_id=org_id,
        name=str(item.get("name") or ""),
        description=str(item.get("description") or ""),
        url=item.get("url"),
        email=item.get("email"),
        status=str(item.get("status") or "active"),
        fees_description=item.get("fees"),
        minimum_age=low,
        maximum_age=high,
        eligibility_description=item.get("sendsight_eligibility"),
        assured_on=parse_date(check, item.get("assured_date"), f"{where}.assured_date"),
        assured_by=item.get("assurer_email"),
        **{k: (item.get("sendsight_local_offer") or {}).get(k) for k in oruk.LOCAL_OFFER},
    )
    _children_json(check, package, item, where, sid, terms)


def _ages(check: Check, item: dict[str, Any], where: str) -> tuple[int | None, int | None]:
    found: list[int | None] = []
    for field in ("minimum_age", "maximum_age"):
        value = item.get(field)
        if value is None:
            found.append(None)
        elif isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            found.append(int(value))
        else:
            check.fail(f"{where}.{field}", "Give an age in whole years", value)
            found.append(None)
    low, high = found
    if low is not None and high is not None and low > high:
        check.fail(f"{where}.minimum_age", "The minimum age is above the maximum age", low)
    return low, high


def _children_json(
    check: Check, package: Package, item: dict[str, Any], where: str, sid: str, terms: set[str]
) -> None:
    for k, s in enumerate(_list(item, "schedules")):
        add_schedule(check, package, sid, s, f"{where}.schedules[{k}]")
    for k, a in enumerate(_list(item, "attributes")):
        term = a.get("taxonomy_term_id") or (a.get("taxonomy_term") or {}).get("id")
        if term not in terms:
            check.fail(
                f"{where}.attributes[{k}].taxonomy_term_id",
                "This taxonomy term is not one of the directory's",
                term,
            )
            continue
        package.add(
            Attribute,
            id=check.uuid(a.get("id"), f"{where}.attributes[{k}].id"),
            link_id=sid,
            taxonomy_term_id=term,
        )
    for k, x in enumerate(_list(item, "service_areas")):
        package.add(
            ServiceArea,
            id=check.uuid(x.get("id"), f"{where}.service_areas[{k}].id"),
            service_id=sid,
            name=str(x.get("name") or ""),
        )
    for k, c in enumerate(_list(item, "cost_options")):
        package.add(
            CostOption,
            id=check.uuid(c.get("id"), f"{where}.cost_options[{k}].id"),
            service_id=sid,
            option=c.get("option"),
            amount=c.get("amount"),
            amount_description=c.get("amount_description"),
        )
    for k, c in enumerate(_list(item, "contacts")):
        package.add(
            Contact,
            id=check.uuid(c.get("id"), f"{where}.contacts[{k}].id"),
            service_id=sid,
            name=str(c.get("name") or "Contact"),
            title=c.get("title"),
            email=None,
        )
    for k, c in enumerate(_list(item, "languages")):
        package.add(
            Language,
            id=check.uuid(c.get("id"), f"{where}.languages[{k}].id"),
            service_id=sid,
            name=str(c.get("name") or ""),
            code=str(c.get("code") or ""),
        )
    for k, link in enumerate(_list(item, "service_at_locations")):
        _place_json(check, package, sid, link, f"{where}.service_at_locations[{k}]")


def _place_json(check: Check, package: Package, sid: str, link: dict[str, Any], where: str) -> None:
    place = link.get("location") or {}
    lid = check.uuid(link.get("location_id") or place.get("id"), f"{where}.location_id")
    if not any(row["id"] == lid for row in package.of(Location)):
        package.add(
            Location,
            id=lid,
            name=str(place.get("name") or "Place"),
            description=place.get("description"),
            location_type=str(place.get("location_type") or "physical"),
            latitude=place.get("latitude"),
            longitude=place.get("longitude"),
        )
        for a in _list(place, "addresses"):
            package.add(
                Address,
                id=check.uuid(a.get("id"), f"{where}.address.id"),
                location_id=lid,
                address_1=str(a.get("address_1") or ""),
                city=str(a.get("city") or ""),
                state_province=str(a.get("state_province") or ""),
                postal_code=str(a.get("postal_code") or ""),
                country=str(a.get("country") or "GB"),
                address_type=str(a.get("address_type") or "physical"),
            )
        for a in _list(place, "accessibility"):
            package.add(
                Accessibility,
                id=check.uuid(a.get("id"), f"{where}.accessibility.id"),
                location_id=lid,
                description=str(a.get("description") or ""),
            )
    package.add(
        ServiceAtLocation,
        id=check.uuid(link.get("id"), f"{where}.id"),
        service_id=sid,
        location_id=lid,
        description=link.get("description"),
    )


def _list(item: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = item.get(key) or []
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
