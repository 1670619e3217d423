"""Bulk intake of requests for support from a CSV file: all rows or none.

Every row is checked as the form checks a request (``intake.py``); problems name the line (the
header is line 1) and column, and nothing is stored if there is any. A row matching a request
already held (same child, day received, what is asked for and school) is not added again, so
importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.core.errors import InputRejected, Problem
from sendsight.core.safe_io import read_upload
from sendsight.db.base import new_id, utcnow
from sendsight.frontdoor import intake, queries
from sendsight.frontdoor.models import FdRequest, FdStatusChange

Key = tuple[str, date, str, str | None]


@dataclass(frozen=True, slots=True)
class BulkResult:
    """What an intake did."""

    added: int
    unchanged: int


def read_rows(data: bytes, filename: str) -> list[dict[str, str]]:
    """The CSV's rows as field → text, or ``InputRejected`` for a bad file or header."""
    sniffed = read_upload(data, filename, allowed=("csv",))
    reader = csv.DictReader(io.StringIO(sniffed.text or ""))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in intake.REQUIRED if c not in header]
    unknown = [c for c in header if c not in intake.COLUMNS]
    problems = [Problem(filename, "This column is required", 1, c) for c in missing]
    problems += [
        Problem(filename, "This column is not one the front door reads", 1, c) for c in unknown
    ]
    if problems:
        raise InputRejected(problems)
    return [{k.strip(): (v or "") for k, v in row.items() if k} for row in reader]


def import_rows(
    session: Session,
    *,
    rows: list[dict[str, str]],
    filename: str,
    partnership_id: str,
    la_code: str,
    by_email: str,
    today: date,
) -> BulkResult:
    """Check every row, then store the new ones (or raise ``InputRejected`` naming each)."""
    settings = queries.settings_by_urn(session=session, partnership_id=partnership_id)
    checked: list[intake.NewRequest] = []
    problems: list[Problem] = []
    for line, raw in enumerate(rows, start=2):
        found, wrong = intake.check_request(
            raw, today=today, known_urns=settings, file=filename, line=line
        )
        problems += wrong
        if found is not None:
            checked.append(found)
    if problems:
        raise InputRejected(problems)
    held = _held_keys(session, partnership_id)
    fresh: dict[Key, intake.NewRequest] = {}
    for new in checked:
        key = (new.person_id, new.received_on, new.asked_for, new.setting_urn)
        if key not in held:
            fresh.setdefault(key, new)
    _store(session, list(fresh.values()), partnership_id, la_code, by_email, settings)
    return BulkResult(added=len(fresh), unchanged=len(checked) - len(fresh))


def _held_keys(session: Session, partnership_id: str) -> set[Key]:
    query = select(
        FdRequest.person_id, FdRequest.received_on, FdRequest.asked_for, FdRequest.setting_urn
    ).where(FdRequest.partnership_id == partnership_id)
    return {(a, b, c, d) for a, b, c, d in session.execute(query)}


def _store(
    session: Session,
    fresh: list[intake.NewRequest],
    partnership_id: str,
    la_code: str,
    by_email: str,
    settings: Mapping[str, object],
) -> None:
    rows, changes, offsets = [], [], dict[int, int]()
    for new in fresh:
        year = new.received_on.year
        offsets[year] = offsets.get(year, -1) + 1
        reference = queries.next_reference(
            session=session, partnership_id=partnership_id, year=year, offset=offsets[year]
        )
        setting = settings.get(new.setting_urn or "")
        row = queries.request_row(
            new,
            partnership_id=partnership_id,
            la_code=la_code,
            reference=reference,
            submitted_by=by_email,
            locality=getattr(setting, "locality", None),
        )
        row["id"] = new_id()
        rows.append(row)
        changes.append(
            {
                "id": new_id(),
                "partnership_id": partnership_id,
                "request_id": row["id"],
                "status": "received",
                "at_utc": utcnow(),
                "by_email": by_email,
                "note": "Imported from a CSV file",
                "date_of_birth": new.date_of_birth,
            }
        )
    queries.bulk_insert(session=session, model=FdRequest, rows=rows)
    queries.bulk_insert(session=session, model=FdStatusChange, rows=changes)


def import_csv(
    session: Session,
    *,
    path: Path,
    partnership_id: str,
    la_code: str,
    by_email: str,
    today: date | None = None,
) -> BulkResult:
    """Import the CSV file at ``path`` (see :func:`import_rows`)."""
    rows = read_rows(path.read_bytes(), path.name)
    return import_rows(
        session,
        rows=rows,
        filename=path.name,
        partnership_id=partnership_id,
        la_code=la_code,
        by_email=by_email,
        today=today or date.today(),
    )
