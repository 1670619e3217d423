"""Joint commissioning objects for the tenancy matrix: a service, a contract, ledger rows, the
partnership's ICB and a priority's co-production link."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.access.models import User
from sendsight.commissioning import queries
from sendsight.commissioning.models import (
    CommissionedService,
    Contract,
    Contribution,
    HealthArea,
    PriorityCoproduction,
)

OBJECT_ARGUMENTS = {"contract_id"}


def make(
    session: Session, *, partnership_id: str, la_code: str, admin: User, tag: str
) -> dict[str, str]:
    """A tagged service, a contract for it ending soon, and the service's contribution."""
    key = f"{tag.lower()}-service"
    queries.upsert_services(
        session=session,
        rows=[
            {
                "service_key": key,
                "name": f"{tag} service",
                "need": "asd",
                "locality": f"{tag} town",
                "places": 7,
            }
        ],
        partnership_id=partnership_id,
        la_code=la_code,
    )
    today = date.today()
    queries.upsert_contracts(
        session=session,
        rows=[
            {
                "reference": f"{tag} C1",
                "title": f"{tag} contract",
                "provider": f"{tag} provider",
                "service_key": key,
                "value_pence": 123_400_00,
                "starts_on": today - timedelta(days=30),
                "ends_on": today + timedelta(days=60),
                "extension_months": 0,
                "commissioners": ["education"],
                "notes": f"{tag} notes",
            }
        ],
        partnership_id=partnership_id,
        la_code=la_code,
    )
    queries.upsert_contributions(
        session=session,
        rows=[
            {
                "financial_year": today.year,
                "subject_kind": "service",
                "subject_id": key,
                "amount_pence": 555_500_00,
                "education_bp": 5000,
                "health_bp": 2500,
                "social_care_bp": 2500,
                "budget_arrangement": "pooled",
                "high_needs_category": "services",
            }
        ],
        partnership_id=partnership_id,
        la_code=la_code,
    )
    queries.set_health_area(session=session, partnership_id=partnership_id, icb="Devon")
    queries.link_coproduction(
        session=session,
        partnership_id=partnership_id,
        service_key=key,
        said_item_ids=[f"{tag}-said-item"],
    )
    contract = queries.list_contracts(session=session, partnership_id=partnership_id)
    found = next(c for c in contract if c.reference == f"{tag} C1")
    return {"contract_id": found.id}


def held(session: Session, *, partnership_id: str) -> object:
    """How many commissioning rows the partnership holds."""
    return tuple(
        session.scalar(
            select(func.count()).select_from(m).where(m.partnership_id == partnership_id)
        )
        for m in (CommissionedService, Contract, Contribution, HealthArea, PriorityCoproduction)
    )
