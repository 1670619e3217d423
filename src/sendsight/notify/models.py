"""The mail outbox: one row per email, kept whether it was sent, failed or is only read here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sendsight.db.base import Base


class MailMessage(Base):
    """An email to one person. ``sent_at_utc`` is empty until the SMTP server accepts it.

    ``error`` keeps the last sending failure (the send command tries again); ``dedupe_key``
    names a reminder's recipient and day or week, so queueing reminders twice adds nothing.
    """

    __tablename__ = "notify_mail_message"

    partnership_id: Mapped[str] = mapped_column(ForeignKey("access_partnership.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    # True for a message holding a one-time link: its body is blanked once it has been sent.
    carries_secret: Mapped[bool] = mapped_column(default=False)
    dedupe_key: Mapped[str | None] = mapped_column(String(200), default=None, unique=True)
    sent_at_utc: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), default=None, index=True
    )
    error: Mapped[str | None] = mapped_column(String(500), default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
