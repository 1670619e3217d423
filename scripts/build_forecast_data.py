"""Build the compact per-footprint DfE series that the forecasting methods read.

Run by a developer only (``.venv/bin/python scripts/build_forecast_data.py``): it reads the
DfE "Education, health and care plans" downloads kept beside the repository in
``../shared/data/real`` and writes gzip CSV files into ``src/sendsight/forecasting/data``.
The product never runs this script and never reads ``../shared``.

Files written (OGL v3.0; see that folder's README): ``pipeline_footprints.csv.gz``, per
stable footprint and calendar year 2014–2024, requests for an EHC needs assessment,
refusals to assess, plans issued and plans issued within 20 weeks; and
``prevalence_footprints.csv.gz``, per single-LA footprint and January 2016–2025, the share of
pupils with an EHC plan (DfE Local Authority Interactive Tool, ``SEN_TotStat``).
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "data" / "real"
OUT = ROOT / "src" / "sendsight" / "forecasting" / "data"

#: LA codes that were reorganised, summed into the stable footprints of the caseload panel.
FOOTPRINTS = {
    **dict.fromkeys(("835", "836", "837", "838", "839"), "G_DORSET_BCP"),
    **dict.fromkeys(("928", "940", "941"), "G_NORTHANTS"),
    **dict.fromkeys(("909", "942", "943"), "G_CUMBRIA"),
}


def _read(path: Path) -> pl.DataFrame:
    frame = pl.read_csv(path, infer_schema_length=0, encoding="utf8-lossy")
    first = frame.columns[0]
    return frame.rename({first: first.lstrip("\ufeff")}).filter(
        pl.col("geographic_level") == "Local authority"
    )


def _footprint() -> pl.Expr:
    return pl.col("old_la_code").replace(FOOTPRINTS).alias("geo_key")


def _number(column: str) -> pl.Expr:
    # "x" (not available) and "z" (not applicable) become missing.
    return pl.col(column).cast(pl.Float64, strict=False)


def _sum_to_footprints(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    # A footprint is missing in a year if any of its LAs is (min_count semantics).
    return (
        frame.group_by("geo_key", "year")
        .agg(
            *[
                pl.when(pl.col(c).is_null().any()).then(None).otherwise(pl.col(c).sum()).alias(c)
                for c in columns
            ]
        )
        .sort("geo_key", "year")
    )


def requests() -> pl.DataFrame:
    """Initial requests for an EHC needs assessment, refusals to assess, and plans issued
    (including exception cases) with those issued within 20 weeks, per calendar year:
    2022 release ``sen2_mi`` for 2014–2018 (requests not collected before 2016), 2025
    release ``requests.csv`` and ``timeliness_20_week.csv`` for 2019–2024 (identical to
    ``sen2_mi`` where both exist)."""
    columns = ["requests", "refused", "issued", "issued_20_weeks"]
    old = _read(REAL / "ehcp_2022" / "data" / "sen2_mi.csv").select(
        _footprint(),
        pl.col("time_period").cast(pl.Int64).alias("year"),
        _number("InreqEHC").alias("requests"),
        _number("AssRefusedEHC").alias("refused"),
        _number("TotIncExcEHC").alias("issued"),
        _number("IncExc20weekEHC").alias("issued_20_weeks"),
    )
    asked = (
        _read(REAL / "ehcp_2025" / "data" / "requests.csv")
        .filter(pl.col("breakdown_topic") == "All requests for EHC needs assessments")
        .select(
            "old_la_code",
            pl.col("time_period").cast(pl.Int64).alias("year"),
            _number("requests_received_in_year").alias("requests"),
            _number("requests_decided_not_to_assess").alias("refused"),
        )
    )
    timely = (
        _read(REAL / "ehcp_2025" / "data" / "timeliness_20_week.csv")
        .filter(pl.col("breakdown_topic") == "All EHC plans issued")
        .select(
            "old_la_code",
            pl.col("time_period").cast(pl.Int64).alias("year"),
            _number("plans_issued_den").alias("issued"),
            _number("plans_issued_within_20_weeks").alias("issued_20_weeks"),
        )
    )
    new = asked.join(timely, on=["old_la_code", "year"], how="full", coalesce=True)
    both = pl.concat(
        [
            old.filter(pl.col("year") <= 2018).select("geo_key", "year", *columns),
            new.select(_footprint(), "year", *columns),
        ]
    )
    return _sum_to_footprints(both, columns)


def prevalence() -> pl.DataFrame:
    """The percentage of pupils with an EHC plan (statement before 2019) in January, all
    schools, per LA, from the LAIT long file (``SEN_TotStat``, from "Special educational
    needs in England"). LAIT gives percentages without pupil counts, so the three
    reorganised footprints cannot be combined and are left out."""
    lait = pl.read_parquet(REAL / "lait" / "bds_long_0.parquet")
    grouped = set(FOOTPRINTS)
    return (
        lait.filter(pl.col("Short Desc") == "SEN_TotStat", pl.col("LA Number") < 970)
        .select(
            pl.col("LA Number").cast(pl.Int64).cast(pl.Utf8).alias("geo_key"),
            pl.col("Years").cast(pl.Int64).alias("year"),
            _number("Values").round(1).alias("pct_pupils_ehc_plan"),
        )
        .filter(~pl.col("geo_key").is_in(grouped), pl.col("pct_pupils_ehc_plan").is_not_null())
        .sort("geo_key", "year")
    )


def _write(frame: pl.DataFrame, name: str) -> None:
    path = OUT / name
    path.write_bytes(gzip.compress(frame.write_csv().encode(), mtime=0))
    sys.stdout.write(f"{path.name}: {frame.height} rows, {path.stat().st_size} bytes\n")


def main() -> None:
    """Write the derived files and print their sizes."""
    if not REAL.is_dir():
        sys.exit(f"DfE downloads not found at {REAL}")
    _write(requests(), "pipeline_footprints.csv.gz")
    _write(prevalence(), "prevalence_footprints.csv.gz")


if __name__ == "__main__":
    main()
