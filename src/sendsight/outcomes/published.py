"""Measures wired to published DfE statistics, read from the statistics store.

A measure whose ``source_kind`` is ``dfe_statistic`` names a registry indicator
(``source_key``) and a local authority (``la_code``). Its figures are never copied into the
outcomes tables: they are read from ``sendsight.statistics`` through the local-area service
(``sendsight.areas.profile``), so importing a new release (``sendsight import dfe-stats``)
updates every measure wired to it. England, the statistical-neighbour median, the rank and
the quartile band come from the same place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from sendsight.areas import profile
from sendsight.core.errors import NotFound
from sendsight.core.periods import PeriodKind
from sendsight.core.rounding import round_half_up
from sendsight.outcomes.queries import VALUE_COLUMNS
from sendsight.statistics.errors import UnknownIndicator
from sendsight.statistics.registry import IndicatorDef, Polarity, get_indicator

PUBLISHED_BY = "Department for Education (published statistics)"
FREQUENCY_OF_KIND = {
    PeriodKind.CALENDAR_YEAR: "calendar_year",
    PeriodKind.ACADEMIC_YEAR: "academic_year",
    PeriodKind.FINANCIAL_YEAR: "financial_year",
    PeriodKind.JANUARY_CENSUS: "january",
}
POLARITY_OF = {
    Polarity.HIGH_IS_GOOD: "up", Polarity.LOW_IS_GOOD: "down", Polarity.NEITHER: "neither",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Published:
    """One area's series of a published statistic, with its comparators.

    ``values`` has the columns of :data:`queries.VALUE_COLUMNS`; ``shown`` is each period's figure
    as published (after :func:`sendsight.disclosure.protect_published`), by period index;
    ``band`` is the quartile band A (best) to D of the latest period, ``band_text`` and
    ``rank_sentence`` say the same in words, ``sn_sentence`` compares the area with the median
    of its statistical neighbours.
    """

    indicator: IndicatorDef
    values: pl.DataFrame
    shown: dict[int, str] = field(default_factory=dict)
    england: dict[int, float | None] = field(default_factory=dict)
    sn_median: dict[int, float | None] = field(default_factory=dict)
    band: str | None = None
    band_text: str = ""
    rank_sentence: str = ""
    sn_sentence: str = ""


def indicator_or_none(indicator_id: str | None) -> IndicatorDef | None:
    """The registry indicator with this id, or None when there is none."""
    if not indicator_id:
        return None
    try:
        return get_indicator(indicator_id)
    except UnknownIndicator:
        return None


def measure_fields(indicator: IndicatorDef, *, la_code: str) -> dict[str, Any]:
    """The definition fields of a measure wired to ``indicator`` for ``la_code``."""
    return {
        "unit": indicator.unit.value, "decimals": indicator.decimals,
        "polarity": POLARITY_OF[indicator.polarity],
        "frequency": FREQUENCY_OF_KIND[indicator.period_kind],
        "source": indicator.source_name, "source_kind": "dfe_statistic",
        "source_key": indicator.id, "la_code": la_code, "definition": indicator.description,
    }  # fmt: skip


def published_series(
    session: Session, *, measure_id: str, indicator_id: str, la_code: str
) -> Published | None:
    """The area's published figures for the indicator, oldest first (None when the indicator
    is not in the registry or the area is not a current local authority)."""
    indicator = indicator_or_none(indicator_id)
    if indicator is None or indicator.period_kind not in FREQUENCY_OF_KIND:
        return None
    try:
        detail = profile.detail(session, la_code, indicator.id)
    except NotFound:
        return None
    rows = [r for r in detail.rows if r.area.value is not None]
    values = pl.DataFrame(
        [(measure_id, r.period.code, r.period.year, r.area.value, None, None, "", PUBLISHED_BY,
          None) for r in rows],
        schema=VALUE_COLUMNS, orient="row",
    )  # fmt: skip
    bench = detail.snapshot.benchmark
    return Published(
        indicator=indicator, values=values,
        shown={r.period.year: r.area.text for r in rows},
        england={r.period.year: r.england.value for r in detail.rows},
        sn_median={r.period.year: r.sn_median.value for r in detail.rows},
        band=bench.quartile_band if bench else None,
        band_text=bench.quartile_text if bench else "",
        rank_sentence=bench.rank_sentence if bench else "",
        sn_sentence=_sn_sentence(indicator, bench.value if bench else None,
                                 bench.sn_median if bench else None),
    )  # fmt: skip


def _sn_sentence(indicator: IndicatorDef, value: float | None, median: float | None) -> str:
    """How the area compares with its neighbours' median, judged by the indicator's polarity."""
    if value is None or median is None:
        return ""
    if round_half_up(value, indicator.decimals) == round_half_up(median, indicator.decimals):
        return "The same as the statistical neighbours' median"
    above = value > median
    if indicator.polarity is Polarity.NEITHER:
        return (
            "Above the statistical neighbours' median"
            if above
            else ("Below the statistical neighbours' median")
        )
    better = above == (indicator.polarity is Polarity.HIGH_IS_GOOD)
    return ("Better" if better else "Worse") + " than the statistical neighbours' median"
