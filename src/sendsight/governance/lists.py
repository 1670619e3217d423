"""Services for the inspection lists: import the census, build the lists, export them (audited).

Who may do this is decided by the caller (web: case roles of the LA; command line: the
operator); every export is written to the audit log with its stated purpose, in the caller's
transaction.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session

from sendsight.access.audit import Actor, record
from sendsight.ehc import queries as ehc_queries
from sendsight.governance import annex_a, queries
from sendsight.governance.census import CensusFile

DEFAULT_PURPOSE = "Area SEND inspection: person-level lists (Annex A)"


def import_census(
    session: Session,
    *,
    partnership_id: str,
    la_code: str,
    census: CensusFile,
    census_date: date,
    actor: Actor,
    ip: str | None = None,
) -> queries.CensusResult:
    """Store a checked census file for the LA (replacing the last) and log the import."""
    result = queries.store_census(
        session=session,
        partnership_id=partnership_id,
        la_code=la_code,
        census=census,
        census_date=census_date,
        imported_by=actor.email,
    )
    record(
        session,
        actor=actor,
        action="import",
        object_type="governance_census",
        object_id=result.import_id,
        la_code=la_code,
        partnership_id=partnership_id,
        ip=ip,
        detail={
            "pupils": result.pupils,
            "changed": result.changed,
            "census_date": census_date.isoformat(),
        },
    )
    return result


_built: dict[tuple[object, ...], annex_a.AnnexA] = {}
_lock = threading.Lock()
_KEPT = 8


def build_lists(
    session: Session, *, partnership_id: str, la_code: str, as_of: date
) -> annex_a.AnnexA:
    """Both lists and the data-quality checks for one LA of the partnership, as at ``as_of``.

    Built once per process for each LA, day and version of its records
    (``queries.lists_version``): the page is read many times between imports."""
    version = queries.lists_version(session=session, partnership_id=partnership_id, la_code=la_code)
    key = (str(session.get_bind().engine.url), partnership_id, la_code, as_of, version)
    with _lock:
        if key in _built:
            return _built[key]
    built = _assemble(session, partnership_id=partnership_id, la_code=la_code, as_of=as_of)
    with _lock:
        if len(_built) >= _KEPT:
            _built.clear()
        _built[key] = built
    return built


def _assemble(
    session: Session, *, partnership_id: str, la_code: str, as_of: date
) -> annex_a.AnnexA:
    frames = ehc_queries.load_frames(session=session, la_code=la_code)
    census = queries.load_census(session=session, partnership_id=partnership_id, la_code=la_code)
    return annex_a.assemble(la_code, as_of, frames.requests, frames.reviews, census)


def export_annex_a(
    session: Session,
    *,
    partnership_id: str,
    la_code: str,
    as_of: date,
    actor: Actor,
    purpose: str,
    out: Path | IO[bytes],
    ip: str | None = None,
) -> annex_a.AnnexA:
    """Write the workbook to ``out`` and log the export with its purpose."""
    built = build_lists(session, partnership_id=partnership_id, la_code=la_code, as_of=as_of)
    annex_a.write_workbook(built, out)
    record(
        session,
        actor=actor,
        action="case.export",
        object_type="annex_a",
        la_code=la_code,
        partnership_id=partnership_id,
        purpose=purpose[:500],
        ip=ip,
        detail=export_detail(built),
    )
    return built


def export_detail(built: annex_a.AnnexA) -> dict[str, Any]:
    """What the audit log keeps about an export (counts, never the records)."""
    return {
        "as_of": built.as_of.isoformat(),
        "list_1": built.list_1.height,
        "list_2": built.list_2.height,
        "flagged": built.problems,
    }
