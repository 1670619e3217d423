"""Role changes, and the second administrator a case-level role waits for.

Nobody may change their own role: an administrator could otherwise make themselves a
caseworker and see children's UPNs and dates of birth. A role with case-level access (one whose
permissions include ``VIEW_CASES`` or ``VIEW_IDENTIFIABLE``) is only asked for by one
administrator; it takes effect when a different administrator of the same partnership approves
it, and lapses if nobody does in time. Requests, approvals, rejections and refusals are all in
the audit log with who did them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import NoReturn

from sqlalchemy.orm import Session

from sendsight.access import accounts, grant_queries
from sendsight.access.audit import record
from sendsight.access.models import Organisation, RoleGrant, User
from sendsight.access.permissions import Permission as P
from sendsight.access.principal import Principal
from sendsight.access.roles import ROLE_PERMISSIONS, Role, has_permission
from sendsight.core.errors import NotFound, PermissionDenied, SendsightError
from sendsight.db.base import utcnow

CASE_LEVEL_PERMISSIONS = frozenset({P.VIEW_CASES, P.VIEW_IDENTIFIABLE})
OWN_ROLE = "You cannot change your own role. Ask another administrator to do it."
OWN_REQUEST = "You cannot approve a role change you asked for. Another administrator must do it."
OWN_GRANT = "You cannot approve a change to your own role. Another administrator must do it."
NOT_WAITING = "This role change is no longer waiting for approval."


def is_case_level(role: Role) -> bool:
    """True when ``role`` carries case-level access (case records or identifiers)."""
    return bool(ROLE_PERMISSIONS[role] & CASE_LEVEL_PERMISSIONS)


CASE_LEVEL_ROLES = frozenset(role for role in Role if is_case_level(role))


class Decision(StrEnum):
    """What became of a request (none yet while it waits)."""

    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # a later change for the same person replaced it


class RoleChangeRefused(SendsightError):
    """A role change that is not allowed.

    A refusal that matters for security is already in the session's audit log: commit it.
    """


@dataclass(frozen=True, slots=True)
class GrantRules:
    """This installation's rules: whether case-level roles wait, and for how long."""

    second_admin: bool = True
    valid_for: timedelta = timedelta(days=7)

    def needs_approval(self, role: Role) -> bool:
        """True when giving ``role`` waits for a second administrator."""
        return self.second_admin and is_case_level(role)


def change_role(
    session: Session,
    *,
    actor: Principal,
    user: User,
    role: Role,
    rules: GrantRules,
    now: datetime | None = None,
) -> RoleGrant | None:
    """Give ``user`` the role ``role`` now or, when the rules say so, ask a second administrator.

    Returns the waiting request, or None when nothing waits. Any earlier waiting request for the
    same person is withdrawn. Changing one's own role is refused (and audited).
    """
    _require_admin_of(actor, user.organisation.partnership_id)
    if actor.id == user.id:
        _refuse(session, actor, user, OWN_ROLE, change="role", to=role.value)
    now = now or utcnow()
    for earlier in grant_queries.list_waiting_for_user(session=session, user_id=user.id, now=now):
        _decide(session, actor, earlier, Decision.WITHDRAWN, now)
    if user.role == role.value:
        return None
    if rules.needs_approval(role):
        return _request(session, actor, user, role, rules, now)
    _apply(session, actor, user, role, change="role")
    return None


def invite(
    session: Session,
    *,
    actor: Principal,
    email: str,
    name: str,
    organisation: Organisation,
    role: Role,
    valid_for: timedelta,
    rules: GrantRules,
    now: datetime | None = None,
) -> tuple[User, str, RoleGrant | None]:
    """Invite someone (see ``accounts.invite_user``); a role that needs approval waits for it.

    Until it is approved the account has no role, so signing in shows nothing.
    """
    _require_admin_of(actor, organisation.partnership_id)
    now = now or utcnow()
    held = rules.needs_approval(role)
    user, token = accounts.invite_user(
        session,
        actor=actor,
        email=email,
        name=name,
        organisation=organisation,
        role=None if held else role,
        valid_for=valid_for,
        now=now,
    )
    grant = _request(session, actor, user, role, rules, now) if held else None
    return user, token, grant


