"""The adulthood actions people take, with their checks: who may, for which LA, and the audit
entry. Views and commands call these; they never write the tables themselves."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from sendsight.access.audit import Actor, record
from sendsight.access.permissions import Permission
from sendsight.access.principal import Principal
from sendsight.access.roles import has_permission
from sendsight.adulthood import imports, queries, summary
from sendsight.adulthood.imports import ImportResult
from sendsight.core.errors import NotFound, PermissionDenied


def _require(principal: Principal, permission: Permission, la_code: str) -> None:
    if not has_permission(principal, permission) or la_code not in principal.la_codes:
        raise PermissionDenied(f"You cannot change preparing-for-adulthood records for {la_code}")


def import_file(
    session: Session,
    text: str,
    *,
    principal: Principal,
    la_code: str,
    kind: str,
    filename: str,
    today: date,
    ip: str | None = None,
) -> ImportResult:
    """Import a CSV file of reviews, activities or internships for ``la_code`` (all or
    nothing), as ``principal``, and write the import to the audit log."""
    _require(principal, Permission.IMPORT_CASES, la_code)
    result = imports.import_csv(
        session,
        text,
        kind=kind,
        filename=filename,
        la_code=la_code,
        partnership_id=principal.partnership_id,
        today=today,
    )
    _audit_import(session, principal, la_code, result, filename, ip)
    return result


def import_file_as(
    session: Session,
    text: str,
    *,
    actor: Actor,
    partnership_id: str,
    la_code: str,
    kind: str,
    filename: str,
    today: date,
) -> ImportResult:
    """The command line's import (run by whoever may run commands on the server)."""
    result = imports.import_csv(
        session,
        text,
        kind=kind,
        filename=filename,
        la_code=la_code,
        partnership_id=partnership_id,
        today=today,
    )
    _audit_import(session, actor, la_code, result, filename, None, partnership_id)
    return result


def _audit_import(
    session: Session,
    actor: Actor,
    la_code: str,
    result: ImportResult,
    filename: str,
    ip: str | None,
    partnership_id: str | None = None,
) -> None:
    detail = {
        "file": filename,
        "kind": result.kind,
        "rows": result.rows,
        "added": result.added,
        "replaced": result.replaced,
        "unchanged": result.unchanged,
    }
    record(
        session,
        actor=actor,
        action="adulthood.import",
        object_type=result.kind,
        la_code=la_code,
        detail=detail,
        ip=ip,
        partnership_id=partnership_id,
    )


def record_review(
    session: Session,
    young_person_id: str,
    values: dict[str, str],
    *,
    principal: Principal,
    today: date,
    ip: str | None = None,
) -> ImportResult:
    """Record one annual review's preparing-for-adulthood part from the form: checked exactly
    as a CSV row is (problems name the form's fields)."""
    person = queries.get_young_person(
        session=session, young_person_id=young_person_id, partnership_id=principal.partnership_id
    )
    if person.la_code not in principal.la_codes:
        raise NotFound(f"No young person {young_person_id}")
    _require(principal, Permission.EDIT_ADULTHOOD, person.la_code)
    row = {**values, "person_id": person.person_id}
    result = imports.import_rows(
        session,
        [row],
        kind="reviews",
        filename="form",
        partnership_id=principal.partnership_id,
        la_code=person.la_code,
        today=today,
    )
    record(
        session,
        actor=principal,
        action="adulthood.review.add",
        object_type="young_person",
        object_id=person.person_id,
        la_code=person.la_code,
        detail={"review_on": values.get("review_on", "")},
        ip=ip,
    )
    return result


def rebuild_all(session: Session, *, partnership_id: str, la_codes: list[str], today: date) -> int:
    """Rebuild the cohort figures of every LA given; returns how many changed."""
    return sum(
        summary.rebuild(session, partnership_id=partnership_id, la_code=code, today=today)
        for code in la_codes
    )
