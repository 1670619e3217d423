"""Dev-time only: cut ``lait_bands.csv`` from DfE's Local Authority Interactive Tool (LAIT) data.

Run from the repository root with the raw LAIT files at hand (never at run time, never by the
product): ``.venv/bin/python tests/data/lait/build_extract.py ../shared/data/real/lait``.

For each measure and year below it keeps every local authority's value as LAIT holds it and the
quartile band LAIT gives it, worked out exactly as LAIT's R code does (``quantile()`` with R's
default type 7 over the year's LA values, then ``calculate_quartile_band``: each quarter closed
at its top cut; A is the top quarter when polarity is High and the bottom one when Low).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import polars as pl

#: LAIT measure -> years kept (LAIT's year labels). The last year of each is LAIT's latest.
MEASURES = {
    "NEW_KS2_RWM_Sen_Withsta": ("2019", "2025"),
    "NEW_KS2_RWM_Sen_W/Osta": ("2025",),
    "SEN_Stat_AVG_Attain8_Score": ("2025",),
    "SusEdOverall_SEN_NoStat_incSpec": ("2023",),
    "Age19_SEN-S_L2EM": ("2024",),
    "SEN_EHC_All_20wks": ("2024",),
    "SEN_AppealableDec": ("2022", "2024"),
}
ENGLAND = 970  # LAIT numbers England 970 and regions 980 upwards


def lait_band(value: float, cuts: np.ndarray, polarity: str) -> str:
    """LAIT's ``calculate_quartile_band`` for High and Low polarity."""
    quarter = 0 if value <= cuts[0] else 1 if value <= cuts[1] else 2 if value <= cuts[2] else 3
    return ("ABCD" if polarity == "Low" else "DCBA")[quarter]


def extract(real: Path) -> pl.DataFrame:
    bds = pl.read_parquet(real / "bds_long_0.parquet")
    dictionary = pl.read_csv(real / "lait_data_dictionary.csv", infer_schema_length=0)
    parts = []
    for measure, years in MEASURES.items():
        polarity = dictionary.filter(pl.col("Measure_short") == measure)["Polarity"][0]
        for year in years:
            rows = bds.filter(
                (pl.col("Short Desc") == measure)
                & (pl.col("Years") == year)
                & (pl.col("LA Number") < ENGLAND)
            ).select(
                pl.col("LA Number").cast(pl.Int64).cast(pl.Utf8).str.zfill(3).alias("la_code"),
                pl.col("Values").cast(pl.Float64, strict=False).alias("value"),
            )
            rows = rows.filter(pl.col("value").is_not_null()).sort("la_code")
            cuts = np.quantile(rows["value"].to_numpy(), [0.25, 0.5, 0.75])  # R type 7
            bands = [lait_band(v, cuts, polarity) for v in rows["value"]]
            parts.append(
                rows.with_columns(
                    pl.lit(measure).alias("measure"),
                    pl.lit(polarity).alias("polarity"),
                    pl.lit(year).alias("year"),
                    pl.Series("lait_band", bands),
                )
            )
    return pl.concat(parts).select("measure", "polarity", "year", "la_code", "value", "lait_band")


if __name__ == "__main__":
    out = Path(__file__).with_name("lait_bands.csv")
    extract(Path(sys.argv[1])).write_csv(out)
    print(f"wrote {out}")  # noqa: T201
