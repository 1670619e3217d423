"""The only place outcomes tables are read or written. ``session`` is always a keyword.

Every row belongs to one partnership (ADR 0602): every read takes ``partnership_id`` and filters
on it, and a look-up by id of another partnership's row raises ``NotFound``, as for a row that
does not exist. Rows made under a measure, action or outcome take its partnership.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import polars as pl
from sqlalchemy import BindParameter, CompoundSelect, bindparam, func, literal, select, union_all
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


def create_outcome(
    *, session: Session, partnership_id: str, key: str, statement: str, **fields: Any
) -> Outcome:
    """Add an outcome (an I statement) to a partnership's framework."""
    outcome = Outcome(partnership_id=partnership_id, key=key, statement=statement, **fields)
    session.add(outcome)
    session.flush()
    return outcome


def get_outcome(*, session: Session, outcome_id: str, partnership_id: str) -> Outcome:
    """The partnership's outcome with ``outcome_id``; raises ``NotFound``."""
    outcome = session.get(Outcome, outcome_id)
    if outcome is None or outcome.partnership_id != partnership_id:
        raise NotFound(f"No outcome {outcome_id}")
    return outcome


def get_outcome_by_key_or_none(
    *, session: Session, key: str, partnership_id: str
) -> Outcome | None:
    """The partnership's outcome whose key is ``key``, if any."""
    query = select(Outcome).where(Outcome.partnership_id == partnership_id, Outcome.key == key)
    return session.scalars(query).first()


def list_outcomes(*, session: Session, partnership_id: str) -> list[Outcome]:
    """The partnership's outcomes, in the order it set."""
    query = select(Outcome).where(Outcome.partnership_id == partnership_id)
    return list(session.scalars(query.order_by(Outcome.position, Outcome.key, Outcome.id)))


def update_object(*, session: Session, obj: Outcome | Measure | Action, **fields: Any) -> None:
    """Change fields of an outcome, measure or action (never the partnership it belongs to)."""
    if "partnership_id" in fields or "id" in fields:
        raise ValueError("An item's partnership and id cannot be changed")
    if isinstance(obj, Measure) and fields.get("outcome_id"):
        get_outcome(
            session=session, outcome_id=fields["outcome_id"], partnership_id=obj.partnership_id
        )
    for name, value in fields.items():
        setattr(obj, name, value)
    session.flush()


def framework_is_empty(*, session: Session, partnership_id: str) -> bool:
    """True when the partnership has no outcome or measure yet."""
    query = (
        select(func.count()).select_from(Measure).where(Measure.partnership_id == partnership_id)
    )
    count = session.scalar(query) or 0
    return count == 0 and not list_outcomes(session=session, partnership_id=partnership_id)


# --- measures -------------------------------------------------------------------------------


def create_measure(
    *, session: Session, partnership_id: str, key: str, name: str, **fields: Any
) -> Measure:
    """Add an indicator or performance measure to a partnership's framework (its outcome, if
    any, must be the partnership's own: ``NotFound`` otherwise)."""
    if fields.get("outcome_id"):
        get_outcome(session=session, outcome_id=fields["outcome_id"], partnership_id=partnership_id)
    measure = Measure(partnership_id=partnership_id, key=key, name=name, **fields)
    session.add(measure)
    session.flush()
    return measure


def get_measure(*, session: Session, measure_id: str, partnership_id: str) -> Measure:
    """The partnership's measure with ``measure_id``; raises ``NotFound``."""
    measure = session.get(Measure, measure_id)
    if measure is None or measure.partnership_id != partnership_id:
        raise NotFound(f"No measure {measure_id}")
    return measure


def get_measure_by_key_or_none(
    *, session: Session, key: str, partnership_id: str
) -> Measure | None:
    """The partnership's measure whose key is ``key``, if any."""
    query = select(Measure).where(Measure.partnership_id == partnership_id, Measure.key == key)
    return session.scalars(query).first()


def list_measures(
    *, session: Session, partnership_id: str, level: str | None = None
) -> list[Measure]:
    """The partnership's measures (of ``level`` when given), in framework order."""
    query = (
        select(Measure)
        .where(Measure.partnership_id == partnership_id)
        .order_by(Measure.position, Measure.key, Measure.id)
    )
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
    *, session: Session, measure: Measure, new: NewValue, entered_by: str,
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
        partnership_id=measure.partnership_id, measure_id=measure.id, period=period.code,
        period_index=period.index, value=new.value, numerator=new.numerator,
        denominator=new.denominator, note=new.note, entered_by=entered_by, entered_at_utc=now,
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


