"""The two statistics files cut from the DfE Local Authority Interactive Tool (LAIT) long file.

LAIT (``lait/bds_long_0.parquet``, April 2026) holds one row per measure, year and area with
the value as text (``-`` = missing). sendsight keeps a few SEN measures in DfE's tidy format:
one row per area and year for LAIT years 2016–2025, every LA LAIT lists (153 current and 5
abolished), England and the nine regions (not Inner and Outer London); ``x`` where LAIT has
no value. Values keep LAIT's text, e.g. ``33.799999999999997``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

YEARS = range(2016, 2026)

#: LAIT's area numbers for England and the regions, with the ONS region codes.
ENGLAND = 970
REGIONS = {
    980: "E12000001",  # North East
    981: "E12000002",  # North West
    982: "E12000003",  # Yorkshire and The Humber
    983: "E12000004",  # East Midlands
    984: "E12000005",  # West Midlands
    985: "E12000006",  # East of England
    986: "E12000007",  # London (987 Inner and 988 Outer London are left out)
    989: "E12000008",  # South East
    990: "E12000009",  # South West
}

CENSUS = {"SEN_TotStat": "pct_pupils_ehc_plan", "SEN_TotSENSuP": "pct_pupils_sen_support"}
OUTCOMES = {
    "NEW_KS2_RWM_Sen_Withsta": "ks2_rwm_ehc_plan",
    "NEW_KS2_RWM_Sen_W/Osta": "ks2_rwm_sen_support",
    "NoID_SEN_NEW_KS2_RWM": "ks2_rwm_no_sen",
    "SEN_Stat_AVG_Attain8_Score": "att8_ehc_plan",
    "SEN_WoStat_AVG_Attain8_Score": "att8_sen_support",
    "SusEdOverall_SEN_Stat_incSpec": "ks4_destination_ehc_plan",
    "SusEdOverall_SEN_NoStat_incSpec": "ks4_destination_sen_support",
    "Age19_SEN-S_L2EM": "level2_em_at_19_ehc_plan",
}


def _wide(real: Path, measures: dict[str, str]) -> pl.DataFrame:
    lait = pl.read_parquet(real / "lait" / "bds_long_0.parquet")
    areas = [float(area) for area in (ENGLAND, *REGIONS)]
    return (
        lait.filter(
            pl.col("Short Desc").is_in(list(measures)),
            (pl.col("LA Number") < ENGLAND) | pl.col("LA Number").is_in(areas),
        )
        .select(
            pl.col("LA Number").cast(pl.Int64).alias("area"),
            pl.col("Years").cast(pl.Int64).alias("year"),
            pl.col("Short Desc").replace(measures).alias("measure"),
            pl.col("Values"),
        )
        .pivot(on="measure", index=["area", "year"], values="Values")
    )


def _geography(area: pl.Expr) -> list[pl.Expr]:
    level = (
        pl.when(area == ENGLAND)
        .then(pl.lit("National"))
        .when(area.is_in(list(REGIONS)))
        .then(pl.lit("Regional"))
        .otherwise(pl.lit("Local authority"))
    )
    la_code = pl.when(area < ENGLAND).then(area.cast(pl.Utf8)).otherwise(pl.lit(""))
    return [
        level.alias("geographic_level"),
        pl.lit("E92000001").alias("country_code"),
        area.replace_strict(REGIONS, default="", return_dtype=pl.Utf8).alias("region_code"),
        la_code.alias("old_la_code"),
    ]


def _tidy(
    real: Path, measures: dict[str, str], period: Callable[[pl.Expr], pl.Expr], identifier: str
) -> pl.DataFrame:
    wide = _wide(real, measures)
    grid = (
        wide.select(pl.col("area").unique())
        .join(pl.DataFrame({"year": list(YEARS)}), how="cross")
        .join(wide, on=["area", "year"], how="left")
    )
    names = list(measures.values())
    order = pl.when(pl.col("area") < ENGLAND).then(0).otherwise(1)
    return grid.sort(pl.col("year"), order, pl.col("area")).select(
        period(pl.col("year")).alias("time_period"),
        pl.lit(identifier).alias("time_identifier"),
        *_geography(pl.col("area")),
        *[pl.col(n).fill_null("x").replace("-", "x") for n in names],
    )


def lait_census(real: Path) -> pl.DataFrame:
    """Percentages of pupils with an EHC plan (a statement before 2019) and with SEN support
    in January, all schools (*Special educational needs in England*): LAIT year 2025 is
    census day in January 2025."""
    return _tidy(real, CENSUS, lambda year: year.cast(pl.Utf8), "January")


def lait_outcomes(real: Path) -> pl.DataFrame:
    """KS2 reading, writing and maths, Attainment 8, KS4 destinations by SEN status and level 2
    with English and maths at 19 (EHC plan): LAIT year 2025 is the 2024/25 academic year."""
    return _tidy(real, OUTCOMES, _academic_year, "Academic year")


def _academic_year(year: pl.Expr) -> pl.Expr:
    # 2025 -> "202425"
    return ((year - 1) * 100 + year % 100).cast(pl.Utf8)
