"""School-level files by URN: refused with line and column, all or nothing, idempotent, with
vintages overlaying the shipped figures; trends join predecessors (GIAS links)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.core.errors import InputRejected, NotFound
from sendsight.schools import profiles, queries
from sendsight.schools.imports import import_file
from sendsight.schools.models import SchoolFigure, SchoolImport
from tests.partnerships import new_partnership_id

# Two real Rochdale primaries in the shipped January 2019 figures.
A, B = "105764", "105765"
CENSUS = "URN,NOR,TSENELSE,TSENELK,NUMEAL,NUMFSM\n"


def _figures(session: Session) -> int:
    return session.scalar(select(func.count(SchoolFigure.id))) or 0


@pytest.fixture
def pid(db_session: Session) -> str:
    return new_partnership_id(db_session, la_codes=["354"])


def _problems(session: Session, text: str, pid: str, kind: str = "census") -> list[str]:
    with pytest.raises(InputRejected) as caught:
        import_file(session, text, file_name="s.csv", kind=kind, partnership_id=pid, year=2024)
    assert _figures(session) == 0
    return [str(p) for p in caught.value.problems]


def test_bad_rows_are_refused_with_line_and_column_and_nothing_is_stored(
    db_session: Session, pid: str
) -> None:
    text = (
        CENSUS
        + f"{A},200,5,30,10,20\n"
        + "999999,100,1,1,1,1\n"
        + f"{A},200,5,30,10,20\n"
        + f"{B},100,120,10,1,1\n"
    )
    problems = _problems(db_session, text, pid)
    assert any("line 3, column 'URN': Unknown URN" in p for p in problems)
    assert any("line 4, column 'URN': URN 105764 is already on line 2" in p for p in problems)
    assert any(
        "line 5, column 'TSENELSE': This count is more than the 100 pupils" in p for p in problems
    )


def test_percentages_above_100_and_text_for_numbers_are_refused(
    db_session: Session, pid: str
) -> None:
    text = f"URN,PERCTOT,PPERSABS10\n{A},101.5,3\n{B},four,2\n"
    problems = _problems(db_session, text, pid, kind="absence")
    assert any("line 2, column 'PERCTOT': A percentage must be 100 or less" in p for p in problems)
    assert any("line 3, column 'PERCTOT': Enter a number" in p for p in problems)


def test_a_file_missing_a_column_names_it(db_session: Session, pid: str) -> None:
    problems = _problems(db_session, "URN,NOR\n105764,10\n", pid)
    assert problems == ["s.csv, line 1: The header line needs the column(s) TSENELSE, TSENELK"]


def test_the_same_file_twice_changes_nothing_and_a_newer_one_is_a_new_vintage(
    db_session: Session, pid: str
) -> None:
    text = CENSUS + f"{A},300,30,60,10,20\n"
    first = import_file(
        db_session, text, file_name="c.csv", kind="census", partnership_id=pid, year=2019
    )
    again = import_file(
        db_session, text, file_name="c.csv", kind="census", partnership_id=pid, year=2019
    )
    assert not first.already and again.already
    assert db_session.scalar(select(func.count(SchoolImport.id))) == 1
    found = profiles.profile(db_session, A, partnership_id=pid)
    ehc = next(m for m in found.measures if m.measure == "ehc_plan_pct")
    assert ehc.value == pytest.approx(10.0) and found.pupils == 300  # overlays the shipped 2.6%
    newer = CENSUS + f"{A},300,15,60,10,20\n"
    import_file(db_session, newer, file_name="c2.csv", kind="census", partnership_id=pid, year=2019)
    found = profiles.profile(db_session, A, partnership_id=pid)
    ehc = next(m for m in found.measures if m.measure == "ehc_plan_pct")
    assert ehc.value == pytest.approx(5.0)  # the newest vintage wins; the older is kept
    assert db_session.scalar(select(func.count(SchoolImport.id))) == 2


def test_imports_belong_to_one_partnership(db_session: Session, pid: str) -> None:
    other = new_partnership_id(db_session, "Other", la_codes=["355"])
    import_file(
        db_session,
        CENSUS + f"{A},300,30,60,10,20\n",
        file_name="c.csv",
        kind="census",
        partnership_id=pid,
        year=2019,
    )
    mine = profiles.profile(db_session, A, partnership_id=pid)
    theirs = profiles.profile(db_session, A, partnership_id=other)
    assert mine.pupils == 300 and theirs.pupils == 228  # theirs: the shipped figure


def test_a_gias_file_adds_a_new_school_and_its_predecessor_joins_the_trend(
    db_session: Session, pid: str
) -> None:
    gias = (
        "URN,EstablishmentName,LA (code),PhaseOfEducation (name),PredecessorURN\n"
        f"150001,Hilltop Academy,354,Primary,{A}\n"
    )
    import_file(db_session, gias, file_name="gias.csv", kind="gias", partnership_id=pid)
    census = (
        "URN,LA,SCHOOLTYPE,NOR,TSENELSE,TSENELK,NUMEAL,NUMFSM\n"
        f"150001,354,State-funded primary,240,6,40,100,50\n{B},354,State-funded primary,"
        "280,7,40,70,60\n"
    )
    import_file(
        db_session, census, file_name="c24.csv", kind="census", partnership_id=pid, year=2024
    )
    found = profiles.profile(db_session, "150001", partnership_id=pid)
    assert found.name == "Hilltop Academy" and found.year == 2024
    trend = profiles.trend(db_session, "150001", partnership_id=pid)
    assert [(year, urn) for year, urn, _ in trend] == [(2019, A), (2024, "150001")]


def test_an_unknown_school_is_not_found(db_session: Session, pid: str) -> None:
    with pytest.raises(NotFound):
        profiles.profile(db_session, "999999", partnership_id=pid)


def test_every_shipped_school_has_a_profile_and_the_funnel_lists_an_la_by_urn(
    db_session: Session, pid: str
) -> None:
    frame = profiles.funnel_frame(
        db_session, partnership_id=pid, la_code="354", measure="ehc_plan_pct"
    )
    assert frame.height >= 90 and frame["urn"].to_list() == sorted(frame["urn"].to_list())
    assert (frame["lower_998"] <= frame["lower_95"]).all()
    assert (frame["upper_95"] <= frame["upper_998"]).all()
    summary = profiles.la_summary(db_session, partnership_id=pid, la_code="354")
    assert summary["support_per_plan"] is not None and summary["support_per_plan"] > 1


def test_notes_and_the_public_view_option(db_session: Session, pid: str) -> None:
    assert queries.public_view(session=db_session, partnership_id=pid) is False
    queries.set_public_view(session=db_session, on=True, partnership_id=pid)
    assert queries.public_view(session=db_session, partnership_id=pid) is True
    queries.add_note(
        session=db_session,
        urn=A,
        body="A base opened",
        partnership_id=pid,
        author_role="school",
        author_organisation="School",
    )
    assert [n.body for n in queries.list_notes(session=db_session, urn=A, partnership_id=pid)] == [
        "A base opened"
    ]
