"""The cost ahead on a tiny forecast: places times unit costs, levers move placements, and the
goal-seek finds the fewest moves that meet a target."""

from __future__ import annotations

import polars as pl
import pytest

from sendsight.commissioning.costs import Levers, UnitCostView, goal_seek, project
from sendsight.commissioning.ledger import agency_pence
from sendsight.commissioning.models import Contribution

COSTS = {p: UnitCostView(p, c, "test") for p, c in {
    "mainstream": 10_000, "special": 20_000, "independent_special": 50_000, "post16": 5_000,
    "other": 10_000, "resourced_provision": 15_000}.items()}  # fmt: skip


def _forecast() -> pl.DataFrame:
    rows = []
    for year, scale in ((2026, 1.0), (2027, 1.1), (2028, 1.2)):
        for placement, point in (("mainstream", 100.0), ("special", 50.0),
                                 ("independent_special", 20.0)):  # fmt: skip
            value = point * scale
            rows.append({"target_year": year, "placement": placement, "point": value,
                         "lower_80": value * 0.9, "upper_80": value * 1.1,
                         "lower_95": value * 0.8, "upper_95": value * 1.2})  # fmt: skip
    return pl.DataFrame(rows)


def test_spend_is_places_times_unit_cost_with_intervals() -> None:
    found = project(_forecast(), COSTS, Levers(), "999")
    first = found.totals.row(0, named=True)
    assert first["cost_point"] == pytest.approx(100 * 10_000 + 50 * 20_000 + 20 * 50_000)
    assert first["cost_lower_80"] == pytest.approx(first["cost_point"] * 0.9)
    assert found.totals.height == 3


def test_moving_independent_placements_keeps_places_and_lowers_cost() -> None:
    base = project(_forecast(), COSTS, Levers(), "999")
    moved = project(_forecast(), COSTS, Levers(to_resourced=5, to_special=5), "999")
    assert moved.totals["point"].to_list() == pytest.approx(base.totals["point"].to_list())
    saving = 5 * (50_000 - 15_000) + 5 * (50_000 - 20_000)
    assert base.final_cost() - moved.final_cost() == pytest.approx(saving)


def test_moves_are_capped_at_the_independent_placements() -> None:
    moved = project(_forecast(), COSTS, Levers(to_special=1_000), "999")
    first = moved.frame.filter(pl.col("target_year") == 2026)
    assert first.filter(pl.col("placement") == "independent_special")["point"][0] == 0
    assert first["point"].sum() == pytest.approx(170)


def test_growth_compounds_each_year() -> None:
    flat = project(_forecast(), COSTS, Levers(), "999")
    grown = project(_forecast(), COSTS, Levers(growth_pct=10), "999")
    assert grown.final_cost() == pytest.approx(flat.final_cost() * 1.21)


def test_goal_seek_finds_the_fewest_moves() -> None:
    base = project(_forecast(), COSTS, Levers(), "999").final_cost()
    found = goal_seek(_forecast(), COSTS, target=base - 100_000, lever="to_special",
                      growth_pct=0, la_code="999")  # fmt: skip
    assert found.reachable and found.placements == 4  # 4 × £30,000 ≥ £100,000 > 3 × £30,000
    unreachable = goal_seek(_forecast(), COSTS, target=1.0, lever="to_special", growth_pct=0,
                            la_code="999")  # fmt: skip
    assert not unreachable.reachable


def test_agency_shares_add_up_to_the_amount_exactly() -> None:
    row = Contribution(amount_pence=100_001, education_bp=3333, health_bp=3333,
                       social_care_bp=3334)  # fmt: skip
    parts = agency_pence(row)
    assert sum(parts.values()) == 100_001
    assert parts["health"] == 33_330
