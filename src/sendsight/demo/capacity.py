"""Made-up specialist place capacity for the demonstration area (labelled as demonstration).

Plausible, not real: special-school places start near the area's published January 2025
special-school plans for each primary need, and resourced provision in mainstream schools
(``setting = "resourced_provision"``) starts at a fraction of its mainstream plans, then grows as a
council's sufficiency plan might, for five Januaries from the demo's current year. No council's
actual place numbers are used.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from sqlalchemy.orm import Session

from sendsight.demo import clock
from sendsight.forecasting import history, queries
from sendsight.forecasting.queries import UpsertSummary

#: Who the audit trail and the table name as having entered the demonstration places.
SEEDED_BY = "demonstration seed"
PLANNED_YEARS = 5  # Januaries planned for, from the current year's
LABEL = "Demonstration: made-up place numbers, not this council's"
# Starting places per plan held in January 2025, by setting (made up). Special schools run
# slightly full; resourced provision covers a small share of mainstream plans.
START_RATIO = {"special": 1.10, "mainstream": 0.12}
# Made-up planned expansion: extra places each year, as a share of the starting places.
GROWTH_PER_YEAR = {"special": 0.07, "mainstream": 0.10}


def planned_years(today: date) -> tuple[int, ...]:
    """The Januaries the demo's places are planned for, as at ``today``."""
    return tuple(range(today.year, today.year + PLANNED_YEARS))


def demo_capacity(la_code: str, today: date | None = None, *, session: Session) -> pl.DataFrame:
    """Demonstration place capacity for ``la_code``: one row per setting, primary need
    (and ``all``) and January, with columns la_code, setting, need, year, places, label.
    The years are :func:`planned_years` as at ``today`` (default: the real today)."""
    years_planned = planned_years(clock.resolve(today))
    plans = history.need_by_placement(session=session).filter(
        pl.col("la_code") == la_code, pl.col("group").is_in(list(START_RATIO))
    )
    years = pl.DataFrame({"year": years_planned}, schema={"year": pl.Int64})
    by_need = (
        plans.join(years, how="cross")
        .with_columns(
            places=(
                pl.col("plans")
                * pl.col("group").replace_strict(START_RATIO, return_dtype=pl.Float64)
                * (
                    1
                    + pl.col("group").replace_strict(GROWTH_PER_YEAR, return_dtype=pl.Float64)
                    * (pl.col("year") - years_planned[0])
                )
            ).round(0)
        )
        .select(
            "la_code",
            setting=pl.col("group").replace({"mainstream": "resourced_provision"}),
            need="need",
            year="year",
            places="places",
        )
    )
    totals = by_need.group_by("la_code", "setting", "year").agg(pl.col("places").sum())
    every = pl.concat([by_need, totals.with_columns(need=pl.lit("all"))], how="diagonal")
    return every.with_columns(label=pl.lit(LABEL)).sort("setting", "need", "year")


def seed_demo_capacity(
    session: Session, *, la_code: str, partnership_id: str, today: date | None = None
) -> UpsertSummary:
    """Store the demonstration capacity for ``la_code`` in ``forecast_capacity``, as the
    partnership's (each row's note is the demonstration label). Seeding again changes nothing;
    does not commit."""
    rows = demo_capacity(la_code, today, session=session).select(
        "la_code", "setting", "need", "year", pl.col("places").cast(pl.Int64), note="label"
    )
    return queries.upsert_capacity(
        session=session, rows=rows, partnership_id=partnership_id, updated_by=SEEDED_BY
    )
