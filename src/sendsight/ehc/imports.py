"""Import an LA's EHC case files into the store: validate, upsert, log, audit, rebuild facts.

Two steps, so the write transaction stays short. First the files are read and every row checked
(:func:`read_template_files`, :func:`read_sen2_folder`) without touching the database. Then
:func:`store` writes the checked frames, the import log, the audit event and the rebuilt facts in
the caller's one transaction: all of it, or nothing. A session's transaction begins at its first
statement, so :func:`import_template` and :func:`import_sen2` (read, then store) hold no lock
while the files are parsed, even when the caller opened the session first. A rejected or failed
import leaves the previous data exactly as it was; importing the same files again changes no row.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from sendsight.access.audit import Actor, record
from sendsight.ehc import clock, facts, queries, sen2, template
from sendsight.ehc.frames import EhcFrames


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the log entry, changes per case table, checks, and fact changes."""

    import_id: str
    la_code: str
    counts: dict[str, queries.SyncCount]
    checks: list[sen2.Check] = field(default_factory=list)
    facts: dict[str, queries.SyncCount] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """True when any case row was inserted or updated."""
        return any(c.inserted or c.updated for c in self.counts.values())


@dataclass(frozen=True)
class PreparedImport:
    """Case files read and checked, ready to store; nothing has touched the database yet."""

    la_code: str
    source: str  # "template" or "sen2"
    files: list[str]
    frames: EhcFrames
    checks: list[sen2.Check] = field(default_factory=list)


def read_template_files(
    la_code: str, requests: Path, advice: Path | None = None, reviews: Path | None = None
) -> PreparedImport:
    """Read and check the CSV template files (raises ``InputRejected`` listing every problem)."""
    frames = template.read_template(la_code, requests, advice, reviews)
    files = [p.name for p in (requests, advice, reviews) if p is not None]
    return PreparedImport(la_code, "template", files, frames)


def read_sen2_folder(la_code: str, directory: Path, reference_date: date) -> PreparedImport:
    """Read a SEN2 COLLECT export folder and run the pre-submission quality checks on it."""
    frames = sen2.read_sen2(directory, la_code)
    checks = sen2.data_quality_checks(frames, reference_date)
    files = [p.name for p in sen2.source_files(directory)]
    return PreparedImport(la_code, "sen2", files, frames, checks)


def import_template(
    session: Session,
    *,
    la_code: str,
    requests: Path,
    advice: Path | None = None,
    reviews: Path | None = None,
    actor: Actor,
    boundary: clock.Boundary = clock.DEFAULT_BOUNDARY,
) -> ImportResult:
    """Import the CSV template files (raises ``InputRejected`` listing every problem)."""
    prepared = read_template_files(la_code, requests, advice, reviews)
    return store(session, prepared, actor=actor, boundary=boundary)


def import_sen2(
    session: Session,
    *,
    la_code: str,
    directory: Path,
    reference_date: date,
    actor: Actor,
    boundary: clock.Boundary = clock.DEFAULT_BOUNDARY,
) -> ImportResult:
    """Import a SEN2 COLLECT export folder and run the pre-submission quality checks on it."""
    prepared = read_sen2_folder(la_code, directory, reference_date)
    return store(session, prepared, actor=actor, boundary=boundary)


def store(
    session: Session, prepared: PreparedImport, *, actor: Actor, boundary: clock.Boundary
) -> ImportResult:
    """Upsert checked frames, log and audit the import, and rebuild the LA's facts."""
    la_code = prepared.la_code
    counts = queries.upsert_cases(session=session, la_code=la_code, frames=prepared.frames)
    import_id = _log(session, prepared, counts, actor)
    built = facts.rebuild_facts(session, la_codes=[la_code], boundary=boundary)
    return ImportResult(import_id, la_code, counts, list(prepared.checks), built)


def _log(
    session: Session,
    prepared: PreparedImport,
    counts: dict[str, queries.SyncCount],
    actor: Actor,
) -> str:
    """Write the import log entry and its audit event; the entry's id."""
    logged = queries.create_import(
        session=session,
        la_code=prepared.la_code,
        source=prepared.source,
        files=prepared.files,
        imported_by=actor.email,
        counts=counts,
        checks=[check_record(c) for c in prepared.checks],
    )
    detail: dict[str, Any] = {
        "source": prepared.source,
        "files": list(prepared.files),
        "counts": {k: c.as_dict() for k, c in counts.items()},
    }
    record(
        session,
        actor=actor,
        action="import",
        object_type="ehc_import",
        object_id=logged.id,
        la_code=prepared.la_code,
        detail=detail,
    )
    return logged.id


def check_record(check: sen2.Check) -> dict[str, Any]:
    """A data-quality check as stored in the import log (record ids as a list)."""
    row = asdict(check)
    row["record_ids"] = list(check.record_ids)
    return row
