"""Build the published statistics that ship in ``src/sendsight/statistics/data``.

Run by a developer only (``make data``, or ``.venv/bin/python scripts/build_statistics_data.py
--real ../shared/data/real``). The files keep the DfE open-data ("tidy") format: only National,
Regional and Local authority rows, only total rows, only the columns sendsight uses, published
text unchanged, January snapshots relabelled with DfE's ``January`` time identifier. The README
beside the data describes each file; ``manifest.yaml`` there is written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
from _build import GEOGRAPHY, PACKAGE, only_levels, read_dfe_csv, run, write_frame
from _build_lait import lait_census, lait_outcomes
from _build_tribunal import tribunal_appeal_rate
from build_reference_data import local_authorities

OUT = PACKAGE / "statistics" / "data"


@dataclass(frozen=True)
class Extract:
    """One shipped file cut from one DfE file: its total rows and a few columns."""

    source: str
    columns: tuple[str, ...]
    total: tuple[str, str] | None = None  # (column, value) that marks the total rows
    january: bool = False  # a January snapshot: relabel its time identifier


EXTRACTS = {
    "ehcp_2022/caseload.csv.gz": Extract(
        "ehcp_2022/data/sen2_age_caseload.csv",
        ("Total_all",),
        ("characteristic_age", "Total"),
        january=True,
    ),
    "ehcp_2022/new_plans.csv.gz": Extract(
        "ehcp_2022/data/sen2_age_new_plans.csv",
        ("Total_new_all",),
        ("characteristic_age", "Total"),
    ),
    "ehcp_2022/mi.csv.gz": Extract(
        "ehcp_2022/data/sen2_mi.csv",
        (
            "NewallEHC",
            "InreqEHC",
            "AssRefusedEHC",
            "IncExc20weekRate",
            "NoExc20weekRate",
            "TotIncExcEHC",
            "TotNoExcEHC",
        ),
    ),
    "ehcp_2023/mi.csv.gz": Extract(
        "ehcp_2023_partial/data/sen2_mi.csv",
        (
            "new_all_ehc",
            "inreq_ehc",
            "ass_refused_ehc",
            "inc_exc_20week_rate",
            "no_exc_20week_rate",
            "tot_inc_exc_ehc",
            "tot_no_exc_ehc",
        ),
    ),
    "ehcp_2025/caseload.csv.gz": Extract(
        "ehcp_2025/data/caseload.csv",
        ("ehcplans", "mainstream_total_pc", "special_total_pc", "AP_PRU_total_pc", "fe_total_pc"),
        ("breakdown_topic", "All EHC plans"),
        january=True,
    ),
    "ehcp_2025/newplans.csv.gz": Extract(
        "ehcp_2025/data/newplans.csv", ("new_ehc_plans",), ("breakdown_topic", "New EHC plans")
    ),
    "ehcp_2025/requests.csv.gz": Extract(
        "ehcp_2025/data/requests.csv",
        (
            "requests_received_in_year",
            "requests_decided_not_to_assess",
            "request_not_assess_pc",
            "request_outcome_six_weeks_pc",
        ),
        ("breakdown_topic", "All requests for EHC needs assessments"),
    ),
    "ehcp_2025/timeliness_20_week.csv.gz": Extract(
        "ehcp_2025/data/timeliness_20_week.csv",
        (
            "plans_issued_den",
            "plans_issued_den_ex",
            "pc_plans_issued_within_20_weeks",
            "PC_plans_issued_20_weeks_ex",
        ),
        ("breakdown_topic", "All EHC plans issued"),
    ),
    "ehcp_2025/sen_needs_all_plans.csv.gz": Extract(
        "ehcp_2025/data/sen_needs_all_plans.csv",
        (
            "ehc_plans",
            *(
                f"number_{need}"
                for need in (
                    "asd hi mld msi oth pd pmld semh slcn sld spld vi need_unknown".split()
                )
            ),
            "asd_pc",
            "semh_pc",
        ),
        ("breakdown_topic", "All EHC plans"),
        january=True,
    ),
    "ehcp_2025/annual_reviews.csv.gz": Extract(
        "ehcp_2025/data/annual_reviews.csv",
        ("review_expected", "number_decsion_4weeks", "pc_decsion_4weeks"),
        ("breakdown_topic", "All annual reviews"),
    ),
    # Series the forecasts read from the store (published separately so that no release already
    # loaded changes its bytes): placement counts, and plans issued within 20 weeks as counts.
    "ehcp_2025/caseload_placements.csv.gz": Extract(
        "ehcp_2025/data/caseload.csv",
        (
            "mainstream_total",
            "special_la_maintained",
            "special_academy_free",
            "special_non_maintained",
            "special_independent",
            "fe_total",
        ),
        ("breakdown_topic", "All EHC plans"),
        january=True,
    ),  # fmt: skip
    "ehcp_2022/mi_20_week_counts.csv.gz": Extract(
        "ehcp_2022/data/sen2_mi.csv", ("IncExc20weekEHC",)
    ),
    "ehcp_2023/mi_20_week_counts.csv.gz": Extract(
        "ehcp_2023_partial/data/sen2_mi.csv", ("inc_exc_20week_ehc",)
    ),
    "ehcp_2025/timeliness_20_week_counts.csv.gz": Extract(
        "ehcp_2025/data/timeliness_20_week.csv",
        ("plans_issued_within_20_weeks",),
        ("breakdown_topic", "All EHC plans issued"),
    ),
}

#: SEN2 primary needs, as the columns ``number_<need>`` of ``sen_needs_all_plans.csv``.
NEEDS = ("asd", "hi", "mld", "msi", "oth", "pd", "pmld", "semh", "slcn", "sld", "spld", "vi",
         "need_unknown")  # fmt: skip
#: The placement rows of ``sen_needs_all_plans.csv`` the forecasts split needs by.
PLACEMENTS = ("Mainstream - total", "Special - LA maintained", "Special - Academy/free schools",
              "Special - non-maintained", "Special - independent", "FE - total")  # fmt: skip


def needs_by_placement(real: Path) -> pl.DataFrame:
    """January plans per primary need for each type of placement (2025 release)."""
    frame = only_levels(read_dfe_csv(real / "ehcp_2025" / "data" / "sen_needs_all_plans.csv"))
    frame = frame.filter(
        pl.col("breakdown_topic") == "Type of placement", pl.col("breakdown").is_in(PLACEMENTS)
    ).select(*GEOGRAPHY, "breakdown", *(f"number_{need}" for need in NEEDS))
    period = pl.col("time_period")
    return frame.with_columns(
        (period.str.slice(0, 4).cast(pl.Int64) + 1).cast(pl.Utf8).alias("time_period"),
        pl.lit("January").alias("time_identifier"),
    )


def january(frame: pl.DataFrame) -> pl.DataFrame:
    """Relabel a January snapshot: ``2022, Calendar year`` and ``202122, Academic year`` both
    mean census day in January 2022 and become ``2022, January``."""
    period = pl.col("time_period")
    year = (
        pl.when(period.str.len_chars() == 6)
        .then((period.str.slice(0, 4).cast(pl.Int64) + 1).cast(pl.Utf8))
        .otherwise(period)
    )
    return frame.with_columns(year.alias("time_period"), pl.lit("January").alias("time_identifier"))


def extract(real: Path, spec: Extract) -> pl.DataFrame:
    """The total rows and chosen columns of one DfE file, in the publisher's row order."""
    frame = only_levels(read_dfe_csv(real / spec.source))
    if spec.total is not None:
        frame = frame.filter(pl.col(spec.total[0]) == spec.total[1])
    frame = frame.select(*GEOGRAPHY, *spec.columns)
    return january(frame) if spec.january else frame


