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
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sendsight.access.models import EndedSession


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
