"""The forecasts' published history, read from the statistics store, is what forecasting used to
ship as CSV files of its own (kept in ``tests/data/forecasting_2025``), and its first-published
view keeps to decision 0401's rule."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from sqlalchemy.orm import Session

from sendsight.forecasting import history

OLD = Path(__file__).parents[1] / "data" / "forecasting_2025"
TEXT = ("geo_key", "la_code", "la_name", "group", "need")
# The old files named the three reorganised footprints; the store names them by their LAs.
RENAMED = {"G_DORSET_BCP": "838+839", "G_NORTHANTS": "940+941", "G_CUMBRIA": "942+943"}


def _old(name: str) -> pl.DataFrame:
    frame = pl.read_csv(OLD / name, infer_schema_length=0)
    frame = frame.with_columns(
        pl.col(c).cast(pl.Int64 if c == "year" else pl.Float64)
        for c in frame.columns
        if c not in TEXT
    )
    if "geo_key" in frame.columns:
        frame = frame.with_columns(pl.col("geo_key").replace(RENAMED))
    return frame


def _differences(old: pl.DataFrame, new: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Rows in only one frame, or whose values differ (missing counts as a value)."""
    values = [c for c in old.columns if c not in keys]
    joined = old.join(new.select(old.columns), on=keys, how="full", coalesce=True, suffix="_new")
    differ = [
        pl.col(c).ne_missing(pl.col(f"{c}_new")) if c in TEXT else
        (pl.col(c) - pl.col(f"{c}_new")).abs().gt(1e-9).fill_null(True)
        & (pl.col(c).is_not_null() | pl.col(f"{c}_new").is_not_null())
        for c in values
    ]  # fmt: skip
    return joined.filter(pl.any_horizontal(differ))


CASES = {
    "caseload_footprints.csv.gz": (history.caseload_panel, ["geo_key", "year"]),
    "pipeline_footprints.csv.gz": (history.pipeline_panel, ["geo_key", "year"]),
    "prevalence_footprints.csv.gz": (history.prevalence_panel, ["geo_key", "year"]),
    "caseload_current_las.csv.gz": (history.current_la_caseload, ["la_code", "year"]),
    "need_by_placement_2025.csv.gz": (history.need_by_placement, ["la_code", "group", "need"]),
    "current_las.csv.gz": (history.current_las, ["la_code"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_store_gives_the_series_forecasting_shipped(seeded_session: Session, name: str) -> None:
    read, keys = CASES[name]
    new = read(session=seeded_session)
    assert _differences(_old(name), new, keys).is_empty()


def test_new_plans_agree_except_a_figure_the_2025_release_left_out(
    seeded_session: Session,
) -> None:
    # The 2025 release has no row for the Isles of Scilly (420) in 2019; the old file took
    # 2019 from that release only, so it had no figure. The store keeps every release, so the
    # 2022 release's figure (0 new plans) fills the gap. Every other figure agrees, the
    # Yorkshire and The Humber 2022 correction included (a correction release in the store).
    new = history.new_plans_panel(session=seeded_session)
    found = _differences(_old("new_plans_footprints.csv.gz"), new, ["geo_key", "year"])
    assert found.select("geo_key", "year", "value", "value_new").rows() == [
        ("420", 2019, None, 0.0)
    ]
    leeds = new.filter(pl.col("geo_key") == "383", pl.col("year") == 2022)["value"][0]
    assert leeds != 6078.0  # the regional total the 2025 release repeats for each LA


def test_first_published_view_keeps_what_was_known_at_the_origin(
    seeded_session: Session,
) -> None:
    # Tower Hamlets (211) and West Berkshire (869): the 2023 release published their plans
    # issued in 2022 (695 and 176), the 2025 release marks them "x" (not available). The
    # newest figures have none; a backtest at origin 2023 or 2024 used what the 2023 release said.
    now = history.pipeline_panel(session=seeded_session)
    then = history.pipeline_panel(session=seeded_session, as_published_at=2024)
    suppressed = pl.col("geo_key").is_in(["211", "869"]) & (pl.col("year") == 2022)
    assert now.filter(suppressed)["issued"].to_list() == [None, None]
    assert then.filter(suppressed)["issued"].to_list() == [695.0, 176.0]
    others = _differences(now.filter(~suppressed), then.filter(~suppressed), ["geo_key", "year"])
    assert others.is_empty()
    # Figures no release published by then has come from the first release that has them.
    assert history.caseload_panel(session=seeded_session, as_published_at=2018).equals(
        history.caseload_panel(session=seeded_session)
    )


def test_the_forecast_origin_is_the_latest_january_in_the_store(seeded_session: Session) -> None:
    assert history.latest_january(session=seeded_session) == 2025
