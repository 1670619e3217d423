"""Scenarios side by side with the baseline: the rows the CLI prints and the pages show."""

from __future__ import annotations

import math

import polars as pl
import pytest

from sendsight.forecasting import forecast_caseload, split_to_current_las
from sendsight.forecasting.breakdowns import breakdown_by_placement
from sendsight.forecasting.pages import Figures, comparison_rows
from sendsight.forecasting.scenario_compare import (
    COMPARE_COLUMNS,
    compare_scenarios,
    lever_years,
)
from sendsight.forecasting.scenario_files import Scenario
from tests import published

EARLY = Scenario("Early help", 2026, {"slower_new_plans": 10.0})
MOVED = Scenario("Resourced bases", 2025, {"resourced_mainstream": 40.0})


@pytest.fixture(scope="module")
def forecast() -> pl.DataFrame:
    fc = split_to_current_las(
        forecast_caseload(published.history(published.small_caseload_panel()), 2025, 4),
        session=published.session(),
    )
    return fc.filter(pl.col("la_code") == "202")


@pytest.fixture(scope="module")
def table(forecast: pl.DataFrame) -> pl.DataFrame:
    return compare_scenarios(forecast, [EARLY, MOVED], session=published.session())


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
    special = breakdown_by_placement(forecast, session=published.session()).filter(
        pl.col("part") == "special"
    )
    assert base["special_school"].to_list() == pytest.approx(
        special.sort("target_year")["point"].to_list()
    )


def test_exact_rows_are_whole_plans_and_their_differences_add_up(table) -> None:  # type: ignore[no-untyped-def]
    rows = comparison_rows(table, Figures(protect=False))
    assert len(rows) == table.height
    first = rows[0]
    assert (first.scenario, first.from_year, first.levers, first.year) == (
        "Baseline", None, ("0", "0", "0"), 2026,
    )  # fmt: skip
    assert first.csv()[5:7] == (2026, round(table["point"][0]))
    by_year = {r.year: r.point.csv for r in rows if r.scenario == "Baseline"}
    for row in rows:
        point, l80, u80, l95, u95, diff, _ = (int(f.csv) for f in row.figures)
        assert diff == point - by_year[row.year]
        assert l80 <= point <= u80 and l95 <= l80 and u80 <= u95
    assert {r.levers[0] for r in rows if r.scenario == "Early help"} == {"10"}


def test_protected_rows_round_each_figure_and_the_difference_on_its_own(table) -> None:  # type: ignore[no-untyped-def]
    rows = comparison_rows(table, Figures(protect=True))
    for row, raw in zip(rows, table.iter_rows(named=True), strict=True):
        assert row.point.csv == int(math.floor(raw["point"] / 10 + 0.5) * 10)
        assert row.special_school.csv == int(math.floor(raw["special_school"] / 10 + 0.5) * 10)
        size = abs(raw["difference"])
        expected = 0 if size == 0 else "c" if size < 5 else math.floor(size / 10 + 0.5) * 10
        if isinstance(expected, int) and raw["difference"] < 0:
            expected = -expected
        assert row.difference.csv == expected
    early = [r for r in rows if r.scenario == "Early help"]
    assert early[0].difference.text == "0"  # starts in 2026: first shows in January 2027
    assert all(r.difference.text.startswith("-") for r in early[1:])


def test_levers_start_from_the_origin_to_the_last_year_that_shows_in_the_forecast() -> None:
    assert lever_years(2025, 5) == (2025, 2029)
    assert lever_years(2025, 1) == (2025, 2025)
