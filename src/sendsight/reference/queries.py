"""The only place reference tables are read or written. ``session`` is always keyword-only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.core.errors import NotFound
from sendsight.reference.models import (
    LaOnsCode,
    LaSuccession,
    LocalAuthority,
    StatisticalNeighbour,
)

NEIGHBOURS_SOURCE = "DfE statistical neighbours May 2025"


def list_local_authorities(*, session: Session, current_only: bool = True) -> list[LocalAuthority]:
    """Local authorities by DfE code; ``current_only`` leaves out those abolished."""
    query = select(LocalAuthority)
    if current_only:
        query = query.where(LocalAuthority.is_current.is_(True))
    return list(session.scalars(query.order_by(LocalAuthority.dfe_code, LocalAuthority.id)))


def get_local_authority_or_none(code: str, *, session: Session) -> LocalAuthority | None:
    """The LA with DfE code ``code``, or with ONS code ``code`` at any time; None if neither."""
    found = session.scalars(select(LocalAuthority).where(LocalAuthority.dfe_code == code)).first()
    if found is not None:
        return found
    dfe_code = session.scalars(
        select(LaOnsCode.dfe_code)
        .where(LaOnsCode.ons_code == code)
        .order_by(LaOnsCode.valid_from.desc(), LaOnsCode.id)
    ).first()
    if dfe_code is None:
        return None
    return session.scalars(select(LocalAuthority).where(LocalAuthority.dfe_code == dfe_code)).one()


def get_local_authority(code: str, *, session: Session) -> LocalAuthority:
    """The LA with DfE (or any past ONS) code ``code``; raises NotFound."""
    found = get_local_authority_or_none(code, session=session)
    if found is None:
        raise NotFound(f"No local authority has the code {code!r}")
    return found


def region_of(code: str, *, session: Session) -> tuple[str, str]:
    """The (ONS region code, region name) of the LA with code ``code``."""
    la = get_local_authority(code, session=session)
    return la.region_code, la.region_name


def list_ons_codes(code: str, *, session: Session) -> list[LaOnsCode]:
    """Every ONS code the LA has carried, oldest first."""
    la = get_local_authority(code, session=session)
    query = select(LaOnsCode).where(LaOnsCode.dfe_code == la.dfe_code)
    return list(session.scalars(query.order_by(LaOnsCode.valid_from, LaOnsCode.ons_code)))


def ons_code_on(code: str, on: date, *, session: Session) -> str | None:
    """The ONS code the LA carried on day ``on`` (latest-starting if several), or None."""
    for row in reversed(list_ons_codes(code, session=session)):
        if row.valid_from <= on and (row.valid_to is None or on <= row.valid_to):
            return row.ons_code
    return None


def successors_of(code: str, *, session: Session) -> list[LaSuccession]:
    """The reorganisation links from this LA to the LAs that took over its area."""
    query = select(LaSuccession).where(LaSuccession.predecessor_code == code)
    return list(session.scalars(query.order_by(LaSuccession.successor_code, LaSuccession.id)))


def predecessors_of(code: str, *, session: Session) -> list[LaSuccession]:
    """The reorganisation links from abolished LAs into this one."""
    query = select(LaSuccession).where(LaSuccession.successor_code == code)
    return list(session.scalars(query.order_by(LaSuccession.predecessor_code, LaSuccession.id)))


def list_successions(*, session: Session) -> list[LaSuccession]:
    """Every reorganisation link, by date then codes."""
    query = select(LaSuccession).order_by(
        LaSuccession.effective_on, LaSuccession.predecessor_code, LaSuccession.successor_code
    )
    return list(session.scalars(query))


def statistical_neighbours(
    code: str, *, session: Session, source: str = NEIGHBOURS_SOURCE
) -> list[LocalAuthority]:
    """The LA's DfE statistical neighbours (LAs most like it), closest first."""
    la = get_local_authority(code, session=session)
    query = (
        select(LocalAuthority)
        .join(StatisticalNeighbour, StatisticalNeighbour.neighbour_code == LocalAuthority.dfe_code)
        .where(StatisticalNeighbour.la_code == la.dfe_code, StatisticalNeighbour.source == source)
        .order_by(StatisticalNeighbour.rank, StatisticalNeighbour.id)
    )
    return list(session.scalars(query))


def upsert_rows(
    model: type[Any], rows: Iterable[Mapping[str, Any]], key: Sequence[str], *, session: Session
) -> int:
    """Insert rows not yet present (by natural ``key``) and update changed ones; returns how many
    rows were inserted or changed. Rows already equal are left alone, so reloading is a no-op."""
    existing = {tuple(getattr(obj, k) for k in key): obj for obj in session.scalars(select(model))}
    changed = 0
    for row in rows:
        obj = existing.get(tuple(row[k] for k in key))
        if obj is None:
            session.add(model(**row))
            changed += 1
            continue
        updates = {k: v for k, v in row.items() if getattr(obj, k) != v}
        for name, value in updates.items():
            setattr(obj, name, value)
        changed += bool(updates)
    session.flush()
    return changed


def all_statistical_neighbours(
    *, session: Session, source: str = NEIGHBOURS_SOURCE
) -> dict[str, list[str]]:
    """Every LA's statistical neighbours as DfE codes, closest first, in one query."""
    query = (
        select(StatisticalNeighbour.la_code, StatisticalNeighbour.neighbour_code)
        .where(StatisticalNeighbour.source == source)
        .order_by(StatisticalNeighbour.la_code, StatisticalNeighbour.rank, StatisticalNeighbour.id)
    )
    found: dict[str, list[str]] = {}
    for la_code, neighbour_code in session.execute(query):
        found.setdefault(la_code, []).append(neighbour_code)
    return found
