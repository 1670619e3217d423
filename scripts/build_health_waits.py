"""Build the children's community health waiting lists shipped in
``src/sendsight/commissioning/data``.

Run by a developer only (``make data``, or ``.venv/bin/python scripts/build_health_waits.py
--real ../shared/data/real``). One file, ``cyp_health_waits_2023.csv.gz``: NHS England,
*Community Health Services Waiting Lists* (children and young people's services), January to
October 2023, as derived by the DfE SEND and AP dashboard team (``cyp_community_health_waits_2023``;
Open Government Licence v3.0). Kept: England (from the England-only file, which has every month)
and the 42 integrated care boards (ICBs); providers and NHS regions are left out. The publisher
has no LA breakdown.

ICB names change case in July 2023 (``Greater Manchester`` becomes ``GREATER MANCHESTER``): each
is written in its most used January-to-June spelling. ``NA`` (no return for the month) is left
empty, and so is the percentage for an empty list. Percentages are recomputed from the counts as
(18 to 52 weeks + over 52 weeks) / total x 100 and written to one decimal.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from _build import PACKAGE, run, write_frame

OUT = PACKAGE / "commissioning" / "data"
FOLDER = "cyp_community_health_waits_2023"
#: The publisher's service names → ours.
SERVICES = {
    "Community Paediatric Service": "community_paediatrics",
    "Speech And Language": "speech_and_language",
    "Occupational Therapy": "occupational_therapy",
    "Audiology": "audiology",
}
COUNTS = {
    "Total waiting list": "waiting",
    "Waiting >18-52 weeks": "waiting_18_to_52_weeks",
    "Waiting >52 weeks": "waiting_over_52_weeks",
}
COLUMNS = ("month", "level", "area", "service", *COUNTS.values(), "pct_over_18_weeks")


def _counts(frame: pl.DataFrame) -> pl.DataFrame:
    """Counts as integers (``NA`` empty), the month as ``YYYY-MM``, the service by our key,
    and the percentage recomputed."""
    counts = [
        pl.col(name).cast(pl.Int64, strict=False).alias(ours) for name, ours in COUNTS.items()
    ]
    over = pl.col("waiting_18_to_52_weeks") + pl.col("waiting_over_52_weeks")
    return (
        frame.with_columns(
            *counts,
            month=pl.col("formattedDate").str.slice(0, 7),
            service=pl.col("Therapy").replace_strict(SERVICES),
        )
        .with_columns(
            pct_over_18_weeks=pl.when(pl.col("waiting") > 0).then(over / pl.col("waiting") * 100)
        )
        .select(*COLUMNS)
    )


def _icb_names(frame: pl.DataFrame) -> dict[str, str]:
    """Each ICB's upper-case name → its most used January-to-June (title case) spelling (a few
    vary, like ``Isles of Scilly`` and ``Isles Of Scilly``; ties go to the first in order)."""
    early = frame.filter(pl.col("formattedDate") < "2023-07-01")
    used = (
        early.group_by("Organisation Name")
        .len()
        .sort("len", "Organisation Name", descending=[True, False])
    )
    names: dict[str, str] = {}
    for name, _ in used.iter_rows():
        names.setdefault(name.upper(), name)
    return names


def waits(real: Path) -> pl.DataFrame:
    """England and every ICB, month by month and service by service."""
    folder = real / FOLDER
    england = pl.read_csv(folder / "eng_ch_time_series_derived.csv", infer_schema_length=0)
    england = _counts(england.with_columns(level=pl.lit("England"), area=pl.lit("England")))
    found = pl.read_csv(folder / "la_ch_time_series_derived.csv", infer_schema_length=0)
    icbs = found.filter(pl.col("Organisation Type") == "ICB")
    names = _icb_names(icbs)
    icbs = icbs.with_columns(
        level=pl.lit("ICB"),
        area=pl.col("Organisation Name").str.to_uppercase().replace_strict(names),
    )
    order = {key: n for n, key in enumerate(SERVICES.values())}
    return (
        pl.concat([england, _counts(icbs)])
        .with_columns(_order=pl.col("service").replace_strict(order, return_dtype=pl.Int64))
        .sort("month", pl.col("level") != "England", "area", "_order")
        .drop("_order")
    )


def build(real: Path, out: Path) -> list[Path]:
    """Write the health waits file into ``out``."""
    return [write_frame(waits(real), out / "cyp_health_waits_2023.csv.gz")]


if __name__ == "__main__":
    run(build, OUT, __doc__.splitlines()[0])
