"""The alliance scorecard: one row per indicator or measure, with its judgements.

Built from a handful of bulk queries so the page costs the same however long the history is.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import polars as pl
from sqlalchemy.orm import Session

from sendsight.areas.context import statistics_version
from sendsight.disclosure.viewpoint import PROTECTED, Viewpoint
from sendsight.outcomes import display, periods, queries, status
from sendsight.outcomes.baseline import Baseline, BaselineProvider, baseline_before, trend_baseline
from sendsight.outcomes.forecast_baseline import provider_for
from sendsight.outcomes.models import Action, Measure, Outcome, Target
from sendsight.outcomes.published import Published, published_series
from sendsight.outcomes.vocab import OPEN_STATUSES

NOTES_FRESH_DAYS = 183  # "reviewed in the last 6 months"
SPARK_POINTS = 12


@dataclass(frozen=True, slots=True)
class MeasureView:
    """A measure's fields, detached from the database session (safe to cache and share)."""

    id: str
    key: str
    outcome_id: str | None
    level: str
    kind: str | None
    service: str
    name: str
    definition: str
    unit: str
    decimals: int
    polarity: str
    frequency: str
    source: str
    source_kind: str
    source_key: str | None
    la_code: str | None
    survey_question: str | None
    is_demonstration: bool
    owner_organisation: str
    owner_organisation_id: str | None
    last_updated_on: date | None
    next_update_on: date | None
    position: int

    @classmethod
    def of(cls, measure: Measure) -> MeasureView:
        """The view of ``measure``."""
        return cls(**{f: getattr(measure, f) for f in cls.__slots__})


@dataclass(frozen=True, slots=True)
class OutcomeView:
    """An outcome's fields, detached from the database session."""

    id: str
    key: str
    statement: str
    description: str
    theme: str
    coproduced_with: str
    coproduced_on: date | None
    position: int

    @classmethod
    def of(cls, outcome: Outcome) -> OutcomeView:
        """The view of ``outcome``."""
        return cls(**{f: getattr(outcome, f) for f in cls.__slots__})


@dataclass(frozen=True, slots=True)
class Row:
    """One scorecard line. ``shown`` is the latest value after disclosure control.

    For a published statistic, ``quartile_band`` (A best to D), ``band_text``,
    ``rank_sentence`` and ``sn_sentence`` place the area among all local authorities and its
    statistical neighbours.
    """

    measure: MeasureView
    latest_period: str | None
    latest_label: str | None
    latest: float | None
    shown: str
    trend: status.Trend | None
    target: float | None
    target_rag: status.Rag
    baseline: Baseline | None
    baseline_rag: status.Rag
    england: float | None
    sn_median: float | None
    quartile_band: str | None
    band_text: str
    rank_sentence: str
    sn_sentence: str
    spark: tuple[float | None, ...]
    stale: bool
    notes_fresh: bool
    open_actions: int
    overdue_actions: int


@dataclass(frozen=True, slots=True)
class Group:
    """An outcome with its indicators and the performance measures linked to it."""

    outcome: OutcomeView | None
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Health:
    """Accountability health: shares (0 to 1) of measures meeting each good habit."""

    measures: int
    up_to_date: float
    with_forecast: float
    notes_reviewed: float
    trending_right_way: float


@dataclass(frozen=True, slots=True)
class Context:
    """Everything loaded once for a scorecard; ``published`` holds the series of measures wired
    to a published statistic, by measure id."""

    values: pl.DataFrame
    targets: dict[tuple[str, int], float]
    note_saves: dict[str, datetime]
    actions: dict[str, list[Action]]
    published: dict[str, Published]


def load_context(
    session: Session, measures: list[Measure], *, partnership_id: str,
    periods_kept: int | None = None, only_these: bool = False,
) -> Context:  # fmt: skip
    """Bulk-load the partnership's values (all, or each measure's latest ``periods_kept``),
    targets, note dates and actions (one query per table), and the published series of
    statistic measures."""
    ids = [m.id for m in measures] if only_these else None
    own = {"partnership_id": partnership_id}
    targets: list[Target] = queries.list_targets(session=session, measure_ids=ids, **own)
    actions: dict[str, list[Action]] = defaultdict(list)
    for action in queries.list_actions(session=session, measure_ids=ids, **own):
        actions[action.measure_id].append(action)
    values = (
        queries.current_values(session=session, measure_ids=ids, **own) if periods_kept is None
        else queries.recent_values(session=session, periods_kept=periods_kept, **own)
    )  # fmt: skip
    return Context(
        values=values,
        targets={(t.measure_id, t.period_index): t.value for t in targets},
        note_saves=queries.last_note_saves(session=session, **own),
        actions=actions,
        published=_published(session, measures),
    )


