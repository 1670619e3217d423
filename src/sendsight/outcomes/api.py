"""The scorecard and measures as plain JSON-ready dicts for partners' own tools (read-only)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from sendsight.core.errors import NotFound
from sendsight.core.rounding import round_half_up
from sendsight.disclosure.viewpoint import PROTECTED, Viewpoint
from sendsight.outcomes import pages, queries, scorecard
from sendsight.outcomes.baseline import Baseline


def baseline_json(baseline: Baseline | None, frequency: str) -> dict[str, Any] | None:
    """A baseline forecast with its method, level and points by period code."""
    from sendsight.outcomes import periods

    if baseline is None:
        return None
    return {
        "method": baseline.method,
        "level": baseline.level,
        "points": [
            {"period": periods.from_index(p.period_index, frequency).code,
             "estimate": round_half_up(p.estimate, 4), "lower": round_half_up(p.lower, 4),
             "upper": round_half_up(p.upper, 4)}
            for p in baseline.points
        ],
    }  # fmt: skip


def row_json(row: scorecard.Row) -> dict[str, Any]:
    """One scorecard row: the latest figure as shown, its judgements and comparators."""
    m = row.measure
    return {
        "id": m.key, "name": m.name, "level": m.level, "kind": m.kind, "service": m.service,
        "unit": m.unit, "polarity": m.polarity, "frequency": m.frequency,
        "source_kind": m.source_kind, "demonstration": m.is_demonstration,
        "latest": {"period": row.latest_period, "shown": row.shown},
        "trend": None if row.trend is None else {
            "direction": row.trend.direction, "judgement": row.trend.judgement},
        "target": row.target, "against_target": row.target_rag.value,
        "against_baseline": row.baseline_rag.value,
        "england": row.england, "statistical_neighbour_median": row.sn_median,
        "up_to_date": not row.stale, "overdue_actions": row.overdue_actions,
        "baseline": baseline_json(row.baseline, m.frequency),
    }  # fmt: skip


def scorecard_json(
    session: Session,
    *,
    partnership_id: str,
    today: date,
    viewpoint: Viewpoint = PROTECTED,
) -> dict[str, Any]:
    """A partnership's whole scorecard: outcomes with their rows, and accountability health."""
    groups = scorecard.build_scorecard(
        session, partnership_id=partnership_id, today=today, viewpoint=viewpoint
    )
    rows = [r for g in groups for r in g.rows]
    health = scorecard.health(rows)
    return {
        "as_of": today.isoformat(),
        "outcomes": [
            {"id": g.outcome.key if g.outcome else None,
             "statement": g.outcome.statement if g.outcome else "Not linked to an outcome",
             "measures": [row_json(r) for r in g.rows]}
            for g in groups
        ],
        "health": {"measures": health.measures, "up_to_date": health.up_to_date,
                   "with_forecast": health.with_forecast,
                   "notes_reviewed": health.notes_reviewed,
                   "trending_right_way": health.trending_right_way},
    }  # fmt: skip


def measure_json(
    session: Session,
    key: str,
    *,
    partnership_id: str,
    today: date,
    viewpoint: Viewpoint = PROTECTED,
) -> dict[str, Any]:
    """One of the partnership's measures (by its key): definition, series as shown, targets
    and baseline."""
    measure = queries.get_measure_by_key_or_none(
        session=session, key=key, partnership_id=partnership_id
    )
    if measure is None:
        raise NotFound(f"No measure {key}")
    page = pages.measure_page(
        session, measure.id, partnership_id=partnership_id, today=today, viewpoint=viewpoint
    )
    result = row_json(page.row)
    result["definition"] = measure.definition
    result["series"] = [
        dict(zip(pages.CSV_HEADER[1:], line[1:], strict=True)) for line in pages.csv_rows(page)
    ]
    return result
