"""The demo's outbox: this week's and last week's reminders, as ``mail reminders`` queues them.

The demo never sends mail (``notify.sending.sends_mail`` is false on a demo database), so the
outbox page is where these are read.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.config import get_settings
from sendsight.notify.models import MailMessage
from sendsight.notify.reminders import queue_reminders

QUEUED_AT = time(7, 0)


def seed_demo_mail(session: Session, *, today: date) -> None:
    """Queue last week's and this week's reminders, dated at 7am on those days (idempotent)."""
    settings = get_settings()
    for day in (today - timedelta(days=7), today):
        before = set(session.scalars(select(MailMessage.id)))
        queue_reminders(session, settings=settings, today=day)
        at = datetime.combine(day, QUEUED_AT, tzinfo=UTC)
        for message in session.scalars(select(MailMessage).order_by(MailMessage.id)):
            if message.id not in before:
                message.created_at_utc = at
                message.updated_at_utc = at
    session.flush()
