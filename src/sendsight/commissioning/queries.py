"""The only place the commissioning tables are read or written. Every function takes the
partnership as a keyword and filters by it (ADR 0602); another partnership's id is NotFound."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sendsight.commissioning.models import (
    CaseChange,
    CommissionedService,
    Contract,
    ContractMeasure,
    Contribution,
    HealthArea,
    PersonalBudget,
    PriorityCoproduction,
    UnitCost,
)
from sendsight.core.errors import NotFound
from sendsight.ehc.models import EhcRequest, EhcReview
from sendsight.outcomes.models import Measure

Row = dict[str, Any]


def known_plan_ids(*, session: Session, la_codes: Collection[str]) -> set[str]:
    """Ids of the EHC plans held for these LAs: an issued request's id, or a reviewed plan's."""
    issued = session.scalars(
        select(EhcRequest.request_id).where(
            EhcRequest.la_code.in_(list(la_codes)), EhcRequest.final_issued_on.is_not(None)
        )
    )
    reviewed = session.scalars(
        select(EhcReview.plan_id).where(EhcReview.la_code.in_(list(la_codes))).distinct()
    )
    return set(issued) | set(reviewed)


def issued_plan_ids(*, session: Session, la_codes: Collection[str]) -> list[str]:
    """Ids of the issued EHC plans (their requests' ids) for these LAs, in order."""
    return list(
        session.scalars(
            select(EhcRequest.request_id)
            .where(EhcRequest.la_code.in_(list(la_codes)), EhcRequest.final_issued_on.is_not(None))
            .order_by(EhcRequest.request_id)
        )
    )


def _upsert(
    session: Session,
    model: type[Any],
    rows: Sequence[Row],
    key: tuple[str, ...],
    *,
    partnership_id: str,
    la_code: str,
) -> tuple[int, int]:
    """Insert new rows and update changed ones by ``key``; returns (added, changed)."""
    held = {
        tuple(getattr(obj, k) for k in key): obj
        for obj in session.scalars(select(model).where(model.partnership_id == partnership_id))
    }
    added = changed = 0
    new: list[Row] = []
    for row in rows:
        found = held.get(tuple(row[k] for k in key))
        if found is None:
            new.append({"partnership_id": partnership_id, "la_code": la_code, **row})
            added += 1
        elif any(getattr(found, k) != v for k, v in row.items()):
            for k, v in row.items():
                setattr(found, k, v)
            changed += 1
    if new:
        session.add_all(model(**row) for row in new)
    session.flush()
    return added, changed


def upsert_services(
    *, session: Session, rows: Sequence[Row], partnership_id: str, la_code: str
) -> tuple[int, int]:
    """Add or update commissioned services by key."""
    return _upsert(
        session,
        CommissionedService,
        rows,
        ("service_key",),
        partnership_id=partnership_id,
        la_code=la_code,
    )


def list_services(*, session: Session, partnership_id: str) -> list[CommissionedService]:
    """The partnership's commissioned services, by name."""
    return list(
        session.scalars(
            select(CommissionedService)
            .where(CommissionedService.partnership_id == partnership_id)
            .order_by(CommissionedService.name, CommissionedService.service_key)
        )
    )


def get_service(*, session: Session, service_key: str, partnership_id: str) -> CommissionedService:
    """One commissioned service by key; NotFound in another partnership."""
    found = session.scalar(
        select(CommissionedService).where(
            CommissionedService.partnership_id == partnership_id,
            CommissionedService.service_key == service_key,
        )
    )
    if found is None:
        raise NotFound(f"No service {service_key!r}")
    return found


def upsert_contributions(
    *, session: Session, rows: Sequence[Row], partnership_id: str, la_code: str
) -> tuple[int, int]:
    """Add or update ledger rows by financial year and plan or service."""
    key = ("financial_year", "subject_kind", "subject_id")
    return _upsert(session, Contribution, rows, key, partnership_id=partnership_id, la_code=la_code)


def list_contributions(
    *, session: Session, partnership_id: str, subject_kind: str | None = None
) -> list[Contribution]:
    """The ledger, by year, kind and subject."""
    query = select(Contribution).where(Contribution.partnership_id == partnership_id)
    if subject_kind is not None:
        query = query.where(Contribution.subject_kind == subject_kind)
    order = (Contribution.financial_year, Contribution.subject_kind, Contribution.subject_id)
    return list(session.scalars(query.order_by(*order)))


def upsert_budgets(
    *, session: Session, rows: Sequence[Row], partnership_id: str, la_code: str
) -> tuple[int, int]:
    """Add or update personal budget elements by plan, year and element."""
    key = ("plan_id", "financial_year", "element")
    return _upsert(
        session, PersonalBudget, rows, key, partnership_id=partnership_id, la_code=la_code
    )


def list_budgets(*, session: Session, partnership_id: str) -> list[PersonalBudget]:
    """Personal budget elements, by year, plan and element."""
    return list(
        session.scalars(
            select(PersonalBudget)
            .where(PersonalBudget.partnership_id == partnership_id)
            .order_by(PersonalBudget.financial_year, PersonalBudget.plan_id, PersonalBudget.element)
        )
    )


def upsert_contracts(
    *, session: Session, rows: Sequence[Row], partnership_id: str, la_code: str
) -> tuple[int, int]:
    """Add or update contracts by reference."""
    return _upsert(
        session, Contract, rows, ("reference",), partnership_id=partnership_id, la_code=la_code
    )


def list_contracts(*, session: Session, partnership_id: str) -> list[Contract]:
    """The contracts register, soonest ending first."""
    return list(
        session.scalars(
            select(Contract)
            .where(Contract.partnership_id == partnership_id)
            .order_by(Contract.ends_on, Contract.reference)
        )
    )


def get_contract(*, session: Session, contract_id: str, partnership_id: str) -> Contract:
    """One contract; NotFound when it is not the partnership's."""
    found = session.get(Contract, contract_id)
    if found is None or found.partnership_id != partnership_id:
        raise NotFound("No such contract")
    return found


def link_measures(
    *, session: Session, contract_id: str, measure_ids: Iterable[str], partnership_id: str
) -> int:
    """Make these scorecard measures the contract's KPIs (adding to those it has)."""
    get_contract(session=session, contract_id=contract_id, partnership_id=partnership_id)
    held = set(
        session.scalars(
            select(ContractMeasure.measure_id).where(ContractMeasure.contract_id == contract_id)
        )
    )
    added = 0
    for measure_id in measure_ids:
        measure = session.get(Measure, measure_id)
        if measure is None or measure.partnership_id != partnership_id:
            raise NotFound("No such measure")
        if measure_id not in held:
            session.add(
                ContractMeasure(
                    partnership_id=partnership_id, contract_id=contract_id, measure_id=measure_id
                )
            )
            held.add(measure_id)
            added += 1
    session.flush()
    return added


def contract_measures(*, session: Session, contract_id: str, partnership_id: str) -> list[Measure]:
    """The scorecard measures a contract is judged by, in scorecard order."""
    return list(
        session.scalars(
            select(Measure)
            .join(ContractMeasure, ContractMeasure.measure_id == Measure.id)
            .where(
                ContractMeasure.contract_id == contract_id,
                ContractMeasure.partnership_id == partnership_id,
            )
            .order_by(Measure.position, Measure.key)
        )
    )


def contracts_by_measure(*, session: Session, partnership_id: str) -> dict[str, list[Contract]]:
    """For each measure id, the contracts it serves (for the scorecard)."""
    found: dict[str, list[Contract]] = {}
    rows = session.execute(
        select(ContractMeasure.measure_id, Contract)
        .join(Contract, Contract.id == ContractMeasure.contract_id)
        .where(ContractMeasure.partnership_id == partnership_id)
        .order_by(Contract.reference)
    )
    for measure_id, contract in rows:
        found.setdefault(measure_id, []).append(contract)
    return found


def contracts_ending(*, session: Session, partnership_id: str, by: date) -> list[Contract]:
    """Contracts ending on or before ``by`` that have not been alerted yet."""
    return [
        c
        for c in list_contracts(session=session, partnership_id=partnership_id)
        if c.ends_on <= by and c.expiry_alerted_on is None
    ]


def set_unit_costs(
    *, session: Session, costs: dict[str, int], partnership_id: str, la_code: str, source: str
) -> None:
    """Set the LA's cost of a placement of each type (whole pounds a year)."""
    rows = [{"placement": k, "annual_cost": v, "source": source} for k, v in costs.items()]
    _upsert(session, UnitCost, rows, ("placement",), partnership_id=partnership_id, la_code=la_code)


def unit_costs(*, session: Session, partnership_id: str, la_code: str) -> dict[str, UnitCost]:
    """The LA's unit costs by placement."""
    return {
        cost.placement: cost
        for cost in session.scalars(
            select(UnitCost)
            .where(UnitCost.partnership_id == partnership_id, UnitCost.la_code == la_code)
            .order_by(UnitCost.placement)
        )
    }


def contracts_for_measures(
    *, session: Session, partnership_id: str
) -> dict[str, list[tuple[str, str]]]:
    """For each scorecard measure id, the (contract id, title) of every contract it is a KPI
    of, by reference: what the scorecard shows as "Serves contract" (one query)."""
    rows = session.execute(
        select(ContractMeasure.measure_id, Contract.id, Contract.title)
        .join(Contract, Contract.id == ContractMeasure.contract_id)
        .where(ContractMeasure.partnership_id == partnership_id)
        .order_by(ContractMeasure.measure_id, Contract.reference, Contract.id)
    )
    found: dict[str, list[tuple[str, str]]] = {}
    for measure_id, contract_id, title in rows:
        found.setdefault(measure_id, []).append((contract_id, title))
    return found


def measures_by_service(*, session: Session, partnership_id: str) -> dict[str, list[Measure]]:
    """For each service key, the scorecard measures its contracts are judged by, in scorecard
    order, each once (one query, for the cycle view)."""
    rows = session.execute(
        select(Contract.service_key, Measure)
        .join(ContractMeasure, ContractMeasure.contract_id == Contract.id)
        .join(Measure, Measure.id == ContractMeasure.measure_id)
        .where(Contract.partnership_id == partnership_id, Contract.service_key.is_not(None))
        .order_by(Contract.service_key, Measure.position, Measure.key, Measure.id)
    )
    found: dict[str, list[Measure]] = {}
    for service_key, measure in rows:
        held = found.setdefault(str(service_key), [])
        if measure not in held:
            held.append(measure)
    return found


def get_health_area_or_none(*, session: Session, partnership_id: str) -> str | None:
    """The name of the partnership's integrated care board, if it has named one."""
    return session.scalar(select(HealthArea.icb).where(HealthArea.partnership_id == partnership_id))


def set_health_area(*, session: Session, partnership_id: str, icb: str) -> None:
    """Name the partnership's integrated care board (its published name)."""
    found = session.scalar(select(HealthArea).where(HealthArea.partnership_id == partnership_id))
    if found is None:
        session.add(HealthArea(partnership_id=partnership_id, icb=icb))
    else:
        found.icb = icb
    session.flush()


def case_version(*, session: Session, la_code: str) -> int:
    """How many times the LA's EHC case records have changed (0 before the first change)."""
    found = session.scalar(select(CaseChange.version).where(CaseChange.la_code == la_code))
    return found or 0


def count_case_changes(*, session: Session, la_codes: Iterable[str]) -> None:
    """Count one more change of each LA's EHC case records."""
    held = {
        c.la_code: c
        for c in session.scalars(select(CaseChange).where(CaseChange.la_code.in_(list(la_codes))))
    }
    for la_code in sorted(set(la_codes)):
        if la_code in held:
            held[la_code].version += 1
        else:
            session.add(CaseChange(la_code=la_code, version=1))
    session.flush()


def link_coproduction(
    *, session: Session, partnership_id: str, service_key: str, said_item_ids: Iterable[str]
) -> int:
    """Record that these co-production "you said" items shaped the priority (adding to those
    it has); returns how many were new. The service must be the partnership's."""
    get_service(session=session, service_key=service_key, partnership_id=partnership_id)
    held = set(
        session.scalars(
            select(PriorityCoproduction.said_item_id).where(
                PriorityCoproduction.partnership_id == partnership_id,
                PriorityCoproduction.service_key == service_key,
            )
        )
    )
    new = [i for i in dict.fromkeys(said_item_ids) if i not in held]
    session.add_all(
        PriorityCoproduction(partnership_id=partnership_id, service_key=service_key, said_item_id=i)
        for i in new
    )
    session.flush()
    return len(new)


def coproduction_links(*, session: Session, partnership_id: str) -> dict[str, list[str]]:
    """For each service key, the ids of the "you said" items linked to it, in order."""
    rows = session.execute(
        select(PriorityCoproduction.service_key, PriorityCoproduction.said_item_id)
        .where(PriorityCoproduction.partnership_id == partnership_id)
        .order_by(PriorityCoproduction.service_key, PriorityCoproduction.said_item_id)
    )
    found: dict[str, list[str]] = {}
    for service_key, said_item_id in rows:
        found.setdefault(service_key, []).append(said_item_id)
    return found


def delete_all(*, session: Session, partnership_id: str) -> None:
    """Remove every commissioning row of the partnership (the demo rebuild)."""
    for model in (
        ContractMeasure,
        PersonalBudget,
        Contribution,
        Contract,
        CommissionedService,
        UnitCost,
        HealthArea,
        PriorityCoproduction,
    ):
        session.execute(delete(model).where(model.partnership_id == partnership_id))
