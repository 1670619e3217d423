"""Build ``data/demo_statistics.csv.gz`` from DfE's LAIT long data (run by hand, never at run time).

Usage: ``python -m sendsight.outcomes.build_demo_statistics LAIT.parquet NEIGHBOURS.csv OUT``.
Keeps the demo area's value, England's and the statistical-neighbour median per measure and year.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

DEMO_LA = 354
ENGLAND = 970  # LAIT's "LA Number" for England
MEASURES = {
    "SEN_EHC_Excpt_20wks": "calendar_year",
    "SEN_CASES_JAN": "january",
    "SEN_INIT_REQ": "calendar_year",
    "EHCP_Initial_req_refused": "calendar_year",
    "SEN_AppealableDec": "calendar_year",
    "NEW_KS2_RWM_Sen_Withsta": "academic_year",
    "SEN_Stat_AVG_Prog8_Score": "academic_year",
    "SusEdOverall_SEN_Stat_incSpec": "academic_year",
    "KS4_SEN_Des_incSpec": "academic_year",
    "Age19_SEN-S": "academic_year",
    "16-17YroldSEN_ET": "financial_year",
    "SpecPerAbNew": "academic_year",
    "SpecFixedEx": "academic_year",
    "CMH_0-17yrs": "financial_year",
    "SEN_TotStat": "academic_year",
    "SEN_TotSENSuP": "academic_year",
}


def period_code(years: str, frequency: str) -> str:
    """LAIT writes most years as the year a span ends in ("2025" for 2024/25)."""
    if "/" in years:
        return years
    end = int(years[:4])
    if frequency == "academic_year":
        return f"{end - 1}/{end % 100:02d}"
    if frequency == "financial_year":
        return f"{end - 1}-{end % 100:02d}"
    if frequency == "january":
        return f"{end}-01"
    return str(end)


def build(lait: Path, neighbours_csv: Path) -> pl.DataFrame:
    """One row per (statistic, period): demo LA value, England value, neighbour median."""
    sn = pl.read_csv(neighbours_csv, infer_schema_length=0)
    sn_codes = [int(c) for c in sn.filter(pl.col("dfe_code") == str(DEMO_LA))["neighbour_code"]]
    data = pl.read_parquet(lait).filter(pl.col("Short Desc").is_in(list(MEASURES)))
    data = data.with_columns(value=pl.col("Values").cast(pl.Float64, strict=False))
    data = data.filter(pl.col("value").is_not_null() & ~pl.col("Years").str.contains(r"\("))
    la = _pick(data, [DEMO_LA], "la_value")
    eng = _pick(data, [ENGLAND], "england")
    med = _pick(data, sn_codes, "sn_median")
    out = la.join(eng, on=["statistic", "Years"], how="left").join(
        med, on=["statistic", "Years"], how="left"
    )
    out = out.with_columns(
        period=pl.struct("Years", "statistic").map_elements(
            lambda r: period_code(r["Years"], MEASURES[r["statistic"]]), return_dtype=pl.String
        )
    )
    return out.select("statistic", "period", "la_value", "england", "sn_median").sort(
        "statistic", "period"
    )


def _pick(data: pl.DataFrame, codes: list[int], name: str) -> pl.DataFrame:
    return (
        data.filter(pl.col("LA Number").cast(pl.Int64).is_in(codes))
        .group_by(pl.col("Short Desc").alias("statistic"), "Years")
        .agg(pl.col("value").median().round(2).alias(name))
    )


if __name__ == "__main__":  # pragma: no cover
    frame = build(Path(sys.argv[1]), Path(sys.argv[2]))
    frame.write_csv(sys.argv[3])
