"""Retention reaches every personal record, with or without a date of birth (issue #12 item 5).

Records without a date of birth (reviews of plans made before the imported requests, SEN2
requests for unknown persons) used to be kept for ever. Now each falls due 31 years after its
latest case date. After a run nothing personal is older than the schedule, and what is inside
it is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from sendsight.access.audit import SYSTEM, NamedActor
from sendsight.access.models import AuditEvent
from sendsight.access.retention import RetentionRule, registered_rules, run_retention
from sendsight.db.base import Base
from sendsight.ehc import imports
from sendsight.ehc.models import EhcAdvice, EhcRequest, EhcReview
from tests.conftest import TEST_DATA

TODAY = date(2025, 3, 3)  # cut-off: 1994-03-03
YEARS = 31
TEMPLATE = TEST_DATA / "ehc" / "template"
SEN2 = TEST_DATA / "ehc" / "sen2"
# The oracle, written out per table: the dates a record without a date of birth is judged by.
CASE_DATES = {
    EhcRequest: (
        "received_on",
        "decision_on",
        "assessment_outcome_on",
        "draft_issued_on",
        "final_issued_on",
    ),
    EhcAdvice: ("requested_on", "received_on"),
    EhcReview: ("review_meeting_on", "decision_on", "amended_plan_issued_on"),
}
PERSONAL_COLUMNS = {"date_of_birth", "person_id", "upn"}


def _request(request_id: str, born: date | None, received: date, final: date | None) -> EhcRequest:
    return EhcRequest(
        la_code="354",
        request_id=request_id,
        person_id=f"P-{request_id}",
        date_of_birth=born,
        received_on=received,
        final_issued_on=final,
        exceptions_apply=False,
    )


def _advice(request_id: str, born: date | None, requested: date, received: date) -> EhcAdvice:
    return EhcAdvice(
        la_code="354",
        request_id=request_id,
        advice_type="health",
        requested_on=requested,
        received_on=received,
        date_of_birth=born,
    )


def _review(plan_id: str, born: date | None, meeting: date, decided: date | None) -> EhcReview:
    return EhcReview(
        la_code="354",
        plan_id=plan_id,
        person_id=f"P-{plan_id}",
        review_meeting_on=meeting,
        decision_on=decided,
        date_of_birth=born,
    )


# Per table: (due?, row). "Old" rows with a date of birth are due by it even when their case
# dates are recent; rows without one are due only once their *latest* case date is 31 years old.
def _hand_made() -> list[tuple[bool, Base]]:
    return [
        (True, _request("born-1990", date(1990, 1, 1), date(2010, 1, 1), date(2010, 5, 1))),
        (False, _request("born-1995", date(1995, 1, 1), date(2010, 1, 1), None)),
        (True, _request("no-dob-closed-1994", None, date(1990, 1, 1), date(1994, 3, 3))),
        (False, _request("no-dob-closed-later", None, date(1990, 1, 1), date(1994, 3, 4))),
        (True, _advice("born-1990", date(1990, 1, 1), date(2010, 2, 1), date(2010, 3, 1))),
        (True, _advice("no-dob-closed-1994", None, date(1990, 2, 1), date(1990, 3, 1))),
        (False, _advice("no-dob-recent", None, date(1990, 2, 1), date(2024, 3, 1))),
        (True, _review("born-1993", date(1993, 6, 1), date(2020, 1, 1), None)),
        (True, _review("no-dob-1992", None, date(1992, 1, 1), date(1992, 2, 1))),
        (False, _review("no-dob-decided-later", None, date(1992, 1, 1), date(2000, 2, 1))),
    ]


@dataclass
class Cases:
    session: Session
    rows: list[tuple[bool, Base]]


@pytest.fixture
def cases(db_session: Session) -> Iterator[Cases]:
    """Hand-made rows either side of the schedule, plus the template and a SEN2 export."""
    actor = NamedActor(email="seed")
    imports.import_template(
        db_session,
        la_code="355",
        requests=TEMPLATE / "requests.csv",
        advice=TEMPLATE / "advice.csv",
        reviews=TEMPLATE / "reviews.csv",
        actor=actor,
    )
    imports.import_sen2(
        db_session, la_code="356", directory=SEN2, reference_date=date(2025, 1, 20), actor=actor
    )
    rows = _hand_made()
    db_session.add_all([row for _, row in rows])
    db_session.flush()
    yield Cases(db_session, rows)


def _retained_until(row: object, model: type[object]) -> date:
    """When a row falls due, worked out independently of the retention module."""
    born = getattr(row, "date_of_birth")  # noqa: B009 - read the same way for every model
    known = [getattr(row, name) for name in CASE_DATES[model] if getattr(row, name) is not None]
    start = born if born is not None else max(known)
    try:
        return start.replace(year=start.year + YEARS)
    except ValueError:  # born on 29 February: in a common year the anniversary is 1 March
        return date(start.year + YEARS, 3, 1)


def _personal_rows(session: Session) -> list[tuple[type[object], object]]:
    return [(m, row) for m in CASE_DATES for row in session.scalars(select(m).order_by(m.id))]


def test_every_table_holding_personal_data_is_under_the_schedule() -> None:
    personal = {t.name for t in Base.metadata.sorted_tables if PERSONAL_COLUMNS & set(t.c.keys())}
    ruled = {rule.model.__tablename__ for rule in registered_rules()}
    assert personal <= ruled
    # The record-by-record runs below use the EHC tables; the other domains' tables with
    # personal data (front door, census pupils, young people) are checked by their own tests.
    assert {m.__tablename__ for m in CASE_DATES} <= personal


def test_some_imported_records_have_no_date_of_birth(cases: Cases) -> None:
    # Without these the next test would prove nothing about them.
    for model in CASE_DATES:
        no_birth_date = select(func.count()).select_from(model).where(model.date_of_birth.is_(None))
        missing = cases.session.scalar(no_birth_date)
        assert missing, model.__tablename__


def test_after_a_run_nothing_personal_is_older_than_the_schedule(cases: Cases) -> None:
    session = cases.session
    before = {row.id for _, row in _personal_rows(session)}
    due = run_retention(session, actor=SYSTEM, today=TODAY, years=YEARS, dry_run=False)
    session.expire_all()
    left = _personal_rows(session)
    assert [(m.__tablename__, row.id) for m, row in left if _retained_until(row, m) <= TODAY] == []
    deleted = before - {row.id for _, row in left}
    assert deleted == {d.record_id for d in due}
    hand_made_due = {row.id for is_due, row in cases.rows if is_due}
    assert hand_made_due <= deleted


def test_records_inside_the_schedule_are_kept(cases: Cases) -> None:
    run_retention(cases.session, actor=SYSTEM, today=TODAY, years=YEARS, dry_run=False)
    cases.session.expire_all()
    for is_due, row in cases.rows:
        found = cases.session.scalar(select(type(row).id).where(type(row).id == row.id))
        assert (found is None) is is_due, (type(row).__tablename__, vars(row))


def test_the_run_is_audited_once_with_its_counts_and_once_per_record(cases: Cases) -> None:
    due = run_retention(cases.session, actor=SYSTEM, today=TODAY, years=YEARS, dry_run=False)
    events = cases.session.scalars(
        select(AuditEvent).where(AuditEvent.action.like("retention.%")).order_by(AuditEvent.id)
    ).all()
    runs = [e for e in events if e.action == "retention.run"]
    assert len(runs) == 1 and runs[0].detail is not None
    assert runs[0].detail["deleted"] == len(due)
    assert runs[0].detail["due"]["ehc_review"]["latest case date"] >= 1
    deletes = sorted(e.object_id or "" for e in events if e.action == "retention.delete")
    assert deletes == sorted(d.record_id for d in due)


class _ThrowawayBase(DeclarativeBase):
    """Tables of their own, so this test never joins the product's metadata."""


