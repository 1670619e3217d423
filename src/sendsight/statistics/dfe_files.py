"""Read a DfE open-data CSV (the tidy "explore education statistics" format) into a long frame.

The format: one row per time period × geography × filter combination, with standard columns
(``time_period``, ``time_identifier``, ``geographic_level``, ``country_code``, ``region_code``,
``old_la_code``, ``new_la_code`` …), then *filter* columns (text such as ``breakdown``) and
*indicator* columns (numbers, or a GSS symbol where there is no number). A column is an indicator
when most of its cells are numbers or symbols and at least one is a number; any other
non-standard column is a filter, and its values make up the row's *breakdown* label.

Every problem found is reported together as ``InputRejected``; nothing is returned half-read.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

from sendsight.core.errors import InputRejected, Problem
from sendsight.core.periods import Period, PeriodError, PeriodKind, parse_dfe_period, parse_period
from sendsight.disclosure.symbols import SYMBOLS

REQUIRED_COLUMNS = ("time_period", "time_identifier", "geographic_level")
GEOGRAPHY_COLUMNS = (
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
    "lad_code",
    "lad_name",
    "english_devolved_area_code",
    "english_devolved_area_name",
    "opportunity_area_code",
    "opportunity_area_name",
)
STANDARD_COLUMNS = frozenset(REQUIRED_COLUMNS + GEOGRAPHY_COLUMNS)
# The GSS symbols a cell may hold instead of a number (meanings in disclosure.symbols).
GSS_SYMBOLS = tuple(SYMBOLS)
LEVELS = {"National": "national", "Regional": "regional", "Local authority": "la"}
# Built once: a dict is turned into two series on every use.
_LEVEL_NAMES = pl.Series(list(LEVELS), dtype=pl.String)
_LEVEL_CODES = pl.Series(list(LEVELS.values()), dtype=pl.String)
ENGLAND = "E92000001"
TOTAL_BREAKDOWN = "total"
# Built once: turning the tuple into a polars list on every use is slow.
_SYMBOL_LIST = pl.lit(pl.Series(GSS_SYMBOLS, dtype=pl.String)).implode()
EXPECTED_VALUE = "Enter a number, or one of the symbols " + ", ".join(GSS_SYMBOLS)
MAX_PROBLEMS = 200
# Joins time_period and time_identifier into one key (a character no CSV cell here holds).
PAIR_SEPARATOR = "\x1f"
AnyFrame = TypeVar("AnyFrame", pl.DataFrame, pl.LazyFrame)
LONG_SCHEMA = {
    "indicator": pl.String,
    "period": pl.String,
    "geographic_level": pl.String,
    "area_code": pl.String,
    "breakdown": pl.String,
    "value": pl.Float64,
    "symbol": pl.String,
}


@dataclass(frozen=True, slots=True)
class ParsedRelease:
    """A validated DfE file as a long frame with columns ``LONG_SCHEMA``.

    ``sha256`` identifies the exact bytes, so re-importing the same file can be recognised.
    """

    filename: str
    sha256: str
    values: pl.DataFrame
    indicators: tuple[str, ...]
    filters: tuple[str, ...]
    source_rows: int


def parse_dfe_csv(source: Path | bytes, filename: str | None = None) -> ParsedRelease:
    """Validate and reshape a DfE open-data CSV (optionally gzipped) into a ``ParsedRelease``.

    Raises ``InputRejected`` listing every problem: a missing required column, an unknown
    geographic level, a malformed ``time_period``, a cell that is neither a number nor a GSS
    symbol, a file that is not UTF-8, or an empty file.
    """
    raw = source.read_bytes() if isinstance(source, Path) else source
    name = filename or (source.name if isinstance(source, Path) else "upload.csv")
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:  # a cut-off or corrupt gzip file
            message = "The file looks gzipped but cannot be unzipped: upload it again, or unzipped"
            raise InputRejected([Problem(name, message)]) from exc
    frame = _read_frame(raw, name)
    # Almost every file is tidy, so it is first read as it is: stripping spaces from every cell
    # costs more than the rest of the parse. Only a file that fails a check is read again with
    # every cell stripped, which either passes or says exactly what is wrong.
    found = _parse(frame, name, strict=False)
    if found is None:
        found = _parse(frame, name, strict=True)
    assert found is not None  # read strictly, a file with a problem raises it
    long, indicators, filters = found
    return ParsedRelease(
        name, hashlib.sha256(raw).hexdigest(), long, indicators, filters, frame.height
    )


Parsed = tuple[pl.DataFrame, tuple[str, ...], tuple[str, ...]]


def as_january(release: ParsedRelease) -> ParsedRelease:
    """A January snapshot with its periods as January: ``2024/25`` (DfE's academic year, whose
    census day is in January 2025) and ``2025`` (a calendar year) both become ``2025-01``.
    Periods already January are kept; other kinds (financial years, spans) are left for the
    indicator registry to refuse."""
    codes = release.values.get_column("period").unique().to_list()
    relabelled = {code: _january_code(code) for code in codes}
    if all(new == code for code, new in relabelled.items()):
        return release
    period = pl.col("period").replace_strict(relabelled, return_dtype=pl.String)
    return replace(release, values=release.values.with_columns(period))


def _january_code(code: str) -> str:
    found = parse_period(code)
    if found.kind is PeriodKind.ACADEMIC_YEAR:
        return Period.january(found.year + 1).code
    if found.kind is PeriodKind.CALENDAR_YEAR:
        return Period.january(found.year).code
    return code


def _parse(frame: pl.DataFrame, name: str, *, strict: bool) -> Parsed | None:
    """The long frame, indicators and filters of a prepared frame. With ``strict`` every
    problem is raised; without it a frame with any problem gives None (read it strictly)."""
    frame, survey = _surveyed(frame, strict=strict)
    indicators, filters = _classified(frame, survey)
    problems = _check_structure(frame, name, indicators, survey.get("levels", []))
    if problems:
        if strict:
            raise InputRejected(problems)
        return None
    keyed = _with_keys(frame, filters, _period_codes(survey["pairs"]), lines=strict)
    flags = _flags(keyed.select(_checks_exprs()))
    flags["cells"] = any(_bad_cells(survey, c) for c in indicators)
    if strict and any(v for k, v in flags.items() if k != "repeated"):
        raise InputRejected(_row_problems(keyed, name, indicators)[:MAX_PROBLEMS])
    if strict and flags["repeated"]:
        _check_duplicates(keyed, name)
    if any(flags.values()):
        return None
    return _to_long(keyed, indicators), indicators, filters


def _read_frame(raw: bytes, name: str) -> pl.DataFrame:
    text = raw.removeprefix(b"\xef\xbb\xbf")
    if not text.strip():
        raise InputRejected(
            [
                Problem(
                    name,
                    "The file is empty. Upload a CSV file with a header "
                    "row and at least one row of data",
                    line=1,
                )
            ]
        )
    _check_utf8(text, name)
    try:
        frame = pl.read_csv(text, infer_schema=False, empty_string_is_null=False)
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as exc:
        raise InputRejected(
            [
                Problem(
                    name,
                    "The file must be a comma-separated CSV file with one header row",
                    line=1,
                    value=str(exc)[:60],
                )
            ]
        ) from exc
    if frame.height == 0:
        raise InputRejected(
            [
                Problem(
                    name,
                    "The file has a header row but no rows of data. Add at least one row",
                    line=2,
                )
            ]
        )
    return frame


def _surveyed(frame: pl.DataFrame, *, strict: bool) -> tuple[pl.DataFrame, dict[str, Any]]:
    """The frame ready to check, and its survey (see ``_survey``).

    A short row leaves its last cells missing: they become empty, so they are checked. Strictly,
    every cell is stripped of spaces. Otherwise only a column with a cell that is neither a
    number nor a symbol as it stands (a filter, or a column with a bad cell) is stripped and
    surveyed again: a number or symbol has no spaces to strip, and any other column passing
    its checks as it stands is unchanged by stripping.
    """
    if strict:
        frame = frame.select(pl.col(c).str.strip_chars().fill_null("") for c in frame.columns)
        return frame, _survey(frame)
    survey = _survey(frame)
    if survey["gaps"]:  # rare: a short row; survey again with its missing cells empty
        frame = frame.with_columns(pl.col(survey["gaps"]).fill_null(""))
        survey = _survey(frame)
    unclean = [c for c in _others(frame) if _bad_cells(survey, c)]
    if unclean:
        frame = frame.with_columns(pl.col(unclean).str.strip_chars())
        survey |= frame.select(_survey_exprs(unclean)).row(0, named=True)
    return frame, survey


def _check_utf8(text: bytes, name: str) -> None:
    try:
        text.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = text.count(b"\n", 0, exc.start) + 1
        raise InputRejected(
            [
                Problem(
                    name,
                    "The file must be saved as UTF-8 (in Excel, choose 'CSV UTF-8'). "
                    "This character could not be read",
                    line=line,
                    value=repr(text[exc.start : exc.start + 1]),
                )
            ]
        ) from exc


def _number(column: pl.Expr) -> pl.Expr:
    """The cell as a number, or null when it is not a (finite) number."""
    number = column.cast(pl.Float64, strict=False)
    return pl.when(number.is_finite()).then(number)


def _is_number_or_symbol(column: pl.Expr) -> pl.Expr:
    return _number(column).is_not_null() | column.is_in(_SYMBOL_LIST)


def _others(frame: pl.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in STANDARD_COLUMNS]


def _survey_exprs(columns: list[str]) -> list[pl.Expr]:
    """Per column, how many cells are (finite) numbers and how many are symbols."""
    # Counted rather than tested cell by cell: a cast that fails is null, and the sum of a
    # test skips nulls, so NaN and infinity (finite is false) count as neither.
    numbers = [
        pl.col(c).cast(pl.Float64, strict=False).is_finite().sum().alias(f"num:{c}")
        for c in columns
    ]
    return numbers + [pl.col(c).is_in(_SYMBOL_LIST).sum().alias(f"sym:{c}") for c in columns]


def _survey(frame: pl.DataFrame) -> dict[str, Any]:
    """What the checks need to know about the whole file, read in one pass: the number of rows;
    the columns with missing cells (``gaps``); per non-standard column how many cells are
    (finite) numbers and how many are symbols; the geographic levels used; and the distinct
    (time_period, time_identifier) pairs."""
    exprs = [pl.len().alias("rows"), *_survey_exprs(_others(frame))]
    exprs.append(pl.concat_list(pl.col(frame.columns).null_count()).alias("gaps"))
    if "geographic_level" in frame.columns:
        exprs.append(pl.col("geographic_level").unique().sort().implode().alias("levels"))
    if {"time_period", "time_identifier"} <= set(frame.columns):
        pair = pl.concat_str("time_period", "time_identifier", separator=PAIR_SEPARATOR)
        exprs.append(pair.unique().sort().implode().alias("pairs"))
    survey = frame.select(exprs).row(0, named=True)
    survey["gaps"] = [c for c, n in zip(frame.columns, survey["gaps"], strict=True) if n]
    return survey


def _bad_cells(survey: dict[str, Any], column: str) -> bool:
    """Whether any cell of a surveyed column is neither a number nor a symbol."""
    return bool(survey[f"num:{column}"] + survey[f"sym:{column}"] < survey["rows"])


def _classified(frame: pl.DataFrame, survey: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
    others = _others(frame)
    share = {c: (survey[f"num:{c}"] + survey[f"sym:{c}"]) / survey["rows"] for c in others}
    indicators = tuple(c for c in others if survey[f"num:{c}"] and share[c] > 0.5)
    return indicators, tuple(c for c in others if c not in indicators)


def _check_structure(
    frame: pl.DataFrame, name: str, indicators: tuple[str, ...], levels: list[str]
) -> list[Problem]:
    problems = [
        Problem(name, f"The file must have a column called {column!r}", line=1, column=column)
        for column in REQUIRED_COLUMNS
        if column not in frame.columns
    ]
    if not indicators:
        problems.append(
            Problem(
                name,
                "The file must have at least one indicator column of numbers or GSS symbols",
                line=1,
            )
        )
    needed = {"Regional": "region_code", "Local authority": "old_la_code"}
    problems += [
        Problem(
            name,
            f"The file must have a column called {column!r} for {level} rows",
            line=1,
            column=column,
        )
        for level, column in needed.items()
        if level in levels and column not in frame.columns
    ]
    return problems


def _period_codes(pairs: list[str]) -> dict[str, str | None]:
    """Each distinct ``time_period``/``time_identifier`` pair's canonical period code (None
    when the pair cannot be read; ``_period_problems`` says why)."""
    codes: dict[str, str | None] = {}
    for pair in pairs:
        # A cell holding the separator itself splits wrongly, but then cannot be read either.
        time_period, _, identifier = pair.partition(PAIR_SEPARATOR)
        try:
            codes[pair] = parse_dfe_period(time_period, identifier).code
        except PeriodError:
            codes[pair] = None
    return codes


def _with_keys(
    frame: AnyFrame, filters: tuple[str, ...], codes: dict[str, str | None], *, lines: bool
) -> AnyFrame:
    """Add ``_period``, ``_level``, ``_area`` and ``_breakdown`` (all filters not "Total"),
    and with ``lines`` the ``_line`` each row is on."""
    raw_level = pl.col("geographic_level")
    columns = frame.collect_schema().names()
    country = pl.col("country_code") if "country_code" in columns else pl.lit(ENGLAND)
    region = pl.col("region_code") if "region_code" in columns else pl.lit(None)
    la = pl.col("old_la_code") if "old_la_code" in columns else pl.lit(None)
    area = (
        pl.when(raw_level == "Local authority")
        .then(la)
        .when(raw_level == "Regional")
        .then(region)
        .otherwise(pl.when(country == "").then(pl.lit(ENGLAND)).otherwise(country))
    )
    pair = pl.concat_str("time_period", "time_identifier", separator=PAIR_SEPARATOR)
    keys = [
        pair.replace_strict(codes, default=None, return_dtype=pl.String).alias("_period"),
        raw_level.replace_strict(_LEVEL_NAMES, _LEVEL_CODES, default=None).alias("_level"),
        area.cast(pl.String).alias("_area"),
        _breakdown(filters).alias("_breakdown"),
    ]
    if lines:
        keys.append((pl.int_range(pl.len()) + 2).alias("_line"))
    return frame.with_columns(keys)


def _breakdown(filters: tuple[str, ...]) -> pl.Expr:
    parts = [
        pl.when(_is_total(c, filters)).then(None).otherwise(pl.lit(f"{c}: ") + pl.col(c))
        for c in filters
    ]
    if not parts:
        return pl.lit(TOTAL_BREAKDOWN)
    joined = pl.concat_str(parts, separator="; ", ignore_nulls=True)
    return pl.when(joined == "").then(pl.lit(TOTAL_BREAKDOWN)).otherwise(joined)


def _is_total(column: str, filters: tuple[str, ...]) -> pl.Expr:
    """True where ``column`` holds a total: "Total" or empty, or, in DfE's explore-education-
    statistics files, the row whose ``breakdown`` repeats its ``breakdown_topic`` ("All EHC
    plans" / "All EHC plans"), which is how those files mark the total of every breakdown."""
    total = pl.col(column).str.strip_chars().str.to_lowercase().is_in(["total", ""])
    if column in TOPIC_PAIR and set(TOPIC_PAIR) <= set(filters):
        topic, value = (pl.col(c).str.strip_chars() for c in TOPIC_PAIR)
        total = total | (topic == value)
    return total


#: The two filter columns of DfE's explore-education-statistics files.
TOPIC_PAIR = ("breakdown_topic", "breakdown")


# The area code each level's rows must have, and the column to blame when one does not fit.
AREA_CODES = {
    "la": ("old_la_code", re.compile(r"[0-9]{3}")),
    "regional": ("region_code", re.compile(r"E12[0-9]{6}")),
    "national": ("country_code", re.compile(r"[A-Z][0-9]{8}")),
}


def _bad_areas(distinct: list[dict[str, str | None]]) -> dict[str, list[str]]:
    """Per level, the area codes that do not fit it. Checked once per distinct code (from
    ``_checks_exprs``): a file repeats each area for every period, and a per-row check costs
    more than the rest."""
    bad: dict[str, list[str]] = {}
    for pair in distinct:
        level, area = pair["_level"], pair["_area"]
        if level is not None and not AREA_CODES[level][1].fullmatch(area or ""):
            bad.setdefault(level, []).append(area or "")
    return {level: sorted(areas) for level, areas in bad.items()}


def _checks_exprs() -> list[pl.Expr]:
    """Whether any row is wrong in any way (then ``_row_problems`` says where), whether any
    period, area and breakdown is repeated (``repeated``), and the distinct areas."""
    key = pl.struct("_period", "_level", "_area", "_breakdown")
    return [
        pl.col("_level").is_null().any().alias("level"),
        pl.col("_period").is_null().any().alias("period"),
        key.is_duplicated().any().alias("repeated"),
        pl.struct("_level", "_area").unique().implode().alias("areas"),
    ]


def _flags(found: pl.DataFrame) -> dict[str, bool]:
    """The checks' one row as flags, with ``area`` true when an area code does not fit."""
    row = found.row(0, named=True)
    areas = row.pop("areas")
    return {k: bool(v) for k, v in row.items()} | {"area": bool(_bad_areas(areas))}


def _row_problems(frame: pl.DataFrame, name: str, indicators: tuple[str, ...]) -> list[Problem]:
    problems = _level_problems(frame, name) + _period_problems(frame, name)
    problems += _area_problems(frame, name)
    for column in indicators:
        bad = frame.filter(~_is_number_or_symbol(pl.col(column))).head(MAX_PROBLEMS)
        problems += [
            Problem(name, EXPECTED_VALUE, line=line, column=column, value=value)
            for line, value in bad.select("_line", column).iter_rows()
        ]
    return sorted(problems, key=lambda p: (p.line or 0, p.column or ""))


def _level_problems(frame: pl.DataFrame, name: str) -> list[Problem]:
    bad = frame.filter(pl.col("_level").is_null()).head(MAX_PROBLEMS)
    expected = "Enter a geographic_level of " + ", ".join(LEVELS)
    return [
        Problem(name, expected, line=line, column="geographic_level", value=value)
        for line, value in bad.select("_line", "geographic_level").iter_rows()
    ]


AREA_EXPECTED = {
    "old_la_code": "Enter the DfE local authority code as 3 digits, like 202",
    "region_code": "Enter the ONS region code, like E12000007",
    "country_code": "Enter the ONS country code, like E92000001",
}


def _area_problems(frame: pl.DataFrame, name: str) -> list[Problem]:
    problems = []
    distinct = frame.select(pl.struct("_level", "_area").unique().implode()).item()
    for level, areas in _bad_areas(distinct.to_list()).items():
        column = AREA_CODES[level][0]
        bad = frame.filter((pl.col("_level") == level) & pl.col("_area").is_in(areas))
        problems += [
            Problem(name, AREA_EXPECTED[column], line=line, column=column, value=value)
            for line, value in bad.head(MAX_PROBLEMS).select("_line", "_area").iter_rows()
        ]
    return problems


def _period_problems(frame: pl.DataFrame, name: str) -> list[Problem]:
    problems: list[Problem] = []
    bad = frame.filter(pl.col("_period").is_null())
    pairs = bad.group_by("time_period", "time_identifier").agg(pl.col("_line").min())
    for time_period, identifier, line in pairs.sort("_line").iter_rows():
        try:
            parse_dfe_period(time_period, identifier)
        except PeriodError as exc:
            column = "time_period" if exc.text == time_period else "time_identifier"
            problems.append(Problem(name, exc.expected, line=line, column=column, value=exc.text))
    return problems


def _to_long(keyed: pl.DataFrame, indicators: tuple[str, ...]) -> pl.DataFrame:
    """One row per indicator cell (columns ``LONG_SCHEMA``) of a file whose every indicator cell
    is a finite number or a symbol, so a cast alone tells them apart."""
    long = keyed.unpivot(
        index=["_period", "_level", "_area", "_breakdown"],
        on=list(indicators),
        variable_name="indicator",
        value_name="cell",
    )
    number = pl.col("cell").cast(pl.Float64, strict=False)
    return long.select(
        "indicator",
        pl.col("_period").alias("period"),
        pl.col("_level").alias("geographic_level"),
        pl.col("_area").alias("area_code"),
        pl.col("_breakdown").alias("breakdown"),
        number.alias("value"),
        pl.when(number.is_null()).then(pl.col("cell")).alias("symbol"),
    )


def _check_duplicates(keyed: pl.DataFrame, name: str) -> None:
    # Every indicator of a row shares the row's key, so a repeated key is a repeated row.
    key = pl.struct("_period", "_level", "_area", "_breakdown")
    lines = keyed.filter(key.is_duplicated()).get_column("_line").sort().to_list()
    lines = lines[:MAX_PROBLEMS]
    raise InputRejected(
        [
            Problem(
                name,
                "Each period, area and breakdown must appear only once; this row "
                "repeats an earlier one",
                line=line,
            )
            for line in lines[1:] or lines
        ]
    )


def long_frame(parsed: ParsedRelease) -> pl.DataFrame:
    """The parsed values in ``LONG_SCHEMA`` order, without the source line column."""
    values = parsed.values
    return values if values.columns == list(LONG_SCHEMA) else values.select(list(LONG_SCHEMA))
