"""Reminder emails, queued by ``sendsight mail reminders`` (run it daily; each goes weekly).

Each kind goes to a person at most once in an ISO week, the week of ``today``: the dedupe key
names the kind, the person and the week, so running the command again queues nothing new.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from sendsight.access import queries as access
from sendsight.access.models import User
from sendsight.access.principal import principal_of
from sendsight.config import Settings
from sendsight.ehc import atrisk
from sendsight.ehc import queries as ehc
from sendsight.notify import messages, queries, recipients
from sendsight.notify.messages import Kind, Message
from sendsight.notify.outbox import AT_RISK_PATH, SCORECARD_PATH, link, queue
from sendsight.outcomes import queries as outcomes
from sendsight.outcomes.vocab import OPEN_STATUSES

MEASURE_NOTICE = timedelta(days=7)
DIGEST_WINDOW_DAYS = 14

Planned = list[tuple[User, Message]]


def london_today() -> date:
    """Today's date in England (reminders follow the working week there, not UTC's)."""
    return datetime.now(ZoneInfo("Europe/London")).date()


def week_of(today: date) -> str:
    """The ISO week ``today`` falls in, e.g. ``2026-W49``."""
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def queue_reminders(session: Session, *, settings: Settings, today: date) -> dict[str, int]:
    """Queue this week's reminders for every partnership; returns how many of each kind."""
    counts = {
        kind.value: 0 for kind in (Kind.OVERDUE_ACTIONS, Kind.MEASURES_DUE, Kind.AT_RISK_DIGEST)
    }
    for partnership in access.list_partnerships(session=session):
        users = recipients.reachable(
            access.list_users(session=session, partnership_id=partnership.id)
        )
        base = settings.public_base_url
        planned = [
            *_overdue_actions(session, partnership.id, users, today, link(base, SCORECARD_PATH)),
            *_measures_due(session, partnership.id, users, today, link(base, SCORECARD_PATH)),
            *_digests(session, users, today, settings, link(base, AT_RISK_PATH)),
        ]
        for kind, added in _queue_new(session, partnership.id, planned, today).items():
            counts[kind] += added
    return counts


def _queue_new(
    session: Session, partnership_id: str, planned: Planned, today: date
) -> dict[str, int]:
    keyed = {f"{m.kind}:{u.id}:{week_of(today)}": (u, m) for u, m in planned}
    done = queries.existing_dedupe_keys(session=session, keys=sorted(keyed))
    added: dict[str, int] = defaultdict(int)
    for key in sorted(set(keyed) - done):
        user, message = keyed[key]
        queue(
            session,
            partnership_id=partnership_id,
            to_address=user.email,
            message=message,
            dedupe_key=key,
        )
        added[message.kind] += 1
    return added


def _overdue_actions(
    session: Session, partnership_id: str, users: Sequence[User], today: date, url: str
) -> Planned:
    """Open actions whose due date has passed, to their owners."""
    owed: dict[str, list[tuple[str, date]]] = defaultdict(list)
    by_id = {u.id: u for u in users}
    for action in outcomes.list_actions(session=session, partnership_id=partnership_id):
        if action.due_on is None or action.due_on >= today or action.status not in OPEN_STATUSES:
            continue
        measure = outcomes.get_measure(
            session=session, measure_id=action.measure_id, partnership_id=partnership_id
        )
        for owner in recipients.action_owners(users, action, measure):
            owed[owner.id].append((action.title, action.due_on))
    return [
        (by_id[uid], messages.overdue_actions(actions=items, link=url))
        for uid, items in sorted(owed.items())
    ]


def _measures_due(
    session: Session, partnership_id: str, users: Sequence[User], today: date, url: str
) -> Planned:
    """Measures due a new figure within the coming week (or already late), to their owners."""
    owed: dict[str, list[tuple[str, date]]] = defaultdict(list)
    by_id = {u.id: u for u in users}
    for measure in outcomes.list_measures(session=session, partnership_id=partnership_id):
        due = measure.next_update_on
        if due is None or due > today + MEASURE_NOTICE:
            continue
        for owner in recipients.editors_of(users, measure.owner_organisation_id):
            owed[owner.id].append((measure.name, due))
    return [
        (by_id[uid], messages.measures_due(measures=items, link=url))
        for uid, items in sorted(owed.items())
    ]


def _digests(
    session: Session, users: Sequence[User], today: date, settings: Settings, url: str
) -> Planned:
    """The weekly at-risk digest to each caseworker: counts over their own LAs only."""
    counted: dict[str, tuple[int, int]] = {}
    planned: Planned = []
    for user in recipients.caseworkers(users):
        due_soon = overdue = 0
        for la_code in principal_of(user).la_codes:
            if la_code not in counted:
                counted[la_code] = _at_risk_counts(session, la_code, today, settings)
            due_soon, overdue = due_soon + counted[la_code][0], overdue + counted[la_code][1]
        message = messages.at_risk_digest(due_soon=due_soon, overdue=overdue, link=url)
        planned.append((user, message))
    return planned


def _at_risk_counts(
    session: Session, la_code: str, today: date, settings: Settings
) -> tuple[int, int]:
    """Open requests in ``la_code`` with a deadline in the next 2 weeks, and past one."""
    requests = ehc.load_requests(session=session, la_code=la_code)
    days = atrisk.at_risk(requests, today, boundary=settings.ehc_deadline_boundary)[
        "days_remaining"
    ]
    return int(((days >= 0) & (days <= DIGEST_WINDOW_DAYS)).sum()), int((days < 0).sum())
