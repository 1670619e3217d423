"""The only place the co-production tables are read or written. Every function names the
partnership (ADR 0602): another partnership's activity or item is ``NotFound``."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from sendsight.coproduction.models import EngagementActivity, EngagementCount, SaidItem
from sendsight.coproduction.records import (
    ActivityRecord,
    CountKey,
    ThemeRecord,
    join_list,
    split_list,
)
from sendsight.core.errors import NotFound

THEME_FIELDS = tuple(f.name for f in fields(ThemeRecord))


@dataclass(slots=True)
class Saved:
    """What storing activities changed (all zero when the same file is imported again)."""

    activities_added: int = 0
    activities_changed: int = 0
    items_added: int = 0
    items_changed: int = 0

    @property
    def changed(self) -> bool:
        """Whether anything was written."""
        return any(
            (self.activities_added, self.activities_changed, self.items_added, self.items_changed)
        )


def get_activity(*, session: Session, activity_id: str, partnership_id: str) -> EngagementActivity:
    """The partnership's activity with ``activity_id``; raises ``NotFound``."""
    found = session.get(EngagementActivity, activity_id)
    if found is None or found.partnership_id != partnership_id:
        raise NotFound(f"No activity {activity_id}")
    return found


def get_activity_by_key_or_none(
    *, session: Session, key: str, partnership_id: str
) -> EngagementActivity | None:
    """The partnership's activity whose reference is ``key``, if any."""
    query = select(EngagementActivity).where(
        EngagementActivity.partnership_id == partnership_id, EngagementActivity.key == key
    )
    return session.scalars(query).first()


def list_activities(
    *, session: Session, partnership_id: str, since: date | None = None
) -> list[EngagementActivity]:
    """The partnership's activities (held on or after ``since``), newest first, with their
    counts and items loaded."""
    query = select(EngagementActivity).where(EngagementActivity.partnership_id == partnership_id)
    if since is not None:
        query = query.where(EngagementActivity.held_on >= since)
    query = query.options(
        selectinload(EngagementActivity.counts), selectinload(EngagementActivity.themes)
    )
    return list(
        session.scalars(
            query.order_by(
                EngagementActivity.held_on.desc(), EngagementActivity.key, EngagementActivity.id
            )
        )
    )


def get_theme(*, session: Session, theme_id: str, partnership_id: str) -> SaidItem:
    """The partnership's "you said" item with ``theme_id``; raises ``NotFound``."""
    found = session.get(SaidItem, theme_id)
    if found is None or found.partnership_id != partnership_id:
        raise NotFound(f"No item {theme_id}")
    return found


def list_themes_for_measure(
    *, session: Session, partnership_id: str, measure_id: str
) -> list[SaidItem]:
    """The partnership's items linked to a measure, oldest activity first."""
    query = (
        select(SaidItem)
        .join(EngagementActivity, SaidItem.activity_id == EngagementActivity.id)
        .where(SaidItem.partnership_id == partnership_id, SaidItem.measure_id == measure_id)
        .options(selectinload(SaidItem.activity))
        .order_by(EngagementActivity.held_on, SaidItem.key, SaidItem.id)
    )
    return list(session.scalars(query))


def save_activity(*, session: Session, record: ActivityRecord, partnership_id: str) -> Saved:
    """Add the activity, or bring the one with the same reference up to date with ``record``
    (its items are added or updated by reference; items not in ``record`` are kept)."""
    saved = Saved()
    activity = get_activity_by_key_or_none(
        session=session, key=record.key, partnership_id=partnership_id
    )
    if activity is None:
        activity = EngagementActivity(partnership_id=partnership_id, key=record.key)
        session.add(activity)
        saved.activities_added = 1
    if _set_activity(activity, record) and not saved.activities_added:
        saved.activities_changed = 1
    session.flush()
    if _set_counts(session, activity, record) and not saved.activities_added:
        saved.activities_changed = 1
    held = {t.key: t for t in activity.themes}
    for item in record.themes:
        theme = held.get(item.key)
        if theme is None:
            theme = SaidItem(partnership_id=partnership_id, activity_id=activity.id, key=item.key)
            session.add(theme)
            saved.items_added += 1
            update_theme(theme, item)
        elif update_theme(theme, item):
            saved.items_changed += 1
    session.flush()
    session.expire(activity, ["themes", "counts"])
    return saved


def _set_activity(activity: EngagementActivity, record: ActivityRecord) -> bool:
    wanted = {
        "held_on": record.held_on,
        "title": record.title,
        "method": record.method,
        "ladder_level": record.ladder_level,
        "coproduction_type": record.coproduction_type,
        "partners": join_list(record.partners),
        "adjustments": join_list(record.adjustments),
    }
    return _assign(activity, wanted)


