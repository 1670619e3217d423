"""The SEND Tribunal appeal rate table (MoJ and DfE, 2014–2024) reshaped to DfE's tidy format.

The supporting file of the 2025 EHC plans release is a wide spreadsheet export: a two-row
header (year, then three measures per year), region heading rows, LA names carrying footnote
numbers and numbers with thousands separators. Each LA is matched by name (the table's codes
for Nottingham, Nottinghamshire and Northamptonshire are swapped, and Bournemouth and Poole have
none); "Dorset" before 2019 is the old county (835). ``..`` (not available) and empty cells
become ``x``, ``~`` (suppressed) ``c`` and ``-`` (nil) 0. A row with no value at all is left out.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import polars as pl
from _build import GEOGRAPHY

SOURCE = "ehcp_2025/supporting-files/SEND Tribunals and appeal rate 2014-2024.csv"
YEARS = range(2014, 2025)
MEASURES = ["appeals_registered", "appealable_decisions", "appeal_rate"]
ENGLAND = "England Total"
#: The first year of Dorset Council (838) and Bournemouth, Christchurch and Poole (839).
NEW_DORSET = 2019
SYMBOLS = {"..": "x", "": "x", "~": "c", "-": "0"}
#: Names the table spells differently from DfE's statistics.
ALIASES = {"Durham": "County Durham", "Herefordshire": "Herefordshire, County of"}


def _clean(cell: str) -> str:
    text = cell.strip().replace(",", "").removesuffix("%")
    return SYMBOLS.get(text, text)


def _name(cell: str) -> str:
    # "Dorset6", "England Total4,9": footnote numbers follow the name.
    return re.sub(r"[\d,]+$", "", cell.strip())


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", ALIASES.get(name, name).lower())


def _table(real: Path) -> list[tuple[str, int, list[str]]]:
    """(name, year, three values) for each named row and year of the table."""
    with (real / SOURCE).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    start = next(i for i, row in enumerate(rows) if row[:2] == ["Local Authority", "LA code"])
    cells = []
    for row in rows[start + 2 :]:
        if not row[0].strip() or row[0].strip().isupper():
            continue  # a blank line or a region heading
        if row[0].startswith("England total excluding"):
            break
        for i, year in enumerate(YEARS):
            values = [_clean(cell) for cell in row[2 + 3 * i : 5 + 3 * i]]
            cells.append((_name(row[0]), year, values))
    return cells


def _codes(authorities: pl.DataFrame) -> dict[str, str]:
    """DfE code by simplified name; the current LA wins a shared name (Dorset)."""
    ordered = authorities.sort("is_current")
    return {_key(name): code for code, name in ordered.select("dfe_code", "name").rows()}


def tribunal_appeal_rate(real: Path, authorities: pl.DataFrame) -> pl.DataFrame:
    """Appeals registered, appealable decisions and the appeal rate (%), per LA and England,
    calendar years 2014–2024. ``authorities`` is ``local_authorities.csv`` as built."""
    codes = _codes(authorities)
    records = []
    for name, year, values in _table(real):
        if all(value == "x" for value in values):
            continue
        code = "" if name == ENGLAND else codes[_key(name)]
        if code == "838" and year < NEW_DORSET:
            code = "835"
        records.append((str(year), code, *values))
    frame = pl.DataFrame(records, schema=["time_period", "dfe_code", *MEASURES], orient="row")
    geography = authorities.select(
        "dfe_code",
        "region_code",
        pl.col("dfe_code").alias("old_la_code"),
        pl.col("ons_code").alias("new_la_code"),
        pl.col("name").alias("la_name"),
    )
    level = pl.when(pl.col("dfe_code") == "").then(pl.lit("National"))
    blank = ("region_code", "old_la_code", "new_la_code", "la_name")
    return (
        frame.join(geography, on="dfe_code", how="left")
        .with_columns(
            pl.lit("Calendar year").alias("time_identifier"),
            level.otherwise(pl.lit("Local authority")).alias("geographic_level"),
            pl.lit("E92000001").alias("country_code"),
            *[pl.col(column).fill_null("") for column in blank],
        )
        .sort("time_period", "dfe_code")
        .select(*GEOGRAPHY, *MEASURES)
    )
