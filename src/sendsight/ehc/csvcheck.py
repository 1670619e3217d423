"""Reading a CSV file as text and turning rule failures into :class:`Problem` lists.

Shared by the template and SEN2 importers. Every value is read as text so that a bad value can be
reported exactly as the user typed it (unless it identifies a child: :data:`PERSONAL`); parsing
happens column by column afterwards.
A row's ``_line`` is its line number as a spreadsheet shows it: the header is line 1.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

import polars as pl

from sendsight.core.errors import InputRejected, Problem
from sendsight.core.safe_io import UploadLimits, file_limits, read_csv_file

LINE: Final = "_line"
RAW: Final = "__raw"  # suffix of the column holding a value exactly as read
ISO_DATE: Final = r"^\d{4}-\d{2}-\d{2}$"
EARLIEST: Final = date(1900, 1, 1)
LATEST: Final = date(2099, 12, 31)
OUT_OF_RANGE: Final = "Enter a date between 1900 and 2099"
# Columns that identify a child (ids, dates of birth, pupil, learner and NHS numbers, names):
# a problem in one names its file, line and column but never quotes the value.
PERSONAL: Final = frozenset(
    {
        "request_id",
        "person_id",
        "plan_id",
        "date_of_birth",
        "upn",
        "uln",
        "nhs_number",
        "forename",
        "surname",
        "name",
        "persontableid",
        "requeststableid",
        "assessmenttableid",
        "namedplantableid",
        "activeplanstableid",
        "personbirthdate",
        "uniquelearnernumber",
    }
)
DateParser = Callable[[pl.Expr], pl.Expr]


@dataclass(frozen=True)
class Rule:
    """A check on a row: where ``failed`` is true, report ``message`` against ``column``."""

    column: str
    failed: pl.Expr
    message: str


def read_text_csv(
    path: Path, label: str, limits: UploadLimits | None = None
) -> tuple[pl.DataFrame | None, list[Problem]]:
    """Read ``path`` with every value as trimmed text (blank → null) and a ``_line`` column.

    The file is checked first as an upload is (:func:`~sendsight.core.safe_io.read_csv_file`):
    size (after unzipping a gzip file), UTF-8 text with no NUL byte, line length and count.
    Lines ending in a carriage return alone are read as lines.
    """
    try:
        text = read_csv_file(path, label, limits=limits or file_limits())
    except FileNotFoundError:
        return None, [Problem(label, "Choose a file that exists")]
    except InputRejected as rejected:
        return None, list(rejected.problems)
    try:
        frame = pl.read_csv(io.BytesIO(text.encode("utf-8")), infer_schema=False)
    except (pl.exceptions.NoDataError, pl.exceptions.ComputeError) as exc:
        return None, [
            Problem(label, f"Upload a CSV file with a header row ({exc.__class__.__name__})")
        ]
    names = {c: c.strip().lower() for c in frame.columns}
    repeated = _repeated_names(list(names.values()))
    if repeated:
        return None, [
            Problem(label, f"Give every column a different name: {name} is used more than once",
                    line=1, column=name)
            for name in repeated
        ]  # fmt: skip
    frame = frame.rename(names)
    trimmed = [pl.col(c).str.strip_chars().replace("", None).alias(c) for c in frame.columns]
    frame = frame.select(trimmed).with_row_index(LINE, offset=2)
    return frame.with_columns(pl.col(LINE).cast(pl.Int64)), []


def _repeated_names(names: list[str]) -> list[str]:
    """Header names used more than once, ignoring case and spaces (Polars renames a repeated
    name ``<name>_duplicated_<n>``, so that suffix is taken off first)."""
    bare = [re.sub(r"_duplicated_\d+$", "", name) for name in names]
    return sorted({name for name in bare if bare.count(name) > 1})


def missing_columns(frame: pl.DataFrame, label: str, required: Iterable[str]) -> list[Problem]:
    """One problem per required column absent from the header row."""
    return [
        Problem(label, f"Add a column headed {name} to the header row", line=1, column=name)
        for name in required
        if name not in frame.columns
    ]


def keep_raw(frame: pl.DataFrame, columns: Iterable[str]) -> pl.DataFrame:
    """Copy each column's text to ``<column>__raw`` so problems can quote it after parsing."""
    return frame.with_columns(pl.col(c).alias(c + RAW) for c in columns if c in frame.columns)


def iso_date(text: pl.Expr) -> pl.Expr:
    """Text in ``YYYY-MM-DD`` form as a Date (any year); anything else, or a day that does not
    exist such as 2024-02-30, becomes null."""
    parsed = text.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    return pl.when(text.str.contains(ISO_DATE)).then(parsed).otherwise(None)


def parse_date(column: str, parser: DateParser = iso_date) -> pl.Expr:
    """The text of ``column`` as a Date between :data:`EARLIEST` and :data:`LATEST`; anything
    else becomes null (and :func:`date_rules` says why)."""
    parsed = parser(pl.col(column))
    return pl.when(parsed.is_between(EARLIEST, LATEST)).then(parsed).alias(column)


def date_rules(column: str, message: str, parser: DateParser = iso_date) -> list[Rule]:
    """A date that could not be read (``message``), or one outside the years sendsight holds.

    Year 0, 31 February or 9999 never reach the database: Python and the databases disagree
    about such days, and no child's case has them.
    """
    unbounded = parser(pl.col(column + RAW))
    return [
        Rule(column, unparsed(column) & unbounded.is_null(), message),
        Rule(column, unparsed(column) & unbounded.is_not_null(), OUT_OF_RANGE),
    ]


def unparsed(column: str) -> pl.Expr:
    """True where the raw text was present but the parsed value is null."""
    return pl.col(column + RAW).is_not_null() & pl.col(column).is_null()


def problems_for(frame: pl.DataFrame, label: str, rules: Sequence[Rule]) -> list[Problem]:
    """Every failure of every rule, as problems in line then rule order. A problem quotes the
    value found, except in a :data:`PERSONAL` column."""
    found: list[tuple[int, int, Problem]] = []
    for order, rule in enumerate(rules):
        raw = rule.column + RAW if rule.column + RAW in frame.columns else rule.column
        shown = raw in frame.columns and rule.column not in PERSONAL
        value = pl.col(raw).cast(pl.String) if shown else pl.lit(None, pl.String)
        failed = frame.filter(rule.failed.fill_null(False)).select(LINE, value.alias("v"))
        for line, text in failed.iter_rows():
            found.append((line, order, Problem(label, rule.message, line, rule.column, text)))
    found.sort(key=lambda item: (item[0], item[1]))
    return [problem for _, _, problem in found]


def duplicate_rule(columns: Sequence[str], message: str) -> Rule:
    """Fails on every row after the first that repeats the values of ``columns``."""
    first = pl.col(LINE).min().over(list(columns))
    return Rule(columns[0], pl.col(LINE) != first, message)


def invalid_values(frame: pl.DataFrame, column: str, is_valid: Callable[[str], bool]) -> list[str]:
    """Distinct non-null values of ``column`` that ``is_valid`` rejects (checked once each)."""
    if column not in frame.columns:
        return []
    values = frame.get_column(column).drop_nulls().unique().sort().to_list()
    return [value for value in values if not is_valid(value)]
