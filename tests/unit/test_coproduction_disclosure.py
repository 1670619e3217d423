"""Counts of people taking part, as readers without case-level access see them."""

from __future__ import annotations

from sendsight.coproduction.pages import group_rows
from sendsight.disclosure import CASE_LEVEL, PROTECTED


def test_a_lone_small_count_in_a_group_takes_another_cell_with_it() -> None:
    counts = {
        ("age_band", "5-10"): 3,
        ("age_band", "11-15"): 9,
        ("age_band", "16-19"): 12,
        ("parents_carers", "all"): 14,
    }
    shown = {(g, c): n for g, c, n in group_rows(counts, viewpoint=PROTECTED)}
    ages = [
        shown[("Children and young people by age", band)] for band in ("11-15", "16-19", "5-10")
    ]
    assert ages.count("c") == 2 and "12" in ages
    assert shown[("Parents and carers", "All")] == "14"


def test_case_level_readers_see_every_count() -> None:
    counts = {("need", "ASD"): 2, ("need", "SEMH"): 8}
    assert [n for *_, n in group_rows(counts, viewpoint=CASE_LEVEL)] == ["2", "8"]
