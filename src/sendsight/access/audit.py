"""The audit log: append-only, written only through :func:`record`.

UK GDPR Art 5(2) (accountability) and Art 32 (security of processing): a partnership must be
able to show who saw or exported a child's record, when and why. Rows are never updated or
deleted: the ORM refuses it here, and on PostgreSQL a trigger refuses it in the database too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol

from sqlalchemy import DDL, Select, event, func, select
from sqlalchemy.orm import Session

from sendsight.access.models import AuditEvent, Partnership, User
from sendsight.core.errors import PermissionDenied
from sendsight.core.safe_io import write_csv
from sendsight.db.base import utcnow

AUDIT_TABLE = AuditEvent.__tablename__
AUDIT_GUARD_POSTGRES_SQL: list[str] = [
    f"""CREATE OR REPLACE FUNCTION {AUDIT_TABLE}_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
    MESSAGE = 'the audit log is append-only: ' || TG_OP || ' refused on {AUDIT_TABLE}';
END;
$$ LANGUAGE plpgsql""",
    f"DROP TRIGGER IF EXISTS {AUDIT_TABLE}_append_only ON {AUDIT_TABLE}",
    f"""CREATE TRIGGER {AUDIT_TABLE}_append_only BEFORE UPDATE OR DELETE ON {AUDIT_TABLE}
FOR EACH ROW EXECUTE FUNCTION {AUDIT_TABLE}_refuse_change()""",
    f"DROP TRIGGER IF EXISTS {AUDIT_TABLE}_no_truncate ON {AUDIT_TABLE}",
    f"""CREATE TRIGGER {AUDIT_TABLE}_no_truncate BEFORE TRUNCATE ON {AUDIT_TABLE}
FOR EACH STATEMENT EXECUTE FUNCTION {AUDIT_TABLE}_refuse_change()""",
]

for _statement in AUDIT_GUARD_POSTGRES_SQL:
    _ddl = DDL(_statement)  # type: ignore[no-untyped-call]
    event.listen(AuditEvent.__table__, "after_create", _ddl.execute_if(dialect="postgresql"))

EXPORT_COLUMNS = (
    "at_utc",
    "actor_email",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "la_code",
    "purpose",
    "ip",
    "detail",
)
MAX_EXPORT_ROWS = 100_000


class Actor(Protocol):
    """Anyone who can be named in the log (a principal, a user row or :class:`NamedActor`)."""

    @property
    def id(self) -> str | None: ...

    @property
    def email(self) -> str: ...

    @property
    def role(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class NamedActor:
    """An actor without an account row: someone typing an unknown email, or the command line."""

    email: str
    id: str | None = None
    role: str | None = None


SYSTEM = NamedActor(email="system")


def record(
    session: Session,
    *,
    actor: Actor | None,
    action: str,
    object_type: str | None = None,
    object_id: str | None = None,
    la_code: str | None = None,
    detail: dict[str, Any] | None = None,
    purpose: str | None = None,
    ip: str | None = None,
    partnership_id: str | None = None,
) -> AuditEvent:
    """Append one event to the audit log (in ``session``'s transaction) and return it.

    ``action`` is a dotted verb such as ``sign_in.success``, ``case.view`` or ``case.export``;
    ``detail`` holds the query or filters used, never the personal data itself. The event goes
    in the log of ``partnership_id`` when given, else the actor's partnership, else the one
    covering ``la_code``; a system event concerning none of them belongs to no partnership.
    """
    row = AuditEvent(
        at_utc=utcnow(),
        partnership_id=partnership_id or _partnership_of(session, actor, la_code),
        actor_user_id=actor.id if actor else None,
        actor_email=actor.email if actor else None,
        actor_role=actor.role if actor else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        la_code=la_code,
        detail=detail,
        purpose=purpose,
        ip=ip,
    )
    session.add(row)
    session.flush()
    return row


def _partnership_of(session: Session, actor: Actor | None, la_code: str | None) -> str | None:
    own: str | None = getattr(actor, "partnership_id", None)  # a Principal knows its own
    if own:
        return own
    if isinstance(actor, User):
        return actor.organisation.partnership_id
    if la_code:
        every = session.scalars(select(Partnership).order_by(Partnership.id))
        return next((p.id for p in every if la_code in (p.la_codes or [])), None)
    return None


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, _context: object, _instances: object) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise PermissionDenied("The audit log is append-only: entries cannot be changed")


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What to look for in the log. Dates are inclusive calendar days (UTC)."""

    actor: str | None = None
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    from_on: date | None = None
    to_on: date | None = None


@dataclass(frozen=True, slots=True)
class AuditPage:
    """One page of search results, newest first."""

    events: Sequence[AuditEvent]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least 1)."""
        return max(1, -(-self.total // self.per_page))


def search_audit(
    session: Session,
    criteria: AuditFilter,
    *,
    partnership_id: str,
    page: int = 1,
    per_page: int = 50,
) -> AuditPage:
    """The partnership's events matching ``criteria``, newest first, one page at a time."""
    query = _filtered(select(AuditEvent), criteria, partnership_id)
    counted = _filtered(select(func.count(AuditEvent.id)), criteria, partnership_id)
    total = session.scalar(counted) or 0
    page = max(1, page)
    rows = session.scalars(
        query.order_by(AuditEvent.at_utc.desc(), AuditEvent.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return AuditPage(events=rows, total=total, page=page, per_page=per_page)


def list_audit(
    session: Session, criteria: AuditFilter, *, partnership_id: str, limit: int = MAX_EXPORT_ROWS
) -> list[AuditEvent]:
    """The partnership's events matching ``criteria`` (up to ``limit``), oldest first."""
    query = _filtered(select(AuditEvent), criteria, partnership_id)
    return list(session.scalars(query.order_by(AuditEvent.at_utc, AuditEvent.id).limit(limit)))


def _filtered(query: Select[Any], criteria: AuditFilter, partnership_id: str) -> Select[Any]:
    # A partnership reads only its own log (ADR 0602): staff emails, addresses, case ids.
    query = query.where(AuditEvent.partnership_id == partnership_id)
    if criteria.actor:
        query = query.where(func.lower(AuditEvent.actor_email).contains(criteria.actor.lower()))
    if criteria.action:
        query = query.where(AuditEvent.action == criteria.action)
    if criteria.object_type:
        query = query.where(AuditEvent.object_type == criteria.object_type)
    if criteria.object_id:
        query = query.where(AuditEvent.object_id == criteria.object_id)
    if criteria.from_on:
        start = datetime.combine(criteria.from_on, time.min, tzinfo=UTC)
        query = query.where(AuditEvent.at_utc >= start)
    if criteria.to_on:
        end = datetime.combine(criteria.to_on + timedelta(days=1), time.min, tzinfo=UTC)
        query = query.where(AuditEvent.at_utc < end)
    return query


def audit_csv(events: Iterable[AuditEvent]) -> str:
    """The events as CSV text, with spreadsheet formulas neutralised."""
    rows = [[_cell(getattr(e, name)) for name in EXPORT_COLUMNS] for e in events]
    return write_csv(rows, header=list(EXPORT_COLUMNS))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dict):
        import json

        return json.dumps(value, sort_keys=True)
    return str(value)
