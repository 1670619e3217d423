"""Tables for who may see what: partnerships, organisations, users and the audit log."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sendsight.db.base import Base, utcnow


class OrganisationKind(StrEnum):
    """The kinds of body that sit in a local SEND partnership."""

    LOCAL_AUTHORITY = "local_authority"
    ICB = "icb"
    SCHOOL = "school"
    PARENT_CARER_FORUM = "parent_carer_forum"
    PROVIDER = "provider"


class Partnership(Base):
    """A local SEND partnership: the bodies working together for one or more local authorities."""

    __tablename__ = "access_partnership"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    # DfE 3-digit codes of the local authorities the partnership covers.
    la_codes: Mapped[list[str]] = mapped_column(JSON, default=list)

    organisations: Mapped[list[Organisation]] = relationship(back_populates="partnership")


class Organisation(Base):
    """A member body of a partnership. Schools carry their URN; councils their DfE LA code."""

    __tablename__ = "access_organisation"

    partnership_id: Mapped[str] = mapped_column(ForeignKey("access_partnership.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    la_code: Mapped[str | None] = mapped_column(String(3), default=None)
    urn: Mapped[str | None] = mapped_column(String(7), default=None)

    partnership: Mapped[Partnership] = relationship(back_populates="organisations")


class User(Base):
    """A person who signs in. ``password_hash`` is empty for single sign-on users."""

    __tablename__ = "access_user"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[str] = mapped_column(ForeignKey("access_organisation.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    active: Mapped[bool] = mapped_column(default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    invited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    oidc_subject: Mapped[str | None] = mapped_column(String(255), default=None)
    # Bumped on sign-out, deactivation and password change so older session cookies stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # SHA-256 of the one-time invitation token (the token itself is shown once, never stored).
    invitation_token_hash: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    invitation_expires_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), default=None
    )

    organisation: Mapped[Organisation] = relationship()


class AuditEvent(Base):
    """One entry in the append-only audit log: who did what, when, to which record, and why."""

    __tablename__ = "access_audit_event"
    __table_args__ = (Index("ix_access_audit_event_action_at", "action", "at_utc"),)

    at_utc: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # The partnership whose log the event belongs to: the actor's, or the one covering the
    # event's LA; None for a system event that concerns no partnership (see ADR 0602).
    partnership_id: Mapped[str | None] = mapped_column(
        ForeignKey("access_partnership.id"), default=None, index=True
    )
    # A snapshot, not a foreign key: the log must outlive any change to the user's record.
    actor_user_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    actor_email: Mapped[str | None] = mapped_column(String(254), default=None)
    actor_role: Mapped[str | None] = mapped_column(String(32), default=None)
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str | None] = mapped_column(String(64), default=None)
    object_id: Mapped[str | None] = mapped_column(String(64), default=None)
    la_code: Mapped[str | None] = mapped_column(String(3), default=None)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    purpose: Mapped[str | None] = mapped_column(String(500), default=None)
    ip: Mapped[str | None] = mapped_column(String(45), default=None)


class RoleGrant(Base):
    """A request to give someone a role with case-level access, and the decision on it.

    ``decision`` is empty while the request waits for a second administrator; a request still
    waiting at ``expires_at_utc`` has lapsed. See ``sendsight.access.grants``.
    """

    __tablename__ = "access_role_grant"

    partnership_id: Mapped[str] = mapped_column(ForeignKey("access_partnership.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("access_user.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    from_role: Mapped[str] = mapped_column(String(32))
    requested_by_id: Mapped[str] = mapped_column(ForeignKey("access_user.id"))
    requested_at_utc: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at_utc: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[str | None] = mapped_column(ForeignKey("access_user.id"), default=None)
    decided_at_utc: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    decision: Mapped[str | None] = mapped_column(String(16), default=None)
    reason: Mapped[str | None] = mapped_column(String(500), default=None)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class EndedSession(Base):
    """A signed-in session ended by signing out: its cookie is refused from then on.

    Sessions live in a signed cookie, so ending one means remembering it on the server until the
    cookie could no longer be used anyway (``expires_at_utc``: the session's absolute limit).
    ``session_hash`` is SHA-256 of the session's random id; the id itself is never stored.
    """

    __tablename__ = "access_ended_session"

    partnership_id: Mapped[str] = mapped_column(ForeignKey("access_partnership.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("access_user.id"), index=True)
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at_utc: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
