"""The co-production measures, on tiny inputs."""

from __future__ import annotations

from datetime import date

from sendsight.coproduction import metrics
from sendsight.coproduction.records import ActivityRecord


def _activity(
    held_on: date, counts: dict[tuple[str, str], int], partners: tuple[str, ...] = ()
) -> ActivityRecord:
    return ActivityRecord(
        "k", held_on, "t", "forum", "consult", "co_design", partners, counts=counts
    )


def test_days_to_response_is_the_median_by_year_published() -> None:
    pairs = [
        (date(2025, 12, 1), date(2026, 1, 10)),
        (date(2026, 1, 1), date(2026, 1, 11)),
        (date(2026, 2, 1), date(2026, 4, 2)),
        (date(2025, 1, 1), date(2025, 1, 31)),
    ]
    figures = metrics.days_to_response(pairs)
    assert [(f.year, f.value) for f in figures] == [(2025, 30.0), (2026, 40.0)]


def test_share_at_co_design_or_above_counts_the_top_two_rungs() -> None:
    levels = [
        (date(2026, 1, 1), "co_design"),
        (date(2026, 2, 1), "co_produce"),
        (date(2026, 3, 1), "consult"),
        (date(2026, 4, 1), "inform"),
    ]
    [figure] = metrics.share_co_design(levels)
    assert (figure.value, figure.numerator, figure.denominator) == (50.0, 2, 4)


def test_young_people_are_the_age_total_or_else_the_largest_other_cut() -> None:
    assert (
        metrics.young_people(
            {
                ("age_band", "5-10"): 3,
                ("age_band", "11-15"): 4,
                ("need", "ASD"): 9,
                ("parents_carers", "all"): 20,
            }
        )
        == 7
    )
    assert metrics.young_people({("need", "ASD"): 2, ("locality", "North"): 5}) == 5
    assert metrics.young_people({("parents_carers", "all"): 20}) == 0


def test_reach_uses_the_latest_published_plans_count_not_after_the_year() -> None:
    figures = metrics.reach(
        [(date(2025, 5, 1), 30), (date(2026, 5, 1), 40), (date(2024, 5, 1), 10)], {2025: 3000}
    )
    assert [(f.year, f.value, f.denominator) for f in figures] == [
        (2025, 1.0, 3000),
        (2026, 1.3, 3000),
    ]


def test_coverage_gaps_are_groups_and_partners_not_reached_in_twelve_months() -> None:
    today = date(2026, 12, 3)
    old = _activity(date(2025, 6, 1), {("locality", "East"): 4}, ("Old partner",))
    recent = _activity(
        date(2026, 6, 1), {("need", "ASD"): 2, ("parents_carers", "all"): 9}, ("Council",)
    )
    gaps = {(g.kind, g.name): g.last_on for g in metrics.coverage_gaps([old, recent], today=today)}
    assert gaps[("locality", "East")] == date(2025, 6, 1)
    assert gaps[("partner", "Old partner")] == date(2025, 6, 1)
    assert gaps[("need", "SEMH")] is None
    assert ("need", "ASD") not in gaps and ("partner", "Council") not in gaps
    assert ("parents_carers", "all") not in gaps


def test_reach_by_need_counts_each_sen2_need_and_puts_unknown_codes_under_other() -> None:
    day = date(2026, 5, 1)
    one = _activity(day, {("need", "ASD"): 4, ("need", "XYZ"): 2, ("age_band", "5-10"): 6})
    two = _activity(day, {("need", "ASD"): 1, ("need", "OTH"): 1})
    found = {r.need: r for r in metrics.reach_by_need([one, two], {"ASD": 300, "SEMH": 120})}
    assert len(found) == 12
    assert (found["ASD"].taking_part, found["ASD"].plans) == (5, 300)
    assert found["OTH"].taking_part == 3
    assert (found["SEMH"].taking_part, found["SEMH"].plans) == (0, 120)
    assert found["HI"].plans == 0
