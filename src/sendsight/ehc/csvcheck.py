"""Reading a CSV file as text and turning rule failures into :class:`Problem` lists.

Shared by the template and SEN2 importers. Every value is read as text so that a bad value can be
reported exactly as the user typed it; parsing happens column by column afterwards.
A row's ``_line`` is its line number as a spreadsheet shows it: the header is line 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import polars as pl

from sendsight.core.errors import Problem

LINE: Final = "_line"
RAW: Final = "__raw"  # suffix of the column holding a value exactly as read
ISO_DATE: Final = r"^\d{4}-\d{2}-\d{2}$"


@dataclass(frozen=True)
class Rule:
    """A check on a row: where ``failed`` is true, report ``message`` against ``column``."""

    column: str
    failed: pl.Expr
    message: str


def read_text_csv(path: Path, label: str) -> tuple[pl.DataFrame | None, list[Problem]]:
    """Read ``path`` with every value as trimmed text (blank → null) and a ``_line`` column."""
    try:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    except FileNotFoundError:
        return None, [Problem(label, "Choose a file that exists")]
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


def parse_date(column: str) -> pl.Expr:
    """Text in ``YYYY-MM-DD`` form as a Date; anything else becomes null."""
    text = pl.col(column)
    parsed = text.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    return pl.when(text.str.contains(ISO_DATE)).then(parsed).otherwise(None).alias(column)


def unparsed(column: str) -> pl.Expr:
    """True where the raw text was present but the parsed value is null."""
    return pl.col(column + RAW).is_not_null() & pl.col(column).is_null()


def problems_for(frame: pl.DataFrame, label: str, rules: Sequence[Rule]) -> list[Problem]:
    """Every failure of every rule, as problems in line then rule order."""
    found: list[tuple[int, int, Problem]] = []
    for order, rule in enumerate(rules):
        raw = rule.column + RAW if rule.column + RAW in frame.columns else rule.column
        value = pl.col(raw).cast(pl.String) if raw in frame.columns else pl.lit(None, pl.String)
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
