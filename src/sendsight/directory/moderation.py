"""Providers edit their own listings; the directory team approves or rejects each change.

A provider's change is kept as a ``pending`` version of the service's editable fields. The
review queue shows it against the service as it is now (the last approved version). Approving
applies it, logs each changed field in the ORUK change log (``metadata``) and keeps the
version; rejecting needs a reason. Deleting a service is soft: it disappears at once and is
purged 30 days later. Every step is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.access.audit import Actor, record
from sendsight.access.principal import Principal
from sendsight.core.errors import InputRejected, NotFound, PermissionDenied, Problem
from sendsight.db.base import utcnow
from sendsight.directory import queries, search
from sendsight.directory.models import ChangeRecord, Organization, Service, ServiceVersion
from sendsight.directory.store import remove_services, search_text

EDITABLE: Final = (
    "name", "description", "eligibility_description", "fees_description", "application_process",
    "email", "url", "send_support", "staff_training", "parent_involvement", "progress_sharing",
    "environment_access", "next_steps",
)  # fmt: skip
PURGE_AFTER: Final = timedelta(days=30)


@dataclass(frozen=True)
class Difference:
    """One field of a proposed version against the service as it is."""

    field: str
    now: str
    proposed: str


def fields_of(service: Service) -> dict[str, str]:
    """The editable fields of ``service`` as text."""
    return {name: str(getattr(service, name) or "") for name in EDITABLE}


def may_edit(session: Session, principal: Principal, service: Service) -> bool:
    """A provider may edit the services of organisations their own organisation owns."""
    organization = session.get(Organization, service.organization_id)
    return (
        organization is not None and organization.owner_organisation_id == principal.organisation_id
    )


def list_editable(session: Session, principal: Principal) -> list[Service]:
    """The services ``principal``'s organisation may edit, by name."""
    query = (
        select(Service)
        .join(Organization, Organization.id == Service.organization_id)
        .where(
            Service.partnership_id == principal.partnership_id,
            Service.deleted_at_utc.is_(None),
            Organization.owner_organisation_id == principal.organisation_id,
        )
        .order_by(Service.name, Service.id)
    )
    return list(session.scalars(query))


def propose(
    session: Session,
    *,
    partnership_id: str,
    service_id: str,
    changes: dict[str, Any],
    submitted_by: str,
) -> ServiceVersion:
    """Keep a pending version of the service with ``changes`` applied to its fields."""
    service = queries.get_service(
        session=session, service_id=service_id, partnership_id=partnership_id
    )
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InputRejected([Problem("form", "This field cannot be edited", column=unknown[0])])
    if not str(changes.get("name", service.name)).strip():
        raise InputRejected([Problem("form", "Enter the name of the service", column="name")])
    # PostgreSQL text cannot hold a NUL character.
    proposed = fields_of(service) | {k: str(v).replace("\x00", "") for k, v in changes.items()}
    number = session.scalar(
        select(func.max(ServiceVersion.number)).where(ServiceVersion.service_id == service.id)
    )
    version = ServiceVersion(
        partnership_id=partnership_id, service_id=service.id, number=(number or 0) + 1,
        state="pending", fields=proposed, submitted_by=submitted_by,
    )  # fmt: skip
    session.add(version)
    session.flush()
    return version


def submit(session: Session, *, principal: Principal, service_id: str,
           changes: dict[str, Any]) -> ServiceVersion:  # fmt: skip
    """A provider's change to one of their own services, sent for review (audited)."""
    service = queries.get_service(
        session=session, service_id=service_id, partnership_id=principal.partnership_id
    )
    if not may_edit(session, principal, service):
        raise PermissionDenied("You can only edit your own organisation's services")
    version = propose(
        session, partnership_id=principal.partnership_id, service_id=service.id,
        changes=changes, submitted_by=principal.email,
    )  # fmt: skip
    record(session, actor=principal, action="directory.service.propose",
           object_type="service", object_id=service.id)  # fmt: skip
    return version


def list_pending(session: Session, *, partnership_id: str) -> list[ServiceVersion]:
    """The partnership's versions waiting for review, oldest first."""
    query = select(ServiceVersion).where(
        ServiceVersion.partnership_id == partnership_id, ServiceVersion.state == "pending"
    )
    return list(session.scalars(query.order_by(ServiceVersion.created_at_utc, ServiceVersion.id)))


def list_versions(
    session: Session, *, partnership_id: str, service_id: str
) -> list[ServiceVersion]:
    """Every version of one of the partnership's services, newest first."""
    query = select(ServiceVersion).where(
        ServiceVersion.partnership_id == partnership_id, ServiceVersion.service_id == service_id
    )
    return list(session.scalars(query.order_by(ServiceVersion.number.desc(), ServiceVersion.id)))


