"""Account administration: invitations, passwords, roles, deactivation. Every change is audited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from sendsight.access import queries
from sendsight.access.audit import Actor, record
from sendsight.access.models import Organisation, User
from sendsight.access.passwords import hash_password
from sendsight.access.roles import Role
from sendsight.core.errors import InputRejected, NotFound, Problem
from sendsight.db.base import utcnow

FORM = "form"


def token_hash(token: str) -> str:
    """The SHA-256 of an invitation token, as stored (a stolen table reveals no usable link)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invite_user(
    session: Session,
    *,
    actor: Actor,
    email: str,
    name: str,
    organisation: Organisation,
    role: Role | None,
    valid_for: timedelta,
    now: datetime | None = None,
) -> tuple[User, str]:
    """Create an account without a password and return it with its one-time invitation token.

    The token is shown to the admin once, to send to the person; it expires after ``valid_for``.
    ``role`` None makes an account with no role yet: ``grants.invite`` does that while a
    case-level role waits for a second administrator (call that, not this, from adapters).
    """
    if queries.user_exists(session=session, email=email):
        raise InputRejected(
            [Problem(FORM, "An account already uses this email address", column="email")],
            summary="An account already uses this email address",
        )
    now = now or utcnow()
    user = queries.create_user(
        session=session,
        email=email,
        name=name,
        organisation=organisation,
        role=role,
        invited_at=now,
    )
    token = _new_invitation(user, now, valid_for)
    _permission_change(
        session, actor, user, "invited", la_code=organisation.la_code,
        email=user.email, role=user.role or "none yet", organisation=organisation.name,
    )  # fmt: skip
    return user, token


def reissue_invitation(
    session: Session,
    *,
    actor: Actor,
    user: User,
    valid_for: timedelta,
    now: datetime | None = None,
) -> str:
    """A fresh invitation token for ``user`` (an earlier link stops working)."""
    token = _new_invitation(user, now or utcnow(), valid_for)
    _permission_change(session, actor, user, "invitation reissued")
    return token


def _new_invitation(user: User, now: datetime, valid_for: timedelta) -> str:
    token = secrets.token_urlsafe(32)
    user.invitation_token_hash = token_hash(token)
    user.invitation_expires_at = now + valid_for
    return token


def start_password_reset(
    session: Session, *, email: str, valid_for: timedelta, now: datetime | None = None
) -> tuple[User, str] | None:
    """A one-time token for the active account using ``email`` to choose a new password.

    It works like an invitation's (hashed at rest, used up when a password is set, on the same
    set-password page) but only for ``valid_for``; the old password keeps working until then.
    None for an unknown or deactivated address: callers answer the same either way, so nobody
    learns which addresses have accounts.
    """
    user = queries.get_user_by_email_or_none(session=session, email=email)
    if user is None or not user.active:
        return None
    token = _new_invitation(user, now or utcnow(), valid_for)
    record(
        session,
        actor=user,
        action="password.reset_requested",
        object_type="user",
        object_id=user.id,
    )
    return user, token


def user_for_invitation(session: Session, token: str, now: datetime | None = None) -> User:
    """The active user an unexpired invitation ``token`` belongs to; raises NotFound otherwise."""
    user = queries.get_user_by_invitation_or_none(session=session, token_hash=token_hash(token))
    now = now or utcnow()
    if user is None or not user.active or user.invitation_expires_at is None:
        raise NotFound("That invitation link is not valid")
    expires = user.invitation_expires_at
    if (expires if expires.tzinfo else expires.replace(tzinfo=now.tzinfo)) <= now:
        raise NotFound("That invitation link has expired")
    return user


def set_password(session: Session, *, user: User, password: str, ph: PasswordHasher) -> None:
    """Give ``user`` a new password; ends their other sessions and uses up any invitation."""
    user.password_hash = hash_password(password, ph)
    user.invitation_token_hash = None
    user.invitation_expires_at = None
    user.failed_attempts = 0
    user.locked_until = None
    user.session_version = (user.session_version or 0) + 1
    record(session, actor=user, action="password.set", object_type="user", object_id=user.id)


def set_active(session: Session, *, actor: Actor, user: User, active: bool) -> None:
    """Deactivate (sign out everywhere, refuse sign-in) or reactivate ``user``."""
    if actor.id == user.id and not active:
        raise InputRejected(
            [Problem(FORM, "You cannot deactivate your own account")],
            summary="You cannot deactivate your own account",
        )
    if user.active == active:
        return
    user.active = active
    user.failed_attempts = 0
    user.locked_until = None
    user.session_version = (user.session_version or 0) + 1
    _permission_change(session, actor, user, "reactivated" if active else "deactivated")


def end_sessions(user: User) -> None:
    """Make every session cookie ``user`` holds stop working (used by sign-out)."""
    user.session_version = (user.session_version or 0) + 1


def _permission_change(
    session: Session,
    actor: Actor,
    user: User,
    change: str,
    *,
    la_code: str | None = None,
    **detail: str,
) -> None:
    """Audit a change to what ``user`` may do (``change`` says which, ``detail`` the rest)."""
    record(
        session,
        actor=actor,
        action="permission.change",
        object_type="user",
        object_id=user.id,
        la_code=la_code,
        detail={"change": change, **detail},
    )
