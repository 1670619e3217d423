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
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from sendsight.core.errors import InputRejected, Problem
from sendsight.core.periods import PeriodError, parse_dfe_period
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
ENGLAND = "E92000001"
TOTAL_BREAKDOWN = "total"
EXPECTED_VALUE = "Enter a number, or one of the symbols " + ", ".join(GSS_SYMBOLS)
MAX_PROBLEMS = 200
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
        raw = gzip.decompress(raw)
    frame = _read_frame(raw, name)
    indicators, filters = classify_columns(frame)
    problems = _check_structure(frame, name, indicators)
    if problems:
        raise InputRejected(problems)
    keyed = _with_keys(frame, filters)
    problems = _row_problems(keyed, name, indicators)
    if problems:
        raise InputRejected(problems[:MAX_PROBLEMS])
    values = _to_long(keyed, indicators)
    _check_duplicates(values, keyed, name)
    return ParsedRelease(
        name, hashlib.sha256(raw).hexdigest(), values, indicators, filters, frame.height
    )


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
    try:
        frame = pl.read_csv(io.BytesIO(text), infer_schema=False, empty_string_is_null=False)
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
    return frame.select(pl.col(c).str.strip_chars() for c in frame.columns)


def _is_number_or_symbol(column: pl.Expr) -> pl.Expr:
    return column.cast(pl.Float64, strict=False).is_not_null() | column.is_in(GSS_SYMBOLS)


def classify_columns(frame: pl.DataFrame) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split the non-standard columns into (indicators, filters), in file order."""
    others = [c for c in frame.columns if c not in STANDARD_COLUMNS]
    if not others:
        return (), ()
    stats = frame.select(
        *[_is_number_or_symbol(pl.col(c)).mean().alias(f"ok:{c}") for c in others],
        *[
            pl.col(c).cast(pl.Float64, strict=False).is_not_null().any().alias(f"num:{c}")
            for c in others
        ],
    ).row(0, named=True)
    indicators = tuple(c for c in others if stats[f"num:{c}"] and stats[f"ok:{c}"] > 0.5)
    return indicators, tuple(c for c in others if c not in indicators)


def _check_structure(frame: pl.DataFrame, name: str, indicators: tuple[str, ...]) -> list[Problem]:
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
    levels = (
        set(frame.get_column("geographic_level").unique().to_list())
        if "geographic_level" in frame.columns
        else set()
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


def _with_keys(frame: pl.DataFrame, filters: tuple[str, ...]) -> pl.DataFrame:
    """Add ``_line``, ``_level``, ``_area`` and ``_breakdown`` (all filters not "Total")."""
    level = pl.col("geographic_level").replace_strict(LEVELS, default=None)
    country = pl.col("country_code") if "country_code" in frame.columns else pl.lit(ENGLAND)
    region = pl.col("region_code") if "region_code" in frame.columns else pl.lit(None)
    la = pl.col("old_la_code") if "old_la_code" in frame.columns else pl.lit(None)
    area = (
        pl.when(level == "la")
        .then(la)
        .when(level == "regional")
        .then(region)
        .otherwise(pl.when(country == "").then(pl.lit(ENGLAND)).otherwise(country))
    )
    return frame.with_columns(
        (pl.int_range(pl.len()) + 2).alias("_line"),
        level.alias("_level"),
        area.cast(pl.String).alias("_area"),
        _breakdown(filters).alias("_breakdown"),
    )


def _breakdown(filters: tuple[str, ...]) -> pl.Expr:
    parts = [
        pl.when(pl.col(c).str.to_lowercase().is_in(["total", ""]))
        .then(None)
        .otherwise(pl.lit(f"{c}: ") + pl.col(c))
        for c in filters
    ]
    if not parts:
        return pl.lit(TOTAL_BREAKDOWN)
    joined = pl.concat_str(parts, separator="; ", ignore_nulls=True)
    return pl.when(joined == "").then(pl.lit(TOTAL_BREAKDOWN)).otherwise(joined)


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


def _area_problems(frame: pl.DataFrame, name: str) -> list[Problem]:
    la = frame.filter((pl.col("_level") == "la") & ~pl.col("_area").str.contains(r"^\d{3}$"))
    region = frame.filter(
        (pl.col("_level") == "regional") & ~pl.col("_area").str.contains(r"^E12\d{6}$")
    )
    return [
        Problem(
            name,
            "Enter the DfE local authority code as 3 digits, like 202",
            line=line,
            column="old_la_code",
            value=value,
        )
        for line, value in la.head(MAX_PROBLEMS).select("_line", "_area").iter_rows()
    ] + [
        Problem(
            name,
            "Enter the ONS region code, like E12000007",
            line=line,
            column="region_code",
            value=value,
        )
        for line, value in region.head(MAX_PROBLEMS).select("_line", "_area").iter_rows()
    ]


def _period_problems(frame: pl.DataFrame, name: str) -> list[Problem]:
    problems: list[Problem] = []
    pairs = frame.group_by("time_period", "time_identifier").agg(pl.col("_line").min())
    for time_period, identifier, line in pairs.sort("_line").iter_rows():
        try:
            parse_dfe_period(time_period, identifier)
        except PeriodError as exc:
            column = "time_period" if exc.text == time_period else "time_identifier"
            problems.append(Problem(name, exc.expected, line=line, column=column, value=exc.text))
    return problems


def _period_codes(frame: pl.DataFrame) -> pl.DataFrame:
    pairs = frame.select("time_period", "time_identifier").unique()
    codes = [parse_dfe_period(tp, ti).code for tp, ti in pairs.iter_rows()]
    return pairs.with_columns(pl.Series("period", codes, dtype=pl.String))


def _to_long(frame: pl.DataFrame, indicators: tuple[str, ...]) -> pl.DataFrame:
    keyed = frame.join(_period_codes(frame), on=["time_period", "time_identifier"], how="left")
    long = keyed.select("_line", "period", "_level", "_area", "_breakdown", *indicators).unpivot(
        index=["_line", "period", "_level", "_area", "_breakdown"],
        on=list(indicators),
        variable_name="indicator",
        value_name="cell",
    )
    number = pl.col("cell").cast(pl.Float64, strict=False)
    return long.select(
        "_line",
        "indicator",
        "period",
        pl.col("_level").alias("geographic_level"),
        pl.col("_area").alias("area_code"),
        pl.col("_breakdown").alias("breakdown"),
        number.alias("value"),
        pl.when(number.is_null()).then(pl.col("cell")).alias("symbol"),
    )


def _check_duplicates(values: pl.DataFrame, frame: pl.DataFrame, name: str) -> None:
    key = ["indicator", "period", "geographic_level", "area_code", "breakdown"]
    repeated = values.filter(pl.struct(key).is_duplicated()).sort("_line")
    if repeated.height:
        lines = sorted(set(repeated.get_column("_line").to_list()))[:MAX_PROBLEMS]
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
    return parsed.values.select(list(LONG_SCHEMA))
