"""Import an LA's EHC case files into the store: validate, upsert, log, audit, rebuild facts.

All-or-nothing: the files are read and checked completely before anything is written, and the
caller runs the whole import in one transaction, so a rejected or failed import leaves the
previous data exactly as it was. Importing the same files again changes no row.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    frames = template.read_template(la_code, requests, advice, reviews)
    files = [p.name for p in (requests, advice, reviews) if p is not None]
    return store_frames(session, la_code=la_code, frames=frames, source="template", files=files,
                        actor=actor, boundary=boundary)  # fmt: skip


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
    frames = sen2.read_sen2(directory, la_code)
    checks = sen2.data_quality_checks(frames, reference_date)
    files = sorted(p.name for p in sen2.find_module_files(directory).values())
    return store_frames(session, la_code=la_code, frames=frames, source="sen2", files=files,
                        actor=actor, boundary=boundary, checks=checks)  # fmt: skip


def store_frames(
    session: Session,
    *,
    la_code: str,
    frames: EhcFrames,
    source: str,
    files: Sequence[str],
    actor: Actor,
    boundary: clock.Boundary,
    checks: Sequence[sen2.Check] = (),
) -> ImportResult:
    """Upsert validated frames, log and audit the import, and rebuild the LA's facts."""
    counts = queries.upsert_cases(session=session, la_code=la_code, frames=frames)
    check_rows = [check_record(c) for c in checks]
    logged = queries.create_import(
        session=session, la_code=la_code, source=source, files=files, imported_by=actor.email,
        counts=counts, checks=check_rows,
    )  # fmt: skip
    detail: dict[str, Any] = {"source": source, "files": list(files),
                              "counts": {k: c.as_dict() for k, c in counts.items()}}  # fmt: skip
    record(session, actor=actor, action="import", object_type="ehc_import",
           object_id=logged.id, la_code=la_code, detail=detail)  # fmt: skip
    built = facts.rebuild_facts(session, la_codes=[la_code], boundary=boundary)
    return ImportResult(logged.id, la_code, counts, list(checks), built)


def check_record(check: sen2.Check) -> dict[str, Any]:
    """A data-quality check as stored in the import log (record ids as a list)."""
    row = asdict(check)
    row["record_ids"] = list(check.record_ids)
    return row
