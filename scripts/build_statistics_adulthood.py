"""Build the preparing-for-adulthood statistics that ship in ``statistics/data/adulthood``.

Run by a developer only (``make data``, or ``.venv/bin/python scripts/build_statistics_adulthood.py
--real ../shared/data/real``). Four files in DfE's tidy format, only total rows:

- NEET or activity not known at 16-17 by SEND status (NCCIS LA dashboard data, 2021-2025; the
  2021 file leaves the SEND columns empty, so they are shipped as ``x``, never as zero);
- supported internships, apprenticeships and traineeships open in January 2025 with the plans
  of young people aged 16 to 25 on the same day, and the rates per 1,000 plans;
- EHC plans ceased in 2022-2024, with the shares ceased because the young person moved into
  employment or higher education;
- level 2 and level 3 at 19 and KS4 destinations by SEN status, from LAIT.

The README beside the data describes each file; ``manifest-adulthood.yaml`` is written by hand.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from _build import GEOGRAPHY, PACKAGE, number, only_levels, read_dfe_csv, run, write_frame
from _build_lait import _academic_year, _tidy

OUT = PACKAGE / "statistics" / "data" / "adulthood"

#: The NCCIS files, by the year they describe (2024's was overwritten upstream; see its README).
NCCIS_FILES = {
    "2021": "UD_NEETNK_LA_dashboard_2021_vg_removed.csv",
    "2022": "UD_NEETNK_LA_dashboard_2022_final.csv",
    "2023": "UD_NEETNK_LA_dashboard_2023_final.csv",
    "2024": "history_4e3a0d5/UD_NEETNK_LA_dashboard_final.csv",
    "2025": "UD_NEETNK_LA_dashboard_final.csv",
}
NCCIS_COLUMNS = {
    "NEET_not_known_percent": "neet_nk_pct",
    "NEET_NK_EHCP_percent": "neet_nk_ehcp_pct",
    "NEET_NK_SENDsupport_percent": "neet_nk_sen_support_pct",
    "NEET_NK_noSEN_percent": "neet_nk_no_sen_pct",
    "cohort_EHCP_percent": "cohort_ehcp_pct",
}
#: Columns by SEND status: empty for every LA and region in 2021, and the 2021 England row is a
#: copy of 2022's (see the NCCIS README), so 2021 has none.
SEND_COLUMNS = (
    "neet_nk_ehcp_pct",
    "neet_nk_sen_support_pct",
    "neet_nk_no_sen_pct",
    "cohort_ehcp_pct",
)
KEYS = ("geographic_level", "region_code", "old_la_code")

LAIT_MEASURES = {
    "Age19_SEN-S_L3": "level3_at_19_ehc_plan",
    "Age19_SENwoS_L3": "level3_at_19_sen_support",
    "Age19_NoNSEN_L3": "level3_at_19_no_sen",
    "Age19_SENwoS_L2EM": "level2_em_at_19_sen_support",
    "Age19_NoNSEN_L2EM": "level2_em_at_19_no_sen",
    "SusEdOverall_NoSEN_incSpec": "ks4_destination_no_sen",
}


def _text(expr: pl.Expr, decimals: int = 1) -> pl.Expr:
    """A computed value as fixed-decimal text, ``x`` where it cannot be worked out."""
    return expr.round(decimals).fill_nan(None).cast(pl.Utf8).fill_null("x")


def _published(column: str) -> pl.Expr:
    """A published cell: its text, ``x`` where the publisher left it empty."""
    return pl.col(column).fill_null("x").replace("", "x")


def nccis_year(real: Path, year: str) -> pl.DataFrame:
    """One year's NEET and not-known percentages by SEND status, with the gap between young
    people with an EHC plan and those with no SEN in percentage points."""
    frame = read_dfe_csv(real / "nccis_neet_send" / NCCIS_FILES[year])
    frame = only_levels(frame).filter(
        pl.col("la_name").fill_null("") != "LA demo",
        pl.col("region_name").fill_null("") != "Region demo",
    )
    frame = frame.select(*GEOGRAPHY, *[_published(c).alias(n) for c, n in NCCIS_COLUMNS.items()])
    if year == "2021":
        frame = frame.with_columns([pl.lit("x").alias(column) for column in SEND_COLUMNS])
    gap = number("neet_nk_ehcp_pct") - number("neet_nk_no_sen_pct")
    return frame.with_columns(_text(gap).alias("neet_nk_gap_ehcp_no_sen"))


def nccis(real: Path) -> pl.DataFrame:
    """Every NCCIS year, oldest first, each in the publisher's row order."""
    return pl.concat([nccis_year(real, year) for year in NCCIS_FILES])


