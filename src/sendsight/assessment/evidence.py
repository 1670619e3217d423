"""Evidence from the scorecard: a measure's figures captured at the moment of rating.

A rating remembers the value, England's figure and the trend it was made against, so that
"evidence has moved" can be flagged later when the measure moves the other way. Figures are
read the way the scorecard reads them (its own values, or the statistics store for a measure
wired to a published statistic), one measure at a time, without building the whole scorecard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from sendsight.outcomes import queries as outcomes
from sendsight.outcomes.models import Measure
from sendsight.outcomes.published import published_series
from sendsight.outcomes.status import trend


@dataclass(frozen=True, slots=True)
class _Latest:
    period: str | None
    value: float | None
    previous: float | None
    england: float | None


def _latest(session: Session, measures: Sequence[Measure]) -> dict[str, _Latest]:
    """Each measure's latest value, the one before, and England's latest where published."""
    found: dict[str, _Latest] = {}
    own = [m for m in measures if m.source_kind != "dfe_statistic"]
    if own:
        values = outcomes.current_values(
            session=session, measure_ids=[m.id for m in own], partnership_id=own[0].partnership_id
        )
        for m in own:
            found[m.id] = _from_frame(values.filter(pl.col("measure_id") == m.id), None)
    for m in measures:
        if m.source_kind == "dfe_statistic" and m.source_key and m.la_code:
            series = published_series(
                session, measure_id=m.id, indicator_id=m.source_key, la_code=m.la_code
            )
            if series is not None:
                found[m.id] = _from_frame(series.values, series.england)
    return found


def _from_frame(values: pl.DataFrame, england: dict[int, float | None] | None) -> _Latest:
    if values.is_empty():
        return _Latest(None, None, None, None)
    last = values.row(-1, named=True)
    previous = values.row(-2, named=True)["value"] if values.height > 1 else None
    return _Latest(
        last["period"],
        last["value"],
        previous,
        england.get(last["period_index"]) if england else None,
    )


def measure_snapshot(
    session: Session, measure_id: str, *, partnership_id: str, today: date
) -> dict[str, Any]:
    """Evidence fields for the partnership's measure as it stands today (``NotFound`` for
    another partnership's measure)."""
    measure = outcomes.get_measure(
        session=session, measure_id=measure_id, partnership_id=partnership_id
    )
    latest = _latest(session, [measure]).get(measure.id, _Latest(None, None, None, None))
    moved = trend(latest.value, latest.previous, measure.polarity)
    return {
        "kind": "measure",
        "measure_id": measure.id,
        "title": measure.name[:300],
        "period": latest.period,
        "value": latest.value,
        "england": latest.england,
        "trend": moved.text[:120] if moved else None,
        "polarity": measure.polarity,
    }


def latest_values(
    session: Session, measure_ids: Sequence[str], *, partnership_id: str, today: date
) -> dict[str, float | None]:
    """Each measure's latest value now (for the "evidence has moved" flag)."""
    if not measure_ids:
        return {}
    wanted = set(measure_ids)
    measures = [
        m
        for m in outcomes.list_measures(session=session, partnership_id=partnership_id)
        if m.id in wanted
    ]
    latest = _latest(session, measures)
    return {m: latest[m].value if m in latest else None for m in measure_ids}


def measure_choices(session: Session, *, partnership_id: str) -> list[tuple[str, str]]:
    """(id, name) of every measure a rating can cite."""
    return [
        (m.id, m.name)
        for m in outcomes.list_measures(session=session, partnership_id=partnership_id)
    ]