def get_version(session: Session, version_id: str, *, partnership_id: str) -> ServiceVersion:
    """One of the partnership's versions."""
    found = session.get(ServiceVersion, version_id) if queries.is_uuid(version_id) else None
    if found is None or found.partnership_id != partnership_id:
        raise NotFound(f"No version {version_id}")
    return found


def differences(session: Session, version: ServiceVersion) -> list[Difference]:
    """The fields ``version`` changes, against the service as it is now."""
    service = session.get(Service, version.service_id)
    now = fields_of(service) if service else {}
    return [
        Difference(name, now.get(name, ""), str(value))
        for name, value in version.fields.items()
        if now.get(name, "") != str(value)
    ]


def approve(session: Session, *, actor: Principal, version_id: str, today: date) -> Service:
    """Apply a pending version to its service, log each change, and mark the listing checked."""
    version = _pending(session, actor, version_id)
    service = queries.get_service(
        session=session, service_id=version.service_id, partnership_id=version.partnership_id
    )
    for change in differences(session, version):
        session.add(ChangeRecord(
            partnership_id=version.partnership_id, resource_id=service.id,
            resource_type="service", last_action_date=today, last_action_type="update",
            field_name=change.field, previous_value=change.now,
            replacement_value=change.proposed, updated_by=actor.email,
        ))  # fmt: skip
        setattr(service, change.field, change.proposed or None)
    service.name = version.fields.get("name") or service.name
    service.assured_on, service.assured_by = today, actor.email
    _decide(version, "approved", actor.email, None)
    organization = session.get(Organization, service.organization_id)
    service.search_text = search_text(
        fields_of(service), organization.name if organization else "", [service.search_text]
    )
    search.reindex(session, partnership_id=service.partnership_id, service_ids=[service.id])
    record(session, actor=actor, action="directory.service.approve",
           object_type="service", object_id=service.id)  # fmt: skip
    return service


def reject(session: Session, *, actor: Principal, version_id: str, reason: str) -> ServiceVersion:
    """Refuse a pending version, with the reason the provider will read."""
    if not reason.strip():
        raise InputRejected([Problem("form", "Enter the reason for rejecting", column="reason")])
    version = _pending(session, actor, version_id)
    _decide(version, "rejected", actor.email, reason.replace("\x00", "").strip())
    record(session, actor=actor, action="directory.service.reject",
           object_type="service", object_id=version.service_id)  # fmt: skip
    return version


def _pending(session: Session, actor: Principal, version_id: str) -> ServiceVersion:
    version = get_version(session, version_id, partnership_id=actor.partnership_id)
    if version.state != "pending":
        raise InputRejected([Problem("form", "This change has already been decided")])
    return version


def _decide(version: ServiceVersion, state: str, by: str, reason: str | None) -> None:
    version.state, version.decided_by, version.reason = state, by, reason


def soft_delete(session: Session, *, actor: Actor, partnership_id: str, service_id: str) -> None:
    """Take a service out of the directory now; it is purged after 30 days."""
    service = queries.get_service(
        session=session, service_id=service_id, partnership_id=partnership_id
    )
    service.deleted_at_utc = utcnow()
    search.reindex(session, partnership_id=partnership_id, service_ids=[service.id])
    record(session, actor=actor, action="directory.service.delete",
           object_type="service", object_id=service.id, partnership_id=partnership_id)  # fmt: skip


def restore(session: Session, *, actor: Actor, partnership_id: str, service_id: str) -> None:
    """Bring back a soft-deleted service within its 30 days."""
    service = session.get(Service, service_id) if queries.is_uuid(service_id) else None
    if service is None or service.partnership_id != partnership_id or not service.deleted_at_utc:
        raise NotFound(f"No deleted service {service_id}")
    service.deleted_at_utc = None
    search.reindex(session, partnership_id=partnership_id, service_ids=[service.id])
    record(session, actor=actor, action="directory.service.restore",
           object_type="service", object_id=service.id, partnership_id=partnership_id)  # fmt: skip


def purge_deleted(session: Session, *, actor: Actor, now: datetime | None = None) -> int:
    """Remove for good the services soft-deleted more than 30 days ago, with everything hanging
    off them, in every partnership (audited per service); returns how many."""
    cutoff = (now or datetime.now(UTC)) - PURGE_AFTER
    due = session.execute(
        select(Service.id, Service.partnership_id)
        .where(Service.deleted_at_utc < cutoff)
        .order_by(Service.id)
    ).all()
    remove_services(session, [service_id for service_id, _ in due])
    for service_id, partnership_id in due:
        record(
            session,
            actor=actor,
            action="directory.service.purge",
            object_type="service",
            object_id=service_id,
            partnership_id=partnership_id,
        )
    return len(due)