def _keyed(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns([pl.col(k).fill_null("").alias(f"_{k}") for k in KEYS])


def plans_16_to_25(real: Path) -> pl.DataFrame:
    """EHC plans of young people aged 16 to 25 in January 2025, per area."""
    frame = only_levels(read_dfe_csv(real / "ehcp_2025" / "data" / "caseload.csv"))
    ages = [f"age {age}" for age in range(16, 26)]
    return (
        _keyed(frame)
        .filter(
            pl.col("time_period") == "202425",
            pl.col("breakdown_topic") == "Child or young persons age",
            pl.col("breakdown").is_in(ages),
        )
        .group_by([f"_{k}" for k in KEYS])
        .agg(number("ehcplans").sum().alias("plans"))
    )


def work_based_placements(real: Path) -> pl.DataFrame:
    """Supported internships, apprenticeships and traineeships open in January 2025 (the 2025
    release's ``work_based_placements.csv``), with the rates per 1,000 plans at 16 to 25."""
    frame = only_levels(read_dfe_csv(real / "ehcp_2025" / "data" / "work_based_placements.csv"))
    frame = _keyed(frame.filter(pl.col("breakdown_topic") == "All work based placements"))
    joined = frame.join(plans_16_to_25(real), on=[f"_{k}" for k in KEYS], how="left")
    per_1000 = {
        "supp_intern_per_1000_plans_16_25": "open_supp_intern",
        "apprentice_per_1000_plans_16_25": "open_apprentice",
    }
    return joined.select(
        pl.lit("2025").alias("time_period"),
        pl.lit("January").alias("time_identifier"),
        *GEOGRAPHY[2:],
        "open_supp_intern",
        "open_apprentice",
        "open_trainee",
        pl.col("plans").cast(pl.Int64).cast(pl.Utf8).fill_null("x").alias("plans_age_16_25"),
        *[
            _text(pl.when(pl.col("plans") > 0).then(number(count) * 1000 / pl.col("plans"))).alias(
                name
            )
            for name, count in per_1000.items()
        ],
    )


def ceased_plans(real: Path) -> pl.DataFrame:
    """EHC plans ceased in each calendar year 2022-2024 (the 2025 release's
    ``ceased_plans.csv``) and the shares ceased for employment or higher education."""
    frame = only_levels(read_dfe_csv(real / "ehcp_2025" / "data" / "ceased_plans.csv"))
    frame = frame.filter(pl.col("breakdown_topic") == "All ceased EHC plans")
    total = number("total_ceased")
    shares = {
        "pct_ceased_employment": number("employ"),
        "pct_ceased_he": number("he"),
        "pct_ceased_employment_or_he": number("employ") + number("he"),
    }
    return frame.select(
        *GEOGRAPHY,
        "employ",
        "he",
        "total_ceased",
        *[
            _text(pl.when(total > 0).then(part * 100 / total)).alias(name)
            for name, part in shares.items()
        ],
    )


def lait_adulthood(real: Path) -> pl.DataFrame:
    """Level 2 and 3 at 19 by SEN status and KS4 destinations with no SEN, from LAIT (the
    measures ``lait_sen_outcomes`` does not already carry)."""
    return _tidy(real, LAIT_MEASURES, _academic_year, "Academic year")


def build(real: Path, out: Path) -> list[Path]:
    """Write the four adulthood statistics files into ``out``."""
    files = {
        "nccis_neet_send.csv.gz": nccis(real),
        "work_based_placements.csv.gz": work_based_placements(real),
        "ceased_plans.csv.gz": ceased_plans(real),
        "lait_adulthood.csv.gz": lait_adulthood(real),
    }
    return [write_frame(frame, out / name) for name, frame in files.items()]


if __name__ == "__main__":
    run(build, OUT, __doc__.splitlines()[0])
