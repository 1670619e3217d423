"""Read a pupil-level SEN census file (one row per pupil on SEN support or with an EHC plan).

The file is what an LA extracts from its school census (and, for young people past 16, its
learner records) for the inspection lists: see ``docs/governance.md`` for the columns. Reading is
all-or-nothing: every problem is collected (file, line, column) and raised together as
``InputRejected``; personal values (UPN, ULN, person id, date of birth) are never quoted back.
The same file always gives the same rows, so importing it twice changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

from sendsight.core.errors import InputRejected, Problem
from sendsight.core.identifiers import uln_problem, upn_problem
from sendsight.core.safe_io import file_limits, read_csv_file
from sendsight.governance import codes
from sendsight.reference.codes import NEED_BY_CODE


@dataclass(frozen=True)
class Column:
    """One census column: its kind, and whether the header and a value must be there."""

    name: str
    kind: str
    header_required: bool = True
    value_required: bool = False


COLUMNS: Final[tuple[Column, ...]] = (
    Column("upn", "upn", value_required=True),
    Column("date_of_birth", "date"),
    Column("gender", "gender"),
    Column("ethnicity", "ethnicity"),
    Column("sen_provision", "provision", value_required=True),
    Column("primary_need", "need"),
    Column("urn", "urn"),
    Column("phase", "phase"),
    Column("person_id", "text", header_required=False),
    Column("uln", "uln", header_required=False),
    Column("subsidiary_phase", "phase", header_required=False),
    Column("elective_home_education", "flag", header_required=False),
    Column("suspensions", "count", header_required=False),
    Column("permanent_exclusions", "count", header_required=False),
    Column("absence_pct", "percent", header_required=False),
    Column("pupil_premium", "flag", header_required=False),
    Column("csc_team", "csc", header_required=False),
    Column("disability", "flag", header_required=False),
)
PERSONAL: Final = frozenset({"upn", "uln", "person_id", "date_of_birth"})
FLAGS: Final = {"Y": True, "N": False, "1": True, "0": False, "TRUE": True, "FALSE": False}
CENSUS_NEEDS: Final = {n.code for n in NEED_BY_CODE.values() if n.in_school_census or n.in_sen2}


@dataclass(frozen=True)
class CensusFile:
    """A census file read and checked: its rows (column name → value) and a digest of them."""

    filename: str
    rows: list[dict[str, Any]]
    digest: str


def read_census_path(path: Path) -> CensusFile:
    """Read and check the census CSV at ``path`` (size, encoding and lines checked first)."""
    text = read_csv_file(path, path.name, limits=file_limits())
    return read_census_text(text, path.name)


def read_census_text(text: str, filename: str) -> CensusFile:
    """Check every row of a census CSV; raise ``InputRejected`` listing every problem."""
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    problems: list[Problem] = []
    missing = [c.name for c in COLUMNS if c.header_required and c.name not in header]
    if missing:
        raise InputRejected(
            [Problem(filename, f"Add the column {name}", line=1) for name in missing]
        )
    known = {c.name: c for c in COLUMNS}
    index = {name: i for i, name in enumerate(header) if name in known}
    rows: list[dict[str, Any]] = []
    first_line: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        row: dict[str, Any] = {}
        for name, position in index.items():
            value = raw[position].strip() if position < len(raw) else ""
            row[name] = _parse(known[name], value, filename, line, problems)
        upn = row.get("upn")
        if isinstance(upn, str):
            if upn in first_line:
                problems.append(
                    Problem(
                        filename,
                        f"This pupil is already on line {first_line[upn]}: give each pupil one row",
                        line=line,
                        column="upn",
                    )
                )
            else:
                first_line[upn] = line
        if row.get("primary_need") == "NSA" and row.get("sen_provision") == "E":
            problems.append(
                Problem(
                    filename,
                    "NSA (no specialist assessment) is only for SEN support (provision K)",
                    line=line,
                    column="primary_need",
                )
            )
        rows.append(row)
    if problems:
        raise InputRejected(problems)
    if not rows:
        raise InputRejected([Problem(filename, "The file has no pupils: add a row per pupil")])
    rows.sort(key=lambda r: str(r["upn"]))
    digest = hashlib.sha256(repr([sorted(r.items()) for r in rows]).encode()).hexdigest()
    return CensusFile(filename, rows, digest)


def _problem(
    problems: list[Problem], filename: str, line: int, column: Column, message: str, value: str
) -> None:
    shown = None if column.name in PERSONAL else value
    problems.append(Problem(filename, message, line=line, column=column.name, value=shown))


def _parse(column: Column, value: str, filename: str, line: int, problems: list[Problem]) -> Any:
    if not value:
        if column.value_required:
            _problem(problems, filename, line, column, f"Enter the {column.name}", value)
        return False if column.name == "elective_home_education" else None
    message, parsed = _check(column.kind, value)
    if message is not None:
        _problem(problems, filename, line, column, message, value)
        return None
    return parsed


def _check(kind: str, value: str) -> tuple[str | None, Any]:  # noqa: C901
    upper = value.upper()
    if kind == "upn":
        problem = upn_problem(value)
        return problem, upper
    if kind == "uln":
        return uln_problem(value), value
    if kind == "date":
        try:
            return None, date.fromisoformat(value)
        except ValueError:
            return "Enter a real date as YYYY-MM-DD, for example 2014-03-31", None
    if kind == "gender":
        return _code(upper, codes.GENDERS, "gender")
    if kind == "ethnicity":
        return _code(upper, codes.ETHNICITIES, "ethnicity")
    if kind == "provision":
        return _code(upper, codes.SEN_PROVISIONS, "SEN provision")
    if kind == "need":
        return _code(upper, dict.fromkeys(sorted(CENSUS_NEEDS), ""), "primary need")
    if kind == "phase":
        return _code(value.lower(), codes.PHASES, "phase")
    if kind == "csc":
        return _code(value.lower(), codes.CSC_TEAMS, "social care team")
    if kind == "urn":
        ok = len(value) == 6 and value.isascii() and value.isdigit()
        return (None, value) if ok else ("A URN is 6 digits, like 105876", None)
    if kind == "flag":
        if upper in FLAGS:
            return None, FLAGS[upper]
        return "Enter Y or N", None
    if kind in ("count", "percent"):
        return _number(kind, value)
    return None, value[:100]


def _code(value: str, known: dict[str, str], what: str) -> tuple[str | None, Any]:
    if value in known:
        return None, value
    shown = ", ".join(known) if len(known) <= 25 else ", ".join(list(known)[:25]) + " …"
    return f"Use a known {what} code: {shown}", None


def _number(kind: str, value: str) -> tuple[str | None, Any]:
    try:
        number = float(value) if kind == "percent" else int(value)
    except ValueError:
        return (
            "Enter a whole number, like 2" if kind == "count" else "Enter a percentage, like 7.5"
        ), None
    if number < 0 or (kind == "percent" and number > 100):
        return "Enter a number from 0" + (" to 100" if kind == "percent" else ""), None
    return None, number
