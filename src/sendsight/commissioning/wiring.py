"""Start-up registration for commissioning (called once by ``sendsight.wiring``): the local
personal-budget figures as computed facts the outcomes scorecard can show."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.commissioning.models import PersonalBudget
from sendsight.commissioning.money import year_label
from sendsight.outcomes.sources import SourcePoint, register_fact

FACT_PLANS_WITH_BUDGET = "commissioning_plans_with_personal_budget"


def plans_with_budget(session: Session, la_code: str) -> Sequence[SourcePoint]:
    """EHC plans with a personal budget recorded, per financial year."""
    rows = session.execute(
        select(PersonalBudget.financial_year, PersonalBudget.plan_id)
        .where(PersonalBudget.la_code == la_code)
        .distinct()
    )
    counts: dict[int, int] = {}
    for year, _ in rows:
        counts[year] = counts.get(year, 0) + 1
    return [SourcePoint(year_label(year), float(n)) for year, n in sorted(counts.items())]


def register() -> None:
    """Register the commissioning facts with the outcomes framework."""
    register_fact(
        FACT_PLANS_WITH_BUDGET,
        "EHC plans with a personal budget (local records)",
        plans_with_budget,
    )