def _published(session: Session, measures: list[Measure]) -> dict[str, Published]:
    found: dict[str, Published] = {}
    for m in measures:
        if m.source_kind == "dfe_statistic" and m.source_key and m.la_code:
            series = published_series(
                session, measure_id=m.id, indicator_id=m.source_key, la_code=m.la_code
            )
            if series is not None:
                found[m.id] = series
    return found


def history_of(measure: MeasureView, histories: dict[str, pl.DataFrame], context: Context
               ) -> pl.DataFrame:  # fmt: skip
    """A measure's values: from the statistics store when it is a published statistic."""
    published = context.published.get(measure.id)
    if published is not None:
        return published.values
    return histories.get(measure.id, _EMPTY)


def build_row(
    measure: MeasureView,
    history: pl.DataFrame,
    context: Context,
    *,
    today: date,
    viewpoint: Viewpoint = PROTECTED,
    provider: BaselineProvider | None = None,
) -> Row:
    """Judge one measure from its history (``period_index``, ``value``, ... sorted by period)."""
    make = provider or trend_baseline
    last = history.row(-1, named=True) if history.height else None
    prev = history.row(-2, named=True) if history.height > 1 else None
    latest = periods.from_index(last["period_index"], measure.frequency) if last else None
    latest_value = last["value"] if last else None
    target = context.targets.get((measure.id, latest.index)) if latest else None
    before = (
        baseline_before(history, latest.index, unit=measure.unit, provider=provider)
        if latest
        else None
    )
    published = context.published.get(measure.id)
    actions = context.actions.get(measure.id, [])
    return Row(
        measure=measure,
        latest_period=latest.code if latest else None,
        latest_label=periods.label(latest.code, measure.frequency) if latest else None,
        latest=latest_value,
        shown=_shown(measure, last, viewpoint, published),
        trend=status.trend(latest_value, prev["value"] if prev else None, measure.polarity),
        target=target,
        target_rag=status.against_target(latest_value, target, measure.polarity),
        baseline=display.shown_baseline(
            make(history, unit=measure.unit, horizon=3),
            unit=measure.unit,
            viewpoint=viewpoint,
        ),
        baseline_rag=status.against_baseline(
            latest_value,
            before.at(latest.index) if before and latest else None,
            measure.polarity,
            unit=measure.unit,
        ),  # fmt: skip
        england=published.england.get(latest.index) if published and latest else None,
        sn_median=published.sn_median.get(latest.index) if published and latest else None,
        quartile_band=published.band if published else None,
        band_text=published.band_text if published else "",
        rank_sentence=published.rank_sentence if published else "",
        sn_sentence=published.sn_sentence if published else "",
        spark=_spark(
            measure,
            history.tail(SPARK_POINTS),
            viewpoint.case_level or published is not None,
            viewpoint.threshold,
        ),
        stale=periods.is_stale(latest, today),
        notes_fresh=_notes_fresh(context.note_saves.get(measure.id), today),
        open_actions=sum(a.status in OPEN_STATUSES for a in actions),
        overdue_actions=sum(_overdue(a, today) for a in actions),
    )


def _shown(
    measure: MeasureView, last: dict[str, object] | None, viewpoint: Viewpoint,
    published: Published | None,
) -> str:  # fmt: skip
    if last is None:
        return "No data yet"
    if published is not None:  # already through disclosure control for published figures
        return published.shown.get(int(last["period_index"]), "x")  # type: ignore[call-overload]
    cell = display.protected(
        last["value"],  # type: ignore[arg-type]
        unit=measure.unit,
        decimals=measure.decimals,
        numerator=last["numerator"],  # type: ignore[arg-type]
        denominator=last["denominator"],  # type: ignore[arg-type]
        case_level=viewpoint.case_level,
        threshold=viewpoint.threshold,
    )
    return display.format_cell(cell, measure.unit)


def _spark(
    measure: MeasureView, recent: pl.DataFrame, case_level: bool, threshold: int
) -> tuple[float | None, ...]:
    """Sparkline points, with any figure disclosure control hides left as a gap."""
    cells = [
        display.protected(
            r["value"], unit=measure.unit, decimals=measure.decimals, numerator=r["numerator"],
            denominator=r["denominator"], case_level=case_level, threshold=threshold,
        )
        for r in recent.iter_rows(named=True)
    ]  # fmt: skip
    return tuple(c.value for c in cells)


