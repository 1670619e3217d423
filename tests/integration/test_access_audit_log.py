"""The audit log is append-only: the ORM refuses changes everywhere, PostgreSQL refuses them too."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from sendsight.access.audit import AuditFilter, NamedActor, record, search_audit
from sendsight.core.errors import PermissionDenied
from tests.partnerships import new_partnership_id

ACTOR = NamedActor(email="tester@example.test", id="u-1", role="analyst")


def test_recorded_event_keeps_who_what_which_role_and_why(db_session: Session) -> None:
    partnership_id = new_partnership_id(db_session)
    event = record(
        db_session,
        partnership_id=partnership_id,
        actor=ACTOR,
        action="case.view",
        object_type="case",
        object_id="c-1",
        la_code="901",
        purpose="Annual review",
        ip="10.0.0.1",
    )
    found = search_audit(
        db_session, AuditFilter(object_id="c-1"), partnership_id=partnership_id
    ).events
    assert [e.id for e in found] == [event.id]
    assert (found[0].actor_email, found[0].actor_role, found[0].purpose) == (
        "tester@example.test",
        "analyst",
        "Annual review",
    )


def test_changing_an_audit_event_through_the_orm_is_refused(db_session: Session) -> None:
    event = record(db_session, actor=ACTOR, action="case.view")
    event.action = "nothing.happened"
    with pytest.raises(PermissionDenied):
        db_session.flush()


def test_deleting_an_audit_event_through_the_orm_is_refused(db_session: Session) -> None:
    event = record(db_session, actor=ACTOR, action="case.export")
    db_session.delete(event)
    with pytest.raises(PermissionDenied):
        db_session.flush()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE access_audit_event SET action = 'x'",
        "DELETE FROM access_audit_event",
        "TRUNCATE access_audit_event",
    ],
)
def test_postgresql_refuses_update_delete_and_truncate_on_the_audit_table(
    db_session: Session, database_url: str, statement: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("the database-level guard is PostgreSQL's")
    record(db_session, actor=ACTOR, action="case.view")
    with pytest.raises(DBAPIError, match="append-only"), db_session.begin_nested():
        db_session.execute(text(statement))


def test_search_pages_newest_first(db_session: Session) -> None:
    own = {"partnership_id": new_partnership_id(db_session)}
    for number in range(5):
        record(db_session, actor=ACTOR, action="edit", object_id=f"pager-{number}", **own)
    first = search_audit(db_session, AuditFilter(action="edit"), page=1, per_page=2, **own)
    last = search_audit(db_session, AuditFilter(action="edit"), page=3, per_page=2, **own)
    assert first.total == 5 and first.pages == 3
    assert len(last.events) == 1
    assert first.events[0].at_utc >= first.events[1].at_utc >= last.events[0].at_utc


def test_a_partnership_searches_only_its_own_log(db_session: Session) -> None:
    ours, theirs = new_partnership_id(db_session, "Ours"), new_partnership_id(db_session, "Theirs")
    record(db_session, actor=ACTOR, action="case.view", object_id="c-ours", partnership_id=ours)
    record(db_session, actor=ACTOR, action="case.view", object_id="c-theirs", partnership_id=theirs)
    record(db_session, actor=ACTOR, action="case.view", object_id="c-system")
    found = search_audit(db_session, AuditFilter(action="case.view"), partnership_id=ours)
    assert [e.object_id for e in found.events] == ["c-ours"]
