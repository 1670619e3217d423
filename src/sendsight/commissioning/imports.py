"""Importing the commissioning files: read everything, check everything, then store it all in
one savepoint (all or nothing). Importing the same file twice changes nothing (rows are
upserted by their key)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from sendsight.commissioning import files, queries
from sendsight.outcomes import queries as outcomes


@dataclass(frozen=True, slots=True)
class Imported:
    """How many rows a file added and changed (0 and 0 for a file imported before)."""

    rows: int
    added: int
    changed: int


def import_ledger(
    session: Session, text: str, *, filename: str, partnership_id: str, la_code: str
) -> Imported:
    """Import a contributions ledger file for ``la_code``."""
    plans = queries.known_plan_ids(session=session, la_codes=[la_code])
    services = {
        s.service_key for s in queries.list_services(session=session, partnership_id=partnership_id)
    }
    rows = files.read_ledger(text, filename=filename, plan_ids=plans, service_keys=services)
    with session.begin_nested():
        added, changed = queries.upsert_contributions(
            session=session, rows=rows, partnership_id=partnership_id, la_code=la_code
        )
    return Imported(len(rows), added, changed)


def import_budgets(
    session: Session, text: str, *, filename: str, partnership_id: str, la_code: str
) -> Imported:
    """Import personal budget elements for plans held by ``la_code``."""
    plans = queries.known_plan_ids(session=session, la_codes=[la_code])
    rows = files.read_budgets(text, filename=filename, plan_ids=plans)
    with session.begin_nested():
        added, changed = queries.upsert_budgets(
            session=session, rows=rows, partnership_id=partnership_id, la_code=la_code
        )
    return Imported(len(rows), added, changed)


def import_contracts(
    session: Session, text: str, *, filename: str, partnership_id: str, la_code: str
) -> Imported:
    """Import contracts into the register."""
    services = {
        s.service_key for s in queries.list_services(session=session, partnership_id=partnership_id)
    }
    measures = {
        m.key: m.id for m in outcomes.list_measures(session=session, partnership_id=partnership_id)
    }
    rows = files.read_contracts(
        text, filename=filename, service_keys=services, measure_keys=measures
    )
    links = {row["reference"]: row.pop("measures") for row in rows}
    with session.begin_nested():
        added, changed = queries.upsert_contracts(
            session=session, rows=rows, partnership_id=partnership_id, la_code=la_code
        )
        for contract in queries.list_contracts(session=session, partnership_id=partnership_id):
            keys = links.get(contract.reference)
            if keys:
                changed += queries.link_measures(
                    session=session,
                    contract_id=contract.id,
                    measure_ids=[measures[k] for k in keys],
                    partnership_id=partnership_id,
                )
    return Imported(len(rows), added, changed)
