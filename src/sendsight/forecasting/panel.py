"""The caseload panel: a plain frame ``(geo_key: str, year: int, value: float)``.

A *footprint* (``geo_key``) is an area whose boundary is the same in every year of the
panel: a current LA, or a group of LAs that were reorganised (Dorset + BCP, North + West
Northamptonshire, Cumberland + Westmorland and Furness), so that each has a full history.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from sendsight.forecasting.flows import PIPELINE_SERIES, PREVALENCE
from sendsight.forecasting.methods import Matrix

PANEL_SCHEMA = {"geo_key": pl.Utf8, "year": pl.Int64, "value": pl.Float64}


@dataclass(frozen=True)
class History:
    """The published series a forecast reads, per footprint (``forecasting.history`` reads
    them from the statistics store): the caseload panel; new plans issued per calendar year
    (geo_key, year, value); the assessment pipeline per calendar year (geo_key, year, one
    column per series of ``PIPELINE_SERIES``); and the share of pupils with an EHC plan per
    January (geo_key, year, ``PREVALENCE``)."""

    caseload: pl.DataFrame
    new_plans: pl.DataFrame
    pipeline: pl.DataFrame
    prevalence: pl.DataFrame

    def truncated(self, as_of: int) -> History:
        """As known in January ``as_of``: later Januaries and calendar years after
        ``as_of − 1`` removed."""
        return History(
            truncate(self.caseload, as_of),
            self.new_plans.filter(pl.col("year") < as_of),
            self.pipeline.filter(pl.col("year") < as_of),
            truncate(self.prevalence, as_of),
        )


def to_matrix(panel: pl.DataFrame) -> tuple[list[str], int, Matrix]:
    """Footprints (sorted), first year, and a footprints × years matrix (NaN where missing)."""
    frame = panel.select(pl.col(k).cast(t) for k, t in PANEL_SCHEMA.items())
    keys = sorted(frame["geo_key"].unique().to_list())
    first, last = int(frame["year"].min()), int(frame["year"].max())  # type: ignore[arg-type]
    matrix = np.full((len(keys), last - first + 1), np.nan)
    rows = {k: i for i, k in enumerate(keys)}
    for key, year, value in frame.iter_rows():
        matrix[rows[key], year - first] = value
    return keys, first, matrix


def truncate(panel: pl.DataFrame, as_of: int) -> pl.DataFrame:
    """The panel as known in January ``as_of``: later Januaries removed."""
    return panel.filter(pl.col("year") <= as_of)


def inflow_matrix(keys: list[str], first_year: int, years: int, new_plans: pl.DataFrame) -> Matrix:
    """New plans aligned to the caseload matrix: column for January *y* holds the plans
    issued in calendar year *y − 1* (the inflow between two Januaries). NaN where missing."""
    frame = new_plans.select(pl.col(k).cast(t) for k, t in PANEL_SCHEMA.items())
    return _calendar_matrix(keys, first_year, years, frame, "value")


def pipeline_matrices(
    keys: list[str], first_year: int, years: int, pipeline: pl.DataFrame
) -> dict[str, Matrix]:
    """The assessment-pipeline series (geo_key, calendar year, one column per series in
    ``PIPELINE_SERIES``), each aligned like :func:`inflow_matrix`. NaN where missing."""
    frame = pipeline.with_columns(
        pl.col("geo_key").cast(pl.Utf8),
        pl.col("year").cast(pl.Int64),
        *(pl.col(name).cast(pl.Float64) for name in PIPELINE_SERIES),
    )
    return {
        name: _calendar_matrix(keys, first_year, years, frame, name) for name in PIPELINE_SERIES
    }


def prevalence_matrix(
    keys: list[str], first_year: int, years: int, prevalence: pl.DataFrame
) -> Matrix:
    """The share of pupils with an EHC plan (geo_key, January year, ``PREVALENCE``), aligned
    to the caseload matrix: column for January *y* holds the January *y* school census."""
    frame = prevalence.with_columns(
        pl.col("geo_key").cast(pl.Utf8),
        pl.col("year").cast(pl.Int64),
        pl.col(PREVALENCE).cast(pl.Float64),
    )
    return _calendar_matrix(keys, first_year, years, frame, PREVALENCE, lag=0)


def _calendar_matrix(
    keys: list[str], first_year: int, years: int, frame: pl.DataFrame, column: str, lag: int = 1
) -> Matrix:
    matrix = np.full((len(keys), years), np.nan)
    rows = {k: i for i, k in enumerate(keys)}
    for key, year, value in frame.select("geo_key", "year", column).iter_rows():
        target = year + lag - first_year
        if key in rows and 0 <= target < years and value is not None:
            matrix[rows[key], target] = value
    return matrix
