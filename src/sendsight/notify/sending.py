"""Sending the outbox by SMTP. A message is marked sent only once the server has accepted it;
a failure is kept on the message (with the attempt count) and tried again next time."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from sqlalchemy.orm import Session

from sendsight.access.audit import SYSTEM, record
from sendsight.config import Settings
from sendsight.db.base import utcnow
from sendsight.db.meta import is_demo_database
from sendsight.notify import queries
from sendsight.notify.errors import MailNotConfigured
from sendsight.notify.models import MailMessage

SENT_SECRET_BODY = "(This message held a one-time link. It was removed once the email was sent.)"
SMTP_TIMEOUT_SECONDS = 30
IMPLICIT_TLS_PORT = 465
ERROR_LENGTH = 500


@dataclass(frozen=True, slots=True)
class SendReport:
    """What one run did: messages sent, failed (kept to try again), or kept in the outbox only."""

    sent: int = 0
    failed: int = 0
    kept: int = 0


def sends_mail(session: Session, settings: Settings) -> bool:
    """True when mail leaves by SMTP: the setting says so and this is not the demo database."""
    return settings.mail_transport == "smtp" and not is_demo_database(session)


def send_pending(
    session: Session,
    *,
    settings: Settings,
    after_each: Callable[[], None] | None = None,
    now: Callable[[], datetime] = utcnow,
) -> SendReport:
    """Send every message not yet sent. ``after_each`` runs after each message (the command
    commits there, so a crash part-way never sends a message twice)."""
    pending = queries.list_pending(session=session)
    if not sends_mail(session, settings):
        return SendReport(kept=len(pending))
    if not pending:
        return SendReport()
    if not settings.smtp_host:
        raise MailNotConfigured("Set SENDSIGHT_SMTP_HOST, or SENDSIGHT_MAIL_TRANSPORT=outbox")
    sent = failed = 0
    try:
        with _connection(settings) as smtp:
            for message in pending:
                ok = _send_one(session, smtp, message, settings, now())
                sent, failed = sent + ok, failed + (not ok)
                if after_each:
                    after_each()
    except (smtplib.SMTPException, OSError) as exc:  # no connection: every message waits
        for message in pending[sent + failed :]:
            _failed(session, message, exc)
        failed = len(pending) - sent
    return SendReport(sent=sent, failed=failed)


@contextmanager
def _connection(settings: Settings) -> Iterator[smtplib.SMTP]:
    host, port = str(settings.smtp_host), settings.smtp_port
    context = ssl.create_default_context()
    smtp = (
        smtplib.SMTP_SSL(host, port, timeout=SMTP_TIMEOUT_SECONDS, context=context)
        if port == IMPLICIT_TLS_PORT
        else smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS)
    )
    try:
        if settings.smtp_starttls and port != IMPLICIT_TLS_PORT:
            smtp.starttls(context=context)
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password or "")
        yield smtp
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def _send_one(
    session: Session, smtp: smtplib.SMTP, message: MailMessage, settings: Settings, at: datetime
) -> bool:
    try:
        smtp.send_message(_email(message, settings.mail_from))
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
        _failed(session, message, exc)
        return False
    message.attempts += 1
    message.sent_at_utc = at
    message.error = None
    if message.carries_secret:
        message.body = SENT_SECRET_BODY
    _audit(session, message, "mail.sent", {"kind": message.kind, "attempts": message.attempts})
    return True


def _failed(session: Session, message: MailMessage, exc: Exception) -> None:
    message.attempts += 1
    message.error = f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH]
    detail = {"kind": message.kind, "attempts": message.attempts, "error": type(exc).__name__}
    _audit(session, message, "mail.failed", detail)


def _audit(session: Session, message: MailMessage, action: str, detail: dict[str, object]) -> None:
    record(
        session,
        actor=SYSTEM,
        action=action,
        object_type="mail",
        object_id=message.id,
        partnership_id=message.partnership_id,
        detail=detail,
    )


def _email(message: MailMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip("> ") or None)
    email.set_content(message.body)
    return email
