"""The front door against a real database: routing into the EHC clock, panel rules, bulk intake
and tenancy."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.core.errors import InputRejected, NotFound
from sendsight.ehc.models import EhcRequest
from sendsight.frontdoor import bulk, panels, queries, reports, service, triage
from sendsight.frontdoor.errors import Refused
from sendsight.frontdoor.models import FdRequest
from tests.frontdoor_viewers import LA, TODAY, Viewer, triage_viewer
from tests.partnerships import new_partnership_id


@pytest.fixture
def viewer(db_session: Session) -> Viewer:
    return triage_viewer(db_session, "Front door test")


def _submit(session: Session, viewer: Viewer, **changes: str) -> FdRequest:
    form = {
        "person_id": "REF-9",
        "date_of_birth": "2016-02-02",
        "setting_urn": "990501",
        "source": "school",
        "need_area": "cognition_learning",
        "needs_text": "Reading",
        "asked_for": "ehc_assessment",
        "consent": "yes",
        **changes,
    }
    return service.submit(session, viewer, form, date(2026, 11, 2))


def _ehc(session: Session, request_id: str) -> EhcRequest:
    return session.scalars(select(EhcRequest).where(EhcRequest.request_id == request_id)).one()


def test_a_statutory_route_starts_the_ehc_clock_on_the_day_the_request_arrived(
    db_session: Session, viewer: Viewer
) -> None:
    made = _submit(db_session, viewer)
    triage.route(
        db_session,
        request=made,
        route_to="statutory_assessment",
        on=date(2026, 11, 9),
        by_email=viewer.email,
    )
    ehc = _ehc(db_session, made.reference)
    assert (ehc.received_on, ehc.la_code, ehc.setting_urn) == (date(2026, 11, 2), LA, "990501")
    assert made.working_days_to_route == 5 and made.status == "routed"


def test_an_assessment_triage_chose_starts_the_clock_on_the_routing_day(
    db_session: Session, viewer: Viewer
) -> None:
    made = _submit(db_session, viewer, asked_for="outreach")
    triage.route(
        db_session,
        request=made,
        route_to="statutory_assessment",
        on=date(2026, 11, 9),
        by_email=viewer.email,
    )
    assert _ehc(db_session, made.reference).received_on == date(2026, 11, 9)


def test_a_route_cannot_be_decided_twice(db_session: Session, viewer: Viewer) -> None:
    made = _submit(db_session, viewer)
    triage.route(db_session, request=made, route_to="outreach", on=TODAY, by_email="t")
    with pytest.raises(Refused):
        triage.route(db_session, request=made, route_to="panel", on=TODAY, by_email="t")


def _panel_with_meeting(session: Session, viewer: Viewer) -> tuple[object, object, list[str]]:
    panel = queries.create_panel(
        session=session,
        partnership_id=viewer.partnership_id,
        la_code=LA,
        name="Assessment panel",
        panel_type="assess",
        quorum=2,
        required_agencies=["health"],
    )
    ids = [
        queries.add_member(
            session=session,
            panel=panel,
            email=f"m{i}@example.test",
            name=f"Member {i}",
            agency=agency,
        ).id
        for i, agency in enumerate(("education", "health", "social_care"))
    ]
    meeting = panels.schedule(session, panel=panel, meets_on=date(2026, 11, 24))
    return panel, meeting, ids


def test_panel_decisions_follow_quorum_agenda_and_once_per_question(
    db_session: Session, viewer: Viewer
) -> None:
    made = _submit(db_session, viewer)
    triage.route(db_session, request=made, route_to="panel", on=date(2026, 11, 4), by_email="t")
    panel, meeting, ids = _panel_with_meeting(db_session, viewer)
    criteria = {"may_have_send": True, "may_need_plan": True, "graduated_approach": True}
    decide = {
        "meeting": meeting,
        "request": made,
        "criteria": criteria,
        "chair_words": "Agreed.",
        "dissent": None,
        "by_email": "chair@example.test",
    }
    with pytest.raises(Refused, match="not on the agenda"):
        panels.decide(db_session, **decide)  # type: ignore[arg-type]
    assert [r.id for r in panels.ready_for(db_session, panel=panel, la_codes=[LA])] == [made.id]  # type: ignore[arg-type]
    service.add_to_agenda(db_session, viewer, meeting.id, made.id)  # type: ignore[attr-defined]
    panels.set_present(db_session, meeting=meeting, member_ids=[ids[0], ids[2]])  # type: ignore[arg-type]
    with pytest.raises(Refused, match="no one present from health"):
        panels.decide(db_session, **decide)  # type: ignore[arg-type]
    panels.set_present(db_session, meeting=meeting, member_ids=ids)  # type: ignore[arg-type]
    decision = panels.decide(db_session, **decide)  # type: ignore[arg-type]
    assert decision.agreed and "The chair added: Agreed." in decision.reasons
    ehc = _ehc(db_session, made.reference)
    assert (ehc.decision, ehc.decision_on, ehc.received_on) == (
        "assess",
        date(2026, 11, 24),
        date(2026, 11, 2),
    )
    with pytest.raises(Refused, match="already been recorded"):
        panels.decide(db_session, **decide)  # type: ignore[arg-type]


def test_another_partnerships_request_is_not_found(db_session: Session, viewer: Viewer) -> None:
    made = _submit(db_session, viewer)
    other = Viewer(new_partnership_id(db_session, "Someone else", ["878"]), la_codes=("878",))
    with pytest.raises(NotFound):
        service.view_request(db_session, other, made.id)


CSV_HEADER = "person_id,date_of_birth,setting_urn,source,need_area,needs_text,asked_for,consent\n"


def test_a_csv_with_errors_stores_nothing_and_names_line_and_column(
    db_session: Session, viewer: Viewer
) -> None:
    text = CSV_HEADER + (
        "A1,2016-01-01,990501,school,semh,Needs,outreach,yes\n"
        "A2,2030-01-01,990501,school,semh,Needs,outreach,no\n"
    )
    rows = bulk.read_rows(text.encode(), "requests.csv")
    with pytest.raises(InputRejected) as rejected:
        bulk.import_rows(
            db_session,
            rows=rows,
            filename="requests.csv",
            partnership_id=viewer.partnership_id,
            la_code=LA,
            by_email="t",
            today=TODAY,
        )
    found = {(p.line, p.column) for p in rejected.value.problems}
    assert found == {(3, "date_of_birth"), (3, "consent")}
    assert (
        queries.list_requests(
            session=db_session, partnership_id=viewer.partnership_id, la_codes=[LA]
        )
        == []
    )


def test_importing_the_same_csv_twice_adds_nothing_the_second_time(
    db_session: Session, viewer: Viewer
) -> None:
    text = CSV_HEADER + "A1,2016-01-01,990501,school,semh,Needs,outreach,yes\n"
    rows = bulk.read_rows(text.encode(), "requests.csv")
    args = {
        "rows": rows,
        "filename": "requests.csv",
        "partnership_id": viewer.partnership_id,
        "la_code": LA,
        "by_email": "t",
        "today": TODAY,
    }
    assert bulk.import_rows(db_session, **args).added == 1  # type: ignore[arg-type]
    assert bulk.import_rows(db_session, **args) == bulk.BulkResult(0, 1)  # type: ignore[arg-type]


def test_a_csv_with_an_unknown_column_is_refused_on_the_header_line() -> None:
    with pytest.raises(InputRejected) as rejected:
        bulk.read_rows(b"person_id,name\nA,B\n", "requests.csv")
    assert {(p.line, p.column) for p in rejected.value.problems} >= {(1, "name"), (1, "consent")}


def test_a_years_figures_are_worked_out_again_when_a_request_arrives_or_is_routed(
    db_session: Session, viewer: Viewer
) -> None:
    def figures() -> dict[str, object]:
        return reports.year_stats(
            db_session, la_code=LA, year=2026, partnership_id=viewer.partnership_id
        )

    made = _submit(db_session, viewer)
    first = figures()
    assert first["requests"]["total"] == 1  # type: ignore[index]
    assert figures() is first  # kept while nothing changes
    triage.route(db_session, request=made, route_to="outreach", on=date(2026, 11, 4), by_email="t")
    routed = figures()
    assert routed["requests"]["outreach"] == 1  # type: ignore[index]
    _submit(db_session, viewer, person_id="REF-10")
    assert figures()["requests"]["total"] == 2  # type: ignore[index]


def test_the_triage_queue_lists_the_longest_waiting_first(
    db_session: Session, viewer: Viewer
) -> None:
    late = _submit(db_session, viewer, person_id="LATE")
    early = service.submit(
        db_session,
        viewer,
        {
            "person_id": "EARLY",
            "date_of_birth": "2016-02-02",
            "setting_urn": "990501",
            "source": "school",
            "need_area": "semh",
            "needs_text": "x",
            "asked_for": "advice",
            "consent": "yes",
        },
        date(2026, 10, 1),
    )
    waiting = queries.waiting_requests(
        session=db_session, partnership_id=viewer.partnership_id, la_codes=[LA], limit=1
    )
    assert [w.id for w in waiting] == [early.id]
    rows = triage.queue(
        queries.waiting_requests(
            session=db_session, partnership_id=viewer.partnership_id, la_codes=[LA]
        ),
        queries.get_targets(session=db_session, partnership_id=viewer.partnership_id),
        TODAY,
        soon_only=True,
    )
    assert [r.request.id for r in rows] == [early.id, late.id] and rows[0].overdue