def _notes_fresh(saved: datetime | None, today: date) -> bool:
    return saved is not None and saved.astimezone(UTC).date() >= today - timedelta(NOTES_FRESH_DAYS)


def _overdue(action: Action, today: date) -> bool:
    """Overdue: still open after its due date."""
    return action.status in OPEN_STATUSES and action.due_on is not None and action.due_on < today


def build_scorecard(
    session: Session,
    *,
    partnership_id: str,
    today: date,
    viewpoint: Viewpoint = PROTECTED,
    provider: BaselineProvider | None = None,
) -> list[Group]:
    """A partnership's whole scorecard: outcomes in order, each with its indicators then
    performance measures; measures not tied to an outcome come last in a group of their own.

    Built once per process for each partnership and its data version (see
    :func:`queries.data_version`), statistics version, day and disclosure mode: a scorecard
    costs one fingerprint query until something changes. ``provider`` (for tests and tools)
    bypasses the cache and makes every baseline.
    """
    if provider is not None:
        return _build(
            session, partnership_id=partnership_id, today=today, viewpoint=viewpoint,
            provider=provider,
        )  # fmt: skip
    key = (
        str(session.get_bind().engine.url), partnership_id,
        queries.data_version(session=session, partnership_id=partnership_id),
        statistics_version(session), today, viewpoint,
    )  # fmt: skip
    with _lock:
        if key in _cache:
            return _cache[key]
    # One build at a time: requests arriving together wait for the first build instead of
    # each making their own (the build is CPU-bound, so parallel builds only slow each other).
    with _build_lock:
        with _lock:
            if key in _cache:
                return _cache[key]
        groups = _build(
            session, partnership_id=partnership_id, today=today, viewpoint=viewpoint,
            provider=None,
        )  # fmt: skip
        with _lock:
            if len(_cache) >= _MAX_CACHED:
                _cache.clear()
            _cache[key] = groups
    return groups


_lock = threading.Lock()
_build_lock = threading.Lock()
_cache: dict[tuple[object, ...], list[Group]] = {}
_MAX_CACHED = 32


def clear_cache() -> None:
    """Forget every cached scorecard (benchmarks measure the cold build with this)."""
    with _lock:
        _cache.clear()


def _build(
    session: Session,
    *,
    partnership_id: str,
    today: date,
    viewpoint: Viewpoint,
    provider: BaselineProvider | None,
) -> list[Group]:
    measures = queries.list_measures(session=session, partnership_id=partnership_id)
    # A row needs the sparkline's periods and, for the baseline judged before the latest
    # period, the five before that: 13 is enough for both.
    context = load_context(
        session, measures, partnership_id=partnership_id,
        periods_kept=max(SPARK_POINTS, 5 + 1) + 1,
    )  # fmt: skip
    histories = split(context.values)
    by_outcome: dict[str | None, list[Row]] = defaultdict(list)
    for measure in sorted(measures, key=lambda m: (m.level != "indicator", m.position, m.key)):
        view = MeasureView.of(measure)
        row = build_row(
            view, history_of(view, histories, context), context, today=today,
            viewpoint=viewpoint, provider=provider or provider_for(view, session=session),
        )  # fmt: skip
        by_outcome[measure.outcome_id].append(row)
    groups = [
        Group(OutcomeView.of(o), by_outcome.get(o.id, []))
        for o in queries.list_outcomes(session=session, partnership_id=partnership_id)
    ]
    if by_outcome.get(None):
        groups.append(Group(None, by_outcome[None]))
    return groups


_EMPTY = pl.DataFrame(schema=queries.VALUE_COLUMNS)


def split(values: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Values by measure id (each part keeps period order)."""
    if values.is_empty():
        return {}
    parts = values.partition_by("measure_id", as_dict=True, maintain_order=True)
    return {str(key[0]): frame for key, frame in parts.items()}


def health(rows: list[Row]) -> Health:
    """Accountability health of a set of rows (shares of measures, 0 to 1).

    Trending the right way: the latest move is better, given polarity (context-only measures
    with no polarity are left out of that share).
    """
    judged = [r for r in rows if r.measure.polarity != "neither"]
    return Health(
        measures=len(rows),
        up_to_date=_share([not r.stale for r in rows]),
        with_forecast=_share([r.baseline is not None for r in rows]),
        notes_reviewed=_share([r.notes_fresh for r in rows]),
        trending_right_way=_share(
            [r.trend is not None and r.trend.judgement == "better" for r in judged]
        ),
    )


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0
