"""Made-up joint commissioning records for the demonstration area (every name says so).

Services, twenty contracts whose KPIs are the demo scorecard's performance measures, a
contributions ledger for a sample of the demo's EHC plans and every service, personal budgets
whose mix follows the area's published January 2025 figures (DfE: 186 plans with a personal
budget in Rochdale, 176 of them social care only), and unit costs set at the area's published
2021-22 cost of a place (DfE high needs benchmarking), so they sit inside the published range.
Deterministic for a given ``today`` and idempotent: rows are upserted by their keys.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from sendsight.commissioning import queries
from sendsight.commissioning.costs import resolve_unit_costs
from sendsight.commissioning.models import Contract
from sendsight.outcomes import queries as outcomes
from sendsight.wiring import optional_module

LABEL = "Demonstration"
LOCALITIES = ("Rochdale", "Heywood", "Middleton", "Pennines")
#: (key, name, need, age band, locality, level, places, high-needs category, arrangement)
SERVICES: tuple[tuple[str, str, str, str, str, str, int | None, str, str], ...] = (
    (
        "asd-outreach",
        "Autism outreach team",
        "asd",
        "5-10",
        "All localities",
        "targeted",
        120,
        "services",
        "aligned",
    ),
    (
        "asd-rp-north",
        "Autism resourced base, north",
        "asd",
        "11-15",
        "Heywood",
        "specialist",
        24,
        "mainstream",
        "separate",
    ),
    (
        "semh-hub",
        "SEMH support hub",
        "semh",
        "11-15",
        "Middleton",
        "targeted",
        60,
        "services",
        "separate",
    ),
    (
        "semh-ap",
        "Alternative provision for SEMH",
        "semh",
        "11-15",
        "All localities",
        "specialist",
        40,
        "other",
        "separate",
    ),
    (
        "slcn-therapy",
        "Speech and language therapy",
        "slcn",
        "5-10",
        "All localities",
        "targeted",
        300,
        "services",
        "pooled",
    ),
    (
        "sld-special",
        "Special school places, severe learning difficulties",
        "sld",
        "all",
        "All localities",
        "specialist",
        110,
        "special",
        "separate",
    ),
    (
        "pmld-short-breaks",
        "Short breaks for complex needs",
        "pmld",
        "all",
        "All localities",
        "specialist",
        45,
        "services",
        "pooled",
    ),
    (
        "hi-vi-team",
        "Sensory support team",
        "hi",
        "all",
        "All localities",
        "targeted",
        80,
        "services",
        "aligned",
    ),
    (
        "post16-supported",
        "Supported internships",
        "all",
        "16-19",
        "All localities",
        "targeted",
        30,
        "post16",
        "separate",
    ),
    (
        "early-years-portage",
        "Portage home visiting",
        "all",
        "0-4",
        "Pennines",
        "targeted",
        50,
        "services",
        "aligned",
    ),
    (
        "ot-physio",
        "Occupational therapy and physiotherapy",
        "pd",
        "all",
        "All localities",
        "targeted",
        150,
        "services",
        "pooled",
    ),
    (
        "camhs-ld",
        "Mental health support for learning disabilities",
        "mld",
        "11-15",
        "Rochdale",
        "specialist",
        35,
        "services",
        "pooled",
    ),
)
PROVIDERS = (
    "Northbank Care Ltd",
    "Pennine Therapies",
    "Roch Valley Trust",
    "Moorside Learning Partnership",
    "Brightway Support CIC",
)
#: Category of plan packages in the sample (weights made up).
CATEGORY_WEIGHTS = {
    "mainstream": 45,
    "special": 30,
    "independent_special": 8,
    "post16": 12,
    "other": 5,
}
PACKAGES = 150
#: The integrated care board covering each demo LA (Rochdale is in NHS Greater Manchester).
DEMO_ICB = {"354": "Greater Manchester"}
#: Co-production "you said" topics (the co-production demo's) → the priorities they shaped.
SHAPED_BY = {
    "Short breaks": ("pmld-short-breaks",),
    "Waiting times": ("asd-outreach",),
    "Therapies": ("slcn-therapy", "ot-physio"),
    "Being listened to": ("camhs-ld", "semh-hub"),
}
#: Published January 2025 personal budgets for Rochdale (DfE EHC plans 2025), by element.
BUDGET_ELEMENTS = {"social_care": 176, "education": 8, "health": 1, "integrated": 1}


def financial_year_of(day: date) -> int:
    """The financial year (by its first year) a day falls in: April to March."""
    return day.year if day.month >= 4 else day.year - 1


def seed(session: Session, *, la_code: str, partnership_id: str, today: date) -> None:
    """Seed the demo partnership's commissioning records as at ``today``."""
    rng = random.Random(f"commissioning:{la_code}:{today.isoformat()}")
    year = financial_year_of(today)
    queries.upsert_services(
        session=session, rows=_services(), partnership_id=partnership_id, la_code=la_code
    )
    costs = resolve_unit_costs(session, partnership_id=partnership_id, la_code=la_code)
    # Rounded to £100 both when stored and when used, so seeding again gives the same ledger.
    unit = {k: int(round(v.annual_cost, -2)) for k, v in costs.items()}
    queries.set_unit_costs(
        session=session,
        costs=unit,
        partnership_id=partnership_id,
        la_code=la_code,
        source=f"{LABEL}: the area's published 2021-22 cost of a place, rounded",
    )
    contracts = _contracts(rng, today)
    queries.upsert_contracts(
        session=session, rows=contracts, partnership_id=partnership_id, la_code=la_code
    )
    _link_measures(session, partnership_id)
    if la_code in DEMO_ICB:
        queries.set_health_area(
            session=session, partnership_id=partnership_id, icb=DEMO_ICB[la_code]
        )
    _link_coproduction(session, partnership_id)
    plans = queries.issued_plan_ids(session=session, la_codes=[la_code])
    ledger = _ledger(rng, plans, unit, year) + _service_ledger(rng, contracts, year)
    queries.upsert_contributions(
        session=session, rows=ledger, partnership_id=partnership_id, la_code=la_code
    )
    budgets = _budgets(rng, plans, year)
    queries.upsert_budgets(
        session=session, rows=budgets, partnership_id=partnership_id, la_code=la_code
    )


