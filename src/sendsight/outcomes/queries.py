"""The only place outcomes tables are read or written. ``session`` is always a keyword."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import polars as pl
from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import Session

from sendsight.core.errors import NotFound
from sendsight.outcomes import periods
from sendsight.outcomes.models import (
    Action,
    ActionUpdate,
    Measure,
    MeasureValue,
    NoteVersion,
    Outcome,
    Quote,
    Target,
)

VALUE_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "measure_id": pl.String, "period": pl.String, "period_index": pl.Int64, "value": pl.Float64,
    "numerator": pl.Float64, "denominator": pl.Float64, "note": pl.String,
    "entered_by": pl.String, "entered_at_utc": pl.Datetime("us", "UTC"),
}  # fmt: skip


def _now() -> datetime:
    return datetime.now(UTC)


# --- outcomes -------------------------------------------------------------------------------


def create_outcome(session: Session, *, key: str, statement: str, **fields: Any) -> Outcome:
    """Add an outcome (an I statement) to the framework."""
    outcome = Outcome(key=key, statement=statement, **fields)
    session.add(outcome)
    session.flush()
    return outcome


def get_outcome(session: Session, outcome_id: str) -> Outcome:
    """The outcome with ``outcome_id``; raises ``NotFound``."""
    outcome = session.get(Outcome, outcome_id)
    if outcome is None:
        raise NotFound(f"No outcome {outcome_id}")
    return outcome


def get_outcome_by_key_or_none(session: Session, key: str) -> Outcome | None:
    """The outcome whose key is ``key``, if any."""
    return session.scalars(select(Outcome).where(Outcome.key == key)).first()


def list_outcomes(session: Session) -> list[Outcome]:
    """Every outcome, in the order the partnership set."""
    return list(session.scalars(select(Outcome).order_by(Outcome.position, Outcome.key)))


def update_object(session: Session, obj: Outcome | Measure | Action, **fields: Any) -> None:
    """Change fields of an outcome, measure or action."""
    for name, value in fields.items():
        setattr(obj, name, value)
    session.flush()


def framework_is_empty(session: Session) -> bool:
    """True when no outcome or measure exists yet."""
    count = session.scalar(select(func.count()).select_from(Measure)) or 0
    return count == 0 and not list_outcomes(session)


# --- measures -------------------------------------------------------------------------------


def create_measure(session: Session, *, key: str, name: str, **fields: Any) -> Measure:
    """Add an indicator or performance measure."""
    measure = Measure(key=key, name=name, **fields)
    session.add(measure)
    session.flush()
    return measure


def get_measure(session: Session, measure_id: str) -> Measure:
    """The measure with ``measure_id``; raises ``NotFound``."""
    measure = session.get(Measure, measure_id)
    if measure is None:
        raise NotFound(f"No measure {measure_id}")
    return measure


def get_measure_by_key_or_none(session: Session, key: str) -> Measure | None:
    """The measure whose key is ``key``, if any."""
    return session.scalars(select(Measure).where(Measure.key == key)).first()


def list_measures(session: Session, *, level: str | None = None) -> list[Measure]:
    """Every measure (of ``level`` when given), in framework order."""
    query = select(Measure).order_by(Measure.position, Measure.key, Measure.id)
    if level is not None:
        query = query.where(Measure.level == level)
    return list(session.scalars(query))


# --- values ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewValue:
    """A value to record: ``period`` is already checked against the measure's frequency."""

    period: str
    value: float
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""


def record_value(
    session: Session, *, measure: Measure, new: NewValue, entered_by: str,
    now: datetime | None = None,
) -> tuple[MeasureValue, bool]:  # fmt: skip
    """Record a value; a value already held for the period is kept in history, superseded.

    Returns the new row and whether it replaced an earlier value.
    """
    now = now or _now()
    period = periods.parse(new.period, measure.frequency)
    current = _current_value(session, measure.id, period.code)
    if current is not None:
        current.superseded_at_utc = now
    row = MeasureValue(
        measure_id=measure.id, period=period.code, period_index=period.index, value=new.value,
        numerator=new.numerator, denominator=new.denominator, note=new.note,
        entered_by=entered_by, entered_at_utc=now,
    )  # fmt: skip
    session.add(row)
    measure.last_updated_on = now.date()
    session.flush()
    return row, current is not None


