"""The published history the forecasting methods read, for unit tests of those methods.

Forecasts read DfE statistics from the statistics store (``forecasting.history``), not from
files of their own. The method tests need those figures as frames, so this loads the shipped
reference data and statistics once per test process into an in-memory SQLite database (as
``sendsight init`` does) and hands out the frames; the tests themselves only use frames, plus
this session for the functions that look published figures up themselves.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from sendsight.db.models import metadata
from sendsight.forecasting import history as store
from sendsight.forecasting.panel import History
from sendsight.reference.loader import load_reference_data
from sendsight.statistics.loader import load_shipped_statistics


@cache
def session() -> Session:
    """A session on an in-memory database holding the shipped reference data and statistics."""
    return _loaded(create_engine("sqlite://", poolclass=StaticPool))


def database_url(folder: Path) -> str:
    """A SQLite database file in ``folder`` holding the shipped reference data and statistics
    (for commands, which open their own sessions)."""
    url = f"sqlite:///{folder / 'published.db'}"
    _loaded(create_engine(url)).close()
    return url


def _loaded(engine: Engine) -> Session:
    metadata.create_all(engine)
    found = Session(engine, expire_on_commit=False)
    load_reference_data(found)
    load_shipped_statistics(found)
    found.commit()
    return found


def published() -> History:
    """Caseload, new plans, pipeline and prevalence per footprint, as published now."""
    return store.history(session=session())


def caseload_panel() -> pl.DataFrame:
    """EHC plans per footprint and January."""
    return published().caseload


def small_caseload_panel() -> pl.DataFrame:
    """Every eighth footprint's caseload and the footprints tests pick out (Camden, Greenwich,
    Westminster, Dorset): enough areas for the methods' properties, quick to forecast."""
    panel = caseload_panel()
    keys = panel.get_column("geo_key").unique().sort().to_list()
    kept = set(keys[::8]) | {"202", "203", "213", "838+839"}
    return panel.filter(pl.col("geo_key").is_in(sorted(kept)))


def new_plans_panel() -> pl.DataFrame:
    """New plans per footprint and calendar year."""
    return published().new_plans


def pipeline_panel() -> pl.DataFrame:
    """The assessment pipeline per footprint and calendar year."""
    return published().pipeline


def prevalence_panel() -> pl.DataFrame:
    """The share of pupils with an EHC plan per single-LA footprint and January."""
    return published().prevalence


def history(
    caseload: pl.DataFrame | None = None,
    *,
    new_plans: pl.DataFrame | None = None,
    pipeline: pl.DataFrame | None = None,
    prevalence: pl.DataFrame | None = None,
) -> History:
    """The published history, with any series given put in place of the published one."""
    found = published()
    return History(
        found.caseload if caseload is None else caseload,
        found.new_plans if new_plans is None else new_plans,
        found.pipeline if pipeline is None else pipeline,
        found.prevalence if prevalence is None else prevalence,
    )