def _services() -> list[dict[str, Any]]:
    return [
        {
            "service_key": key,
            "name": f"{name} ({LABEL})",
            "need": need,
            "age_band": band,
            "locality": locality,
            "level": level,
            "places": places,
            "high_needs_category": category,
            "budget_arrangement": arrangement,
        }
        for key, name, need, band, locality, level, places, category, arrangement in SERVICES
    ]


def _contracts(rng: random.Random, today: date) -> list[dict[str, Any]]:
    rows = []
    for number in range(1, 21):
        service = SERVICES[(number - 1) % len(SERVICES)]
        started = today - timedelta(days=rng.randint(200, 1400))
        # Four contracts end within the six-month alert window; the rest later.
        days_left = rng.randint(20, 170) if number % 5 == 0 else rng.randint(200, 1100)
        commissioners = (
            ["education"]
            + (["health"] if number % 2 else [])
            + (["social_care"] if number % 3 == 0 else [])
        )
        rows.append(
            {
                "reference": f"DEMO-C{number:03d}",
                "title": f"{service[1]} contract {number} ({LABEL})",
                "provider": f"{PROVIDERS[number % len(PROVIDERS)]} ({LABEL})",
                "service_key": service[0],
                "value_pence": rng.randint(80, 2400) * 1_000_00,
                "starts_on": started,
                "ends_on": today + timedelta(days=days_left),
                "extension_months": rng.choice((0, 12, 12, 24)),
                "commissioners": commissioners,
                "notes": f"{LABEL}: made-up contract.",
            }
        )
    return rows


def _link_measures(session: Session, partnership_id: str) -> None:
    measures = [
        m
        for m in outcomes.list_measures(session=session, partnership_id=partnership_id)
        if m.level == "performance"
    ]
    if not measures:
        return
    for number, contract in enumerate(
        queries.list_contracts(session=session, partnership_id=partnership_id)
    ):
        picks = {measures[number % len(measures)].id, measures[(number + 3) % len(measures)].id}
        queries.link_measures(
            session=session,
            contract_id=contract.id,
            measure_ids=sorted(picks),
            partnership_id=partnership_id,
        )


