"""The demo partnership: every role has an account, and seeding twice changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.access.models import Organisation, User
from sendsight.access.roles import Role
from sendsight.demo.access import seed_demo_access


def test_demo_seed_makes_one_account_per_role_and_is_idempotent(
    db_session: Session, monkeypatch: object
) -> None:
    first = seed_demo_access(db_session, la_code="354", password="demo password one")
    again = seed_demo_access(db_session, la_code="354", password="demo password two")
    assert first == again
    assert sorted(role for _, role in first) == sorted(role.value for role in Role)
    assert ("school@demo.sendsight.test", "school") in first
    users = db_session.scalar(
        select(func.count(User.id)).where(User.email.like("%@demo.sendsight.test"))
    )
    schools = db_session.scalar(
        select(func.count(Organisation.id)).where(
            Organisation.kind == "school", Organisation.urn.is_not(None)
        )
    )
    assert (users, schools) == (len(Role), 4)
