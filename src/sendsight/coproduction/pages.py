"""What the co-production pages show, worked out here so the views stay thin.

Counts of people who took part pass through the reader's ``Viewpoint`` (``sendsight.disclosure``)
for anyone without case-level access, and always on the public page: a count below the configured
disclosure threshold is shown as ``c``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy.orm import Session

from sendsight.areas.context import statistics_version
from sendsight.coproduction import metrics, vocab
from sendsight.coproduction.models import EngagementActivity
from sendsight.coproduction.population import plans_by_need
from sendsight.coproduction.records import CountKey, ThemeRecord, split_list
from sendsight.coproduction.snapshot import LoggedActivity, log_key, logged, remembered
from sendsight.disclosure import Protected, Viewpoint, protect_table
from sendsight.outcomes import queries as outcomes


def public_viewpoint(viewpoint: Viewpoint) -> Viewpoint:
    """The viewpoint of the public page: the configured settings, never case-level."""
    return replace(viewpoint, case_level=False)


@dataclass(frozen=True, slots=True)
class LogRow:
    """One activity in the log."""

    activity: LoggedActivity
    parents: Protected
    young_people: Protected
    heard: int
    answered: int


def log_rows(session: Session, *, partnership_id: str, viewpoint: Viewpoint) -> list[LogRow]:
    """Every activity, newest first, with who took part and how many items have a response."""
    rows = []
    for activity in logged(session=session, partnership_id=partnership_id):
        record = activity.record
        rows.append(
            LogRow(
                activity,
                viewpoint.count(record.counts.get(("parents_carers", "all"), 0)),
                viewpoint.count(metrics.young_people(record.counts)),
                len(activity.themes),
                sum(t.response_kind is not None for t in activity.themes),
            )
        )
    return rows


def count_table(
    activity: EngagementActivity, *, viewpoint: Viewpoint
) -> list[tuple[str, str, str]]:
    """Who took part: (group, category, count as shown), in the vocabulary's group order."""
    counts = {(c.group, c.category): c.count for c in activity.counts}
    return group_rows(counts, viewpoint=viewpoint)


def group_rows(counts: dict[CountKey, int], *, viewpoint: Viewpoint) -> list[tuple[str, str, str]]:
    """Counts by group and category as (group, category, count as shown). For readers without
    case-level access each group's cells are protected together, with the group's total taken
    as known (it can be read elsewhere, as the log's totals), so no hidden cell can be worked
    out from the others."""
    rows = []
    for group in vocab.GROUPS:
        cut = sorted((c, n) for (g, c), n in counts.items() if g == group)
        if cut:
            shown_cut = (
                [str(n) for _, n in cut] if viewpoint.case_level else _protected_cut(cut, viewpoint)
            )
            rows += [
                (vocab.GROUPS[group], _category(group, c), text)
                for (c, _), text in zip(cut, shown_cut, strict=True)
            ]
    return rows


def _protected_cut(cut: list[tuple[str, int]], viewpoint: Viewpoint) -> list[str]:
    table = protect_table(
        [[n for _, n in cut]],
        row_margins={"Row 1": sum(n for _, n in cut)},
        threshold=viewpoint.threshold,
        round_to=viewpoint.round_to,
    )
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
    session: Session,
    *,
    partnership_id: str,
    today: date,
    viewpoint: Viewpoint,
    topic: str | None = None,
) -> PublicPage:
    """Every response published by ``today`` (of ``topic`` when given), newest activity first,
    with the per-topic summaries (people taking part protected with ``viewpoint``'s settings,
    whoever is reading)."""
    loaded = logged(session=session, partnership_id=partnership_id)
    every = [_public(a, i) for a in loaded for i in a.themes if _published(i, today)]
    return PublicPage(
        sorted({i.topic for i in every}),
        [i for i in every if topic is None or i.topic == topic],
        _summaries(loaded, today, public_viewpoint(viewpoint)),
    )


def public_items(session: Session, *, partnership_id: str, today: date) -> list[PublicItem]:
    """Every response published by ``today``, newest activity first (for the CSV)."""
    return [
        _public(activity, item)
        for activity in logged(session=session, partnership_id=partnership_id)
        for item in activity.themes
        if _published(item, today)
    ]


def _published(item: ThemeRecord, today: date) -> bool:
    return (
        item.response_kind is not None
        and item.published_on is not None
        and (item.published_on <= today)
    )