def _link_coproduction(session: Session, partnership_id: str) -> None:
    """Link the co-production demo's "you said" items to the priorities they shaped."""
    found = optional_module("sendsight.coproduction.queries")
    if found is None:
        return
    for activity in found.list_activities(session=session, partnership_id=partnership_id):
        for theme in activity.themes:
            for service_key in SHAPED_BY.get(theme.topic, ()):
                queries.link_coproduction(
                    session=session,
                    partnership_id=partnership_id,
                    service_key=service_key,
                    said_item_ids=[theme.id],
                )


def _shares(rng: random.Random, category: str) -> tuple[int, int, int]:
    if category == "independent_special":
        health, social = rng.choice(((20, 20), (15, 25), (25, 15)))
    else:
        health = rng.choice((0, 0, 0, 5, 10))
        social = rng.choice((0, 0, 0, 10, 15))
    return (100 - health - social) * 100, health * 100, social * 100


def _ledger(
    rng: random.Random, plans: list[str], unit: dict[str, int], year: int
) -> list[dict[str, Any]]:
    chosen = rng.sample(plans, min(PACKAGES, len(plans)))
    rows = []
    for plan in sorted(chosen):
        category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
        education, health, social = _shares(rng, category)
        # The education share is near the unit cost; the whole package adds the others' parts.
        amount = unit[category] * rng.uniform(0.85, 1.15) * 10_000 / education
        rows.append(
            {
                "financial_year": year,
                "subject_kind": "plan",
                "subject_id": plan,
                "amount_pence": round(amount) * 100,
                "education_bp": education,
                "health_bp": health,
                "social_care_bp": social,
                "budget_arrangement": "separate",
                "high_needs_category": category,
            }
        )
    return rows


def _service_ledger(
    rng: random.Random, contracts: list[dict[str, Any]], year: int
) -> list[dict[str, Any]]:
    by_service: dict[str, int] = {}
    for contract in contracts:
        years = max(1, (contract["ends_on"] - contract["starts_on"]).days // 365)
        by_service[contract["service_key"]] = by_service.get(contract["service_key"], 0) + (
            contract["value_pence"] // years
        )
    rows = []
    for key, _, _, _, _, _, _, category, arrangement in SERVICES:
        amount = by_service.get(key, 100_000_00)
        health = 4000 if arrangement == "pooled" else rng.choice((0, 2000))
        social = 3000 if arrangement != "separate" else 0
        rows.append(
            {
                "financial_year": year,
                "subject_kind": "service",
                "subject_id": key,
                "amount_pence": amount,
                "education_bp": 10_000 - health - social,
                "health_bp": health,
                "social_care_bp": social,
                "budget_arrangement": arrangement,
                "high_needs_category": category,
            }
        )
    return rows


def _budgets(rng: random.Random, plans: list[str], year: int) -> list[dict[str, Any]]:
    wanted = sum(BUDGET_ELEMENTS.values())
    chosen = sorted(rng.sample(plans, min(wanted, len(plans))))
    elements = [e for e, n in BUDGET_ELEMENTS.items() for _ in range(n)]
    rows = []
    for plan, element in zip(chosen, elements, strict=False):
        holding = rng.choice(("direct_payment", "direct_payment", "organised", "third_party"))
        amount = {
            "social_care": (1_500, 14_000),
            "education": (800, 6_000),
            "health": (1_000, 9_000),
            "integrated": (4_000, 20_000),
        }[element]
        rows.append(
            {
                "plan_id": plan,
                "financial_year": year,
                "element": element,
                "arrangement": holding,
                "amount_pence": rng.randint(*amount) * 100,
            }
        )
    return rows


def demo_contract(session: Session, *, partnership_id: str) -> Contract | None:
    """The first demo contract (for tests and documentation)."""
    found = queries.list_contracts(session=session, partnership_id=partnership_id)
    return found[0] if found else None
