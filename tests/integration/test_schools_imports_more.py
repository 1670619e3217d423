"""KS4 destinations and "Special educational needs in England" school-level files: read as DfE
publishes them, refused with line and column, all or nothing, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.core.errors import InputRejected
from sendsight.reference.loader import load_reference_data
from sendsight.schools import profiles
from sendsight.schools.imports import import_file
from sendsight.schools.models import SchoolFigure
from tests.partnerships import new_partnership_id

DATA = Path(__file__).parents[1] / "data" / "schools"


def _figures(session: Session) -> int:
    return session.scalar(select(func.count(SchoolFigure.id))) or 0


@pytest.fixture
def pid(db_session: Session) -> str:
    load_reference_data(db_session)
    return new_partnership_id(db_session, la_codes=["354"])


def _import(session: Session, pid: str, kind: str, text: str, year: int = 2023) -> object:
    return import_file(
        session, text, file_name=f"{kind}.csv", kind=kind, partnership_id=pid, year=year
    )


def test_destinations_keep_schools_only_and_read_dfe_codes(db_session: Session, pid: str) -> None:
    text = (DATA / "ks4_destinations.csv").read_text()
    _import(db_session, pid, "destinations", text, year=2024)
    rows = db_session.execute(
        select(SchoolFigure.urn, SchoolFigure.ks4_cohort, SchoolFigure.ks4_sustained).order_by(
            SchoolFigure.urn
        )
    ).all()
    # the LA and England totals are left out; SUPP is "no figure"
    assert [tuple(r) for r in rows] == [
        ("105834", 180, 150),
        ("105837", 240, None),
        ("105861", 12, 11),
    ]
    _import(db_session, pid, "destinations", text, year=2024)
    assert _figures(db_session) == 3  # the same file twice changes nothing


def test_destinations_above_the_cohort_are_refused_with_line_and_column(
    db_session: Session, pid: str
) -> None:
    text = "RECTYPE,URN,COHORT,OVERALL_DEST\n1,105834,100,120\n1,999999,10,5\n"
    with pytest.raises(InputRejected) as caught:
        _import(db_session, pid, "destinations", text)
    problems = [str(p) for p in caught.value.problems]
    assert any(
        "line 2, column 'OVERALL_DEST': This count is more than the 100 pupils in the KS4 cohort"
        in p
        for p in problems
    )
    assert any("line 3, column 'URN': Unknown URN" in p for p in problems)
    assert _figures(db_session) == 0


def test_destinations_are_a_profile_measure_with_the_cohort_as_its_size(
    db_session: Session, pid: str
) -> None:
    found = profiles.profile(db_session, "105834", partnership_id=pid)
    line = next(m for m in found.measures if m.measure == "ks4_sustained_pct")
    assert line.pupils == 176  # the shipped 2016/17 cohort of Siddal Moor Sports College
    assert line.value == pytest.approx(100 * 146 / 176)
    assert line.lower_95 <= line.expected <= line.upper_95


def test_a_sen_file_without_urns_is_matched_by_la_and_school_name(
    db_session: Session, pid: str
) -> None:
    _import(db_session, pid, "sen", (DATA / "sen_school_wise.csv").read_text())
    rows = db_session.execute(
        select(
            SchoolFigure.urn, SchoolFigure.la_code, SchoolFigure.pupils, SchoolFigure.ehc_plan
        ).order_by(SchoolFigure.urn)
    ).all()
    assert [tuple(r) for r in rows] == [
        ("105834", "354", 900, 30),
        ("105839", "354", 800, 25),
        ("105844", "354", 1100, 40),
    ]
    found = profiles.profile(db_session, "105834", partnership_id=pid)
    assert found.year == 2023 and found.la_code == "354"


def test_sen_names_that_match_no_school_or_two_are_refused(db_session: Session, pid: str) -> None:
    gias = (
        "URN,EstablishmentName,LA (code)\n"
        "105764,St Mary's Primary School,354\n"
        "105765,St Marys Primary School,354\n"
    )
    import_file(db_session, gias, file_name="gias.csv", kind="gias", partnership_id=pid)
    text = (
        "la_name,school_name,Total pupils,SEN support,EHC plan\n"
        "Rochdale,St Mary's Primary School,200,20,5\n"
        "Rochdale,No Such School,200,20,5\n"
        "Atlantis,Matthew Moss High School,200,20,5\n"
    )
    with pytest.raises(InputRejected) as caught:
        _import(db_session, pid, "sen", text)
    problems = [str(p) for p in caught.value.problems]
    assert any("line 2, column 'school_name': 2 schools of this name" in p for p in problems)
    assert any("line 3, column 'school_name': No school of this name" in p for p in problems)
    assert any("line 4, column 'la_name': Unknown local authority name" in p for p in problems)
    assert _figures(db_session) == 0


def test_a_sen_file_with_urns_is_read_like_a_census(db_session: Session, pid: str) -> None:
    text = "URN,Total pupils,SEN support,EHC plan\n105764,200,300,5\n"
    with pytest.raises(InputRejected) as caught:
        _import(db_session, pid, "sen", text)
    assert "column 'SEN support': This count is more than the 200 pupils on roll" in str(
        caught.value.problems[0]
    )
