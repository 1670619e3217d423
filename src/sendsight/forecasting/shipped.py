"""Loaders for the DfE statistics shipped in ``forecasting/data`` (OGL v3; see data/README.md)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl

DATA = Path(__file__).parent / "data"


@cache
def _read(name: str) -> pl.DataFrame:
    key_cols = ("geo_key", "la_code")
    frame = pl.read_csv(DATA / name, infer_schema_length=0)
    return frame.with_columns(
        pl.col(c).cast(pl.Float64)
        if c not in key_cols + ("la_name", "group", "need")
        else pl.col(c)
        for c in frame.columns
    ).with_columns(pl.col(c).cast(pl.Int64) for c in ("year",) if c in frame.columns)


def caseload_panel() -> pl.DataFrame:
    """EHC plans (statements before 2014–2018) at January 2010–2025 per stable footprint."""
    return _read("caseload_footprints.csv.gz")


def current_las() -> pl.DataFrame:
    """The 153 LAs of January 2025: ``la_code`` (DfE 3-digit), ``la_name``, ``geo_key``."""
    return _read("current_las.csv.gz")


def current_la_caseload() -> pl.DataFrame:
    """January 2019–2025 plans per LA as published, split by placement group."""
    return _read("caseload_current_las.csv.gz")


def need_by_placement() -> pl.DataFrame:
    """January 2025 plans per LA by placement group (``all`` = every plan) and primary need."""
    return _read("need_by_placement_2025.csv.gz")


def new_plans_panel() -> pl.DataFrame:
    """New EHC plans issued per footprint and calendar year, 2009–2024."""
    return _read("new_plans_footprints.csv.gz")


def pipeline_panel() -> pl.DataFrame:
    """The assessment pipeline per footprint and calendar year 2014–2024: ``requests`` for an
    EHC needs assessment (from 2016), ``refused`` (decided not to assess), plans ``issued``
    and ``issued_20_weeks`` (within 20 weeks, exception cases included)."""
    return _read("pipeline_footprints.csv.gz")


def prevalence_panel() -> pl.DataFrame:
    """The percentage of pupils with an EHC plan in January 2016–2025 per single-LA footprint
    (``pct_pupils_ehc_plan``; the three reorganised footprints are not included)."""
    return _read("prevalence_footprints.csv.gz")
