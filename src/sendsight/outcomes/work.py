"""One organisation's outcomes work as at a day: what the signed-in home page lists.

An organisation **owns** the measures whose ``owner_organisation_id`` is its own, and the
actions and notes that hang off them (the same rule that lets it edit them, ADR 0003).

- An action is **due** when it is still open and its due date is within ``DUE_SOON_DAYS``;
  **overdue** once that date has passed.
- A measure is **due an update** when someone enters its values (by hand or from a survey, not
  a published statistic or case records) and its next update date is within ``DUE_SOON_DAYS``
  (overdue once passed), or its latest value is out of date (``periods.is_stale``; overdue).
- A measure's notes are **due a review** when they were last saved more than six months ago
  (``scorecard.NOTES_FRESH_DAYS``, the scorecard's "reviewed in the last 6 months").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Final

from sqlalchemy.orm import Session

from sendsight.outcomes import periods, queries
from sendsight.outcomes.models import Action, Measure
from sendsight.outcomes.scorecard import NOTES_FRESH_DAYS
from sendsight.outcomes.vocab import OPEN_STATUSES, SourceKind

DUE_SOON_DAYS: Final = 28
ENTERED_BY_PEOPLE: Final = frozenset({SourceKind.MANUAL, SourceKind.SURVEY})


@dataclass(frozen=True, slots=True)
class Item:
    """One piece of work: what, on which measure, by when, and whether it is late."""

    what: str
    measure_id: str
    measure_name: str
    due_on: date | None
    overdue: bool
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Work:
    """An organisation's actions due, measures due an update and notes due a review."""

    actions: list[Item] = field(default_factory=list)
    measures: list[Item] = field(default_factory=list)
    notes: list[Item] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing is due."""
        return not (self.actions or self.measures or self.notes)


def work_of(session: Session, *, partnership_id: str, organisation_id: str, today: date) -> Work:
    """The work of ``organisation_id`` in its partnership, overdue items first, then by date."""
    own = {"partnership_id": partnership_id}
    measures = [
        m
        for m in queries.list_measures(session=session, **own)
        if m.owner_organisation_id == organisation_id
    ]
    if not measures:
        return Work()
    ids = [m.id for m in measures]
    by_id = {m.id: m for m in measures}
    actions = queries.list_actions(session=session, measure_ids=ids, **own)
    latest = _latest_periods(session, partnership_id, ids)
    saved = queries.last_note_saves(session=session, **own)
    return Work(
        actions=_ordered(i for a in actions if (i := _action(a, by_id[a.measure_id], today))),
        measures=_ordered(i for m in measures if (i := _update(m, latest.get(m.id), today))),
        notes=_ordered(i for m in measures if (i := _notes(m, saved.get(m.id), today))),
    )


def _ordered(items: Iterable[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (not i.overdue, i.due_on or date.min, i.what))


def _latest_periods(session: Session, partnership_id: str, ids: list[str]) -> dict[str, int]:
    """Each measure's latest period index (measures with no value are missing)."""
    values = queries.recent_values(session=session, partnership_id=partnership_id, periods_kept=1)
    wanted = set(ids)
    return {
        str(measure_id): int(index)
        for measure_id, index in values.select("measure_id", "period_index").iter_rows()
        if measure_id in wanted
    }


def _action(action: Action, measure: Measure, today: date) -> Item | None:
    if action.status not in OPEN_STATUSES or action.due_on is None:
        return None
    if action.due_on > today + timedelta(days=DUE_SOON_DAYS):
        return None
    return Item(
        action.title,
        measure.id,
        measure.name,
        action.due_on,
        action.due_on < today,
        action.owner_person,
    )


def _update(measure: Measure, latest_index: int | None, today: date) -> Item | None:
    if measure.source_kind not in ENTERED_BY_PEOPLE:
        return None
    latest = None if latest_index is None else periods.from_index(latest_index, measure.frequency)
    if periods.is_stale(latest, today):
        shown = "no value yet" if latest is None else f"latest value is for {latest.code}"
        return Item(
            measure.name,
            measure.id,
            measure.name,
            measure.next_update_on,
            True,
            f"Out of date: {shown}",
        )
    due = measure.next_update_on
    if due is None or due > today + timedelta(days=DUE_SOON_DAYS):
        return None
    return Item(measure.name, measure.id, measure.name, due, due < today, "Next update")


def _notes(measure: Measure, saved: datetime | None, today: date) -> Item | None:
    if saved is None:  # never written: nothing to review
        return None
    saved_on = saved.astimezone(UTC).date()
    if saved_on >= today - timedelta(days=NOTES_FRESH_DAYS):
        return None
    detail = f"Last saved {saved_on.isoformat()}"
    return Item(measure.name, measure.id, measure.name, None, False, detail)
