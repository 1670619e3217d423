"""Start-up registration for commissioning (called once by ``sendsight.wiring``): the local
personal-budget figures as computed facts the outcomes scorecard can show, and the count of
changes to each LA's EHC case records that the needs matrix is cached under."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.commissioning import queries
from sendsight.commissioning.models import PersonalBudget
from sendsight.commissioning.money import year_label
from sendsight.core.events import Change, ChangeKind, subscribe
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


def count_case_change(session: Session, change: Change) -> None:
    """After an LA's EHC facts are rebuilt (its case records changed), count the change."""
    queries.count_case_changes(session=session, la_codes=change.la_codes)


def register() -> None:
    """Register the commissioning facts with the outcomes framework and follow changes to the
    EHC case records."""
    subscribe(ChangeKind.EHC_FACTS, count_case_change)
    register_fact(
        FACT_PLANS_WITH_BUDGET,
        "EHC plans with a personal budget (local records)",
        plans_with_budget,
    )