def _current_value(session: Session, measure_id: str, period: str) -> MeasureValue | None:
    query = select(MeasureValue).where(
        MeasureValue.measure_id == measure_id,
        MeasureValue.period == period,
        MeasureValue.superseded_at_utc.is_(None),
    )
    return session.scalars(query).first()


def current_values(session: Session, measure_ids: Sequence[str] | None = None) -> pl.DataFrame:
    """Current (not superseded) values as a frame, by measure then period."""
    query = select(*[getattr(MeasureValue, c) for c in VALUE_COLUMNS]).where(
        MeasureValue.superseded_at_utc.is_(None)
    )
    if measure_ids is not None:
        query = query.where(MeasureValue.measure_id.in_(list(measure_ids)))
    rows = session.execute(query.order_by(MeasureValue.measure_id, MeasureValue.period_index))
    return pl.DataFrame([tuple(r) for r in rows], schema=VALUE_COLUMNS, orient="row")


def recent_values(session: Session, *, periods_kept: int) -> pl.DataFrame:
    """Each measure's current values for its latest ``periods_kept`` periods (what a scorecard
    row needs: the sparkline and the baseline), by measure then period."""
    current = MeasureValue.superseded_at_utc.is_(None)
    latest = (
        select(MeasureValue.measure_id, func.max(MeasureValue.period_index).label("last"))
        .where(current)
        .group_by(MeasureValue.measure_id)
        .subquery()
    )
    query = (
        select(*[getattr(MeasureValue, c) for c in VALUE_COLUMNS])
        .join(latest, latest.c.measure_id == MeasureValue.measure_id)
        .where(current, MeasureValue.period_index > latest.c.last - periods_kept)
        .order_by(MeasureValue.measure_id, MeasureValue.period_index)
    )
    rows = session.execute(query)
    return pl.DataFrame([tuple(r) for r in rows], schema=VALUE_COLUMNS, orient="row")


def value_history(session: Session, measure_id: str) -> list[MeasureValue]:
    """Every value ever recorded for a measure, superseded ones included, newest entry first."""
    query = (
        select(MeasureValue)
        .where(MeasureValue.measure_id == measure_id)
        .order_by(MeasureValue.period_index.desc(), MeasureValue.entered_at_utc.desc(),
                  MeasureValue.id)
    )  # fmt: skip
    return list(session.scalars(query))


# --- targets -------------------------------------------------------------------------------


def set_target(session: Session, *, measure: Measure, period: str, value: float) -> Target:
    """Set (or change) the target for one period."""
    parsed = periods.parse(period, measure.frequency)
    query = select(Target).where(Target.measure_id == measure.id, Target.period == parsed.code)
    target = session.scalars(query).first()
    if target is None:
        target = Target(measure_id=measure.id, period=parsed.code, period_index=parsed.index)
        session.add(target)
    target.value = value
    session.flush()
    return target


def list_targets(session: Session, measure_ids: Sequence[str] | None = None) -> list[Target]:
    """Targets by measure then period."""
    query = select(Target).order_by(Target.measure_id, Target.period_index, Target.id)
    if measure_ids is not None:
        query = query.where(Target.measure_id.in_(list(measure_ids)))
    return list(session.scalars(query))


# --- notes ----------------------------------------------------------------------------------