def yorkshire_correction(real: Path) -> pl.DataFrame:
    """Each Yorkshire and The Humber LA's own 2022 new EHC plans, from the 2023 release's
    ``sen2_mi.csv`` (``new_all_ehc``): the 2025 ``newplans.csv`` repeats the regional total
    (6,078) for all 15 of them."""
    frame = read_dfe_csv(real / "ehcp_2023_partial" / "data" / "sen2_mi.csv")
    return (
        frame.filter(
            pl.col("time_period") == "2022",
            pl.col("geographic_level") == "Local authority",
            pl.col("region_name") == "Yorkshire and The Humber",
        )
        .select(*GEOGRAPHY, pl.col("new_all_ehc").alias("new_ehc_plans"))
        .sort("old_la_code")
    )


def build(real: Path, out: Path) -> list[Path]:
    """Write every statistics file into ``out``."""
    written = [write_frame(extract(real, spec), out / name) for name, spec in EXTRACTS.items()]
    authorities = local_authorities(real)
    derived = {
        "ehcp_2025/tribunal_appeal_rate.csv.gz": tribunal_appeal_rate(real, authorities),
        "corrections/newplans_2022_yorkshire.csv.gz": yorkshire_correction(real),
        "lait/lait_sen_census.csv.gz": lait_census(real),
        "lait/lait_sen_outcomes.csv.gz": lait_outcomes(real),
        "ehcp_2025/sen_needs_by_placement.csv.gz": needs_by_placement(real),
    }
    return written + [write_frame(frame, out / name) for name, frame in derived.items()]


if __name__ == "__main__":
    run(build, OUT, __doc__.splitlines()[0])
