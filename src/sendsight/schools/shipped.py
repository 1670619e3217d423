"""The real January 2019 school-level figures for every school in England, shipped with the
package (``schools/data/school_level_2019.csv.gz``, built by ``scripts/build_schools_data.py``).

Read from the package, never copied into the database: they are the same public figures for
every partnership (ADR 1301). Contains public sector information licensed under the Open
Government Licence v3.0 (DfE school performance tables, 2018/19 edition).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl

DATA = Path(__file__).parent / "data"
SHIPPED_YEAR = 2019
SOURCE = (
    "DfE school performance tables 2018/19: January 2019 school census, absence 2018/19 and "
    "KS4 destinations of the 2016/17 cohort (Open Government Licence v3.0)"
)
#: The columns of a school-year frame, in order (the imported figures use the same).
COLUMNS: dict[str, type[pl.DataType]] = {
    "urn": pl.String,
    "la_code": pl.String,
    "school_type": pl.String,
    "pupils": pl.Int64,
    "ehc_plan": pl.Int64,
    "sen_support": pl.Int64,
    "eal": pl.Int64,
    "fsm": pl.Int64,
    "absence_pct": pl.Float64,
    "persistent_absence_pct": pl.Float64,
    "ks4_cohort": pl.Int64,
    "ks4_sustained": pl.Int64,
}


@cache
def school_level_2019() -> pl.DataFrame:
    """One row per school in the January 2019 census (with ``name`` where DfE gave one)."""
    frame = pl.read_csv(
        DATA / "school_level_2019.csv.gz",
        schema_overrides={
            "urn": pl.String,
            "la_code": pl.String,
            "estab": pl.String,
            "name": pl.String,
        },
    )
    return frame.select(
        *[pl.col(name).cast(kind) for name, kind in COLUMNS.items()], pl.col("name")
    ).sort("urn")


@cache
def shipped_urns() -> frozenset[str]:
    """Every URN in the shipped figures."""
    return frozenset(school_level_2019()["urn"].to_list())
