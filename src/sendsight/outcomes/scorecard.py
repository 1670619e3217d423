"""The alliance scorecard: one row per indicator or measure, with its judgements.

Built from a handful of bulk queries so the page costs the same however long the history is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import polars as pl
from sqlalchemy.orm import Session

from sendsight.outcomes import display, periods, queries, status
from sendsight.outcomes.baseline import Baseline, BaselineProvider, baseline_before, trend_baseline
from sendsight.outcomes.models import Action, Comparator, Measure, Outcome, Target
from sendsight.outcomes.vocab import OPEN_STATUSES

NOTES_FRESH_DAYS = 183  # "reviewed in the last 6 months"
SPARK_POINTS = 12


@dataclass(frozen=True, slots=True)
class Row:
    """One scorecard line. ``shown`` is the latest value after disclosure control."""

    measure: Measure
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
    spark: tuple[float | None, ...]
    stale: bool
    notes_fresh: bool
    open_actions: int
    overdue_actions: int


@dataclass(frozen=True, slots=True)
class Group:
    """An outcome with its indicators and the performance measures linked to it."""

    outcome: Outcome | None
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
    """Everything loaded once for a scorecard."""

    values: pl.DataFrame
    targets: dict[tuple[str, int], float]
    comparators: dict[str, list[Comparator]]
    note_saves: dict[str, datetime]
    actions: dict[str, list[Action]]


def load_context(
    session: Session, measure_ids: list[str] | None = None, *, periods_kept: int | None = None
) -> Context:
    """Bulk-load values (all, or each measure's latest ``periods_kept``), targets, comparators,
    note dates and actions."""
    targets: list[Target] = queries.list_targets(session, measure_ids)
    comparators: dict[str, list[Comparator]] = defaultdict(list)
    for row in queries.list_comparators(session, measure_ids):
        comparators[row.measure_id].append(row)
    actions: dict[str, list[Action]] = defaultdict(list)
    for action in queries.list_actions(session, measure_ids):
        actions[action.measure_id].append(action)
    return Context(
        values=queries.current_values(session, measure_ids)
        if periods_kept is None
        else queries.recent_values(session, periods_kept=periods_kept),
        targets={(t.measure_id, t.period_index): t.value for t in targets},
        comparators=comparators,
        note_saves=queries.last_note_saves(session),
        actions=actions,
    )


def build_row(
    measure: Measure,
    history: pl.DataFrame,
    context: Context,
    *,
    today: date,
    case_level: bool,
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
    comparator = _comparator_for(context.comparators.get(measure.id, []), latest)
    actions = context.actions.get(measure.id, [])
    return Row(
        measure=measure,
        latest_period=latest.code if latest else None,
        latest_label=periods.label(latest.code, measure.frequency) if latest else None,
        latest=latest_value,
        shown=_shown(measure, last, case_level),
        trend=status.trend(latest_value, prev["value"] if prev else None, measure.polarity),
        target=target,
        target_rag=status.against_target(latest_value, target, measure.polarity),
        baseline=make(history, unit=measure.unit, horizon=3),
        baseline_rag=status.against_baseline(
            latest_value, before.at(latest.index) if before and latest else None, measure.polarity
        ),
        england=comparator.england if comparator else None,
        sn_median=comparator.sn_median if comparator else None,
        quartile_band=comparator.quartile_band if comparator else None,
        spark=_spark(measure, history.tail(SPARK_POINTS), case_level),
        stale=periods.is_stale(latest, today),
        notes_fresh=_notes_fresh(context.note_saves.get(measure.id), today),
        open_actions=sum(a.status in OPEN_STATUSES for a in actions),
        overdue_actions=sum(_overdue(a, today) for a in actions),
    )


def _shown(measure: Measure, last: dict[str, object] | None, case_level: bool) -> str:
    if last is None:
        return "No data yet"
    cell = display.protected(
        last["value"],  # type: ignore[arg-type]
        unit=measure.unit,
        decimals=measure.decimals,
        numerator=last["numerator"],  # type: ignore[arg-type]
        denominator=last["denominator"],  # type: ignore[arg-type]
        case_level=case_level,
    )
    return display.format_cell(cell, measure.unit)


def _spark(measure: Measure, recent: pl.DataFrame, case_level: bool) -> tuple[float | None, ...]:
    """Sparkline points, with any figure disclosure control hides left as a gap."""
    cells = [
        display.protected(
            r["value"], unit=measure.unit, decimals=measure.decimals, numerator=r["numerator"],
            denominator=r["denominator"], case_level=case_level,
        )
        for r in recent.iter_rows(named=True)
    ]  # fmt: skip
    return tuple(c.value for c in cells)


def _comparator_for(
    rows: list[Comparator], latest: periods.MeasurePeriod | None
) -> Comparator | None:
    if latest is None:
        return None
    return next((c for c in rows if c.period_index == latest.index), None)


def _notes_fresh(saved: datetime | None, today: date) -> bool:
    return saved is not None and saved.astimezone(UTC).date() >= today - timedelta(NOTES_FRESH_DAYS)


def _overdue(action: Action, today: date) -> bool:
    """Overdue: still open after its due date."""
    return action.status in OPEN_STATUSES and action.due_on is not None and action.due_on < today


def build_scorecard(
    session: Session, *, today: date, case_level: bool, provider: BaselineProvider | None = None
) -> list[Group]:
    """The whole scorecard: outcomes in order, each with its indicators then performance
    measures; measures not tied to an outcome come last in a group of their own."""
    measures = queries.list_measures(session)
    # A row needs the sparkline's periods and, for the baseline judged before the latest
    # period, the five before that: 13 is enough for both.
    context = load_context(session, periods_kept=max(SPARK_POINTS, 5 + 1) + 1)
    histories = _split(context.values)
    by_outcome: dict[str | None, list[Row]] = defaultdict(list)
    for measure in sorted(measures, key=lambda m: (m.level != "indicator", m.position, m.key)):
        history = histories.get(measure.id, _EMPTY)
        row = build_row(
            measure, history, context, today=today, case_level=case_level, provider=provider
        )
        by_outcome[measure.outcome_id].append(row)
    groups = [Group(o, by_outcome.get(o.id, [])) for o in queries.list_outcomes(session)]
    if by_outcome.get(None):
        groups.append(Group(None, by_outcome[None]))
    return groups


_EMPTY = pl.DataFrame(schema=queries.VALUE_COLUMNS)


def _split(values: pl.DataFrame) -> dict[str, pl.DataFrame]:
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