def current_values(
    *, session: Session, measure_ids: Sequence[str] | None = None, partnership_id: str
) -> pl.DataFrame:
    """The partnership's current (not superseded) values as a frame, by measure then period."""
    query = select(*[getattr(MeasureValue, c) for c in VALUE_COLUMNS]).where(
        MeasureValue.partnership_id == partnership_id, MeasureValue.superseded_at_utc.is_(None)
    )
    if measure_ids is not None:
        query = query.where(MeasureValue.measure_id.in_(list(measure_ids)))
    rows = session.execute(query.order_by(MeasureValue.measure_id, MeasureValue.period_index))
    return pl.DataFrame([tuple(r) for r in rows], schema=VALUE_COLUMNS, orient="row")


def recent_values(*, session: Session, partnership_id: str, periods_kept: int) -> pl.DataFrame:
    """Each of the partnership's measures' current values for its latest ``periods_kept``
    periods (what a scorecard row needs: the sparkline and the baseline), by measure then
    period."""
    current = (MeasureValue.partnership_id == partnership_id) & MeasureValue.superseded_at_utc.is_(
        None
    )
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


def value_history(*, session: Session, measure_id: str, partnership_id: str) -> list[MeasureValue]:
    """Every value ever recorded for a measure, superseded ones included, newest entry first."""
    query = (
        select(MeasureValue)
        .where(MeasureValue.partnership_id == partnership_id, MeasureValue.measure_id == measure_id)
        .order_by(MeasureValue.period_index.desc(), MeasureValue.entered_at_utc.desc(),
                  MeasureValue.id)
    )  # fmt: skip
    return list(session.scalars(query))


# --- targets -------------------------------------------------------------------------------


def set_target(*, session: Session, measure: Measure, period: str, value: float) -> Target:
    """Set (or change) the target for one period."""
    parsed = periods.parse(period, measure.frequency)
    query = select(Target).where(Target.measure_id == measure.id, Target.period == parsed.code)
    target = session.scalars(query).first()
    if target is None:
        target = Target(
            partnership_id=measure.partnership_id, measure_id=measure.id, period=parsed.code,
            period_index=parsed.index,
        )  # fmt: skip
        session.add(target)
    target.value = value
    session.flush()
    return target


def list_targets(
    *, session: Session, measure_ids: Sequence[str] | None = None, partnership_id: str
) -> list[Target]:
    """The partnership's targets by measure then period."""
    query = (
        select(Target)
        .where(Target.partnership_id == partnership_id)
        .order_by(Target.measure_id, Target.period_index, Target.id)
    )
    if measure_ids is not None:
        query = query.where(Target.measure_id.in_(list(measure_ids)))
    return list(session.scalars(query))


# --- notes ----------------------------------------------------------------------------------


def save_note(
    *, session: Session, measure: Measure, section: str, body: str, author: str,
    now: datetime | None = None,
) -> NoteVersion:  # fmt: skip
    """Save a new version of a turn-the-curve section (earlier versions stay)."""
    latest = session.scalar(
        select(func.max(NoteVersion.version)).where(
            NoteVersion.measure_id == measure.id, NoteVersion.section == section
        )
    )
    note = NoteVersion(
        partnership_id=measure.partnership_id, measure_id=measure.id, section=section,
        version=(latest or 0) + 1, body=body, author=author, saved_at_utc=now or _now(),
    )  # fmt: skip
    session.add(note)
    session.flush()
    return note


def list_note_versions(
    *, session: Session, measure_ids: Sequence[str] | None = None, partnership_id: str
) -> list[NoteVersion]:
    """The partnership's note versions, by measure, section, then version (oldest first)."""
    query = (
        select(NoteVersion)
        .where(NoteVersion.partnership_id == partnership_id)
        .order_by(NoteVersion.measure_id, NoteVersion.section, NoteVersion.version, NoteVersion.id)
    )
    if measure_ids is not None:
        query = query.where(NoteVersion.measure_id.in_(list(measure_ids)))
    return list(session.scalars(query))