def _set_counts(session: Session, activity: EngagementActivity, record: ActivityRecord) -> bool:
    held = {(c.group, c.category): c for c in activity.counts}
    if {k: c.count for k, c in held.items()} == record.counts:
        return False
    for key, row in held.items():
        if key not in record.counts:
            session.delete(row)
        else:
            row.count = record.counts[key]
    for (group, category), n in record.counts.items():
        if (group, category) not in held:
            session.add(
                EngagementCount(
                    partnership_id=activity.partnership_id,
                    activity_id=activity.id,
                    group=group,
                    category=category,
                    count=n,
                )
            )
    return True


def update_theme(theme: SaidItem, item: ThemeRecord) -> dict[str, tuple[object, object]]:
    """Set the item's fields from ``item``; returns what changed as field → (before, after)."""
    wanted = {name: getattr(item, name) for name in THEME_FIELDS if name != "key"}
    if item.action_id is None:
        wanted.pop("action_id")  # a file does not name actions: keep a link made on a page
    wanted["topic"], wanted["said"] = item.topic, item.said
    before = {name: getattr(theme, name, None) for name in wanted}
    _assign(theme, wanted)
    return {k: (before[k], v) for k, v in wanted.items() if before[k] != v}


def _assign(row: object, wanted: dict[str, object]) -> bool:
    changed = False
    for name, value in wanted.items():
        if getattr(row, name, None) != value:
            setattr(row, name, value)
            changed = True
    return changed


def theme_record(theme: SaidItem) -> ThemeRecord:
    """The item as a plain record (for the export and the response form)."""
    return ThemeRecord(**{name: getattr(theme, name) for name in THEME_FIELDS})


@dataclass(frozen=True, slots=True)
class Event:
    """A co-production event to mark on a measure's turn-the-curve chart: ``heard`` on the day
    of the activity where an item linked to the measure was said, ``responded`` on the day the
    response to it was published."""

    on: date
    kind: str
    label: str
    theme_id: str


def events_for_measure(*, session: Session, partnership_id: str, measure_id: str) -> list[Event]:
    """Every co-production event touching the partnership's measure, oldest first."""
    events: list[Event] = []
    for theme in list_themes_for_measure(
        session=session, partnership_id=partnership_id, measure_id=measure_id
    ):
        events.append(
            Event(
                theme.activity.held_on,
                "heard",
                f"You said: {theme.topic} ({theme.activity.title})",
                theme.id,
            )
        )
        if theme.published_on is not None:
            events.append(
                Event(theme.published_on, "responded", f"We responded: {theme.topic}", theme.id)
            )
    return sorted(events, key=lambda e: (e.on, e.kind, e.theme_id))


def counts_by_activity(*, session: Session, partnership_id: str) -> dict[str, dict[CountKey, int]]:
    """Every activity's counts of people by (group, category), read as plain rows."""
    query = select(
        EngagementCount.activity_id,
        EngagementCount.group,
        EngagementCount.category,
        EngagementCount.count,
    ).where(EngagementCount.partnership_id == partnership_id)
    found: dict[str, dict[CountKey, int]] = {}
    for activity_id, group, category, n in session.execute(query):
        found.setdefault(activity_id, {})[(group, category)] = n
    return found


def list_activity_records(
    *, session: Session, partnership_id: str
) -> list[tuple[EngagementActivity, ActivityRecord]]:
    """Every activity, newest first, with its plain record (counts and items)."""
    counts = counts_by_activity(session=session, partnership_id=partnership_id)
    return [
        (a, activity_record(a, counts.get(a.id, {})))
        for a in list_activities(session=session, partnership_id=partnership_id)
    ]


def activity_record(
    activity: EngagementActivity, counts: dict[CountKey, int] | None = None
) -> ActivityRecord:
    """The activity as a plain record, with its counts (read from the activity unless given)
    and items."""
    if counts is None:
        counts = {(c.group, c.category): c.count for c in activity.counts}
    return ActivityRecord(
        key=activity.key,
        held_on=activity.held_on,
        title=activity.title,
        method=activity.method,
        ladder_level=activity.ladder_level,
        coproduction_type=activity.coproduction_type,
        partners=split_list(activity.partners),
        adjustments=split_list(activity.adjustments),
        counts=dict(counts),
        themes=tuple(theme_record(t) for t in activity.themes),
    )


def pack_summary(*, session: Session, partnership_id: str, upto: date) -> list[dict[str, object]]:
    """Sentences on co-production for the board pack, data up to ``upto`` (``board.py``)."""
    from sendsight.coproduction import board

    return board.pack_summary(session=session, partnership_id=partnership_id, upto=upto)


def selfeval_evidence(*, session: Session, partnership_id: str) -> list[dict[str, object]]:
    """Co-production claims for the self-evaluation, by inspection area (``board.py``)."""
    from sendsight.coproduction import board

    return board.selfeval_evidence(session=session, partnership_id=partnership_id)
