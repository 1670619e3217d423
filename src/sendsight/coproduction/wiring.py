"""What the co-production domain registers at start-up: its computed scorecard measures.

A measure with ``source_kind="fact"`` and ``source_key`` one of :data:`FACTS`' keys is
filled, one value per calendar year (period ``YYYY``), from the partnership's co-production
log by ``sendsight.outcomes.sources.refresh_measures``. The log holds no personal data (counts
only), so it needs no retention rule beyond the partnership's own records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from sqlalchemy.orm import Session

from sendsight.coproduction import metrics, queries
from sendsight.coproduction.records import ActivityRecord
from sendsight.outcomes.sources import SourcePoint, register_fact

FACTS: Final[dict[str, str]] = {
    "coproduction_days_to_response": 'Median days from "you said" to a published response',
    "coproduction_pct_co_design": "% of co-production activities at co-design level or above",
    "coproduction_pct_reach": "Children and young people taking part in co-production, "
    "per 100 with an EHC plan",
}
PLANS_INDICATOR = "ehc-plans-january"


def series(session: Session, la_code: str, key: str) -> list[SourcePoint]:
    """The yearly values of fact ``key`` for the partnership covering ``la_code``."""
    from sendsight.access import queries as access

    partnership = access.partnership_for_la_or_none(session=session, la_code=la_code)
    if partnership is None:
        return []
    loaded = queries.list_activity_records(session=session, partnership_id=partnership.id)
    records = [record for _, record in loaded]
    figures = _figures(session, la_code, key, records)
    return [
        SourcePoint(
            str(f.year),
            f.value,
            None if f.numerator is None else float(f.numerator),
            None if f.denominator is None else float(f.denominator),
        )
        for f in figures
    ]


def _figures(
    session: Session, la_code: str, key: str, records: list[ActivityRecord]
) -> list[metrics.YearFigure]:
    if key == "coproduction_days_to_response":
        pairs = [
            (r.held_on, t.published_on)
            for r in records
            for t in r.themes
            if t.published_on is not None
        ]
        return metrics.days_to_response(pairs)
    if key == "coproduction_pct_co_design":
        return metrics.share_co_design((r.held_on, r.ladder_level) for r in records)
    taking_part = [(r.held_on, metrics.young_people(r.counts)) for r in records]
    return metrics.reach(taking_part, ehc_plans_by_year(session, la_code))


def ehc_plans_by_year(session: Session, la_code: str) -> dict[int, int]:
    """EHC plans in place each January for ``la_code``, from the statistics store (DfE,
    "Education, health and care plans"); empty when the store has none."""
    from sendsight.areas import profile
    from sendsight.core.errors import NotFound

    try:
        detail = profile.detail(session, la_code, PLANS_INDICATOR)
    except NotFound:
        return {}
    return {r.period.year: int(r.area.value) for r in detail.rows if r.area.value is not None}


def _compute(key: str) -> Callable[[Session, str], list[SourcePoint]]:
    def compute(session: Session, la_code: str) -> list[SourcePoint]:
        return series(session, la_code, key)

    return compute


def register() -> None:
    """Register the co-production measures with the outcomes framework (``sendsight.wiring``)."""
    for key, label in FACTS.items():
        register_fact(key, label, _compute(key))
