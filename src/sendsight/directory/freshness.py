"""Keeping listings fresh: when each was last checked, which are stale, reminders to providers.

A listing is stale when it was last assured (checked) more than the partnership's review cycle
ago (default six months; ``directory_settings.review_cycle_months``). Providers are reminded by
email two weeks before their listing goes stale, and again each week while it is stale. The
share of active listings assured in the last three months is a scorecard measure (the ORUK
compliance guidance asks for an assured date under three months old).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from sendsight.directory import queries
from sendsight.directory.models import Organization, Service
from sendsight.notify import queries as outbox

WARN_BEFORE: Final = timedelta(days=14)
SHARE_MONTHS: Final = 3
REMINDER_KIND: Final = "directory_review"


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day when it is short)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _live(partnership_id: str) -> list[Any]:
    return [Service.partnership_id == partnership_id, Service.deleted_at_utc.is_(None),
            Service.status == "active"]  # fmt: skip


def stale_since(session: Session, *, partnership_id: str, today: date) -> date:
    """Listings assured before this day are stale."""
    cycle = queries.settings_for(session=session, partnership_id=partnership_id).review_cycle_months
    return months_before(today, cycle)


def list_stale(session: Session, *, partnership_id: str, today: date) -> list[Service]:
    """Active listings never assured or assured before the review cycle, oldest first."""
    cutoff = stale_since(session, partnership_id=partnership_id, today=today)
    query = select(Service).where(
        *_live(partnership_id), or_(Service.assured_on.is_(None), Service.assured_on < cutoff)
    )
    return list(session.scalars(query.order_by(Service.assured_on, Service.name, Service.id)))


def list_due_soon(session: Session, *, partnership_id: str, today: date) -> list[Service]:
    """Active listings that go stale within the next two weeks."""
    cutoff = stale_since(session, partnership_id=partnership_id, today=today)
    query = select(Service).where(
        *_live(partnership_id), Service.assured_on >= cutoff,
        Service.assured_on < cutoff + WARN_BEFORE,
    )  # fmt: skip
    return list(session.scalars(query.order_by(Service.assured_on, Service.id)))


@dataclass(frozen=True)
class Share:
    """How many active listings were assured in the last three months, of how many."""

    assured: int
    listings: int

    @property
    def percent(self) -> float | None:
        """The share as a percentage (None with no listings)."""
        return None if self.listings == 0 else 100 * self.assured / self.listings


def share_assured(session: Session, *, partnership_id: str, today: date) -> Share:
    """The share of active listings assured in the last three months."""
    since = months_before(today, SHARE_MONTHS)
    total = select(func.count()).select_from(Service).where(*_live(partnership_id))
    recent = total.where(Service.assured_on >= since)
    return Share(session.scalar(recent) or 0, session.scalar(total) or 0)


def assure(session: Session, *, partnership_id: str, service_id: str, by: str, today: date) -> None:
    """Record that a listing was checked today and is right."""
    service = queries.get_service(
        session=session, service_id=service_id, partnership_id=partnership_id
    )
    service.assured_on, service.assured_by = today, by


def queue_reminders(session: Session, *, partnership_id: str, today: date, base_url: str) -> int:
    """Email each provider whose listing is stale or due; once a week per listing."""
    week = today.isocalendar()
    due = list_due_soon(session, partnership_id=partnership_id, today=today)
    stale = list_stale(session, partnership_id=partnership_id, today=today)
    keys = {s.id: f"directory-review:{s.id}:{week.year}-{week.week}" for s in due + stale}
    sent = outbox.existing_dedupe_keys(session=session, keys=list(keys.values()))
    queued = 0
    for service in due + stale:
        address = service.email or _organisation_email(session, service)
        if not address or keys[service.id] in sent:
            continue
        outbox.create_message(
            session=session, partnership_id=partnership_id, to_address=address,
            subject=f"Please check your Local Offer listing: {service.name}"[:200],
            body=_reminder_body(service, base_url), kind=REMINDER_KIND,
            dedupe_key=keys[service.id],
        )  # fmt: skip
        queued += 1
    return queued


def _organisation_email(session: Session, service: Service) -> str | None:
    organization = session.get(Organization, service.organization_id)
    return organization.email if organization else None


def _reminder_body(service: Service, base_url: str) -> str:
    checked = service.assured_on.strftime("%-d %B %Y") if service.assured_on else "never"
    link = f"{base_url.rstrip('/')}/local-offer/services/{service.id}"
    return (
        f'Your listing "{service.name}" in the Local Offer was last checked: {checked}.\n\n'
        "Families rely on it being right. Please check it and tell the directory team about "
        f"any changes, or confirm it is still right:\n{link}\n\n"
        "From sendsight, for your local SEND partnership"
    )
