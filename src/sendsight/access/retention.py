"""The retention schedule: delete case records once they are due, and say what was deleted.

UK GDPR Art 5(1)(e) (storage limitation). No statute fixes how long EHC records are kept; the
default follows the IRMS schools toolkit for SEN files: the person's date of birth + 31 years
(25, the oldest age a plan can run to, plus 6 years). Domains register each table that holds
case records; ``sendsight retention run`` applies every rule.

Every record has a date the schedule counts from, so every record falls due at some point:

* the person's **date of birth**, where the record carries it;
* otherwise the record's **latest case date** (for a request: received, decided, assessed, draft
  or final plan; for advice: requested or received; for a review: the meeting, the decision or
  the amended plan). A person is born on or before anything that happens in their case, so
  counting from the latest case date never deletes a record sooner than the date of birth would;
* otherwise (a record with no date at all) the day it was first **imported**.

A run is all-or-nothing (one savepoint: if any deletion fails, none is kept) and audited: one
``retention.delete`` event per record deleted and one ``retention.run`` event with the counts
per table and kind of date (``retention.dry_run`` for a dry run), even when nothing was due.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

from sqlalchemy import ColumnElement, Date, and_, null, or_, select
from sqlalchemy.orm import Session

from sendsight.access.audit import Actor, record
from sendsight.db.base import Base

BASIS_BIRTH: Final = "date of birth"
BASIS_CASE: Final = "latest case date"
BASIS_IMPORT: Final = "imported"
_CHUNK: Final = 500


@dataclass(frozen=True, slots=True)
class RetentionRule:
    """Rows of ``model`` fall due a number of years after the person's date of birth or, when
    that is not known, after the latest of ``case_date_columns`` (default: every date column of
    the model but the date of birth), or else after the day the row was created."""

    name: str
    model: type[Any]
    date_of_birth_column: str
    case_date_columns: tuple[str, ...] = field(default=())

    def case_dates(self) -> tuple[str, ...]:
        """The columns whose latest value the schedule counts from without a date of birth."""
        if self.case_date_columns:
            return self.case_date_columns
        table = self.model.__table__
        return tuple(
            c.name
            for c in table.columns
            if isinstance(c.type, Date) and c.name != self.date_of_birth_column
        )


@dataclass(frozen=True, slots=True)
class DueRecord:
    """One record the schedule says must go, and the date (and kind of date) it counted from."""

    rule: str
    record_id: str
    date_of_birth: date | None
    counted_from: date
    basis: str


_RULES: dict[str, RetentionRule] = {}


def register_rule(
    name: str, model: type[Any], date_of_birth_column: str, case_date_columns: Sequence[str] = ()
) -> RetentionRule:
    """Put ``model`` under the retention schedule (idempotent for the same model and columns)."""
    rule = RetentionRule(name, model, date_of_birth_column, tuple(case_date_columns))
    existing = _RULES.get(name)
    if existing is not None and existing != rule:
        raise ValueError(f"A different retention rule is already registered as {name!r}")
    for column in (date_of_birth_column, *case_date_columns):
        if not hasattr(model, column):
            raise ValueError(f"{model.__name__} has no column {column!r}")
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


def counted_from(
    born: date | None, case_dates: Sequence[date | None], created: datetime | None
) -> tuple[date, str] | None:
    """The date a record's retention period runs from, and which kind of date it is."""
    if born is not None:
        return born, BASIS_BIRTH
    known = [d for d in case_dates if d is not None]
    if known:
        return max(known), BASIS_CASE
    return (created.date(), BASIS_IMPORT) if created is not None else None


def _due_clause(rule: RetentionRule, cutoff: date) -> ColumnElement[bool]:
    """SQL for "counted from a date on or before ``cutoff``" (the SQL form of counted_from)."""
    model = rule.model
    born = getattr(model, rule.date_of_birth_column)
    dates = [getattr(model, name) for name in rule.case_dates()]
    by_birth = and_(born.is_not(None), born <= cutoff)
    if not dates:
        return by_birth
    by_case = [or_(d.is_(None), d <= cutoff) for d in dates]
    clauses = [by_birth, and_(born.is_(None), *by_case, or_(*[d.is_not(None) for d in dates]))]
    created = getattr(model, "created_at_utc", None)
    if created is not None:
        next_day = datetime.combine(cutoff + timedelta(days=1), time.min, tzinfo=UTC)
        clauses.append(and_(born.is_(None), *[d.is_(None) for d in dates], created < next_day))
    return or_(*clauses)


def due_records(
    session: Session, *, today: date, years: int, rules: Sequence[RetentionRule] | None = None
) -> list[DueRecord]:
    """Every record due for deletion on ``today``, by rule, date counted from and id."""
    cutoff = cutoff_date(today, years)
    found: list[DueRecord] = []
    for rule in registered_rules() if rules is None else rules:
        model, names = rule.model, rule.case_dates()
        created = getattr(model, "created_at_utc", null())
        columns = [getattr(model, n) for n in (rule.date_of_birth_column, *names)]
        query = select(model.id, created, *columns).where(_due_clause(rule, cutoff))
        rows = []
        for record_id, made, born, *dates in session.execute(query.order_by(model.id)):
            start = counted_from(born, dates, made)
            if start is not None:  # always: the query selected only records with a due date
                rows.append(DueRecord(rule.name, str(record_id), born, *start))
        found.extend(sorted(rows, key=lambda r: (r.counted_from, r.record_id)))
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
    """List what is due and, unless ``dry_run``, delete it (ORM cascades apply); audit it all.

    All-or-nothing: the deletions run in a savepoint, so a failure part-way deletes nothing.
    """
    chosen = registered_rules() if rules is None else list(rules)
    due = due_records(session, today=today, years=years, rules=chosen)
    detail = {"years": years, "today": today.isoformat(), "due": _by_rule(due)}
    if dry_run:
        record(session, actor=actor, action="retention.dry_run", detail=detail)
        return due
    with session.begin_nested():
        _delete(session, {rule.name: rule.model for rule in chosen}, due, actor, detail)
    return due


def _delete(
    session: Session,
    models: dict[str, type[Any]],
    due: Sequence[DueRecord],
    actor: Actor,
    detail: dict[str, Any],
) -> None:
    # Rows that point at others go first: a decision before the agenda item it was made on.
    order = {table.name: i for i, table in enumerate(reversed(Base.metadata.sorted_tables))}
    for name, model in sorted(models.items(), key=lambda m: order.get(m[1].__tablename__, 0)):
        ids = [item.record_id for item in due if item.rule == name]
        for start in range(0, len(ids), _CHUNK):
            for row in session.scalars(
                select(model).where(model.id.in_(ids[start : start + _CHUNK]))
            ):
                session.delete(row)
            session.flush()
    for item in due:
        record(
            session,
            actor=actor,
            action="retention.delete",
            object_type=item.rule,
            object_id=item.record_id,
            detail={"years": detail["years"], "today": detail["today"], "basis": item.basis},
        )
    record(session, actor=actor, action="retention.run", detail={**detail, "deleted": len(due)})


def _by_rule(due: Sequence[DueRecord]) -> dict[str, dict[str, int]]:
    """How many records are due per rule, and per kind of date they were counted from."""
    counts: dict[str, dict[str, int]] = {}
    for item in due:
        per_basis = counts.setdefault(item.rule, {})
        per_basis[item.basis] = per_basis.get(item.basis, 0) + 1
    return counts
