"""The only place the outbox is read or written. Every read names the partnership (ADR 0602),
except the send command's, which sends every partnership's pending mail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.core.errors import NotFound
from sendsight.notify.models import MailMessage

PAGE_SIZE = 50


def create_message(
    *,
    session: Session,
    partnership_id: str,
    to_address: str,
    subject: str,
    body: str,
    kind: str,
    carries_secret: bool = False,
    dedupe_key: str | None = None,
) -> MailMessage:
    """Add a message to the outbox (not yet sent)."""
    message = MailMessage(
        partnership_id=partnership_id,
        to_address=to_address,
        subject=subject,
        body=body,
        kind=kind,
        carries_secret=carries_secret,
        dedupe_key=dedupe_key,
        attempts=0,
    )
    session.add(message)
    session.flush()
    return message


def get_message(*, session: Session, message_id: str, partnership_id: str) -> MailMessage:
    """The partnership's message with ``message_id``; raises ``NotFound`` (also for another
    partnership's message, so its existence is never confirmed)."""
    message = session.get(MailMessage, message_id)
    if message is None or message.partnership_id != partnership_id:
        raise NotFound(f"No message {message_id}")
    return message


def list_messages(
    *, session: Session, partnership_id: str, page: int = 1
) -> tuple[list[MailMessage], int]:
    """One page of the partnership's messages, newest first, and how many there are in all."""
    where = MailMessage.partnership_id == partnership_id
    total = session.scalar(select(func.count()).select_from(MailMessage).where(where)) or 0
    query = (
        select(MailMessage)
        .where(where)
        .order_by(MailMessage.created_at_utc.desc(), MailMessage.id)
        .limit(PAGE_SIZE)
        .offset((max(page, 1) - 1) * PAGE_SIZE)
    )
    return list(session.scalars(query)), total


def list_pending(*, session: Session, limit: int = 500) -> list[MailMessage]:
    """Messages not yet sent, oldest first (failed ones included: they are tried again)."""
    query = (
        select(MailMessage)
        .where(MailMessage.sent_at_utc.is_(None))
        .order_by(MailMessage.created_at_utc, MailMessage.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def existing_dedupe_keys(*, session: Session, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` a queued message already carries."""
    if not keys:
        return set()
    query = select(MailMessage.dedupe_key).where(MailMessage.dedupe_key.in_(list(keys)))
    return {key for key in session.scalars(query) if key}


def count_recent(*, session: Session, to_address: str, kind: str, since: datetime) -> int:
    """How many ``kind`` messages went to ``to_address`` at or after ``since``."""
    query = (
        select(func.count())
        .select_from(MailMessage)
        .where(
            MailMessage.to_address == to_address,
            MailMessage.kind == kind,
            MailMessage.created_at_utc >= since,
        )
    )
    return session.scalar(query) or 0
