"""Board packs carry turn-the-curve charts for every outcome and the frozen forecast and place
sufficiency; the board's forms plan meetings and keep the decisions log (audited)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.models import AuditEvent
from sendsight.demo.access import demo_partnership
from sendsight.governance import pack, queries
from sendsight.governance.models import Decision
from tests.conftest import DEMO_TODAY, sign_in


def _pid(session: Session) -> str:
    return demo_partnership(session, la_code="354").id


def _token(page: str) -> str:
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def test_issued_pack_keeps_each_outcomes_headline_curve_and_draws_it_with_a_table(
    client, seeded_session: Session
) -> None:  # type: ignore[no-untyped-def]
    meetings = queries.list_meetings(session=seeded_session, partnership_id=_pid(seeded_session))
    issued = next(m for m in meetings if m.issued_at_utc is not None)
    frozen = issued.pack or {}
    assert frozen["version"] == pack.PACK_VERSION
    heads = [key for group in frozen["scorecard"] for key in group["headline"]]
    assert heads and all(0 < len(g["headline"]) <= pack.HEADLINES for g in frozen["scorecard"])
    rows = {r["key"]: r for g in frozen["scorecard"] for r in g["rows"]}
    curve = rows[heads[0]]
    assert len(curve["targets"]) == len(curve["labels"]) == len(curve["values"])
    assert any(rows[k]["baseline"] for k in heads), "a baseline forecast is frozen"
    sign_in(client, "partner")
    page = client.get(f"/governance/meetings/{issued.id}").get_data(as_text=True)
    assert "Turning the curve" in page
    assert f"{curve['name']}: figures in the chart" in page
    assert f"{curve['name']}: turning the curve" in page  # the chart's title
    assert frozen["forecast"], "the demo's archived packs carry the frozen forecast"
    assert "The forecast was not frozen in this pack" not in page


def test_a_pack_freezes_the_forecast_with_accuracy_and_rounded_figures(
    client, seeded_session: Session
) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "partner")  # first: signing in ends the request's transaction
    meeting = queries.create_meeting(
        session=seeded_session,
        partnership_id=_pid(seeded_session),
        meeting_on=DEMO_TODAY,
        title="Board with forecast",
    )
    built = pack.build_pack(
        seeded_session,
        partnership_id=_pid(seeded_session),
        la_codes=["354"],
        meeting_on=DEMO_TODAY,
        title=meeting.title,
    )
    [la] = built["forecast"]
    assert la["la_code"] == "354" and la["accuracy_mape"] is not None and la["forecast"]
    for row in la["forecast"]:  # as to a reader without case-level access: nearest 10
        assert row["point"]["value"] % 10 == 0
        assert row["lower_95"]["value"] <= row["point"]["value"] <= row["upper_95"]["value"]
    assert la["sufficiency"], "the demo has special school places"
    pack.issue(seeded_session, meeting=meeting, pack=built, issued_by="test")
    seeded_session.commit()  # a savepoint: each request ends by rolling back what it left
    for path in (f"/governance/meetings/{meeting.id}", f"/governance/meetings/{meeting.id}/public"):
        page = client.get(path).get_data(as_text=True)
        assert "Forecast EHC plans in January, with prediction intervals" in page
        assert "Special school places against forecast demand" in page
        assert f"out by {la['accuracy_mape']}% on average" in page
        assert la["forecast"][0]["point"]["text"] in page


def test_board_forms_plan_a_meeting_and_keep_the_decisions_log_audited(
    client, seeded_session: Session
) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "analyst")
    token = _token(client.get("/governance/meetings/new").get_data(as_text=True))
    bad = client.post(
        "/governance/meetings/new", data={"csrf_token": token, "meeting_on": "31/01", "title": ""}
    )
    page = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "There is a problem" in page
    assert "Enter the meeting date as YYYY-MM-DD" in page and "Enter the meeting" in page
    made = client.post(
        "/governance/meetings/new",
        data={"csrf_token": token, "meeting_on": "2027-03-18", "title": "Extra board"},
    )
    assert made.status_code == 302
    twice = client.post(
        "/governance/meetings/new",
        data={"csrf_token": token, "meeting_on": "2027-03-18", "title": "Again"},
    )
    assert twice.status_code == 400
    assert "There is already a board meeting on that date" in twice.get_data(as_text=True)
    decision = {
        "csrf_token": token,
        "decided_on": "2027-03-18",
        "meeting_id": "",
        "summary": "Fund two more educational psychologists",
        "owner": "Education",
        "concerns_kind": "measure",
        "concerns_ref": "plans_20_weeks",
        "status": "agreed",
        "due_on": "2027-01-01",
    }
    early = client.post("/governance/decisions/new", data=decision)
    assert early.status_code == 400
    assert "The due date must be on or after" in early.get_data(as_text=True)
    assert (
        client.post("/governance/decisions/new", data={**decision, "due_on": ""}).status_code == 302
    )
    found = seeded_session.scalars(
        select(Decision).where(Decision.summary == decision["summary"])
    ).one()
    assert found.partnership_id == _pid(seeded_session) and found.concerns_ref == "plans_20_weeks"
    moved = client.post(
        f"/governance/decisions/{found.id}/status",
        data={"csrf_token": token, "status": "completed"},
    )
    assert moved.status_code == 302
    again = queries.get_decision(
        session=seeded_session, decision_id=found.id, partnership_id=_pid(seeded_session)
    )
    assert again.status == "completed"
    audited = seeded_session.scalars(
        select(AuditEvent).where(AuditEvent.object_id == found.id).order_by(AuditEvent.at_utc)
    ).all()
    assert [e.detail["status"] for e in audited if e.detail] == ["agreed", "completed"]
    assert "Fund two more educational psychologists" in client.get(
        "/governance/decisions"
    ).get_data(as_text=True)


def test_board_forms_are_refused_to_readers_who_cannot_edit(client) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "caseworker")
    assert client.get("/governance/decisions/new").status_code == 403
    assert client.get("/governance/meetings/new").status_code == 403


def test_plan_priorities_are_scorecard_actions_tracked_on_the_inspection_page(
    client, seeded_session: Session
) -> None:  # type: ignore[no-untyped-def]
    from sendsight.governance import plan
    from sendsight.outcomes import queries as oq

    demo = plan.list_plan(
        session=seeded_session, partnership_id=_pid(seeded_session), la_code="354"
    )
    assert len(demo) == 3 and {i.status for i in demo} >= {"at_risk", "on_track"}
    sign_in(client, "analyst")
    page = client.get("/governance/inspection?la=354").get_data(as_text=True)
    assert "Priorities and their actions" in page and demo[0].priority in page
    assert f"/scorecard/measures/{demo[0].measure_id}" in page
    form = client.get("/governance/plan/new?la=354").get_data(as_text=True)
    measure = oq.get_measure_by_key_or_none(
        session=seeded_session, key="ehcp_20_weeks", partnership_id=_pid(seeded_session)
    )
    assert measure is not None
    data = {
        "csrf_token": _token(form),
        "plan_kind": "priority_action_plan",
        "number": "4",
        "priority": "Plans are not reviewed on time",
        "title": "Hold every annual review within 12 months",
        "measure_id": measure.id,
        "owner": "EHC assessment team",
        "due_on": "2027-06-30",
    }
    assert (
        client.post("/governance/plan/new?la=354", data={**data, "number": "x"}).status_code == 400
    )
    assert client.post("/governance/plan/new?la=354", data=data).status_code == 302
    added = plan.list_plan(
        session=seeded_session, partnership_id=_pid(seeded_session), la_code="354"
    )
    item = next(i for i in added if i.number == 4)
    action = oq.get_action(
        session=seeded_session, action_id=item.action_id, partnership_id=_pid(seeded_session)
    )
    assert action.measure_id == measure.id and action.status == "not_started"
    assert action in oq.list_actions(session=seeded_session, partnership_id=_pid(seeded_session))
    assert client.get("/governance/plan/new?la=999").status_code == 404


def test_the_outcome_decides_which_plan_is_asked_for() -> None:
    from sendsight.governance import inspections, plan

    found = inspections.all_inspections()
    assert plan.plan_asked_for(found["353"]) == "priority_action_plan"  # Oldham: grade 3
    assert plan.plan_asked_for(found["209"]) == "strategic_plan"  # Lewisham: grade 2
    assert plan.plan_asked_for(found["203"]) is None  # Greenwich: grade 1
    assert plan.plan_asked_for(None) is None


def test_the_deep_dive_lists_each_cases_front_door_history(app) -> None:  # type: ignore[no-untyped-def]
    from flask import render_template

    from sendsight.governance.sampler import Sampled

    history = [
        {"received_on": "2025-03-01", "source": "school", "route": "panel",
         "status": "decided", "decided_on": "2025-04-02"},
        {"received_on": "2025-09-10", "source": "family", "route": None,
         "status": "received", "decided_on": None},
    ]  # fmt: skip
    bundle = {"timeline": [], "advice": [], "reviews": [], "front_door": history}
    strata = {"need": "ASD", "age_band": "5 to 10", "setting": "Mainstream"}
    picked = [Sampled("DEMO-P1", strata, "Need ASD", bundle)]
    with app.test_request_context("/governance/deep-dive"):
        page = render_template(
            "governance/deep_dive.html", title="Deep-dive sample", la_code="354", picked=picked,
            size=1,
        )  # fmt: skip
    assert "Front-door history: 2 requests for support" in page
    assert "2025-03-01" in page and "Panel" in page and "Not yet decided" in page