class _Person(_ThrowawayBase):
    __tablename__ = "test_retention_atomic_person"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    born_on: Mapped[date | None]


class _Owner(_ThrowawayBase):
    """Deleting an owner would leave its pet without one, which the database refuses."""

    __tablename__ = "test_retention_atomic_owner"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    born_on: Mapped[date | None]
    pets: Mapped[list[_Pet]] = relationship()


class _Pet(_ThrowawayBase):
    __tablename__ = "test_retention_atomic_pet"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey(_Owner.id))


def test_a_failure_part_way_deletes_nothing(db_session: Session) -> None:
    _ThrowawayBase.metadata.create_all(db_session.connection())
    db_session.add_all(
        [
            _Person(id="p1", born_on=date(1980, 1, 1)),
            _Owner(id="o1", born_on=date(1980, 1, 1), pets=[_Pet(id="pet1")]),
        ]
    )
    db_session.flush()
    rules = [
        RetentionRule("a person", _Person, "born_on"),
        RetentionRule("b owner", _Owner, "born_on"),
    ]
    # Other tests may have committed retention events to this database: count only new ones.
    logged = select(func.count(AuditEvent.id)).where(AuditEvent.action.like("retention.%"))
    before = db_session.scalar(logged)
    with pytest.raises(IntegrityError, match="(?i)null"):  # the person went first, then this
        run_retention(
            db_session, actor=SYSTEM, today=TODAY, years=YEARS, dry_run=False, rules=rules
        )
    db_session.expire_all()
    assert db_session.scalars(select(_Person.id)).all() == ["p1"]
    assert db_session.scalars(select(_Owner.id)).all() == ["o1"]
    assert db_session.scalar(logged) == before
