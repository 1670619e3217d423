"""Importers for school-level files, by URN: all-or-nothing, idempotent, with vintages.

Four kinds of file, each a CSV file with a header line (column names as DfE and GIAS publish
them; the alternative names in ``ALIASES`` are accepted too):

* ``census`` — the performance-tables census or the school-level file of "Special educational
  needs in England": ``URN``, ``NOR`` (pupils on roll), ``TSENELSE`` (EHC plans), ``TSENELK``
  (SEN support), and optionally ``LA``, ``SCHOOLTYPE``, ``NUMEAL``, ``NUMFSM``;
* ``absence`` — ``URN``, ``PERCTOT`` (overall absence %) and ``PPERSABS10`` (persistent
  absence %);
* ``gias`` — a GIAS establishments extract: ``URN``, ``EstablishmentName``, ``LA (code)``, and
  optionally ``PhaseOfEducation (name)``, ``TypeOfEstablishment (name)``,
  ``EstablishmentStatus (name)`` and ``PredecessorURN`` (from the GIAS links file).

A file is refused with every problem named by line and column: an unknown URN (not in the
shipped data, nor in a GIAS file the partnership imported, nor in this GIAS file), a URN twice,
a percentage outside 0 to 100, a count above the pupils on roll, text where a number belongs.
Nothing is stored unless the whole file is good. The same bytes for the same year twice are
one import. Each import is a vintage: for a school and year, the newest import holding a
figure wins, and older imports stay on record.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from sendsight.core.errors import InputRejected, Problem
from sendsight.schools import queries
from sendsight.schools.models import SchoolImport
from sendsight.schools.shipped import shipped_urns

KINDS = ("census", "absence", "gias")
ALIASES: dict[str, tuple[str, ...]] = {
    "urn": ("URN", "urn"),
    "la_code": ("LA", "la_code", "LA (code)", "old_la_code"),
    "school_type": ("SCHOOLTYPE", "school_type", "phase_type_grouping"),
    "pupils": ("NOR", "Total pupils", "total_pupils"),
    "ehc_plan": ("TSENELSE", "EHC plan", "ehc_plan"),
    "sen_support": ("TSENELK", "SEN support", "sen_support"),
    "eal": ("NUMEAL", "eal"),
    "fsm": ("NUMFSM", "fsm"),
    "absence_pct": ("PERCTOT", "absence_pct"),
    "persistent_absence_pct": ("PPERSABS10", "persistent_absence_pct"),
    "name": ("EstablishmentName", "SCHNAME", "name"),
    "phase": ("PhaseOfEducation (name)", "phase"),
    "gias_type": ("TypeOfEstablishment (name)",),
    "status": ("EstablishmentStatus (name)", "status"),
    "predecessor_urn": ("PredecessorURN", "predecessor_urn"),
}
REQUIRED = {
    "census": ("urn", "pupils", "ehc_plan", "sen_support"),
    "absence": ("urn", "absence_pct", "persistent_absence_pct"),
    "gias": ("urn", "name", "la_code"),
}
OPTIONAL = {
    "census": ("la_code", "school_type", "eal", "fsm"),
    "absence": ("la_code",),
    "gias": ("phase", "gias_type", "status", "predecessor_urn"),
}
COUNTS = ("pupils", "ehc_plan", "sen_support", "eal", "fsm")
PERCENTS = ("absence_pct", "persistent_absence_pct")
#: DfE's codes for a figure that is not there: left empty.
MISSING = {"", "NA", "SUPP", "SP", "x", "z", "c"}


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the vintage, and whether these exact bytes were already in."""

    record: SchoolImport
    already: bool


def import_file(
    session: Session,
    text: str,
    *,
    file_name: str,
    kind: str,
    partnership_id: str,
    year: int | None = None,
) -> ImportResult:
    """Check and store one school-level file (see the module's description)."""
    if kind not in KINDS:
        raise InputRejected(
            [Problem(file_name, f"Unknown kind of file {kind!r}; use one of {', '.join(KINDS)}")]
        )
    if kind != "gias" and (year is None or not 2000 <= year <= 2100):
        raise InputRejected(
            [Problem(file_name, "Give the census year the figures are for (for example 2024)")]
        )
    sha = hashlib.sha256(f"{kind}\n{year}\n{text}".encode()).hexdigest()
    found = queries.find_import(
        session=session, partnership_id=partnership_id, kind=kind, sha256=sha
    )
    if found is not None:
        return ImportResult(found, already=True)
    rows, columns = _read(text, file_name, kind)
    known = shipped_urns() | {
        e.urn for e in queries.establishments(session=session, partnership_id=partnership_id)
    }
    if kind == "gias":
        known = known | {row.get(columns["urn"], "").strip() for _, row in rows}
        schools = _check_gias(rows, columns, file_name, known)
        record = queries.store_import(
            session=session,
            partnership_id=partnership_id,
            kind=kind,
            year=None,
            file_name=file_name,
            sha256=sha,
            schools=schools,
        )
    else:
        figures = _check_figures(rows, columns, file_name, kind, known)
        record = queries.store_import(
            session=session,
            partnership_id=partnership_id,
            kind=kind,
            year=year,
            file_name=file_name,
            sha256=sha,
            figures=figures,
        )
    return ImportResult(record, already=False)


