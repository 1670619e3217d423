"""Funnel plot limits and the front door's yearly figures on tiny frames."""

from __future__ import annotations

from datetime import date

import polars as pl

from sendsight.frontdoor import analytics, funnel


def test_limits_narrow_as_the_number_of_decisions_grows() -> None:
    small = funnel.limits(0.7, 5, funnel.Z_CONTROL)
    large = funnel.limits(0.7, 500, funnel.Z_CONTROL)
    assert small[0] < large[0] < 0.7 < large[1] < small[1]


def test_a_small_unit_far_from_the_rate_is_not_flagged_but_a_large_one_is() -> None:
    rows = [("A", True)] * 160 + [("A", False)] * 40 + [("B", False)] * 3
    rows += [("C", False)] * 60 + [("C", True)] * 40
    frame = pl.DataFrame(
        rows, schema={"panel_name": pl.String(), "agreed": pl.Boolean()}, orient="row"
    )
    result = {r["panel_name"]: r for r in funnel.funnel(frame, "panel_name").to_dicts()}
    assert result["B"]["decision_rate"] == 0.0 and not result["B"]["outside_limits"]
    assert result["C"]["outside_limits"]


def test_re_requests_are_the_same_child_asked_about_within_12_months() -> None:
    frame = pl.DataFrame(
        {
            "id": ["1", "2", "3", "4"],
            "person_id": ["P", "P", "Q", "Q"],
            "received_on": [date(2025, 1, 6), date(2025, 9, 1), date(2024, 1, 2), date(2025, 3, 3)],
        }
    )
    marked = analytics.mark_re_requests(frame).sort("id")
    assert marked.get_column("re_request").to_list() == [False, True, False, False]
