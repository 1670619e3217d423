"""The shipped reference data: 153 current LAs, the reorganisations, ten neighbours each."""

from __future__ import annotations

from collections import Counter

from sendsight.reference.codes import NEED_BY_CODE, PLACEMENT_CATEGORIES, PLACEMENT_GROUPS, REGIONS
from sendsight.reference.loader import read_shipped


def test_shipped_list_has_153_current_local_authorities_with_unique_codes() -> None:
    las = read_shipped("local_authorities.csv")
    current = [la for la in las if la["is_current"] == "true"]
    assert len(current) == 153
    assert len({la["dfe_code"] for la in las}) == len(las)
    assert {la["region_code"] for la in current} == set(REGIONS)


def test_abolished_authorities_end_the_day_before_their_successors_begin() -> None:
    las = {la["dfe_code"]: la for la in read_shipped("local_authorities.csv")}
    for link in read_shipped("la_successions.csv"):
        assert las[link["predecessor"]]["is_current"] == "false"
        assert las[link["successor"]]["valid_from"] == link["effective_on"]
        assert las[link["predecessor"]]["valid_to"] < link["effective_on"]


def test_reorganisations_of_dorset_northamptonshire_and_cumbria_are_recorded() -> None:
    links = {(r["predecessor"], r["successor"]) for r in read_shipped("la_successions.csv")}
    assert {
        ("835", "838"),
        ("836", "839"),
        ("837", "839"),
        ("928", "940"),
        ("928", "941"),
        ("909", "942"),
        ("909", "943"),
    } <= links


def test_every_current_authority_has_ten_ranked_neighbours_that_exist() -> None:
    las = {la["dfe_code"]: la for la in read_shipped("local_authorities.csv")}
    rows = read_shipped("statistical_neighbours.csv")
    ranks: dict[str, list[int]] = {}
    for row in rows:
        ranks.setdefault(row["dfe_code"], []).append(int(row["rank"]))
        assert row["neighbour_code"] in las and row["neighbour_code"] != row["dfe_code"]
    current = [code for code, la in las.items() if la["is_current"] == "true"]
    assert all(sorted(ranks[code]) == list(range(1, 11)) for code in current)


def test_each_current_authority_has_one_open_ended_ons_code_at_least() -> None:
    open_codes = Counter(
        r["dfe_code"] for r in read_shipped("la_ons_codes.csv") if not r["valid_to"]
    )
    current = [
        la["dfe_code"] for la in read_shipped("local_authorities.csv") if la["is_current"] == "true"
    ]
    assert all(open_codes[code] >= 1 for code in current)


def test_code_lists_cover_the_published_need_types_and_placement_groups() -> None:
    assert {"ASD", "SEMH", "SLCN", "DS", "NSA"} <= set(NEED_BY_CODE)
    assert NEED_BY_CODE["DS"].stats_column is None
    assert {c.group for c in PLACEMENT_CATEGORIES} == set(PLACEMENT_GROUPS)
