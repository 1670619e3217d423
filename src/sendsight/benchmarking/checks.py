"""Checks on the frames handed to benchmarking, reported as :class:`Problem` lists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from sendsight.core.errors import InputRejected, Problem

LEVELS = ("national", "regional", "la")
VALUE_COLUMNS = ("geographic_level", "area_code", "value", "symbol")
LA_COLUMNS = ("la_code", "la_name", "region_code", "region_name")
POLARITIES = ("high_is_good", "low_is_good", "neither")


def _missing(frame: pl.DataFrame, name: str, columns: Sequence[str]) -> list[Problem]:
    return [
        Problem(name, f"Add a column called {column!r}", column=column)
        for column in columns
        if column not in frame.columns
    ]


def _row_problems(frame: pl.DataFrame, name: str, known_las: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for line, (level, code) in enumerate(
        frame.select("geographic_level", "area_code").iter_rows(), start=2
    ):
        if level not in LEVELS:
            message = 'Enter a geographic level of "national", "regional" or "la"'
            problems.append(Problem(name, message, line, "geographic_level", str(level)))
        elif (level, code) in seen:
            message = "Enter each area once: this area already has a row"
            problems.append(Problem(name, message, line, "area_code", str(code)))
        elif level == "la" and code not in known_las:
            message = "Add this local authority to the local authority list, or remove its row"
            problems.append(Problem(name, message, line, "area_code", str(code)))
        seen.add((level, code))
    return problems


def checked_values(frame: pl.DataFrame, name: str, known_las: set[str]) -> pl.DataFrame:
    """``frame`` with ``value`` as Float64 and ``symbol`` as text, or :class:`InputRejected`."""
    problems = _missing(frame, name, VALUE_COLUMNS)
    if problems:
        raise InputRejected(problems)
    try:
        frame = frame.with_columns(pl.col("value").cast(pl.Float64), pl.col("symbol").cast(pl.Utf8))
    except pl.exceptions.PolarsError:
        raise InputRejected(
            [Problem(name, "Enter each value as a number", column="value")]
        ) from None
    if not _looks_valid(frame, known_las):
        raise InputRejected(_row_problems(frame, name, known_las))
    return frame.with_columns(pl.col("value").fill_nan(None))


def _looks_valid(frame: pl.DataFrame, known_las: set[str]) -> bool:
    """A fast whole-frame check, so rows are walked one by one only to report a problem."""
    level, code = pl.col("geographic_level"), pl.col("area_code")
    return bool(
        frame.select(
            level.is_in(LEVELS).all()
            & ~pl.struct(level, code).is_duplicated().any()
            & (code.is_in(sorted(known_las)) | (level != "la")).all()
        ).item()
    )


def checked_las(las: pl.DataFrame) -> pl.DataFrame:
    """The local authority list; :class:`InputRejected` if a column is missing or a code repeats."""
    problems = _missing(las, "las", LA_COLUMNS)
    if not problems and las["la_code"].is_duplicated().any():
        repeated = las.filter(pl.col("la_code").is_duplicated())["la_code"].unique().sort()
        problems = [
            Problem("las", "Enter each local authority once", column="la_code", value=str(code))
            for code in repeated
        ]
    if problems:
        raise InputRejected(problems)
    return las.select(pl.col(column).cast(pl.Utf8) for column in LA_COLUMNS)


def checked_polarity(polarity: str) -> None:
    """Refuse a polarity other than high is good, low is good or neither."""
    if polarity not in POLARITIES:
        message = 'Enter a polarity of "high_is_good", "low_is_good" or "neither"'
        raise InputRejected([Problem("polarity", message, value=polarity)])


def checked_neighbours(neighbours: Mapping[str, Sequence[str]], known_las: set[str]) -> None:
    """Refuse statistical neighbours given for a local authority that is not in the list."""
    problems = [
        Problem("neighbours", "Give neighbours only for listed local authorities", value=code)
        for code in sorted(neighbours)
        if code not in known_las
    ]
    if problems:
        raise InputRejected(problems)