Row = tuple[int, dict[str, str]]


def _read(text: str, file_name: str, kind: str) -> tuple[list[Row], dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    columns: dict[str, str] = {}
    for key in REQUIRED[kind] + OPTIONAL[kind]:
        match = next((name for name in ALIASES[key] if name in header), None)
        if match is not None:
            columns[key] = match
    missing = [ALIASES[key][0] for key in REQUIRED[kind] if key not in columns]
    if missing:
        raise InputRejected(
            [
                Problem(
                    file_name, f"The header line needs the column(s) {', '.join(missing)}", line=1
                )
            ]
        )
    rows = [(number, row) for number, row in enumerate(reader, start=2)]
    if not rows:
        raise InputRejected([Problem(file_name, "The file has no schools in it", line=2)])
    return rows, columns


def _check_urns(
    rows: list[Row],
    columns: dict[str, str],
    file_name: str,
    known: frozenset[str] | set[str],
    problems: list[Problem],
) -> None:
    seen: dict[str, int] = {}
    column = columns["urn"]
    for line, row in rows:
        urn = (row.get(column) or "").strip()
        if not urn.isdigit() or not 5 <= len(urn) <= 7:
            problems.append(Problem(file_name, "Enter a URN of 6 digits", line, column, urn))
        elif urn in seen:
            problems.append(
                Problem(file_name, f"URN {urn} is already on line {seen[urn]}", line, column, urn)
            )
        elif urn not in known:
            problems.append(
                Problem(
                    file_name,
                    "Unknown URN: not a school in the shipped data or an imported GIAS file",
                    line,
                    column,
                    urn,
                )
            )
        seen.setdefault(urn, line)


def _number(
    text: str | None,
    convert: Callable[[str], float],
    problems: list[Problem],
    where: tuple[str, int, str],
) -> float | None:
    value = (text or "").strip().replace(",", "").rstrip("%")
    if value in MISSING:
        return None
    try:
        number = convert(value)
    except ValueError:
        problems.append(Problem(where[0], "Enter a number", where[1], where[2], text))
        return None
    if number < 0:
        problems.append(Problem(where[0], "Enter a number of 0 or more", where[1], where[2], text))
        return None
    return number


def _check_figures(
    rows: list[Row],
    columns: dict[str, str],
    file_name: str,
    kind: str,
    known: frozenset[str] | set[str],
) -> list[queries.NewFigure]:
    problems: list[Problem] = []
    _check_urns(rows, columns, file_name, known, problems)
    figures: list[queries.NewFigure] = []
    for line, row in rows:
        values: dict[str, object] = {}
        for key in COUNTS:
            if key in columns:
                n = _number(row.get(columns[key]), int, problems, (file_name, line, columns[key]))
                values[key] = None if n is None else int(n)
        for key in PERCENTS:
            if key in columns:
                p = _number(row.get(columns[key]), float, problems, (file_name, line, columns[key]))
                if p is not None and p > 100:
                    problems.append(
                        Problem(
                            file_name,
                            "A percentage must be 100 or less",
                            line,
                            columns[key],
                            row.get(columns[key]),
                        )
                    )
                values[key] = p
        pupils = values.get("pupils")
        for key in COUNTS[1:]:
            count = values.get(key)
            if isinstance(count, int) and isinstance(pupils, int) and count > pupils:
                problems.append(
                    Problem(
                        file_name,
                        f"This count is more than the {pupils} pupils on roll",
                        line,
                        columns[key],
                        str(count),
                    )
                )
        for key in ("la_code", "school_type"):
            if key in columns:
                values[key] = (row.get(columns[key]) or "").strip()[
                    : 3 if key == "la_code" else 64
                ] or None
        figures.append(queries.NewFigure((row.get(columns["urn"]) or "").strip(), values))
    if problems:
        raise InputRejected(problems)
    return figures


def _check_gias(
    rows: list[Row], columns: dict[str, str], file_name: str, known: set[str] | frozenset[str]
) -> list[dict[str, str | None]]:
    problems: list[Problem] = []
    _check_urns(rows, columns, file_name, known, problems)
    schools: list[dict[str, str | None]] = []
    for line, row in rows:

        def cell(key: str, row: dict[str, str] = row) -> str | None:
            return (row.get(columns[key]) or "").strip() or None if key in columns else None

        name, la = cell("name"), cell("la_code")
        if not name:
            problems.append(Problem(file_name, "Enter the school's name", line, columns["name"]))
        if not la or not la.isdigit() or len(la) != 3:
            problems.append(
                Problem(file_name, "Enter a 3-digit LA code", line, columns["la_code"], la)
            )
        before = cell("predecessor_urn")
        if before is not None and not before.isdigit():
            problems.append(
                Problem(
                    file_name,
                    "Enter the predecessor's URN (digits)",
                    line,
                    columns["predecessor_urn"],
                    before,
                )
            )
        schools.append(
            {
                "urn": cell("urn"),
                "name": (name or "")[:200],
                "la_code": la,
                "phase": cell("phase"),
                "school_type": cell("gias_type"),
                "status": cell("status"),
                "predecessor_urn": before,
            }
        )
    if problems:
        raise InputRejected(problems)
    return schools
