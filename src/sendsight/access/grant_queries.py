"""The only place role-change requests (``access_role_grant``) are read or written."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from sendsight.access.models import RoleGrant, User
from sendsight.core.errors import NotFound


def create_grant(
    *,
    session: Session,
    user: User,
    partnership_id: str,
    role: str,
    requested_by_id: str,
    requested_at: datetime,
    expires_at: datetime,
) -> RoleGrant:
    """A new request, waiting for a decision, to give ``user`` the role ``role``."""
    grant = RoleGrant(
        partnership_id=partnership_id,
        user_id=user.id,
        role=role,
        from_role=user.role,
        requested_by_id=requested_by_id,
        requested_at_utc=requested_at,
        expires_at_utc=expires_at,
    )
    session.add(grant)
    session.flush()
    return grant


def get_grant(*, session: Session, partnership_id: str, grant_id: str) -> RoleGrant:
    """The request ``grant_id`` of a partnership; NotFound when missing or another partnership's."""
    query = _with_people(select(RoleGrant)).where(
        RoleGrant.id == grant_id, RoleGrant.partnership_id == partnership_id
    )
    grant = session.scalar(query)
    if grant is None:
        raise NotFound(f"No role change {grant_id}")
    return grant


def list_waiting(*, session: Session, partnership_id: str, now: datetime) -> list[RoleGrant]:
    """A partnership's undecided, unlapsed requests, oldest first."""
    query = _waiting(_with_people(select(RoleGrant)), now).where(
        RoleGrant.partnership_id == partnership_id
    )
    return list(session.scalars(query.order_by(RoleGrant.requested_at_utc, RoleGrant.id)))


def list_waiting_for_user(*, session: Session, user_id: str, now: datetime) -> list[RoleGrant]:
    """The undecided, unlapsed requests about one person, oldest first."""
    query = _waiting(_with_people(select(RoleGrant)), now).where(RoleGrant.user_id == user_id)
    return list(session.scalars(query.order_by(RoleGrant.requested_at_utc, RoleGrant.id)))


def _waiting(query: Select[RoleGrant], now: datetime) -> Select[RoleGrant]:
    return query.where(RoleGrant.decision.is_(None), RoleGrant.expires_at_utc > now)


def _with_people(query: Select[RoleGrant]) -> Select[RoleGrant]:
    return query.options(joinedload(RoleGrant.user), joinedload(RoleGrant.requested_by))
