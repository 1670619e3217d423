"""Build the school-level data that ships in ``src/sendsight/schools/data``.

Run by a developer only (``make data``). ``school_level_2019.csv.gz`` joins three DfE school
performance tables downloads (2018/19 edition) by URN: the January 2019 school census
(``england_census.csv``: pupils on roll, EHC plans, SEN support, EAL and free school meals),
absence in 2018/19 (``england_abs.csv``: overall absence and persistent absence) and KS4
destinations of the 2016/17 cohort as the 2019 tables show them (``england_ks4-pupdest.csv``,
secondary and special schools only: the school's name, the cohort ``COHORT`` and the pupils in
a sustained destination ``OVERALL_DEST``). England summary rows (``NAT``) are dropped. Values
keep the published text except that DfE's codes ``NA`` (not collected) and ``SUPP``
(suppressed) become empty.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from _build import PACKAGE, run, write_frame

OUT = PACKAGE / "schools" / "data"
FOLDER = "school_level_2019"
CODES = ("NA", "SUPP", "SP", "")


def _read(path: Path) -> pl.DataFrame:
    frame = pl.read_csv(path, infer_schema_length=0, encoding="utf8-lossy")
    first = frame.columns[0]
    return frame.rename({first: first.lstrip("\ufeff")})


def _clean(column: str) -> pl.Expr:
    return pl.when(pl.col(column).is_in(CODES)).then(None).otherwise(pl.col(column)).alias(column)


def school_level(real: Path) -> pl.DataFrame:
    """One row per school in the January 2019 census, with its 2018/19 absence and name."""
    census = _read(real / FOLDER / "england_census.csv").filter(pl.col("URN") != "NAT")
    absence = _read(real / FOLDER / "england_abs.csv").filter(pl.col("URN") != "NAT")
    ks4 = _read(real / FOLDER / "england_ks4-pupdest.csv").filter(
        pl.col("RECTYPE").is_in(["1", "2"]) & pl.col("URN").is_not_null()
    )
    names = ks4.select(
        "URN",
        pl.col("SCHNAME").alias("name"),
        pl.col("COHORT").alias("ks4_cohort"),
        pl.col("OVERALL_DEST").alias("ks4_sustained"),
    ).unique("URN", keep="first")
    frame = (
        census.select(
            pl.col("URN").alias("urn"),
            pl.col("LA").alias("la_code"),
            pl.col("ESTAB").alias("estab"),
            pl.col("SCHOOLTYPE").alias("school_type"),
            pl.col("NOR").alias("pupils"),
            pl.col("TSENELSE").alias("ehc_plan"),
            pl.col("TSENELK").alias("sen_support"),
            pl.col("NUMEAL").alias("eal"),
            pl.col("NUMFSM").alias("fsm"),
        )
        .join(
            absence.select(
                pl.col("URN").alias("urn"),
                pl.col("PERCTOT").alias("absence_pct"),
                pl.col("PPERSABS10").alias("persistent_absence_pct"),
            ),
            on="urn",
            how="left",
        )
        .join(names.rename({"URN": "urn"}), on="urn", how="left")
    )
    cleaned = [_clean(c) for c in frame.columns if c not in ("urn", "name")]
    return frame.with_columns(cleaned).sort("urn")


def build(real: Path, out: Path) -> list[Path]:
    """Write every schools data file into ``out``."""
    return [write_frame(school_level(real), out / "school_level_2019.csv.gz")]


if __name__ == "__main__":
    run(build, OUT, __doc__.splitlines()[0])
