"""Reading a specialist place-capacity CSV file: every problem found, or every row.

A capacity file has one row per LA, setting, primary need and January: columns ``la_code``,
``setting``, ``need``, ``year``, ``places`` and, optionally, ``note``. It is all or nothing:
if any row is wrong, :func:`parse_capacity_csv` raises ``InputRejected`` naming each problem's
line (the header is line 1) and column, and nothing is returned.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection

import polars as pl

from sendsight.core.errors import InputRejected, Problem
from sendsight.core.safe_io import FORMULA_TRIGGERS, write_csv
from sendsight.forecasting.breakdowns import NEEDS, PLACEMENTS

CAPACITY_COLUMNS = ("la_code", "setting", "need", "year", "places")
OPTIONAL_COLUMNS = ("note",)
UNREADABLE_CSV = (
    "Save the file as CSV (comma-separated values): a line could not be read, perhaps because "
    "of a stray quote mark or a very long cell"
)
KEY = ("la_code", "setting", "need", "year")
FIRST_YEAR, LAST_YEAR = 2015, 2050
MAX_PLACES = 100_000
#: Where places can be: the placement groups forecast, plus resourced provision (SEN units
#: and resourced bases in mainstream schools), which has places but no separate forecast.
SETTINGS = (*PLACEMENTS, "resourced_provision")
MAX_NOTE = 500
CAPACITY_SCHEMA = {
    "la_code": pl.Utf8,
    "setting": pl.Utf8,
    "need": pl.Utf8,
    "year": pl.Int64,
    "places": pl.Int64,
    "note": pl.Utf8,
}


def parse_capacity_csv(
    text: str,
    *,
    filename: str = "capacity.csv",
    la_codes: Collection[str] | None = None,
    scope: str = "an LA you work for",
) -> pl.DataFrame:
    """The rows of a place-capacity file as a frame (columns of :data:`CAPACITY_SCHEMA`).

    ``setting`` is one of :data:`SETTINGS` (such as ``special``); ``need`` a primary-need code or
    ``all``; ``places`` a whole number of places, 0 or more. ``la_codes``, when given, are the
    only LAs the file may name (the LAs the person importing it works for, described by
    ``scope`` in the problem). A key (LA, setting, need, year) may appear once. Raises
    ``InputRejected`` with every problem.
    """
    try:
        return _parse(text, filename, la_codes, scope)
    except csv.Error as exc:  # a bare carriage return or a cell over the csv module's limit
        raise InputRejected([Problem(filename, UNREADABLE_CSV)]) from exc


def _parse(text: str, filename: str, la_codes: Collection[str] | None, scope: str) -> pl.DataFrame:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [c for c in CAPACITY_COLUMNS if c not in header]
    if missing:
        raise InputRejected(
            [Problem(filename, f"Add a column called {c!r}", 1, c) for c in missing]
        )
    rows: list[dict[str, str]] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, ...], int] = {}
    for row in reader:
        value = {c.strip(): (v or "").strip() for c, v in row.items() if isinstance(c, str)}
        value["note"] = _unquoted(value.get("note", ""))
        line = reader.line_num
        found = row_problems(value, la_codes, scope)
        key = tuple(value[c] for c in KEY)
        if not found and key in seen:
            found.append(("year", f"Enter each LA, setting, need and year once (also on line "
                                  f"{seen[key]})"))  # fmt: skip
        seen.setdefault(key, line)
        problems += [Problem(filename, msg, line, col, value.get(col)) for col, msg in found]
        rows.append(value)
    if not rows:
        problems.append(Problem(filename, "Add at least one row of places under the header", 1))
    if problems:
        raise InputRejected(problems)
    return capacity_frame(rows)


def capacity_frame(rows: list[dict[str, str]]) -> pl.DataFrame:
    """Checked rows (text values) as a frame with :data:`CAPACITY_SCHEMA`, sorted by key."""
    columns = {c: [r.get(c, "") for r in rows] for c in CAPACITY_SCHEMA}
    frame = pl.DataFrame(columns, schema=dict.fromkeys(CAPACITY_SCHEMA, pl.Utf8))
    return frame.cast(CAPACITY_SCHEMA).sort(*KEY)  # type: ignore[arg-type]


def row_problems(
    value: dict[str, str],
    la_codes: Collection[str] | None = None,
    scope: str = "an LA you work for",
) -> list[tuple[str, str]]:
    """(column, message) for each thing wrong with one row's text values."""
    found = []
    code = value.get("la_code", "")
    if not (code.isascii() and code.isdigit() and len(code) == 3):
        found.append(("la_code", "Enter the LA's 3-digit DfE code, like 202"))
    elif la_codes is not None and code not in la_codes:
        found.append(("la_code", f"Enter places only for {scope}: "
                                 + (", ".join(sorted(la_codes)) or "none")))  # fmt: skip
    if value.get("setting", "") not in SETTINGS:
        found.append(("setting", f"Enter a setting: {', '.join(SETTINGS)}"))
    if value.get("need", "") not in (*NEEDS, "all"):
        found.append(("need", "Enter a primary need code such as asd or semh, or all"))
    year = value.get("year", "")
    if not (_whole(year) and FIRST_YEAR <= int(year) <= LAST_YEAR):
        found.append(("year", f"Enter a year from {FIRST_YEAR} to {LAST_YEAR}"))
    places = value.get("places", "")
    if not (_whole(places) and int(places) <= MAX_PLACES):
        found.append(("places", f"Enter the number of places as a whole number from 0 to "
                                f"{MAX_PLACES:,}"))  # fmt: skip
    if len(value.get("note", "")) > MAX_NOTE:
        found.append(("note", f"Enter a note of {MAX_NOTE} characters or fewer"))
    return found


def capacity_csv(capacity: pl.DataFrame) -> str:
    """Capacity rows (columns of :data:`CAPACITY_SCHEMA`) as a file :func:`parse_capacity_csv`
    accepts, sorted by key. Notes a spreadsheet would run as a formula start with an apostrophe
    (see ``write_csv``)."""
    rows = capacity.select(*CAPACITY_COLUMNS, *OPTIONAL_COLUMNS).sort(*KEY)
    return write_csv(rows.with_columns(pl.col("note").fill_null("")))


def _unquoted(note: str) -> str:
    """A note as typed: the apostrophe a spreadsheet (or :func:`capacity_csv`) puts before text
    that would otherwise be run as a formula is taken off again."""
    return note[1:] if note.startswith("'") and note[1:].startswith(FORMULA_TRIGGERS) else note


def _whole(text: str) -> bool:
    # ASCII digits only: str.isdigit() also accepts superscripts that int() refuses.
    return re.fullmatch(r"[0-9]{1,9}", text) is not None