def approve(
    session: Session, *, actor: Principal, grant_id: str, now: datetime | None = None
) -> RoleGrant:
    """Approve a waiting request: the person gets the role and is signed out everywhere.

    Refused (and audited) for the administrator who asked, and for the person it is about.
    """
    now = now or utcnow()
    grant = _waiting(session, actor, grant_id, now)
    if actor.id in (grant.requested_by_id, grant.user_id):
        message = OWN_REQUEST if actor.id == grant.requested_by_id else OWN_GRANT
        _refuse(session, actor, grant.user, message, change="role approval", grant=grant.id)
    _decide(session, actor, grant, Decision.APPROVED, now)
    detail = {"grant": grant.id, "requested_by": grant.requested_by.email}
    _apply(session, actor, grant.user, Role(grant.role), change="role approved", **detail)
    return grant


def reject(
    session: Session,
    *,
    actor: Principal,
    grant_id: str,
    reason: str | None = None,
    now: datetime | None = None,
) -> RoleGrant:
    """Turn down a waiting request (any administrator of the partnership may); nothing changes."""
    now = now or utcnow()
    grant = _waiting(session, actor, grant_id, now)
    _decide(session, actor, grant, Decision.REJECTED, now, reason=reason)
    return grant


def list_waiting(
    session: Session, *, actor: Principal, now: datetime | None = None
) -> list[RoleGrant]:
    """The requests waiting in the administrator's partnership, oldest first."""
    _require_admin_of(actor, actor.partnership_id)
    return grant_queries.list_waiting(
        session=session, partnership_id=actor.partnership_id, now=now or utcnow()
    )


def waiting_for(session: Session, *, user: User, now: datetime | None = None) -> RoleGrant | None:
    """The request waiting about ``user``, if there is one."""
    found = grant_queries.list_waiting_for_user(
        session=session, user_id=user.id, now=now or utcnow()
    )
    return found[-1] if found else None


def get_grant(session: Session, *, actor: Principal, grant_id: str) -> RoleGrant:
    """One request of the administrator's partnership (another partnership's is NotFound)."""
    _require_admin_of(actor, actor.partnership_id)
    return grant_queries.get_grant(
        session=session, partnership_id=actor.partnership_id, grant_id=grant_id
    )


def status_of(grant: RoleGrant, now: datetime | None = None) -> str:
    """``waiting``, ``lapsed`` (nobody decided in time) or the decision (``approved``, …)."""
    if grant.decision:
        return grant.decision
    return "waiting" if _aware(grant.expires_at_utc) > (now or utcnow()) else "lapsed"


def _waiting(session: Session, actor: Principal, grant_id: str, now: datetime) -> RoleGrant:
    grant = get_grant(session, actor=actor, grant_id=grant_id)
    if status_of(grant, now) != "waiting":
        raise RoleChangeRefused(NOT_WAITING)
    return grant


def _require_admin_of(actor: Principal, partnership_id: str) -> None:
    if not has_permission(actor, P.ADMIN):
        raise PermissionDenied("Only administrators change roles")
    if partnership_id != actor.partnership_id:
        raise NotFound("No such user")


def _request(
    session: Session, actor: Principal, user: User, role: Role, rules: GrantRules, now: datetime
) -> RoleGrant:
    grant = grant_queries.create_grant(
        session=session,
        user=user,
        partnership_id=actor.partnership_id,
        role=role.value,
        requested_by_id=actor.id,
        requested_at=now,
        expires_at=now + rules.valid_for,
    )
    detail = {"grant": grant.id, "from": grant.from_role, "to": role.value}
    _audit(session, actor, user, "permission.change", change="role requested", **detail)
    return grant


def _decide(
    session: Session,
    actor: Principal,
    grant: RoleGrant,
    decision: Decision,
    now: datetime,
    reason: str | None = None,
) -> None:
    grant.decision, grant.decided_by_id, grant.decided_at_utc = decision.value, actor.id, now
    grant.reason = reason
    if decision is Decision.APPROVED:
        return  # the role change itself is the audit record
    detail = {"grant": grant.id, "to": grant.role, "requested_by": grant.requested_by.email}
    if reason:
        detail["reason"] = reason
    _audit(session, actor, grant.user, "permission.change", change=f"role {decision}", **detail)


def _apply(session: Session, actor: Principal, user: User, role: Role, **detail: str) -> None:
    """Change the role and end the person's sessions, so they sign in again under it."""
    moves = {"from": user.role, "to": role.value}
    user.role = role.value
    accounts.end_sessions(user)
    _audit(session, actor, user, "permission.change", **moves, **detail)


def _refuse(
    session: Session, actor: Principal, user: User, message: str, **detail: str
) -> NoReturn:
    _audit(session, actor, user, "permission.refused", reason=message, **detail)
    raise RoleChangeRefused(message)


def _audit(session: Session, actor: Principal, user: User, action: str, **detail: str) -> None:
    record(
        session, actor=actor, action=action, object_type="user", object_id=user.id, detail=detail
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
