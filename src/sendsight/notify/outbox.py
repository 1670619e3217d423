"""Putting messages in the outbox. Nothing is sent here: ``sending.send_pending`` does that."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sendsight.access.models import User
from sendsight.notify import messages, queries
from sendsight.notify.messages import SECRET_KINDS, Message
from sendsight.notify.models import MailMessage

SET_PASSWORD_PATH = "/set-password/{token}"
SCORECARD_PATH = "/scorecard"
AT_RISK_PATH = "/ehc/at-risk"


def link(base_url: str, path: str) -> str:
    """An absolute link to ``path`` on the service at ``base_url`` (the ``public_base_url``
    setting: never the request's Host header, which a visitor can forge)."""
    return base_url.rstrip("/") + path


def queue(
    session: Session,
    *,
    partnership_id: str,
    to_address: str,
    message: Message,
    dedupe_key: str | None = None,
) -> MailMessage:
    """Keep ``message`` for ``to_address`` in the outbox, ready to send."""
    return queries.create_message(
        session=session,
        partnership_id=partnership_id,
        to_address=to_address,
        subject=message.subject,
        body=message.body,
        kind=message.kind,
        carries_secret=message.kind in SECRET_KINDS,
        dedupe_key=dedupe_key,
    )


def queue_invitation(
    session: Session, *, user: User, token: str, base_url: str, valid_hours: int
) -> MailMessage:
    """Email ``user`` the one-time link from their invitation."""
    message = messages.invitation(
        partnership=user.organisation.partnership.name,
        link=link(base_url, SET_PASSWORD_PATH.format(token=token)),
        valid_hours=valid_hours,
    )
    return _to_user(session, user, message)


def queue_password_reset(
    session: Session, *, user: User, token: str, base_url: str, valid_minutes: int
) -> MailMessage:
    """Email ``user`` the one-time link to choose a new password."""
    message = messages.password_reset(
        link=link(base_url, SET_PASSWORD_PATH.format(token=token)), valid_minutes=valid_minutes
    )
    return _to_user(session, user, message)


def _to_user(session: Session, user: User, message: Message) -> MailMessage:
    return queue(
        session,
        partnership_id=user.organisation.partnership_id,
        to_address=user.email,
        message=message,
    )
