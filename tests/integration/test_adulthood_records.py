"""Preparing-for-adulthood records: the CSV import refuses bad rows by line and column and
writes nothing, imports are idempotent, the form records a review, pages are for the right
roles with every view of a record audited, and the scorecard reads the figures."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.access.models import AuditEvent
from sendsight.adulthood import imports, queries
from sendsight.adulthood.models import PfaActivity, PfaReview, PfaYoungPerson
from sendsight.adulthood.rules import add_years
from sendsight.core.errors import InputRejected
from sendsight.demo.access import demo_partnership
from sendsight.outcomes import queries as outcomes
from tests.conftest import DEMO_TODAY, sign_in

LA = "354"
HEADER = "person_id,activity_code,start_on,end_on,provider\n"


def _partnership(session: Session) -> str:
    return str(demo_partnership(session, la_code=LA).id)


def _case(session: Session, *, older_than: int) -> tuple[str, date]:
    """A demo case person with a plan, at least ``older_than`` years old."""
    for person, born, _ in queries.case_plans(session=session, la_code=LA):
        if add_years(born, older_than) < DEMO_TODAY:
            return person, born
    raise AssertionError("no such case")


def _count(session: Session, model: type[Any]) -> int:
    return int(session.scalar(select(func.count(model.id))) or 0)


def _import(session: Session, text: str, kind: str = "activities") -> imports.ImportResult:
    return imports.import_csv(
        session,
        text,
        kind=kind,
        filename="a.csv",
        partnership_id=_partnership(session),
        la_code=LA,
        today=DEMO_TODAY,
    )


def test_bad_activities_are_refused_by_line_and_column_and_nothing_is_written(
    seeded_session: Session,
) -> None:
    person, born = _case(seeded_session, older_than=18)
    sixteen = add_years(born, 16)
    text = (
        HEADER
        + "\n".join(
            [
                f"{person},999,{sixteen + timedelta(days=400)},,",  # 2: unknown code
                f"{person},230,{sixteen - timedelta(days=1)},,",  # 3: before 16th birthday
                f"NOBODY,230,{sixteen + timedelta(days=10)},,",  # 4: no EHC case
                f"{person},230,{sixteen + timedelta(days=20)},{sixteen + timedelta(days=90)},",
                f"{person},230,{sixteen + timedelta(days=20)},,",  # 6: repeats line 5
            ]
        )
        + "\n"
    )
    before = _count(seeded_session, PfaActivity)
    with pytest.raises(InputRejected) as refused:
        _import(seeded_session, text)
    found = {(p.line, p.column) for p in refused.value.problems}
    assert {(2, "activity_code"), (3, "start_on"), (4, "person_id")} <= found
    assert _count(seeded_session, PfaActivity) == before


def test_duplicated_and_overlapping_activity_periods_are_refused(seeded_session: Session) -> None:
    person, born = _case(seeded_session, older_than=18)
    start = add_years(born, 16) + timedelta(days=30)
    text = HEADER + (
        f"{person},230,{start},{start + timedelta(days=200)},\n"
        f"{person},230,{start},,\n"
        f"{person},230,{start + timedelta(days=100)},,\n"
    )
    with pytest.raises(InputRejected) as refused:
        _import(seeded_session, text)
    found = {(p.line, p.column) for p in refused.value.problems}
    assert (3, "start_on") in found and (4, "start_on") in found


def test_an_activity_overlapping_one_already_stored_is_refused_by_line_and_field(
    seeded_session: Session,
) -> None:
    person, born = _case(seeded_session, older_than=19)
    start = add_years(born, 16) + timedelta(days=40)
    # 340 (employment with other training) is a code the demo never records.
    _import(seeded_session, HEADER + f"{person},340,{start},{start + timedelta(days=200)},\n")
    before = _count(seeded_session, PfaActivity)
    later = start + timedelta(days=100)
    with pytest.raises(InputRejected) as refused:
        _import(
            seeded_session,
            HEADER + f"{person},350,{later},,\n{person},340,{later + timedelta(days=1)},,\n",
        )
    problems = [(p.line, p.column) for p in refused.value.problems]
    assert problems == [(3, "start_on")]
    assert "already recorded" in refused.value.problems[0].message
    assert _count(seeded_session, PfaActivity) == before


def test_the_same_stored_activity_imported_again_with_a_new_end_is_replaced_not_refused(
    seeded_session: Session,
) -> None:
    person, born = _case(seeded_session, older_than=19)
    start = add_years(born, 16) + timedelta(days=40)
    _import(seeded_session, HEADER + f"{person},340,{start},,\n")
    result = _import(
        seeded_session, HEADER + f"{person},340,{start},{start + timedelta(days=90)},\n"
    )
    assert (result.added, result.replaced) == (0, 1)


def test_a_review_for_a_person_with_no_ehc_case_is_refused(seeded_session: Session) -> None:
    row = ",".join(
        [
            "NOBODY",
            "2026-01-10",
            "I want a job",
            "paid_work",
            "employment",
            "By 19",
            *["Goal", "some"] * 4,
        ]
    )
    text = ",".join(imports.COLUMNS["reviews"]) + "\n" + row + "\n"
    with pytest.raises(InputRejected) as refused:
        _import(seeded_session, text, "reviews")
    assert [(p.line, p.column) for p in refused.value.problems] == [(2, "person_id")]


def test_importing_the_same_reviews_twice_changes_nothing(seeded_session: Session) -> None:
    person, _ = _case(seeded_session, older_than=15)
    row = ",".join(
        [
            person,
            "2026-11-20",
            "I want to live in my own flat",
            "own_home",
            "independence",
            "By 21 I will live with support",
            *["Goal", "good"] * 4,
        ]
    )
    text = ",".join(imports.COLUMNS["reviews"]) + "\n" + row + "\n"
    first = _import(seeded_session, text, "reviews")
    count = _count(seeded_session, PfaReview)
    second = _import(seeded_session, text, "reviews")
    assert first.added + first.replaced == 1
    assert second.unchanged == 1 and second.added == 0
    assert _count(seeded_session, PfaReview) == count


def test_caseworker_records_a_review_by_form_and_mistakes_name_the_field(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "caseworker")
    person = seeded_session.scalars(
        select(PfaYoungPerson).where(PfaYoungPerson.la_code == LA).order_by(PfaYoungPerson.id)
    ).first()
    assert person is not None
    path = f"/adulthood/young-people/{person.id}/reviews/new"
    page = client.get(path).get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    form = {
        "csrf_token": token,
        "review_on": "2026-13-40",
        "aspirations": "I want to drive",
        "aspiration_theme": "travel",
        "pathway": "independence",
        "destinations_statement": "By 19 I will travel alone",
        **{f"{a}_goal": "Goal" for a in imports.AREA_COLUMNS},
        **{f"{a}_progress": "some" for a in imports.AREA_COLUMNS},
    }
    refused = client.post(path, data=form)
    assert refused.status_code == 200 and 'href="#review_on"' in refused.get_data(as_text=True)
    saved = client.post(path, data={**form, "review_on": "2026-11-30"})
    assert saved.status_code == 302
    actions = seeded_session.scalars(select(AuditEvent.action)).all()
    assert "adulthood.review.add" in actions


def test_case_roles_see_records_and_every_view_is_audited(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "caseworker")
    listing = client.get("/adulthood/young-people")
    assert listing.status_code == 200
    person = queries.list_young_people(
        session=seeded_session, partnership_id=_partnership(seeded_session), la_codes=[LA]
    )[0]
    assert client.get(f"/adulthood/young-people/{person.id}").status_code == 200
    actions = seeded_session.scalars(select(AuditEvent.action)).all()
    assert "adulthood.list.view" in actions and "adulthood.record.view" in actions


@pytest.mark.parametrize("role", ["partner", "admin"])
def test_other_roles_see_only_protected_cohort_figures(client: FlaskClient, role: str) -> None:
    sign_in(client, role)
    page = client.get("/adulthood/").get_data(as_text=True)
    assert "Supported internships by host employer" in page and "DEMO-P" not in page
    assert client.get("/adulthood/young-people").status_code == 403


def test_school_cannot_see_the_cohort(client: FlaskClient) -> None:
    sign_in(client, "school")
    assert client.get("/adulthood/").status_code == 403


def test_cohort_csv_has_every_table(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    body = client.get("/adulthood/cohort.csv").get_data(as_text=True)
    assert "Supported internships by job coach" in body and "Plans that ended" in body


def test_ready_for_adult_life_measures_are_computed_from_the_records(
    seeded_session: Session,
) -> None:
    partnership_id = _partnership(seeded_session)
    for key in ("pfa_year9_review", "pfa_sustained_19", "pfa_interns_into_jobs"):
        measure = outcomes.get_measure_by_key_or_none(
            session=seeded_session, key=key, partnership_id=partnership_id
        )
        assert measure is not None and measure.source_kind == "fact"
        values = outcomes.current_values(
            session=seeded_session, measure_ids=[measure.id], partnership_id=partnership_id
        )
        assert values.height >= 2 and values["value"].is_between(0, 100).all()