def save_note(
    session: Session, *, measure: Measure, section: str, body: str, author: str,
    now: datetime | None = None,
) -> NoteVersion:  # fmt: skip
    """Save a new version of a turn-the-curve section (earlier versions stay)."""
    latest = session.scalar(
        select(func.max(NoteVersion.version)).where(
            NoteVersion.measure_id == measure.id, NoteVersion.section == section
        )
    )
    note = NoteVersion(
        measure_id=measure.id, section=section, version=(latest or 0) + 1, body=body,
        author=author, saved_at_utc=now or _now(),
    )  # fmt: skip
    session.add(note)
    session.flush()
    return note


def list_note_versions(
    session: Session, measure_ids: Sequence[str] | None = None
) -> list[NoteVersion]:
    """Every note version, by measure, section, then version (oldest first)."""
    query = select(NoteVersion).order_by(
        NoteVersion.measure_id, NoteVersion.section, NoteVersion.version, NoteVersion.id
    )
    if measure_ids is not None:
        query = query.where(NoteVersion.measure_id.in_(list(measure_ids)))
    return list(session.scalars(query))


def current_notes(session: Session, measure_id: str) -> dict[str, NoteVersion]:
    """The newest version of each section of a measure's notes."""
    return {n.section: n for n in list_note_versions(session, [measure_id])}


def last_note_saves(session: Session) -> dict[str, datetime]:
    """When each measure's notes were last saved."""
    query = select(NoteVersion.measure_id, func.max(NoteVersion.saved_at_utc)).group_by(
        NoteVersion.measure_id
    )
    return {m: _aware(at) for m, at in session.execute(query)}


def data_version(session: Session) -> tuple[object, ...]:
    """A cheap fingerprint of every outcomes table: row count and newest change of each.

    Any insert, correction, edit or delete changes it, so a cached scorecard keyed on it is
    never stale. One statement, whatever the size of the framework.
    """
    tables = (Outcome, Measure, MeasureValue, Target, NoteVersion, Action, ActionUpdate, Quote)
    parts = [
        select(literal(i), func.count(), func.max(model.updated_at_utc)).select_from(model)
        for i, model in enumerate(tables)
    ]
    rows = session.execute(union_all(*parts)).all()
    return tuple((int(count), str(at)) for _, count, at in sorted(rows, key=lambda r: r[0]))


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


# --- actions and quotes ---------------------------------------------------------------------


def create_action(
    session: Session, *, measure: Measure, key: str, title: str, **fields: Any
) -> Action:
    """Add an action to a measure's plan."""
    action = Action(measure_id=measure.id, key=key, title=title, **fields)
    session.add(action)
    session.flush()
    return action


def get_action(session: Session, action_id: str) -> Action:
    """The action with ``action_id``; raises ``NotFound``."""
    action = session.get(Action, action_id)
    if action is None:
        raise NotFound(f"No action {action_id}")
    return action


def list_actions(session: Session, measure_ids: Sequence[str] | None = None) -> list[Action]:
    """Actions by measure, then due date, then title."""
    query = select(Action).order_by(Action.measure_id, Action.due_on, Action.title, Action.id)
    if measure_ids is not None:
        query = query.where(Action.measure_id.in_(list(measure_ids)))
    return list(session.scalars(query))


def add_action_update(
    session: Session, *, action: Action, on: date, text: str, author: str, status: str | None = None
) -> ActionUpdate:
    """Record dated progress on an action (and optionally its new status)."""
    update = ActionUpdate(action_id=action.id, on=on, text=text, author=author)
    session.add(update)
    if status is not None:
        action.status = status
    session.flush()
    session.refresh(action, ["updates"])
    return update


def create_quote(session: Session, *, outcome: Outcome, text: str, **fields: Any) -> Quote:
    """Keep something a child, young person or parent said as evidence for an outcome."""
    quote = Quote(outcome_id=outcome.id, text=text, **fields)
    session.add(quote)
    session.flush()
    return quote


def list_quotes(session: Session) -> list[Quote]:
    """Every quote, by outcome then date."""
    query = select(Quote).order_by(Quote.outcome_id, Quote.collected_on, Quote.id)
    return list(session.scalars(query))
