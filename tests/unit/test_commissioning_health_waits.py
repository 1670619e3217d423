"""Children's community health waits by ICB: names, comparisons with England and the other
ICBs, and the shipped NHS England figures."""

from __future__ import annotations

import polars as pl
import pytest

from sendsight.commissioning import health_waits
from sendsight.core.errors import NotFound

COLUMNS = (
    "month",
    "level",
    "area",
    "service",
    "waiting",
    "waiting_18_to_52_weeks",
    "waiting_over_52_weeks",
    "pct_over_18_weeks",
)


def _frame(*rows: tuple[object, ...]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=list(COLUMNS), orient="row")


def test_an_icb_is_found_whatever_the_nhs_and_icb_words_and_case() -> None:
    assert health_waits.find_icb("NHS Greater Manchester ICB") == "Greater Manchester"
    assert health_waits.find_icb("greater manchester integrated care board") == (
        "Greater Manchester"
    )
    with pytest.raises(NotFound):
        health_waits.find_icb("Rochdale")


def test_the_icb_is_ranked_against_the_other_icbs_and_shown_beside_england() -> None:
    frame = _frame(
        ("2023-10", "England", "England", "audiology", 100, 20, 10, 30.0),
        ("2023-10", "ICB", "A", "audiology", 10, 1, 0, 10.0),
        ("2023-10", "ICB", "B", "audiology", 10, 5, 0, 50.0),
        ("2023-10", "ICB", "C", "audiology", 10, 2, 1, 30.0),
    )
    (wait,) = health_waits.compare(frame, "C")
    assert (wait.rank, wait.ranked, wait.england_pct, wait.icb_median_pct) == (2, 3, 30.0, 30.0)
    assert (wait.waiting, wait.over_18_weeks, wait.over_52_weeks) == (10, 3, 1)


def test_an_icb_without_a_return_in_the_last_month_shows_its_latest_one() -> None:
    frame = _frame(
        ("2023-09", "ICB", "A", "audiology", 8, 4, 0, 50.0),
        ("2023-10", "ICB", "A", "audiology", None, None, None, None),
        ("2023-10", "ICB", "B", "audiology", 10, 5, 0, 50.0),
    )
    (wait,) = health_waits.compare(frame, "A")
    assert (wait.month, wait.waiting, wait.england_pct) == ("2023-09", 8, None)
    assert health_waits.compare(frame, "Nowhere") == []


def test_the_shipped_file_holds_the_published_england_figures_for_october_2023() -> None:
    # NHS England, Community Health Services Waiting Lists, October 2023 (CYP): community
    # paediatrics 83,253 waiting, 60.2% over 18 weeks, 14,033 over 52 weeks.
    found = (
        health_waits.all_waits()
        .filter(
            (pl.col("month") == "2023-10")
            & (pl.col("level") == "England")
            & (pl.col("service") == "community_paediatrics")
        )
        .row(0, named=True)
    )
    assert (found["waiting"], found["pct_over_18_weeks"], found["waiting_over_52_weeks"]) == (
        83_253,
        60.2,
        14_033,
    )
    assert len(health_waits.icb_names()) == 42


def test_every_icb_and_england_are_in_the_latest_benchmark_with_ranks_for_icbs_only() -> None:
    found = health_waits.latest_benchmark()
    assert found.height == 43 * 4
    england = found.filter(pl.col("level") == "England")
    assert england.height == 4 and england.get_column("rank_among_icbs").null_count() == 4
    ranks = found.filter((pl.col("level") == "ICB") & pl.col("pct_over_18_weeks").is_not_null())
    assert ranks.get_column("rank_among_icbs").min() == 1


def test_the_evidence_line_names_the_icb_the_month_and_england() -> None:
    (wait, *_) = health_waits.for_icb("Greater Manchester")
    line = health_waits.evidence(wait, "Greater Manchester")
    assert line.startswith("NHS Greater Manchester ICB, community paediatrics: ")
    assert "October 2023" in line and "(England 60.2%)" in line
