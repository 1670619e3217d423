"""Build the reference data that ships in ``src/sendsight/reference/data``.

Run by a developer only (``make data``). ``local_authorities.csv`` and ``la_ons_codes.csv`` come
from the DfE "Education, health and care plans" caseload files (2022 and 2025 releases) and the
LAIT LA code list; ``statistical_neighbours.csv`` from DfE's May 2025 statistical neighbours;
``la_successions.csv`` and the unitary ONS codes are facts from the structural change orders,
written here by hand because no DfE file carries them.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from _build import PACKAGE, read_dfe_csv, run, write_frame

OUT = PACKAGE / "reference" / "data"

#: Structural change orders: (predecessor, successor, effective on, note).
DORSET = "Dorset County Council replaced by Dorset Council (without Christchurch)"
CHRISTCHURCH = "Christchurch moved from Dorset to Bournemouth, Christchurch and Poole"
NORTHANTS = "Northamptonshire split into North and West Northamptonshire"
CUMBRIA = "Cumbria split into Cumberland and Westmorland and Furness"
SUCCESSIONS = [
    ("835", "838", "2019-04-01", DORSET),
    ("835", "839", "2019-04-01", CHRISTCHURCH),
    ("836", "839", "2019-04-01", "Poole merged into Bournemouth, Christchurch and Poole"),
    ("837", "839", "2019-04-01", "Bournemouth merged into Bournemouth, Christchurch and Poole"),
    ("928", "940", "2021-04-01", NORTHANTS),
    ("928", "941", "2021-04-01", NORTHANTS),
    ("909", "942", "2023-04-01", CUMBRIA),
    ("909", "943", "2023-04-01", CUMBRIA),
]

#: Unitary ONS codes that DfE files do not yet use: (DfE code, ONS code, valid from, note).
ONS_REGISTER = [
    ("815", "E06000065", "2023-04-01", "North Yorkshire Council (unitary) in the ONS register"),
    ("825", "E06000060", "2020-04-01", "Buckinghamshire Council (unitary) in the ONS register"),
    ("933", "E06000066", "2023-04-01", "Somerset Council (unitary) in the ONS register"),
]

LA_COLUMNS = [
    "dfe_code",
    "name",
    "region_code",
    "region_name",
    "ons_code",
    "la_type",
    "is_current",
    "valid_from",
    "valid_to",
]
#: The last January in the newest caseload file: a code still published then is open-ended.
LAST_JANUARY = 2025


def _caseload_rows(real: Path) -> pl.DataFrame:
    """Every LA row of the two caseload files, with the January year it describes."""
    columns = ["old_la_code", "new_la_code", "la_name", "region_code", "region_name"]
    old = read_dfe_csv(real / "ehcp_2022" / "data" / "sen2_age_caseload.csv").select(
        pl.col("time_period").cast(pl.Int64).alias("year"), *columns, "geographic_level"
    )
    new = read_dfe_csv(real / "ehcp_2025" / "data" / "caseload.csv").select(
        (pl.col("time_period").str.slice(0, 4).cast(pl.Int64) + 1).alias("year"),
        *columns,
        "geographic_level",
    )
    both = pl.concat([old, new]).filter(pl.col("geographic_level") == "Local authority")
    # Sorted on every column so that "last published" never depends on read order.
    return both.drop("geographic_level").unique().sort("old_la_code", "year", *columns[1:])


def la_ons_codes(real: Path) -> pl.DataFrame:
    """Each LA's ONS codes as DfE published them (first and last January seen), plus the
    unitary codes of the ONS register."""
    seen = (
        _caseload_rows(real)
        .group_by("old_la_code", "new_la_code")
        .agg(pl.col("year").min().alias("first"), pl.col("year").max().alias("last"))
    )
    published = seen.select(
        pl.col("old_la_code").alias("dfe_code"),
        pl.col("new_la_code").alias("ons_code"),
        pl.format("{}-01-01", "first").alias("valid_from"),
        pl.when(pl.col("last") < LAST_JANUARY)
        .then(pl.format("{}-12-31", "last"))
        .alias("valid_to"),
        pl.format("Published by DfE for January {} to January {}", "first", "last").alias("note"),
    )
    register = pl.DataFrame(
        [(code, ons, start, None, note) for code, ons, start, note in ONS_REGISTER],
        schema=published.schema,
        orient="row",
    )
    return pl.concat([published, register]).sort("dfe_code", "valid_from", "ons_code")


def _current_ons_code(codes: pl.DataFrame) -> pl.DataFrame:
    """The ONS code in force now (the newest open-ended one), or the last one used."""
    return (
        codes.sort("dfe_code", pl.col("valid_to").fill_null("9999"), "valid_from", "ons_code")
        .group_by("dfe_code", maintain_order=True)
        .last()
        .select("dfe_code", "ons_code")
    )


def _la_types(real: Path) -> pl.DataFrame:
    return pl.read_excel(real / "lait" / "la_code_list.xlsx").select(
        pl.col("LA Number").cast(pl.Utf8).alias("dfe_code"), pl.col("Type").alias("la_type")
    )


def local_authorities(real: Path) -> pl.DataFrame:
    """One row per DfE LA code: name and region as last published, current ONS code, LAIT LA
    type, and validity from the structural change orders."""
    latest = (
        _caseload_rows(real)
        .group_by("old_la_code", maintain_order=True)
        .last()
        .select(
            pl.col("old_la_code").alias("dfe_code"),
            pl.col("la_name").alias("name"),
            "region_code",
            "region_name",
        )
    )
    return (
        latest.join(_current_ons_code(la_ons_codes(real)), on="dfe_code", how="left")
        .join(_la_types(real), on="dfe_code", how="left")
        .join(_validity(), on="dfe_code", how="left")
        .with_columns(pl.col("valid_to").is_null().alias("is_current"))
        .select(*LA_COLUMNS)
        .sort("dfe_code")
    )


def _validity() -> pl.DataFrame:
    """valid_from of each successor and valid_to (the day before) of each predecessor."""
    links = la_successions()
    day_before = pl.col("effective_on").str.to_date().dt.offset_by("-1d").dt.to_string("%Y-%m-%d")
    ended = links.group_by("predecessor").agg(day_before.first().alias("valid_to"))
    started = links.group_by("successor").agg(pl.col("effective_on").first().alias("valid_from"))
    return pl.concat(
        [
            ended.rename({"predecessor": "dfe_code"}),
            started.rename({"successor": "dfe_code"}),
        ],
        how="diagonal",
    )


def la_successions() -> pl.DataFrame:
    """The structural changes since 2019, one row per predecessor and successor."""
    return pl.DataFrame(
        SUCCESSIONS, schema=["predecessor", "successor", "effective_on", "note"], orient="row"
    )


def statistical_neighbours(real: Path) -> pl.DataFrame:
    """DfE's ten statistical neighbours of each LA (May 2025), with DfE's closeness word."""
    sheet = pl.read_excel(real / "lait" / "sn_may_2025.xlsx")
    rows = sheet.rows()[2:]
    long = [
        (str(row[0]), rank, str(row[3 + 2 * rank]), str(row[4 + 2 * rank]).lower())
        for row in rows
        if row[0] is not None
        for rank in range(1, 11)
    ]
    return pl.DataFrame(
        long, schema=["dfe_code", "rank", "neighbour_code", "closeness"], orient="row"
    ).sort("dfe_code", "rank")


def build(real: Path, out: Path) -> list[Path]:
    """Write every reference file into ``out``."""
    frames = {
        "local_authorities.csv": local_authorities(real),
        "la_ons_codes.csv": la_ons_codes(real),
        "la_successions.csv": la_successions(),
        "statistical_neighbours.csv": statistical_neighbours(real),
    }
    return [write_frame(frame, out / name) for name, frame in frames.items()]


if __name__ == "__main__":
    run(build, OUT, __doc__.splitlines()[0])
