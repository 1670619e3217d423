"""Local measures (ADR 1303) on small hand-computed cases: requests counted from cases in the
12 months to the day, expected from similar schools in the LA, funnel limits."""

from __future__ import annotations

import math
from datetime import date

import polars as pl
import pytest

from sendsight.schools import local

UNTIL = date(2026, 11, 30)


def _ehc(rows: list[tuple[str | None, date, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"setting_urn": pl.String, "received_on": pl.Date, "decision": pl.String},
        orient="row",
    )


def _fd(rows: list[tuple[str | None, date, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"setting_urn": pl.String, "received_on": pl.Date, "route": pl.String},
        orient="row",
    )


def test_requests_count_only_the_12_months_to_the_day_and_name_their_outcomes() -> None:
    ehc = _ehc(
        [
            ("990001", date(2026, 11, 30), "assess"),  # the last day counts
            ("990001", date(2025, 12, 1), "not_assess"),  # the first day of the 12 months
            ("990001", date(2025, 11, 30), "assess"),  # a year and a day ago: out
            ("990001", date(2026, 6, 1), None),  # not decided yet
            ("990002", date(2026, 3, 1), "withdrawn"),  # withdrawn: not decided
            (None, date(2026, 3, 1), "assess"),  # no school named
        ]
    )
    fd = _fd(
        [
            ("990001", date(2026, 1, 5), "outreach"),
            ("990001", date(2026, 2, 5), "panel"),
            ("990003", date(2026, 2, 5), None),
        ]
    )
    counts = local.request_counts(ehc, fd, until=UNTIL)
    assert counts.to_dicts() == [
        {
            "urn": "990001",
            "ehc_requests": 3,
            "ehc_decided": 2,
            "ehc_assessed": 1,
            "fd_requests": 2,
            "fd_routed": 2,
            "fd_support": 1,
        },
        {
            "urn": "990002",
            "ehc_requests": 1,
            "ehc_decided": 0,
            "ehc_assessed": 0,
            "fd_requests": 0,
            "fd_routed": 0,
            "fd_support": 0,
        },
        {
            "urn": "990003",
            "ehc_requests": 0,
            "ehc_decided": 0,
            "ehc_assessed": 0,
            "fd_requests": 1,
            "fd_routed": 0,
            "fd_support": 0,
        },
    ]


def test_without_a_front_door_its_counts_are_missing_not_zero() -> None:
    counts = local.request_counts(_ehc([("990001", date(2026, 5, 1), "assess")]), None, until=UNTIL)
    assert counts.row(0, named=True)["fd_requests"] is None
    schools = pl.DataFrame({"urn": ["990001", "990002"]})
    joined = local.with_counts(schools, counts, frontdoor=False)
    assert joined["ehc_requests"].to_list() == [1, 0]
    assert joined["fd_requests"].to_list() == [None, None]


def _schools() -> pl.DataFrame:
    # Three primaries in one LA with equal FSM and EAL shares, and one in another LA.
    return pl.DataFrame(
        {
            "urn": ["990101", "990102", "990103", "990104"],
            "la_code": ["354", "354", "354", "355"],
            "school_type": ["State-funded primary"] * 4,
            "pupils": [100, 200, 300, 150],
            "fsm": [10, 20, 30, 15],
            "eal": [20, 40, 60, 30],
            "ehc_requests": [2, 6, 3, 50],
            "ehc_decided": [2, 4, 2, 40],
            "ehc_assessed": [1, 4, 1, 40],
            "fd_requests": [5, 0, 9, 1],
            "fd_routed": [5, 0, 8, 1],
            "fd_support": [4, 0, 4, 1],
        }
    )


def _line(frame: pl.DataFrame, urn: str, measure: str) -> dict[str, object]:
    rows = frame.filter((pl.col("urn") == urn) & (pl.col("measure") == measure))
    return rows.row(0, named=True)


def test_expected_requests_are_the_pooled_rate_of_similar_schools_in_the_la_only() -> None:
    funnel, _ = local.local_funnel(_schools(), peers=2)
    # 990101's peers are the other two in LA 354: (6 + 3) / (200 + 300) = 1.8 per 100 pupils;
    # the school in LA 355 (50 requests) is never a peer.
    assert _line(funnel, "990101", "ehc_requests_per_100")["expected"] == pytest.approx(1.8)
    assert _line(funnel, "990102", "ehc_requests_per_100")["expected"] == pytest.approx(1.25)
    assert _line(funnel, "990103", "ehc_requests_per_100")["expected"] == pytest.approx(8 / 3)
    assert _line(funnel, "990101", "ehc_requests_per_100")["value"] == pytest.approx(2.0)
    # Of requests decided: 990101's peers agreed (4 + 1) of (4 + 2).
    assessed = _line(funnel, "990101", "ehc_requests_assessed_pct")
    assert assessed["expected"] == pytest.approx(500 / 6)
    assert assessed["pupils"] == 2 and assessed["count"] == 1


def test_a_school_with_no_decided_requests_has_no_outcome_line() -> None:
    funnel, _ = local.local_funnel(_schools(), peers=2)
    lines = funnel.filter(pl.col("urn") == "990102")
    assert "frontdoor_support_pct" not in lines["measure"].to_list()
    # but its front-door rate is 0 per 100 pupils, against its peers' (5 + 9) / 400
    line = _line(funnel, "990102", "frontdoor_requests_per_100")
    assert line["value"] == 0.0
    assert line["expected"] == pytest.approx(3.5)


def test_limits_are_binomial_around_the_expected_rate_when_not_over_dispersed() -> None:
    funnel, _ = local.local_funnel(_schools(), peers=2)
    line = _line(funnel, "990101", "ehc_requests_per_100")
    e, n = 1.8, 100
    se = math.sqrt(e * (100 - e) / n)
    phi = line["phi"]
    assert isinstance(phi, float) and phi >= 1.0
    assert line["upper_95"] == pytest.approx(e + 1.959964 * math.sqrt(phi) * se)
    assert line["lower_998"] == pytest.approx(max(0.0, e - 3.090232 * math.sqrt(phi) * se))
