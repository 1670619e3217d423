"""The retention schedule: delete case records once they are due, and say what was deleted.

UK GDPR Art 5(1)(e) (storage limitation). No statute fixes how long EHC records are kept; the
default follows the IRMS schools toolkit for SEN files: the person's date of birth + 31 years
(25, the oldest age a plan can run to, plus 6 years). Domains register each table that holds
case records; ``sendsight retention run`` applies every rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.audit import Actor, record


@dataclass(frozen=True, slots=True)
class RetentionRule:
    """Rows of ``model`` fall due ``years`` after the date in their ``date_of_birth_column``."""

    name: str
    model: type[Any]
    date_of_birth_column: str


@dataclass(frozen=True, slots=True)
class DueRecord:
    """One record the schedule says must go."""

    rule: str
    record_id: str
    date_of_birth: date


_RULES: dict[str, RetentionRule] = {}


def register_rule(name: str, model: type[Any], date_of_birth_column: str) -> RetentionRule:
    """Put ``model`` under the retention schedule (idempotent for the same model and column)."""
    rule = RetentionRule(name, model, date_of_birth_column)
    existing = _RULES.get(name)
    if existing is not None and existing != rule:
        raise ValueError(f"A different retention rule is already registered as {name!r}")
    if not hasattr(model, date_of_birth_column):
        raise ValueError(f"{model.__name__} has no column {date_of_birth_column!r}")
    _RULES[name] = rule
    return rule


def registered_rules() -> list[RetentionRule]:
    """Every registered rule, by name."""
    return [_RULES[name] for name in sorted(_RULES)]


def cutoff_date(today: date, years: int) -> date:
    """The latest date of birth whose records are due on ``today``.

    Someone born on 29 February reaches an anniversary in a common year on 1 March, so the
    cut-off falls back to 28 February (born on the 29th: not yet due on the 28th).
    """
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def due_records(
    session: Session, *, today: date, years: int, rules: Sequence[RetentionRule] | None = None
) -> list[DueRecord]:
    """Every record due for deletion on ``today``, by rule, date of birth and id."""
    cutoff = cutoff_date(today, years)
    found: list[DueRecord] = []
    for rule in registered_rules() if rules is None else rules:
        dob = getattr(rule.model, rule.date_of_birth_column)
        query = select(rule.model.id, dob).where(dob.is_not(None), dob <= cutoff)
        for record_id, born in session.execute(query.order_by(dob, rule.model.id)):
            found.append(DueRecord(rule.name, str(record_id), born))
    return found


def run_retention(
    session: Session,
    *,
    actor: Actor,
    today: date,
    years: int,
    dry_run: bool,
    rules: Sequence[RetentionRule] | None = None,
) -> list[DueRecord]:
    """List what is due and, unless ``dry_run``, delete it (ORM cascades apply); audit each one."""
    chosen = registered_rules() if rules is None else list(rules)
    due = due_records(session, today=today, years=years, rules=chosen)
    if dry_run:
        record(
            session,
            actor=actor,
            action="retention.dry_run",
            detail={"due": len(due), "years": years, "today": today.isoformat()},
        )
        return due
    models = {rule.name: rule.model for rule in chosen}
    for item in due:
        row = session.get(models[item.rule], item.record_id)
        if row is not None:
            session.delete(row)
        record(
            session,
            actor=actor,
            action="retention.delete",
            object_type=item.rule,
            object_id=item.record_id,
            detail={"years": years, "today": today.isoformat()},
        )
    session.flush()
    return due
