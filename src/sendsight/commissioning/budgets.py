"""Personal budgets in EHC plans (section J): local totals by element and by how the budget is
held, take-up among the LA's plans, and the published figures for the LA."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
from sqlalchemy.orm import Session

from sendsight.commissioning.models import PersonalBudget
from sendsight.commissioning.vocab import BUDGET_HOLDING, ELEMENTS
from sendsight.statistics import queries as statistics


@dataclass(frozen=True, slots=True)
class BudgetYear:
    """One financial year of personal budgets: plans with one, pence by element and holding."""

    year: int
    plans: int
    by_element: dict[str, int]
    by_holding: dict[str, int]
    plans_by_element: dict[str, int]
    plans_by_holding: dict[str, int]

    @property
    def total(self) -> int:
        """Every element's amount."""
        return sum(self.by_element.values())


def by_year(rows: Sequence[PersonalBudget]) -> list[BudgetYear]:
    """Personal budgets summed per financial year, oldest first."""
    plans: dict[int, set[str]] = defaultdict(set)
    element: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ELEMENTS, 0))
    holding: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(BUDGET_HOLDING, 0))
    plan_element: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    plan_holding: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        plans[row.financial_year].add(row.plan_id)
        element[row.financial_year][row.element] += row.amount_pence
        holding[row.financial_year][row.arrangement] += row.amount_pence
        plan_element[row.financial_year][row.element].add(row.plan_id)
        plan_holding[row.financial_year][row.arrangement].add(row.plan_id)
    return [
        BudgetYear(
            year,
            len(plans[year]),
            element[year],
            holding[year],
            {e: len(plan_element[year][e]) for e in ELEMENTS},
            {h: len(plan_holding[year][h]) for h in BUDGET_HOLDING},
        )
        for year in sorted(plans)
    ]


def take_up(budget_plans: int, all_plans: int) -> float | None:
    """The percentage of the LA's EHC plans with a personal budget."""
    return None if all_plans == 0 else 100 * budget_plans / all_plans


PUBLISHED = (
    "personal-budgets",
    "personal-budgets-education",
    "personal-budgets-health",
    "personal-budgets-social-care",
    "personal-budgets-integrated",
    "personal-budgets-organised-arrangements",
)


def published_series(session: Session, *, la_code: str) -> pl.DataFrame:
    """The LA's published personal-budget counts by January, one column per indicator, with the
    share of its EHC plans that have one (``take_up_pct``)."""
    frames = []
    for indicator in (*PUBLISHED, "ehc-plans-january"):
        series = statistics.indicator_series(
            session=session, indicator_id=indicator, area_code=la_code, level="la"
        )
        frames.append(series.select("period", pl.col("value").alias(indicator)))
    joined = frames[0]
    for frame in frames[1:]:
        joined = joined.join(frame, on="period", how="left")
    return joined.with_columns(
        take_up_pct=(pl.col("personal-budgets") / pl.col("ehc-plans-january") * 100).round(1)
    ).sort("period")
