"""Scenarios side by side with the baseline: the rows the CLI prints and the pages show."""

from __future__ import annotations

import polars as pl
import pytest

from sendsight.forecasting import forecast_caseload, shipped, split_to_current_las
from sendsight.forecasting.breakdowns import breakdown_by_placement
from sendsight.forecasting.scenario_compare import (
    COMPARE_COLUMNS,
    compare_scenarios,
    lever_years,
    whole_rows,
)
from sendsight.forecasting.scenario_files import Scenario

EARLY = Scenario("Early help", 2026, {"slower_new_plans": 10.0})
MOVED = Scenario("Resourced bases", 2025, {"resourced_mainstream": 40.0})


@pytest.fixture(scope="module")
def forecast() -> pl.DataFrame:
    fc = split_to_current_las(forecast_caseload(shipped.caseload_panel(), 2025, 4))
    return fc.filter(pl.col("la_code") == "202")


@pytest.fixture(scope="module")
def table(forecast: pl.DataFrame) -> pl.DataFrame:
    return compare_scenarios(forecast, [EARLY, MOVED])


def _one(table: pl.DataFrame, name: str) -> pl.DataFrame:
    return table.filter(pl.col("scenario") == name).sort("target_year")


def test_the_baseline_comes_first_then_the_scenarios_in_the_file_order(table) -> None:  # type: ignore[no-untyped-def]
    assert table.columns == list(COMPARE_COLUMNS)
    assert list(dict.fromkeys(table["scenario"])) == ["Baseline", "Early help", "Resourced bases"]
    assert table.height == 3 * 4


def test_the_baseline_rows_are_the_forecast_unchanged(table, forecast) -> None:  # type: ignore[no-untyped-def]
    base = _one(table, "Baseline")
    for column in ("point", "lower_80", "upper_80", "lower_95", "upper_95"):
        assert base[column].to_list() == forecast.sort("target_year")[column].to_list()
    assert base["from_year"].is_null().all() and (base["difference"] == 0).all()


def test_a_caseload_lever_lowers_the_forecast_and_its_range_after_it_starts(table) -> None:  # type: ignore[no-untyped-def]
    base, early = _one(table, "Baseline"), _one(table, "Early help")
    later = early["target_year"] > 2026
    assert (early.filter(~later)["point"] == base.filter(~later)["point"]).all()
    assert (early.filter(later)["point"] < base.filter(later)["point"]).all()
    assert early["difference"].to_list() == pytest.approx(
        (early["point"] - base["point"]).to_list()
    )
    # the interval keeps its width relative to the central forecast
    ratio = (early["upper_95"] / early["point"]) - (base["upper_95"] / base["point"])
    assert ratio.abs().max() < 1e-9
    assert early["slower_new_plans"].unique().to_list() == [10.0]
    assert early["more_ceasing_19plus"].unique().to_list() == [0.0]


def test_the_resourced_mainstream_lever_keeps_the_total_and_lowers_special_school_plans(
    table, forecast
) -> None:  # type: ignore[no-untyped-def]
    base, moved = _one(table, "Baseline"), _one(table, "Resourced bases")
    assert moved["point"].to_list() == base["point"].to_list()
    assert (moved["special_school"] < base["special_school"]).all()
    special = breakdown_by_placement(forecast).filter(pl.col("part") == "special")
    assert base["special_school"].to_list() == pytest.approx(
        special.sort("target_year")["point"].to_list()
    )


def test_whole_rows_round_and_their_differences_add_up(table) -> None:  # type: ignore[no-untyped-def]
    rows = whole_rows(table)
    assert len(rows) == table.height
    assert rows[0][:6] == ("Baseline", None, "0", "0", "0", 2026)
    by_year = {r[5]: r[6] for r in rows if r[0] == "Baseline"}
    for row in rows:
        assert row[11] == row[6] - by_year[row[5]]
        assert row[7] <= row[6] <= row[8] and row[9] <= row[7] and row[8] <= row[10]
    assert {r[2] for r in rows if r[0] == "Early help"} == {"10"}


def test_levers_start_from_the_origin_to_the_last_year_that_shows_in_the_forecast() -> None:
    assert lever_years(2025, 5) == (2025, 2029)
    assert lever_years(2025, 1) == (2025, 2025)
