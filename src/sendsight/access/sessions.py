"""Ending one signed-in session on the server, so that signing out means it.

A session lives in a signed cookie. Signing out clears the browser's copy, but any other copy (a
cookie taken from the browser, a shared machine's backup) would still work until it timed out. So
each session carries a random id, and signing out remembers the id's hash until the cookie could
no longer be used anyway: the session's absolute limit (``session_absolute_hours``). "Sign out
everywhere" is different: it bumps the user's ``session_version`` (``accounts.end_sessions``).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, bindparam, delete, select
from sqlalchemy.orm import Session

from sendsight.access.models import EndedSession, Organisation, Partnership, User
from sendsight.access.principal import Principal, principal_from
from sendsight.db.meta import DEMO_KEY, MetaEntry


def new_session_id() -> str:
    """A random id for a new session (kept only in the signed cookie)."""
    return secrets.token_urlsafe(24)


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def is_ended(session: Session, *, session_id: str) -> bool:
    """True when the session with ``session_id`` was ended by signing out."""
    query = select(EndedSession.id).where(EndedSession.session_hash == _hash(session_id))
    return session.scalar(query) is not None


def end_session(
    session: Session, *, session_id: str, user_id: str, partnership_id: str, until: datetime,
    now: datetime,
) -> None:  # fmt: skip
    """Refuse the session ``session_id`` from now until ``until``; forget sessions whose cookies
    have expired anyway. Signing out twice is harmless."""
    session.execute(delete(EndedSession).where(EndedSession.expires_at_utc < now))
    if not is_ended(session, session_id=session_id):
        session.add(
            EndedSession(
                session_hash=_hash(session_id), user_id=user_id, partnership_id=partnership_id,
                expires_at_utc=until,
            )
        )  # fmt: skip
    session.flush()


@dataclass(frozen=True, slots=True)
class Holder:
    """What the per-request check needs of a signed-in session, read in one statement:
    who holds it, whether their account may still use it, and whether it was signed out."""

    principal: Principal
    active: bool
    session_version: int
    ended: bool
    demo: bool  # the database is a demonstration (saves the page template a second read)


@lru_cache(maxsize=1)
def _holder_statement() -> Select[*tuple[Any, ...]]:
    ended = (
        select(EndedSession.id)
        .where(EndedSession.session_hash == bindparam("session_hash"))
        .exists()
    )
    demo = select(MetaEntry.value).where(MetaEntry.key == DEMO_KEY).scalar_subquery()
    return (
        select(
            User.id, User.email, User.name, User.role, User.active, User.session_version,
            Organisation.id.label("organisation_id"), Organisation.kind, Organisation.la_code,
            Organisation.urn, Organisation.partnership_id, Partnership.la_codes,
            ended.label("ended"), demo.label("demo"),
        )
        .join(Organisation, Organisation.id == User.organisation_id)
        .join(Partnership, Partnership.id == Organisation.partnership_id)
        .where(User.id == bindparam("user_id"))
    )  # fmt: skip


def holder(session: Session, *, user_id: str, session_id: str) -> Holder | None:
    """The holder of session ``session_id`` for user ``user_id`` (None: no such user). One
    statement, built once per process: it runs on every signed-in request."""
    params = {"user_id": user_id, "session_hash": _hash(session_id)}
    row = session.execute(_holder_statement(), params).one_or_none()
    if row is None:
        return None
    principal = principal_from(
        id=row.id, email=row.email, name=row.name, role=row.role,
        organisation_id=row.organisation_id, organisation_kind=row.kind,
        partnership_id=row.partnership_id, organisation_la_code=row.la_code,
        partnership_la_codes=row.la_codes, urn=row.urn,
    )  # fmt: skip
    return Holder(
        principal=principal, active=bool(row.active), session_version=row.session_version,
        ended=bool(row.ended), demo=row.demo == "true",
    )  # fmt: skip
