"""The directory's objects for the tenancy matrix: a listing with its place, tags, a pending
edit and a comment, all made through the domain."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Session

from sendsight.access.models import User
from sendsight.access.principal import principal_of
from sendsight.directory import feedback, freshness, moderation, queries
from sendsight.directory.models import (
    Attribute,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
)
from sendsight.directory.store import Package, ensure_taxonomies, store
from sendsight.directory.taxonomies import taxonomy_id, term_id

OBJECT_ARGUMENTS = {
    "service_id", "oruk_taxonomy_id", "oruk_term_id", "oruk_sal_id", "dir_version_id",
    "dir_feedback_id",
}  # fmt: skip
TODAY = date(2026, 12, 3)


def make(
    session: Session, *, partnership_id: str, la_code: str, admin: User, tag: str
) -> dict[str, str]:
    """One listing, its place and tags, a pending edit and an answered comment."""
    ensure_taxonomies(session, partnership_id=partnership_id)
    package = Package()
    org = package.add(Organization, id=str(uuid.uuid4()), name=f"{tag} provider",
                      description=f"{tag} provider description")  # fmt: skip
    service = package.add(
        Service, id=str(uuid.uuid4()), organization_id=org, name=f"{tag} listing",
        description=f"{tag} listing description", status="active", minimum_age=3,
        maximum_age=9, assured_on=date(2025, 1, 1), assured_by=admin.email,
    )  # fmt: skip
    place = package.add(Location, id=str(uuid.uuid4()), name=f"{tag} place")
    sal = package.add(ServiceAtLocation, id=str(uuid.uuid4()), service_id=service,
                      location_id=place)  # fmt: skip
    term = term_id(partnership_id, "need", "ASD")
    package.add(Attribute, id=str(uuid.uuid4()), link_id=service, taxonomy_term_id=term)
    store(session, partnership_id=partnership_id, package=package)
    version = moderation.propose(
        session, partnership_id=partnership_id, service_id=service,
        changes={"description": f"{tag} proposed text"}, submitted_by=admin.email,
    )  # fmt: skip
    comment = feedback.give(session, partnership_id=partnership_id, service_id=service,
                            body=f"{tag} comment", today=TODAY)  # fmt: skip
    feedback.answer(
        session, actor=principal_of(admin), partnership_id=partnership_id,
        feedback_id=comment.id, response=f"{tag} answer", publish=True, today=TODAY,
    )  # fmt: skip
    return {
        "service_id": service, "oruk_taxonomy_id": taxonomy_id(partnership_id, "need"),
        "oruk_term_id": term, "oruk_sal_id": sal, "dir_version_id": version.id,
        "dir_feedback_id": comment.id,
    }  # fmt: skip


def held(session: Session, *, partnership_id: str) -> object:
    """What a probe could change: listings, edits waiting and comments."""
    services, _ = queries.list_services(
        session=session, partnership_id=partnership_id, query=queries.ServiceQuery(), page=1,
        per_page=1000,
    )  # fmt: skip
    return (
        [(s.id, s.name, s.description, s.assured_on, s.deleted_at_utc) for s in services],
        [(v.id, v.state) for v in moderation.list_pending(session, partnership_id=partnership_id)],
        [(f.id, f.response, f.published)
         for f in feedback.list_feedback(session, partnership_id=partnership_id)],
        freshness.share_assured(session, partnership_id=partnership_id, today=TODAY),
    )  # fmt: skip
