"""Contracts that carry outcomes: expiry alerts six months ahead, and each contract's KPIs as
scorecard performance measures."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from sendsight.access import queries as access
from sendsight.commissioning import queries
from sendsight.commissioning.models import Contract
from sendsight.notify import queries as mail
from sendsight.notify import recipients
from sendsight.notify.messages import SIGN_OFF
from sendsight.notify.outbox import link

#: Alerts go out this many months before a contract ends (re-procurement usually needs six).
ALERT_MONTHS = 6
MAIL_KIND = "contract_expiry"
CONTRACTS_PATH = "/commissioning/contracts"


def months_ahead(today: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month = today.month - 1 + months
    year, month = today.year + month // 12, month % 12 + 1
    for day in (today.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def expiry_message(contracts: list[Contract], base_url: str) -> tuple[str, str]:
    """The subject and body of an expiry alert (references and dates only)."""
    lines = [
        f"- {c.reference} {c.title} ({c.provider}): ends {c.ends_on:%d %B %Y}" for c in contracts
    ]
    subject = f"{len(contracts)} contract(s) end within {ALERT_MONTHS} months"
    body = "\n".join(
        [
            f"These contracts end within {ALERT_MONTHS} months. Decide whether to extend, "
            "re-procure or end each one:",
            "",
            *lines,
            "",
            f"See the contracts register: {link(base_url, CONTRACTS_PATH)}",
            "",
            SIGN_OFF,
        ]
    )
    return subject, body


def queue_expiry_alerts(
    session: Session, *, partnership_id: str, today: date, base_url: str
) -> int:
    """Email the partnership's administrators about contracts ending within six months that
    have not been alerted; each contract is alerted once. Returns the messages queued."""
    due = queries.contracts_ending(
        session=session, partnership_id=partnership_id, by=months_ahead(today, ALERT_MONTHS)
    )
    due = [c for c in due if c.ends_on >= today]
    if not due:
        return 0
    users = recipients.admins(
        recipients.reachable(access.list_users(session=session, partnership_id=partnership_id))
    )
    subject, body = expiry_message(due, base_url)
    for user in users:
        mail.create_message(
            session=session,
            partnership_id=partnership_id,
            to_address=user.email,
            subject=subject,
            body=body,
            kind=MAIL_KIND,
            dedupe_key=f"{MAIL_KIND}:{user.id}:{today.isoformat()}",
        )
    for contract in due:
        contract.expiry_alerted_on = today
    session.flush()
    return len(users)
