"""Every table other than the EHC case tables that holds personal data (front door requests,
census pupils, young people's records) is under the retention schedule, and a run deletes its
records once they are due: on the seeded demo, a run far in the future leaves none with a date
of birth."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.access.audit import SYSTEM
from sendsight.access.retention import registered_rules, run_retention
from sendsight.wiring import wire

wire()
EHC_TABLES = {"ehc_request", "ehc_advice", "ehc_review"}
OTHER_RULES = sorted(
    (r for r in registered_rules() if r.model.__tablename__ not in EHC_TABLES),
    key=lambda r: r.model.__tablename__,
)
FAR_FUTURE = date(2200, 1, 1)


def test_the_other_domains_put_their_personal_tables_under_the_schedule() -> None:
    names = {r.model.__tablename__ for r in OTHER_RULES}
    assert {"frontdoor_request", "governance_census_pupil", "adulthood_young_person"} <= names


def test_a_run_deletes_every_due_record(seeded_session: Session) -> None:
    counts = {}
    for rule in OTHER_RULES:
        born = getattr(rule.model, rule.date_of_birth_column)
        counts[rule.model.__tablename__] = (
            select(func.count()).select_from(rule.model).where(born.is_not(None))
        )
    before = {name: seeded_session.scalar(count) for name, count in counts.items()}
    assert all(before.values()), f"the demo lacks records of some tables: {before}"
    due = run_retention(
        seeded_session, actor=SYSTEM, today=FAR_FUTURE, years=25, dry_run=False, rules=OTHER_RULES
    )
    assert len(due) >= sum(before.values())
    seeded_session.expire_all()
    assert {name: seeded_session.scalar(count) for name, count in counts.items()} == dict.fromkeys(
        counts, 0
    )
