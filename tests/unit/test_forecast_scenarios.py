import polars as pl
import pytest

from sendsight.forecasting import (
    ScenarioError,
    apply_scenario,
    forecast_caseload,
    goal_seek,
    split_to_current_las,
)
from tests import published


@pytest.fixture(scope="module")
def baseline() -> pl.DataFrame:
    fc = split_to_current_las(
        forecast_caseload(published.history(published.small_caseload_panel()), 2025, 5),
        session=published.session(),
    )
    return fc.filter(pl.col("la_code").is_in(["202", "838"]))


def test_slower_new_plans_lowers_caseload_only_after_the_lever_starts(baseline) -> None:  # type: ignore[no-untyped-def]
    out = apply_scenario(baseline, "slower_new_plans", 10, 2027, session=published.session())
    before = out.filter(pl.col("target_year") <= 2027)
    after = out.filter(pl.col("target_year") > 2027)
    assert (before["point"] == before["baseline"]).all()
    assert (after["point"] < after["baseline"]).all()


def test_goal_seek_finds_a_lever_value_that_reaches_the_goal(baseline) -> None:  # type: ignore[no-untyped-def]
    target = (
        float(
            baseline.filter(pl.col("la_code") == "202", pl.col("target_year") == 2030)["point"][0]
        )
        * 0.95
    )
    value = goal_seek(
        baseline, "more_ceasing_19plus", "202", 2030, target, 2026, session=published.session()
    )
    assert value is not None and 0 < value < 100
    out = apply_scenario(baseline, "more_ceasing_19plus", value, 2026, session=published.session())
    reached = out.filter(pl.col("la_code") == "202", pl.col("target_year") == 2030)["point"][0]
    assert reached <= target


def test_an_unknown_lever_is_refused(baseline) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ScenarioError):
        apply_scenario(baseline, "fewer_tribunals", 5, 2026, session=published.session())
