"""A baseline forecast of a count is a modelled count of children: rounded for readers without
case-level access, exact for the rest, and other units untouched."""

from __future__ import annotations

from sendsight.disclosure import CASE_LEVEL, PROTECTED, Viewpoint
from sendsight.outcomes.baseline import Baseline, BaselinePoint
from sendsight.outcomes.display import shown_baseline

BASE = Baseline(
    method="a test method",
    level=2974.0,
    origin_index=2025,
    points=(
        BaselinePoint(2026, 3293.6, 3112.3, 3520.4),
        BaselinePoint(2027, 3.2, 1.0, 6.0),  # a point too small to show
    ),
)


def test_a_count_baseline_is_rounded_to_the_nearest_10_and_small_points_left_out() -> None:
    shown = shown_baseline(BASE, unit="count", viewpoint=PROTECTED)
    assert shown is not None
    assert shown.level == 2970.0
    assert shown.points == (BaselinePoint(2026, 3290.0, 3110.0, 3520.0),)
    assert shown.method == BASE.method and shown.origin_index == 2025


def test_readers_with_case_level_access_and_other_units_see_the_baseline_as_made() -> None:
    assert shown_baseline(BASE, unit="count", viewpoint=CASE_LEVEL) is BASE
    assert shown_baseline(BASE, unit="percent", viewpoint=PROTECTED) is BASE
    assert shown_baseline(None, unit="count", viewpoint=PROTECTED) is None


def test_a_small_level_is_hidden_not_shown_exactly() -> None:
    small = Baseline("m", 3.0, 2025, (BaselinePoint(2026, 40.0, 30.0, 55.0),))
    shown = shown_baseline(small, unit="count", viewpoint=PROTECTED)
    assert shown is not None and shown.level is None
    assert shown.points == (BaselinePoint(2026, 40.0, 30.0, 60.0),)


def test_the_configured_rounding_and_threshold_are_used() -> None:
    shown = shown_baseline(
        BASE, unit="count", viewpoint=Viewpoint(threshold=10, modelled_round_to=100)
    )
    assert shown is not None and shown.level == 3000.0
    assert shown.points == (BaselinePoint(2026, 3300.0, 3100.0, 3500.0),)
