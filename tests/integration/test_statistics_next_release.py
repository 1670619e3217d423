"""Importing the next DfE release updates the forecasts in the same step: the origin moves to
its January, the forecast page says so, the backtest is worked out again, and importing the same
file again changes nothing."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sendsight.forecasting import history, report
from sendsight.statistics import queries
from sendsight.statistics.loader import import_release, shipped_path
from tests.conftest import sign_in

GEOGRAPHY = ["time_period", "time_identifier", "geographic_level", "country_code", "region_code",
             "old_la_code", "new_la_code", "la_name"]  # fmt: skip
PERCENTAGES = ("mainstream_total_pc", "special_total_pc", "AP_PRU_total_pc", "fe_total_pc")


def _grown(column: str) -> pl.Expr:
    """A published count × 1.05, rounded; a symbol (``x``, ``z``) stays as it is."""
    number = pl.col(column).cast(pl.Float64, strict=False)
    grown = (number * 1.05).round(0).cast(pl.Int64).cast(pl.String)
    return pl.when(number.is_null()).then(pl.col(column)).otherwise(grown).alias(column)


def next_release(folder: Path) -> Path:
    """A made-up January 2026 caseload file in the DfE tidy format: every count of the shipped
    January 2025 rows (all plans, and plans by placement) × 1.05, percentages unchanged."""
    caseload, placements = (
        pl.read_csv(shipped_path(f"ehcp_2025/{name}.csv.gz"), infer_schema=False).fill_null("")
        for name in ("caseload", "caseload_placements")
    )
    rows = caseload.join(placements, on=GEOGRAPHY).filter(pl.col("time_period") == "2025")
    counts = [c for c in rows.columns if c not in GEOGRAPHY and c not in PERCENTAGES]
    rows = rows.with_columns(pl.lit("2026").alias("time_period"), *map(_grown, counts))
    path = folder / "caseload_2026.csv"
    rows.write_csv(path)
    return path


def test_importing_the_next_release_moves_the_forecast_origin_and_its_page(
    client: FlaskClient, seeded_session: Session, tmp_path: Path
) -> None:
    sign_in(client, "analyst")
    assert "up to January 2025" in client.get("/forecasts/354").get_data(as_text=True)
    before = report.backtest(session=seeded_session)
    path = next_release(tmp_path)

    done = import_release(seeded_session, path, "ehcp_caseload", "2026")  # as the command does
    seeded_session.commit()  # a request closes its session: uncommitted rows would go

    assert not done.unchanged
    assert report.latest_year(session=seeded_session) == 2026
    rochdale = history.current_la_caseload(session=seeded_session).filter(
        pl.col("la_code") == "354"
    )
    totals = dict(rochdale.select("year", "total").iter_rows())
    assert totals[2026] == round(totals[2025] * 1.05)
    page = client.get("/forecasts/354").get_data(as_text=True)
    assert "up to January 2026" in page and "2031" in page
    # The accuracy beside the forecast is worked out again: January 2026 is now an actual.
    after = report.backtest(session=seeded_session)
    assert after is not before
    scored = [r.summary.filter(pl.col("horizon") == 2)["n"].sum() for r in (before, after)]
    assert scored[1] > scored[0]

    version = queries.statistics_version(session=seeded_session)
    again = import_release(seeded_session, path, "ehcp_caseload", "2026")
    assert again.unchanged
    assert queries.statistics_version(session=seeded_session) == version
    assert report.backtest(session=seeded_session) is after
