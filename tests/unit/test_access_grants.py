"""Which roles wait for a second administrator, and how a request's status reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sendsight.access.grants import CASE_LEVEL_ROLES, GrantRules, is_case_level, status_of
from sendsight.access.models import RoleGrant
from sendsight.access.roles import Role, sees_case_level

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


class _Someone:
    def __init__(self, role: Role) -> None:
        self.role = role.value


def test_case_level_roles_are_those_that_see_case_records_or_identifiers() -> None:
    assert CASE_LEVEL_ROLES == {Role.ANALYST, Role.CASEWORKER}
    assert all(is_case_level(r) == sees_case_level(_Someone(r)) for r in Role)


def test_only_case_level_roles_wait_and_only_while_the_setting_is_on() -> None:
    assert GrantRules().needs_approval(Role.CASEWORKER)
    assert not GrantRules().needs_approval(Role.ADMIN)
    assert not GrantRules(second_admin=False).needs_approval(Role.CASEWORKER)


def _grant(expires: datetime, decision: str | None = None) -> RoleGrant:
    return RoleGrant(role="caseworker", expires_at_utc=expires, decision=decision)


def test_an_undecided_request_waits_until_it_lapses() -> None:
    assert status_of(_grant(NOW + timedelta(seconds=1)), NOW) == "waiting"
    assert status_of(_grant(NOW), NOW) == "lapsed"
    # SQLite hands datetimes back without a time zone: they are UTC.
    assert status_of(_grant((NOW + timedelta(days=1)).replace(tzinfo=None)), NOW) == "waiting"


def test_a_decided_request_reads_as_its_decision() -> None:
    assert status_of(_grant(NOW + timedelta(days=1), "rejected"), NOW) == "rejected"