def _public(activity: LoggedActivity, item: ThemeRecord) -> PublicItem:
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
    loaded: tuple[LoggedActivity, ...], today: date, viewpoint: Viewpoint
) -> list[tuple[str, int, dict[str, int], Protected]]:
    summaries: dict[str, TopicSummary] = {}
    for activity in loaded:
        record = activity.record
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
        (s.topic, s.heard, dict(s.kinds), viewpoint.count(s.people))
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
class NeedRow:
    """One primary need: children and young people taking part in the last twelve months (as
    this reader may see them), their share of everyone whose need was recorded, the EHC plans
    for the need and its share of all plans, and those taking part per 100 plans."""

    need: str
    label: str
    taking_part: Protected
    share_taking_part: Protected
    plans: int
    share_plans: float | None
    per_100_plans: Protected

    @property
    def gap(self) -> bool:
        """Nobody with this need took part in the twelve months."""
        return self.taking_part.value == 0


@dataclass(frozen=True, slots=True)
class Coverage:
    """Who took part in the last twelve months, and who did not."""

    since: date
    totals: list[tuple[str, str, str]]
    gaps: list[metrics.Gap]
    activities: int
    by_need: list[NeedRow]
    plans_year: int | None
    threshold: int

    @property
    def need_gaps(self) -> list[NeedRow]:
        """Primary needs with no participation in the twelve months."""
        return [row for row in self.by_need if row.gap]


def coverage(
    session: Session, *, partnership_id: str, today: date, viewpoint: Viewpoint
) -> Coverage:
    """People taking part by group in the twelve months to ``today``, coverage gaps, and reach
    by primary need against the EHC plans by primary need in the partnership's LAs."""
    la_codes = _la_codes(session, partnership_id)
    key = ("coverage", *log_key(session, partnership_id), today, viewpoint, tuple(la_codes))
    return remembered(
        (*key, statistics_version(session)),
        lambda: _coverage(session, partnership_id, today, viewpoint, la_codes),
    )


def _coverage(
    session: Session, partnership_id: str, today: date, viewpoint: Viewpoint, la_codes: list[str]
) -> Coverage:
    since = today - timedelta(days=365)
    every = [a.record for a in logged(session=session, partnership_id=partnership_id)]
    recent = [a for a in every if since <= a.held_on <= today]
    population = plans_by_need(session, la_codes)
    return Coverage(
        since,
        group_rows(metrics.totals_by_group(recent), viewpoint=viewpoint),
        metrics.coverage_gaps(every, today=today),
        len(recent),
        need_rows(metrics.reach_by_need(recent, population.plans), viewpoint=viewpoint),
        population.year,
        viewpoint.threshold,
    )


def _la_codes(session: Session, partnership_id: str) -> list[str]:
    from sendsight.access.models import Partnership

    found = session.get(Partnership, partnership_id)
    return list(found.la_codes or []) if found is not None else []


def need_rows(reach: list[metrics.NeedReach], *, viewpoint: Viewpoint) -> list[NeedRow]:
    """Reach by need as this reader may see it: counts and the rates built on them protected."""
    told = sum(r.taking_part for r in reach)
    plans = sum(r.plans for r in reach)
    return [
        NeedRow(
            r.need,
            vocab.NEEDS[r.need],
            viewpoint.count(r.taking_part),
            viewpoint.rate(r.taking_part, told),
            r.plans,
            round(100.0 * r.plans / plans, 1) if plans else None,
            viewpoint.rate(r.taking_part, r.plans),
        )
        for r in reach
    ]


NEED_CSV_HEADER = (
    "need",
    "need_label",
    "taking_part_12_months",
    "pct_of_taking_part",
    "ehc_plans",
    "pct_of_ehc_plans",
    "taking_part_per_100_plans",
)


def need_csv_rows(found: Coverage) -> list[list[object]]:
    """Reach by need as CSV rows (protected cells as their symbols)."""
    return [
        [
            r.need,
            r.label,
            str(r.taking_part),
            str(r.share_taking_part),
            r.plans,
            "" if r.share_plans is None else r.share_plans,
            str(r.per_100_plans),
        ]
        for r in found.by_need
    ]


GAP_KINDS = {**vocab.GROUPS, "partner": "Partner organisations"}
