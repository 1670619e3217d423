"""'Forgotten your password?': email a one-time link to choose a new one.

The answer is the same whether or not the address has an account. At most
``RESETS_PER_ADDRESS`` emails go to one address in ``RESET_WINDOW`` (the web also limits requests
per network address), so nobody can flood an inbox from the sign-in page.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from sendsight.access import accounts
from sendsight.access import queries as access
from sendsight.config import Settings
from sendsight.notify import queries
from sendsight.notify.messages import Kind
from sendsight.notify.outbox import queue_password_reset

RESETS_PER_ADDRESS = 3
RESET_WINDOW = timedelta(hours=1)


def request_password_reset(
    session: Session, *, email: str, settings: Settings, now: datetime
) -> bool:
    """Queue a reset email for ``email`` if an active account uses it and it has not had too
    many lately. True when one was queued (never tell the person asking)."""
    user = access.get_user_by_email_or_none(session=session, email=email)
    if user is None or (user.oidc_subject and not user.password_hash):
        return False  # single sign-on users reset their password with their organisation
    recent = queries.count_recent(
        session=session, to_address=user.email, kind=Kind.PASSWORD_RESET, since=now - RESET_WINDOW
    )
    if recent >= RESETS_PER_ADDRESS:
        return False
    minutes = settings.password_reset_valid_minutes
    started = accounts.start_password_reset(
        session, email=email, valid_for=timedelta(minutes=minutes), now=now
    )
    if started is None:
        return False
    user, token = started
    queue_password_reset(
        session, user=user, token=token, base_url=settings.public_base_url, valid_minutes=minutes
    )
    return True
