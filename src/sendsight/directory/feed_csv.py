"""Reading the directory's CSV template: one service per row, tags as term codes."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Final

from sqlalchemy.orm import Session

from sendsight.core.errors import InputRejected, Problem
from sendsight.directory.feed_checks import STATUSES, Check, add_schedule, parse_date
from sendsight.directory.models import (
    Attribute,
    Organization,
    Service,
)
from sendsight.directory.store import Package, ensure_taxonomies
from sendsight.directory.taxonomies import BY_KEY, NAMESPACE, term_id

CSV_COLUMNS: Final = (
    "id",
    "organization",
    "name",
    "description",
    "status",
    "minimum_age",
    "maximum_age",
    "email",
    "url",
    "fees",
    "eligibility",
    "how_to_start",
    "assured_date",
    "need",
    "level",
    "locality",
    "pathway",
    "days",
    "opens_at",
    "closes_at",
)
TAG_COLUMNS: Final = ("need", "level", "locality", "pathway")
_CODES: Final = {key: {c for c, _, _ in BY_KEY[key].terms} for key in TAG_COLUMNS}

# --- CSV ----------------------------------------------------------------------------------------


def read_csv(session: Session, text: str, *, partnership_id: str, filename: str) -> Package:
    """Check a directory CSV (the template's columns) and turn it into rows."""
    ensure_taxonomies(session, partnership_id=partnership_id)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("name", "status", "organization") if c not in (reader.fieldnames or [])]
    if missing:
        raise InputRejected(
            [Problem(filename, "This column is missing", line=1, column=missing[0])]
        )
    check, package = Check(filename), Package()
    orgs: dict[str, str] = {}
    for line, row in enumerate(reader, start=2):
        _csv_row(check, package, orgs, row, line, partnership_id)
    check.done()
    return package


def _csv_row(
    check: Check,
    package: Package,
    orgs: dict[str, str],
    row: dict[str, str],
    line: int,
    partnership_id: str,
) -> None:
    name = (row.get("name") or "").strip()
    sid = (
        check.uuid(row["id"], "id", line)
        if (row.get("id") or "").strip()
        else str(uuid.uuid5(NAMESPACE, f"{partnership_id}:csv:{name}"))
    )
    for field in ("name", "status", "organization"):
        if not (row.get(field) or "").strip():
            check.fail(field, f"Enter the {field}", None, line)
    if row.get("status") and row["status"] not in STATUSES:
        check.fail(
            "status", "Use active, inactive, defunct or temporarily closed", row["status"], line
        )
    ages = {f: _csv_age(check, row, f, line) for f in ("minimum_age", "maximum_age")}
    low, high = ages["minimum_age"], ages["maximum_age"]
    if low is not None and high is not None and low > high:
        check.fail("minimum_age", "The minimum age is above the maximum age", low, line)
    org = (row.get("organization") or "").strip()
    if org and org not in orgs:
        oid = str(uuid.uuid5(NAMESPACE, f"{partnership_id}:org:{org}"))
        orgs[org] = package.add(Organization, id=oid, name=org, description="")
    package.add(
        Service,
        id=sid,
        organization_id=orgs.get(org, ""),
        name=name,
        description=row.get("description") or "",
        status=row.get("status") or "active",
        minimum_age=low,
        maximum_age=high,
        email=row.get("email") or None,
        url=row.get("url") or None,
        fees_description=row.get("fees") or None,
        eligibility_description=row.get("eligibility") or None,
        application_process=row.get("how_to_start") or None,
        assured_on=parse_date(check, row.get("assured_date"), "assured_date"),
    )
    _csv_tags(check, package, row, line, sid, partnership_id)
    if (row.get("days") or "").strip():
        schedule = {
            "byday": row.get("days"),
            "opens_at": row.get("opens_at"),
            "closes_at": row.get("closes_at"),
            "id": str(uuid.uuid5(NAMESPACE, f"{sid}:schedule")),
        }
        before = len(check.problems)
        add_schedule(check, package, sid, schedule, "days")
        for k in range(before, len(check.problems)):
            p = check.problems[k]
            check.problems[k] = Problem(
                p.file, p.message, line=line, column=p.column, value=p.value
            )


def _csv_age(check: Check, row: dict[str, str], field: str, line: int) -> int | None:
    value = (row.get(field) or "").strip()
    if not value:
        return None
    if not value.isdigit():
        check.fail(field, "Give an age in whole years", value, line)
        return None
    return int(value)


def _csv_tags(
    check: Check, package: Package, row: dict[str, str], line: int, sid: str, partnership_id: str
) -> None:
    for key in TAG_COLUMNS:
        codes = {c: n for c, n, _ in BY_KEY[key].terms}
        for code in [c.strip() for c in (row.get(key) or "").split(";") if c.strip()]:
            if code not in codes:
                check.fail(key, f"Use the codes {', '.join(codes)}", code, line)
                continue
            package.add(
                Attribute,
                id=str(uuid.uuid5(NAMESPACE, f"{sid}:{key}:{code}")),
                link_id=sid,
                taxonomy_term_id=term_id(partnership_id, key, code),
            )