def current_notes(
    *, session: Session, measure_id: str, partnership_id: str
) -> dict[str, NoteVersion]:
    """The newest version of each section of a measure's notes."""
    versions = list_note_versions(
        session=session, measure_ids=[measure_id], partnership_id=partnership_id
    )
    return {n.section: n for n in versions}


def last_note_saves(*, session: Session, partnership_id: str) -> dict[str, datetime]:
    """When each of the partnership's measures' notes were last saved."""
    query = (
        select(NoteVersion.measure_id, func.max(NoteVersion.saved_at_utc))
        .where(NoteVersion.partnership_id == partnership_id)
        .group_by(NoteVersion.measure_id)
    )
    return {m: _aware(at) for m, at in session.execute(query)}


def data_version(*, session: Session, partnership_id: str) -> tuple[object, ...]:
    """A cheap fingerprint of a partnership's rows in every outcomes table: row count and
    newest change of each.

    Any insert, correction, edit or delete changes it, so a cached scorecard keyed on it is
    never stale. One statement, whatever the size of the framework, built once per process
    (many pages ask for it on every request).
    """
    rows = session.execute(_data_version_statement(), {"partnership_id": partnership_id}).all()
    return tuple((int(count), str(at)) for _, count, at in sorted(rows, key=lambda r: r[0]))


@cache
def _data_version_statement() -> CompoundSelect[Any]:
    tables: tuple[type[Outcome | Measure | MeasureValue | Target | NoteVersion | Action
                       | ActionUpdate | Quote], ...] = (
        Outcome, Measure, MeasureValue, Target, NoteVersion, Action, ActionUpdate, Quote,
    )  # fmt: skip
    wanted: BindParameter[str] = bindparam("partnership_id")
    parts = [
        select(literal(i), func.count(), func.max(model.updated_at_utc))
        .select_from(model)
        .where(model.partnership_id == wanted)
        for i, model in enumerate(tables)
    ]
    return union_all(*parts)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


# --- actions and quotes ---------------------------------------------------------------------


def create_action(
    *, session: Session, measure: Measure, key: str, title: str, **fields: Any
) -> Action:
    """Add an action to a measure's plan."""
    action = Action(
        partnership_id=measure.partnership_id, measure_id=measure.id, key=key, title=title,
        **fields,
    )  # fmt: skip
    session.add(action)
    session.flush()
    return action


def get_action(*, session: Session, action_id: str, partnership_id: str) -> Action:
    """The partnership's action with ``action_id``; raises ``NotFound``."""
    action = session.get(Action, action_id)
    if action is None or action.partnership_id != partnership_id:
        raise NotFound(f"No action {action_id}")
    return action


def list_actions(
    *, session: Session, measure_ids: Sequence[str] | None = None, partnership_id: str
) -> list[Action]:
    """The partnership's actions by measure, then due date, then title."""
    query = (
        select(Action)
        .where(Action.partnership_id == partnership_id)
        .order_by(Action.measure_id, Action.due_on, Action.title, Action.id)
    )
    if measure_ids is not None:
        query = query.where(Action.measure_id.in_(list(measure_ids)))
    return list(session.scalars(query))


def add_action_update(
    *, session: Session, action: Action, on: date, text: str, author: str, status: str | None = None
) -> ActionUpdate:
    """Record dated progress on an action (and optionally its new status)."""
    update = ActionUpdate(
        partnership_id=action.partnership_id, action_id=action.id, on=on, text=text, author=author
    )
    session.add(update)
    if status is not None:
        action.status = status
    session.flush()
    session.refresh(action, ["updates"])
    return update


def create_quote(*, session: Session, outcome: Outcome, text: str, **fields: Any) -> Quote:
    """Keep something a child, young person or parent said as evidence for an outcome."""
    quote = Quote(partnership_id=outcome.partnership_id, outcome_id=outcome.id, text=text, **fields)
    session.add(quote)
    session.flush()
    return quote


def list_quotes(*, session: Session, partnership_id: str) -> list[Quote]:
    """The partnership's quotes, by outcome then date."""
    query = (
        select(Quote)
        .where(Quote.partnership_id == partnership_id)
        .order_by(Quote.outcome_id, Quote.collected_on, Quote.id)
    )
    return list(session.scalars(query))
