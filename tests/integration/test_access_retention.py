"""The retention schedule deletes what is due (date of birth + 31 years) and audits each one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import Date, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from sendsight.access.audit import SYSTEM
from sendsight.access.models import AuditEvent
from sendsight.access.retention import RetentionRule, registered_rules, run_retention


class _ThrowawayBase(DeclarativeBase):
    """A base of its own, so this test table never joins the product's metadata."""


class _Person(_ThrowawayBase):
    __tablename__ = "test_retention_person"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    born_on: Mapped[date | None] = mapped_column(Date)


RULE = RetentionRule("test person", _Person, "born_on")


@pytest.fixture
def people(db_session: Session) -> Iterator[Session]:
    _ThrowawayBase.metadata.create_all(db_session.connection())
    db_session.add_all(
        [
            _Person(id="due-long-ago", born_on=date(1980, 5, 1)),
            _Person(id="due-today", born_on=date(1994, 3, 3)),
            _Person(id="due-tomorrow", born_on=date(1994, 3, 4)),
            _Person(id="no-birth-date", born_on=None),
        ]
    )
    db_session.flush()
    yield db_session


def test_dry_run_lists_what_is_due_and_deletes_nothing(people: Session) -> None:
    due = run_retention(
        people, actor=SYSTEM, today=date(2025, 3, 3), years=31, dry_run=True, rules=[RULE]
    )
    assert [d.record_id for d in due] == ["due-long-ago", "due-today"]
    assert people.get(_Person, "due-today") is not None


def test_run_deletes_records_on_their_31st_anniversary_and_audits_each(people: Session) -> None:
    run_retention(
        people, actor=SYSTEM, today=date(2025, 3, 3), years=31, dry_run=False, rules=[RULE]
    )
    remaining = people.scalars(select(_Person.id).order_by(_Person.id)).all()
    assert remaining == ["due-tomorrow", "no-birth-date"]
    audited = people.scalars(
        select(AuditEvent.object_id)
        .where(AuditEvent.action == "retention.delete")
        .order_by(AuditEvent.object_id)
    ).all()
    assert audited == ["due-long-ago", "due-today"]


def test_every_registered_rule_names_a_real_date_column() -> None:
    # Runs over whatever the case domains register (none may be registered yet).
    for rule in registered_rules():
        assert hasattr(rule.model, rule.date_of_birth_column), rule.name


def test_retention_command_dry_run_prints_the_cut_off(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sendsight.cli import cli

    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", database_url)
    result = CliRunner().invoke(cli, ["retention", "run", "--dry-run", "--today", "2025-03-03"])
    assert result.exit_code == 0, result.output
    assert "born on or before 1994-03-03" in result.output
