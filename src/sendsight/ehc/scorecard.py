"""The EHC metrics as computed facts for the outcomes scorecard.

A measure with ``source_kind="fact"`` and ``source_key`` set to one of :data:`FACTS`' keys is
filled, one value per calendar year (period ``YYYY``), from ``ft_ehc_timeliness`` by
``sendsight.outcomes.sources.refresh_measures``. Percentages carry their numerator and
denominator so the scorecard can apply disclosure control.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import polars as pl
from sqlalchemy.orm import Session

from sendsight.ehc import queries
from sendsight.outcomes.sources import SourcePoint, register_fact

# key: (label, value column, numerator column, denominator column); counts have no parts.
FACTS: Final[dict[str, tuple[str, str, str | None, str | None]]] = {
    "ehc_pct_20_weeks_excl_exceptions": (
        "% of EHC plans issued within 20 weeks (excluding exceptions)",
        "plans_within_20_weeks_pct_excl_exceptions", "plans_within_20_weeks_excl_exceptions",
        "plans_issued_excl_exceptions"),
    "ehc_pct_20_weeks_incl_exceptions": (
        "% of EHC plans issued within 20 weeks (including exceptions)",
        "plans_within_20_weeks_pct_incl_exceptions", "plans_within_20_weeks", "plans_issued"),
    "ehc_pct_decisions_6_weeks": (
        "% of decisions whether to assess made within 6 weeks",
        "decisions_within_6_weeks_pct", "decisions_within_6_weeks", "decisions_made"),
    "ehc_pct_review_decisions_4_weeks": (
        "% of annual review decisions within 4 weeks",
        "review_decisions_within_4_weeks_pct", "review_decisions_within_4_weeks",
        "review_decisions"),
    "ehc_requests_received": (
        "Requests for an EHC needs assessment received", "requests_received", None, None),
    "ehc_plans_issued": ("New EHC plans issued", "plans_issued", None, None),
}  # fmt: skip


def series(session: Session, la_code: str, key: str) -> list[SourcePoint]:
    """The yearly values of fact ``key`` for ``la_code`` as scorecard source points."""
    _, value, numerator, denominator = FACTS[key]
    table = queries.read_facts(session=session, la_code=la_code, table="timeliness")
    if table.height == 0:
        return []
    table = table.filter(pl.col(value).is_not_null()).sort("year")
    return [
        SourcePoint(
            period=str(row["year"]),
            value=float(row[value]),
            numerator=None if numerator is None else float(row[numerator]),
            denominator=None if denominator is None else float(row[denominator]),
        )
        for row in table.iter_rows(named=True)
    ]


def _compute(key: str) -> Callable[[Session, str], list[SourcePoint]]:
    def compute(session: Session, la_code: str) -> list[SourcePoint]:
        return series(session, la_code, key)

    return compute


def register() -> list[str]:
    """Register every EHC fact with the outcomes framework (called by ``sendsight.wiring``)."""
    for key, (label, *_) in FACTS.items():
        register_fact(key, label, _compute(key))
    return sorted(FACTS)
