"""Import and export the directory: ORUK 3.0 JSON (a service package, or pages of services
from another publisher's API) and a CSV template, all-or-nothing and idempotent.

Every record is checked before anything is stored; the problems name the record and field
(``services[3].status``, or the CSV line and column). Records keep their ids, so importing the
same file twice changes nothing. Tags must use the partnership's own taxonomy terms (by id in
JSON, by code in CSV).
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy.orm import Session

from sendsight.access.audit import Actor, record
from sendsight.core.safe_io import write_csv
from sendsight.directory import bulk, oruk, queries
from sendsight.directory.feed_csv import CSV_COLUMNS, TAG_COLUMNS, read_csv
from sendsight.directory.feed_json import read_oruk, services_in
from sendsight.directory.models import (
    Service,
)
from sendsight.directory.store import Package, store
from sendsight.directory.taxonomies import BY_KEY

__all__ = ["export_csv", "export_oruk", "import_package", "read_csv", "read_oruk", "services_in"]
_CODES: Final = {key: {c for c, _, _ in BY_KEY[key].terms} for key in TAG_COLUMNS}


# --- Export -------------------------------------------------------------------------------------


def export_oruk(session: Session, *, partnership_id: str) -> list[dict[str, Any]]:
    """The whole directory as an ORUK service package (fully nested services, in id order)."""
    found = bulk.load_directory(session=session, partnership_id=partnership_id)
    orgs, related, taxonomies = found.organizations, found.related, found.taxonomies
    shared = oruk.Shared()
    return [
        oruk.service_full(s, orgs.get(s.organization_id), related, taxonomies, shared)
        for s in found.services
    ]


def export_csv(session: Session, *, partnership_id: str) -> str:
    """The whole directory in the CSV template's columns (formulas neutralised)."""
    found = bulk.load_directory(session=session, partnership_id=partnership_id)
    rows = [
        _csv_line(s, found.organizations.get(s.organization_id), found.related)
        for s in found.services
    ]
    return write_csv(rows, header=list(CSV_COLUMNS))


def _csv_line(
    s: oruk.ServiceRecord, org: oruk.OrganizationRecord | None, related: queries.Related
) -> list[object]:
    codes = [t.code for _, t in related.attributes[s.id]]
    tags = {key: ";".join(c for c in codes if c in _CODES[key]) for key in TAG_COLUMNS}
    first = related.schedules[s.id][0] if related.schedules[s.id] else None
    return [
        s.id,
        org.name if org else "",
        s.name,
        s.description,
        s.status,
        s.minimum_age,
        s.maximum_age,
        s.email,
        s.url,
        s.fees_description,
        s.eligibility_description,
        s.application_process,
        s.assured_on.isoformat() if s.assured_on else "",
        tags["need"],
        tags["level"],
        tags["locality"],
        tags["pathway"],
        first.byday if first else "",
        first.opens_at if first else "",
        first.closes_at if first else "",
    ]


def import_package(
    session: Session, package: Package, *, partnership_id: str, actor: Actor | None = None
) -> int:
    """Store a checked package (audited); returns how many services it holds."""
    store(session, partnership_id=partnership_id, package=package)
    count = len(package.of(Service))
    record(session, actor=actor, action="directory.import", object_type="directory",
           partnership_id=partnership_id, detail={"services": count})  # fmt: skip
    return count
