import polars as pl
import pytest

from sendsight.demo.capacity import demo_capacity
from sendsight.forecasting import (
    breakdown_by_placement,
    forecast_caseload,
    split_to_current_las,
)
from sendsight.forecasting.scenarios import ScenarioError, apply_levers, apply_placement_lever
from tests import published


@pytest.fixture(scope="module")
def placement() -> pl.DataFrame:
    fc = split_to_current_las(
        forecast_caseload(published.history(published.small_caseload_panel()), 2025, 4),
        session=published.session(),
    )
    return breakdown_by_placement(
        fc.filter(pl.col("la_code").is_in(["202", "354"])), session=published.session()
    )


def _totals(frame: pl.DataFrame) -> pl.Series:
    return (
        frame.group_by("la_code", "target_year")
        .agg(pl.col("point").sum())
        .sort("la_code", "target_year")["point"]
    )


def test_resourced_mainstream_moves_special_places_without_changing_the_total(placement) -> None:  # type: ignore[no-untyped-def]
    out = apply_placement_lever(placement, 40, 2025, session=published.session())
    assert (_totals(out) - _totals(placement)).abs().max() < 1e-6
    special = out.filter(pl.col("part") == "special")
    mainstream = out.filter(pl.col("part") == "mainstream")
    assert (special["point"] < special["baseline"]).all()
    gained = (mainstream["point"] - mainstream["baseline"]).to_list()
    assert gained == pytest.approx((special["baseline"] - special["point"]).to_list())


def test_resourced_mainstream_changes_nothing_before_it_starts(placement) -> None:  # type: ignore[no-untyped-def]
    out = apply_placement_lever(placement, 40, 2027, session=published.session()).filter(
        pl.col("target_year") <= 2027
    )
    assert (out["point"] == out["baseline"]).all()


def test_a_bigger_share_moved_means_less_special_school_demand(placement) -> None:  # type: ignore[no-untyped-def]
    def special_2029(value: float) -> float:
        out = apply_placement_lever(placement, value, 2025, session=published.session())
        return float(out.filter(la_code="202", part="special", target_year=2029)["point"][0])

    assert special_2029(0) > special_2029(25) > special_2029(75)


def test_a_negative_lever_value_is_refused(placement) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ScenarioError):
        apply_placement_lever(placement, -5, 2025, session=published.session())


def test_two_levers_together_lower_the_caseload_more_than_either_alone() -> None:
    fc = split_to_current_las(
        forecast_caseload(published.history(published.small_caseload_panel()), 2025, 4),
        session=published.session(),
    ).filter(la_code="202")
    one = apply_levers(fc, {"slower_new_plans": 10}, 2025, session=published.session())["point"][-1]
    both = apply_levers(
        fc, {"slower_new_plans": 10, "more_ceasing_19plus": 2}, 2025, session=published.session()
    )
    assert both["point"][-1] < one < both["baseline"][-1]


def test_demo_capacity_is_labelled_and_has_special_and_resourced_places_by_need() -> None:
    capacity = demo_capacity("354", session=published.session())
    assert set(capacity["setting"]) == {"special", "resourced_provision"}
    assert capacity["label"].str.starts_with("Demonstration").all()
    totals = capacity.filter(need="all").sort("setting", "year")
    by_need = (
        capacity.filter(pl.col("need") != "all")
        .group_by("setting", "year")
        .agg(pl.col("places").sum())
        .sort("setting", "year")
    )
    assert totals["places"].to_list() == by_need["places"].to_list()
    assert (capacity["places"] >= 0).all()
