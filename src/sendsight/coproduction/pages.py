"""What the co-production pages show, worked out here so the views stay thin.

Counts of people who took part pass through ``sendsight.disclosure`` for anyone without
case-level access, and always on the public page: a count of 1 to 4 is shown as ``c``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from sendsight.coproduction import metrics, queries, vocab
from sendsight.coproduction.models import EngagementActivity, SaidItem
from sendsight.coproduction.records import ActivityRecord, CountKey, split_list
from sendsight.disclosure import CASE_LEVEL, PROTECTED, Protected, protect_count, protect_table
from sendsight.outcomes import queries as outcomes


def shown(n: int, *, case_level: bool) -> Protected:
    """A count of people as it may be shown to this reader (through the reader's viewpoint)."""
    return (CASE_LEVEL if case_level else PROTECTED).count(n)


@dataclass(frozen=True, slots=True)
class LogRow:
    """One activity in the log."""

    activity: EngagementActivity
    parents: Protected
    young_people: Protected
    heard: int
    answered: int


def log_rows(session: Session, *, partnership_id: str, case_level: bool) -> list[LogRow]:
    """Every activity, newest first, with who took part and how many items have a response."""
    rows = []
    for activity, record in queries.list_activity_records(
        session=session, partnership_id=partnership_id
    ):
        rows.append(
            LogRow(
                activity,
                shown(record.counts.get(("parents_carers", "all"), 0), case_level=case_level),
                shown(metrics.young_people(record.counts), case_level=case_level),
                len(activity.themes),
                sum(t.response_kind is not None for t in activity.themes),
            )
        )
    return rows


def count_table(activity: EngagementActivity, *, case_level: bool) -> list[tuple[str, str, str]]:
    """Who took part: (group, category, count as shown), in the vocabulary's group order."""
    counts = {(c.group, c.category): c.count for c in activity.counts}
    return group_rows(counts, case_level=case_level)


def group_rows(counts: dict[CountKey, int], *, case_level: bool) -> list[tuple[str, str, str]]:
    """Counts by group and category as (group, category, count as shown). For readers without
    case-level access each group's cells are protected together, with the group's total taken
    as known (it can be read elsewhere, as the log's totals), so no hidden cell can be worked
    out from the others."""
    rows = []
    for group in vocab.GROUPS:
        cut = sorted((c, n) for (g, c), n in counts.items() if g == group)
        if cut:
            shown_cut = [str(n) for _, n in cut] if case_level else _protected_cut(cut)
            rows += [
                (vocab.GROUPS[group], _category(group, c), text)
                for (c, _), text in zip(cut, shown_cut, strict=True)
            ]
    return rows


def _protected_cut(cut: list[tuple[str, int]]) -> list[str]:
    table = protect_table([[n for _, n in cut]], row_margins={"Row 1": sum(n for _, n in cut)})
    return [str(table.cell("Row 1", f"Column {i + 1}")) for i in range(len(cut))]


def adjustment_text(activity: EngagementActivity) -> str:
    """The activity's accessibility adjustments in words, separated by commas."""
    return ", ".join(vocab.ADJUSTMENTS.get(a, a) for a in split_list(activity.adjustments))


def _category(group: str, category: str) -> str:
    if group == "need":
        return vocab.NEEDS.get(category, category)
    return "All" if group == "parents_carers" else category


def links(session: Session, *, partnership_id: str) -> tuple[dict[str, str], dict[str, str]]:
    """The partnership's measures and actions by id → name, for linking items to them."""
    measures = {
        m.id: m.name for m in outcomes.list_measures(session=session, partnership_id=partnership_id)
    }
    actions = {
        a.id: a.title for a in outcomes.list_actions(session=session, partnership_id=partnership_id)
    }
    return measures, actions


@dataclass(frozen=True, slots=True)
class PublicItem:
    """One published "you said, we did" line."""

    topic: str
    heard_on: date
    activity: str
    said: str
    kind: str
    response: str
    will_by_on: date | None
    published_on: date


@dataclass(slots=True)
class TopicSummary:
    """Per topic: how many items were heard and answered each way, and who took part."""

    topic: str
    heard: int = 0
    kinds: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    people: int = 0


@dataclass(frozen=True, slots=True)
class PublicPage:
    """The public page: topics with a published response, the items shown (of one topic when
    chosen) and, per topic, the summary row."""

    topics: list[str]
    items: list[PublicItem]
    summaries: list[tuple[str, int, dict[str, int], Protected]]


def public_page(
    session: Session, *, partnership_id: str, today: date, topic: str | None = None
) -> PublicPage:
    """Every response published by ``today`` (of ``topic`` when given), newest activity first,
    with the per-topic summaries (people taking part protected)."""
    loaded = queries.list_activity_records(session=session, partnership_id=partnership_id)
    every = [_public(a, i) for a, _ in loaded for i in a.themes if _published(i, today)]
    return PublicPage(
        sorted({i.topic for i in every}),
        [i for i in every if topic is None or i.topic == topic],
        _summaries(loaded, today),
    )


def public_items(session: Session, *, partnership_id: str, today: date) -> list[PublicItem]:
    """Every response published by ``today``, newest activity first (for the CSV)."""
    return [
        _public(activity, item)
        for activity in queries.list_activities(session=session, partnership_id=partnership_id)
        for item in activity.themes
        if _published(item, today)
    ]


def _published(item: SaidItem, today: date) -> bool:
    return (
        item.response_kind is not None
        and item.published_on is not None
        and (item.published_on <= today)
    )


def _public(activity: EngagementActivity, item: SaidItem) -> PublicItem:
    assert item.response_kind is not None and item.published_on is not None
    return PublicItem(
        item.topic,
        activity.held_on,
        activity.title,
        item.said,
        vocab.RESPONSES[item.response_kind],
        item.response,
        item.will_by_on,
        item.published_on,
    )


def _summaries(
    loaded: list[tuple[EngagementActivity, ActivityRecord]], today: date
) -> list[tuple[str, int, dict[str, int], Protected]]:
    summaries: dict[str, TopicSummary] = {}
    for activity, record in loaded:
        published = [t for t in activity.themes if _published(t, today)]
        people = record.counts.get(("parents_carers", "all"), 0) + metrics.young_people(
            record.counts
        )
        for topic in {t.topic for t in published}:
            summaries.setdefault(topic, TopicSummary(topic)).people += people
        for item in published:
            summaries[item.topic].heard += 1
            summaries[item.topic].kinds[str(item.response_kind)] += 1
    return [
        (s.topic, s.heard, dict(s.kinds), protect_count(s.people))
        for s in sorted(summaries.values(), key=lambda s: s.topic)
    ]


def public_csv_rows(items: list[PublicItem]) -> list[list[object]]:
    """The public page's items as CSV rows (no counts of people: nothing to suppress)."""
    return [
        [
            i.topic,
            i.heard_on.isoformat(),
            i.activity,
            i.said,
            i.kind,
            i.response,
            i.will_by_on.isoformat() if i.will_by_on else "",
            i.published_on.isoformat(),
        ]
        for i in items
    ]


PUBLIC_CSV_HEADER = (
    "topic",
    "heard_on",
    "activity",
    "you_said",
    "response_kind",
    "response",
    "will_by_on",
    "published_on",
)


@dataclass(frozen=True, slots=True)
class Coverage:
    """Who took part in the last twelve months, and who did not."""

    since: date
    totals: list[tuple[str, str, str]]
    gaps: list[metrics.Gap]
    activities: int


def coverage(session: Session, *, partnership_id: str, today: date, case_level: bool) -> Coverage:
    """People taking part by group in the twelve months to ``today``, and coverage gaps."""
    since = today - timedelta(days=365)
    every = [
        r for _, r in queries.list_activity_records(session=session, partnership_id=partnership_id)
    ]
    recent = [a for a in every if since <= a.held_on <= today]
    return Coverage(
        since,
        group_rows(metrics.totals_by_group(recent), case_level=case_level),
        metrics.coverage_gaps(every, today=today),
        len(recent),
    )


GAP_KINDS = {**vocab.GROUPS, "partner": "Partner organisations"}
