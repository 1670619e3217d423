"""Loading reference data into the database, and the reference queries."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from sendsight.core.errors import NotFound
from sendsight.reference import queries
from sendsight.reference.loader import load_reference_data


def test_loading_twice_changes_nothing_the_second_time(db_session: Session) -> None:
    first = load_reference_data(db_session)
    second = load_reference_data(db_session)
    assert first.local_authorities > 150 and first.neighbours > 1500
    assert (second.local_authorities, second.ons_codes, second.successions, second.neighbours) == (
        0,
        0,
        0,
        0,
    )
    assert len(queries.list_local_authorities(session=db_session)) == 153


def test_abolished_authorities_are_listed_only_when_asked(db_session: Session) -> None:
    load_reference_data(db_session)
    every = queries.list_local_authorities(session=db_session, current_only=False)
    assert {"835", "836", "837", "909", "928"} <= {la.dfe_code for la in every}
    assert [la.dfe_code for la in every] == sorted(la.dfe_code for la in every)


def test_cumbria_is_succeeded_by_cumberland_and_westmorland_and_furness(
    db_session: Session,
) -> None:
    load_reference_data(db_session)
    links = queries.successors_of("909", session=db_session)
    assert [(link.successor_code, link.effective_on) for link in links] == [
        ("942", date(2023, 4, 1)),
        ("943", date(2023, 4, 1)),
    ]
    assert [
        link.predecessor_code for link in queries.predecessors_of("839", session=db_session)
    ] == ["835", "836", "837"]


def test_statistical_neighbours_are_ten_distinct_authorities_closest_first(
    db_session: Session,
) -> None:
    load_reference_data(db_session)
    neighbours = queries.statistical_neighbours("301", session=db_session)
    assert len({la.dfe_code for la in neighbours}) == 10
    assert neighbours[0].dfe_code == "308"  # DfE May 2025: Enfield is Barking and Dagenham's SN1


def test_authority_is_found_by_dfe_code_or_any_ons_code_it_has_carried(
    db_session: Session,
) -> None:
    load_reference_data(db_session)
    assert queries.get_local_authority("E08000020", session=db_session).name == "Gateshead"
    assert queries.region_of("390", session=db_session) == ("E12000001", "North East")
    assert queries.ons_code_on("929", date(2012, 6, 1), session=db_session) == "E06000048"
    assert queries.ons_code_on("929", date(2024, 6, 1), session=db_session) == "E06000057"
    with pytest.raises(NotFound):
        queries.get_local_authority("999", session=db_session)
