"""Who pays for what: the contributions ledger summed by agency and year, and reconciled to the
high-needs categories and the published cost of a place."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from sendsight.commissioning import queries
from sendsight.commissioning.models import Contribution
from sendsight.commissioning.vocab import AGENCIES, CATEGORIES, PUBLISHED_COST
from sendsight.statistics import queries as statistics


def agency_pence(row: Contribution) -> dict[str, int]:
    """The amount each agency pays for one row, in whole pence adding up exactly to the
    amount (the remainder of rounding goes to education)."""
    health = row.amount_pence * row.health_bp // 10_000
    social = row.amount_pence * row.social_care_bp // 10_000
    return {
        "education": row.amount_pence - health - social,
        "health": health,
        "social_care": social,
    }


@dataclass(frozen=True, slots=True)
class YearTotals:
    """One financial year: pence by agency, by budget arrangement, and the counts of plan
    packages and services."""

    year: int
    by_agency: dict[str, int]
    by_arrangement: dict[str, int]
    plans: int
    services: int

    @property
    def total(self) -> int:
        """Every agency's contributions."""
        return sum(self.by_agency.values())


def totals_by_year(rows: Sequence[Contribution]) -> list[YearTotals]:
    """The ledger summed per financial year, oldest first."""
    agency: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(AGENCIES, 0))
    arrangement: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for row in rows:
        for name, pence in agency_pence(row).items():
            agency[row.financial_year][name] += pence
        arrangement[row.financial_year][row.budget_arrangement] += row.amount_pence
        counts[(row.financial_year, row.subject_kind)] += 1
    return [
        YearTotals(
            year,
            agency[year],
            dict(arrangement[year]),
            counts[(year, "plan")],
            counts[(year, "service")],
        )
        for year in sorted(agency)
    ]


@dataclass(frozen=True, slots=True)
class CategoryLine:
    """One high-needs category in one year: what the ledger holds, and the average education
    contribution per plan package set against the published cost of a place."""

    category: str
    label: str
    packages: int
    education: int
    health: int
    social_care: int
    average_education: int | None
    published_cost: float | None

    @property
    def difference_pct(self) -> float | None:
        """How far the average package sits from the published cost of a place (percent)."""
        if self.average_education is None or not self.published_cost:
            return None
        return (self.average_education / 100 / self.published_cost - 1) * 100


def reconcile(
    session: Session, rows: Sequence[Contribution], *, year: int, la_code: str
) -> list[CategoryLine]:
    """The ledger's year by high-needs category, with the LA's published 2021-22 cost of a
    place of that type (DfE high needs benchmarking, section 251 outturn)."""
    lines = []
    for category, label in CATEGORIES.items():
        mine = [r for r in rows if r.financial_year == year and r.high_needs_category == category]
        parts = [agency_pence(r) for r in mine]
        plans = [
            p["education"] for r, p in zip(mine, parts, strict=True) if r.subject_kind == "plan"
        ]
        published = (
            published_cost(session, PUBLISHED_COST[category], la_code)
            if category in PUBLISHED_COST
            else None
        )
        lines.append(
            CategoryLine(
                category,
                label,
                len(mine),
                sum(p["education"] for p in parts),
                sum(p["health"] for p in parts),
                sum(p["social_care"] for p in parts),
                round(sum(plans) / len(plans)) if plans else None,
                published,
            )
        )
    return lines


def published_cost(session: Session, indicator_id: str, la_code: str) -> float | None:
    """The LA's latest published value of a cost indicator (None when it has none)."""
    period = statistics.latest_period(session=session, indicator_id=indicator_id)
    if period is None:
        return None
    values = statistics.values_for_period(session=session, indicator_id=indicator_id, period=period)
    found = values.filter(
        (values["geographic_level"] == "la") & (values["area_code"] == la_code)
    ).get_column("value")
    return float(found[0]) if found.len() and found[0] is not None else None


def ledger_years(session: Session, *, partnership_id: str) -> list[int]:
    """The financial years the ledger holds."""
    return sorted(
        {
            r.financial_year
            for r in queries.list_contributions(session=session, partnership_id=partnership_id)
        }
    )
