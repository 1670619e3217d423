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
from functools import cache

from sqlalchemy.orm import Session

from sendsight.core.errors import InputRejected, Problem
from sendsight.schools import matching, queries
from sendsight.schools.models import SchoolImport
from sendsight.schools.shipped import school_level_2019, shipped_urns

KINDS = ("census", "absence", "gias", "destinations", "sen")
ALIASES: dict[str, tuple[str, ...]] = {
    "urn": ("URN", "urn"),
    "la_code": ("LA", "la_code", "LA (code)", "old_la_code", "LEA"),
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
    "ks4_cohort": ("COHORT", "ks4_cohort"),
    "ks4_sustained": ("OVERALL_DEST", "ks4_sustained"),
    "la_name": ("la_name", "LA name"),
    "school_name": ("school_name", "School name"),
}
REQUIRED = {
    "census": ("urn", "pupils", "ehc_plan", "sen_support"),
    "absence": ("urn", "absence_pct", "persistent_absence_pct"),
    "gias": ("urn", "name", "la_code"),
    "destinations": ("urn", "ks4_cohort", "ks4_sustained"),
    "sen": ("pupils", "ehc_plan", "sen_support"),
}
OPTIONAL = {
    "census": ("la_code", "school_type", "eal", "fsm"),
    "absence": ("la_code",),
    "gias": ("phase", "gias_type", "status", "predecessor_urn"),
    "destinations": ("la_code",),
    "sen": ("urn", "la_name", "school_name", "la_code"),
}
COUNTS = ("pupils", "ehc_plan", "sen_support", "eal", "fsm", "ks4_cohort", "ks4_sustained")
#: Counts that cannot be more than the pupils on roll, and the KS4 count within its cohort.
ON_ROLL = ("ehc_plan", "sen_support", "eal", "fsm")
WITHIN = (*((key, "pupils") for key in ON_ROLL), ("ks4_sustained", "ks4_cohort"))
#: KS4 destinations files carry LA and England totals too (``RECTYPE`` other than 1 or 2).
SCHOOL_RECORDS = {"1", "2"}
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
    if kind == "destinations":
        rows = [(n, r) for n, r in rows if (r.get("RECTYPE") or "1").strip() in SCHOOL_RECORDS]
    if kind == "sen" and "urn" not in columns:
        rows, columns = _by_name(session, rows, columns, file_name, partnership_id)
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
        if kind in ("census", "sen"):
            _fill_place(session, figures, partnership_id=partnership_id)
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


def _by_name(
    session: Session,
    rows: list[Row],
    columns: dict[str, str],
    file_name: str,
    partnership_id: str,
) -> tuple[list[Row], dict[str, str]]:
    """A file without URNs: each line's URN from its LA and school name (``matching``), put
    in the school-name column so later problems name that column."""
    if "la_name" not in columns or "school_name" not in columns:
        raise InputRejected(
            [Problem(file_name, "The header line needs URN, or la_name and school_name", line=1)]
        )
    urns, problems = matching.resolve(
        rows,
        la_column=columns["la_name"],
        name_column=columns["school_name"],
        file_name=file_name,
        la_codes=matching.la_codes_by_name(session),
        schools=matching.known_schools(session, partnership_id=partnership_id),
    )
    if problems:
        raise InputRejected(problems)
    column = columns["school_name"]
    return [(n, {**r, column: urns[n]}) for n, r in rows], {**columns, "urn": column}


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
        _check_within(values, columns, (file_name, line), problems)
        for key in ("la_code", "school_type"):
            if key in columns:
                values[key] = (row.get(columns[key]) or "").strip()[
                    : 3 if key == "la_code" else 64
                ] or None
        figures.append(queries.NewFigure((row.get(columns["urn"]) or "").strip(), values))
    if problems:
        raise InputRejected(problems)
    return figures


@cache
def _shipped_places() -> dict[str, tuple[str | None, str | None]]:
    frame = school_level_2019().select("urn", "la_code", "school_type")
    return {urn: (la, kind) for urn, la, kind in frame.iter_rows()}


def _fill_place(session: Session, figures: list[queries.NewFigure], *, partnership_id: str) -> None:
    """A school's LA and type, where the file leaves them out: from the partnership's GIAS
    file, else the shipped figures (so a year of imports alone still has each school's LA)."""
    gias = {
        e.urn: e.la_code
        for e in queries.establishments(session=session, partnership_id=partnership_id)
    }
    shipped = _shipped_places()
    for figure in figures:
        la, kind = shipped.get(figure.urn, (None, None))
        if not figure.values.get("la_code"):
            figure.values["la_code"] = gias.get(figure.urn) or la
        if not figure.values.get("school_type"):
            figure.values["school_type"] = kind


def _check_within(
    values: dict[str, object],
    columns: dict[str, str],
    where: tuple[str, int],
    problems: list[Problem],
) -> None:
    """A count above what it is a part of: pupils on roll, or the KS4 cohort."""
    for key, whole in WITHIN:
        count, total = values.get(key), values.get(whole)
        if isinstance(count, int) and isinstance(total, int) and count > total:
            words = "pupils on roll" if whole == "pupils" else "pupils in the KS4 cohort"
            problems.append(
                Problem(
                    where[0],
                    f"This count is more than the {total} {words}",
                    where[1],
                    columns[key],
                    str(count),
                )
            )


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
