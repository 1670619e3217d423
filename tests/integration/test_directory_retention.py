"""Local Offer comments are under the retention schedule, and listings deleted more than 30 days
ago are purged (audited) by the daily `sendsight directory purge`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.access.audit import SYSTEM
from sendsight.access.models import AuditEvent
from sendsight.access.retention import registered_rules, run_retention
from sendsight.directory import moderation, queries
from sendsight.directory.models import ListingFeedback, Service
from sendsight.wiring import wire

wire()


def _comments(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ListingFeedback)) or 0


def test_comments_fall_due_the_schedules_years_after_they_were_received(
    seeded_session: Session,
) -> None:
    [rule] = [r for r in registered_rules() if r.model is ListingFeedback]
    held = _comments(seeded_session)
    assert held >= 4
    run_retention(
        seeded_session, actor=SYSTEM, today=date.today(), years=31, dry_run=False, rules=[rule]
    )
    assert _comments(seeded_session) == held
    run_retention(
        seeded_session,
        actor=SYSTEM,
        today=date.today() + timedelta(days=366 * 31),
        years=31,
        dry_run=False,
        rules=[rule],
    )
    assert _comments(seeded_session) == 0


def test_the_purge_removes_listings_deleted_over_30_days_ago_and_audits_each(
    seeded_session: Session,
) -> None:
    owner = queries.published_partnership_id(session=seeded_session)
    assert owner is not None
    old, recent = seeded_session.scalars(
        select(Service).where(Service.partnership_id == owner).order_by(Service.id).limit(2)
    ).all()
    for service in (old, recent):
        moderation.soft_delete(
            seeded_session, actor=SYSTEM, partnership_id=owner, service_id=service.id
        )
    now = datetime.now(UTC)
    old.deleted_at_utc, recent.deleted_at_utc = now - timedelta(days=31), now - timedelta(days=29)
    seeded_session.flush()
    old_id, recent_id = old.id, recent.id
    assert moderation.purge_deleted(seeded_session, actor=SYSTEM, now=now) == 1
    seeded_session.expire_all()
    assert seeded_session.get(Service, old_id) is None
    assert seeded_session.get(Service, recent_id) is not None
    audited = seeded_session.scalars(
        select(AuditEvent.object_id).where(AuditEvent.action == "directory.service.purge")
    ).all()
    assert audited == [old_id]
