"""Co-production: the configured disclosure threshold, reach by need against the published
population, the single-activity form, and what the board pack and self-evaluation are fed."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sendsight.coproduction import pages, population, queries
from sendsight.coproduction.records import ActivityRecord
from sendsight.disclosure import PROTECTED
from tests.conftest import DEMO_TODAY, CheckedClient, sign_in
from tests.partnerships import demo_partnership_id


def _app_with_threshold(seeded_url: str, session: Session, threshold: int) -> Flask:
    from sendsight.config import Settings
    from sendsight.web import create_app

    settings = Settings(
        database_url=seeded_url,
        environment="test",
        secret_key="test-secret-key",
        disclosure_threshold=threshold,
    )
    app = create_app(settings, sessions=lambda: session)  # type: ignore[arg-type]
    app.config.update(TESTING=True)
    app.test_client_class = CheckedClient
    return app


def _three_parents(session: Session, held_on: date = date(2026, 10, 1)) -> None:
    record = ActivityRecord(
        key="zebra-3",
        held_on=held_on,
        title="Zebra forum",
        method="forum",
        ladder_level="consult",
        coproduction_type="co_design",
        counts={("parents_carers", "all"): 3},
    )
    queries.save_activity(
        session=session, record=record, partnership_id=demo_partnership_id(session)
    )
    session.commit()


def _zebra_cell(body: str) -> str:
    row = re.search(r"Zebra forum</a>.*?</tr>", body, re.S)
    assert row
    return re.findall(r">([^<]*)</td>", row.group(0))[2]


def test_the_log_hides_counts_below_the_configured_threshold_not_below_five(
    seeded_url: str, seeded_session: Session
) -> None:
    _three_parents(seeded_session)
    for threshold, expected in ((3, "3"), (5, "c"), (10, "c")):
        client = _app_with_threshold(seeded_url, seeded_session, threshold).test_client()
        sign_in(client, "partner")
        body = client.get("/coproduction/").get_data(as_text=True)
        assert _zebra_cell(body) == expected, threshold
        assert f"fewer than {threshold}" in body


def test_reach_by_need_sets_participants_against_the_published_plans_by_need(
    seeded_session: Session,
) -> None:
    found = pages.coverage(
        seeded_session,
        partnership_id=demo_partnership_id(seeded_session),
        today=DEMO_TODAY,
        viewpoint=PROTECTED,
    )
    plans = population.plans_by_need(seeded_session, ["354"])
    assert plans.year is not None and sum(plans.plans.values()) > 1000
    assert [r.plans for r in found.by_need] == list(plans.plans.values())
    assert found.plans_year == plans.year
    assert {r.need for r in found.need_gaps} == {
        r.need for r in found.by_need if r.taking_part.value == 0
    }


def test_the_coverage_page_has_reach_by_need_with_its_chart_table_and_csv(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "partner")
    body = client.get("/coproduction/coverage").get_data(as_text=True)
    assert "Reach by primary need" in body and "<svg" in body
    assert "Autistic spectrum disorder" in body
    csv = client.get("/coproduction/coverage/by-need.csv").get_data(as_text=True)
    lines = csv.lstrip("\ufeff").strip().splitlines()
    assert lines[0].startswith("need,need_label,taking_part_12_months")
    assert len(lines) == 13 and lines[1].startswith("ASD,")


def test_the_board_pack_carries_co_production_lines_with_small_counts_hidden(
    seeded_session: Session,
) -> None:
    from sendsight.governance import pack as governance_pack

    partnership_id = demo_partnership_id(seeded_session)
    built = governance_pack.build_pack(
        seeded_session,
        partnership_id=partnership_id,
        la_codes=["354"],
        meeting_on=DEMO_TODAY,
        title="Board",
    )
    lines = built["you_said_we_did"]
    assert [line["kind"] for line in lines][:2] == ["activities", "responses"]
    assert "took part" in lines[0]["text"] and lines[0]["text"].endswith(".")


def test_pack_lines_use_the_threshold_and_only_data_up_to_the_meeting(
    seeded_session: Session,
) -> None:
    from sendsight.coproduction import board

    held_on = date(2015, 6, 1)
    _three_parents(seeded_session, held_on)
    partnership_id = demo_partnership_id(seeded_session)
    own = {"session": seeded_session, "partnership_id": partnership_id}
    empty = board.pack_summary(**own, upto=held_on - timedelta(days=1))
    assert "no engagement activities" in empty[0]["text"]
    hidden = board.pack_summary(**own, upto=held_on + timedelta(days=1), threshold=10)
    shown = board.pack_summary(**own, upto=held_on + timedelta(days=1), threshold=2)
    assert "fewer than 10 parents and carers" in hidden[0]["text"]
    assert "3 parents and carers" in shown[0]["text"]


def test_the_self_evaluation_gets_co_production_claims(seeded_session: Session) -> None:
    from sendsight.coproduction import board
    from sendsight.governance import selfeval

    partnership_id = demo_partnership_id(seeded_session)
    claims = board.selfeval_evidence(
        session=seeded_session, partnership_id=partnership_id, today=DEMO_TODAY
    )
    assert {c["area"] for c in claims} == {"participate", "leaders", "included"}
    assert all(c["strength"] in {"strong", "moderate", "weak"} for c in claims)
    sections = selfeval.build(seeded_session, partnership_id=partnership_id, today=DEMO_TODAY)
    assert any(c.source == board.SOURCE for s in sections for c in s.claims)


def test_the_turn_the_curve_page_marks_and_lists_co_production_events(
    client: FlaskClient, seeded_session: Session
) -> None:
    from sendsight.outcomes import queries as outcomes

    partnership_id = demo_partnership_id(seeded_session)
    measure = outcomes.get_measure_by_key_or_none(
        session=seeded_session, key="ehcp_20_weeks", partnership_id=partnership_id
    )
    assert measure is not None
    events = queries.events_for_measure(
        session=seeded_session, partnership_id=partnership_id, measure_id=measure.id
    )
    sign_in(client, "partner")
    body = client.get(f"/scorecard/measures/{measure.id}").get_data(as_text=True)
    assert "Events on the timeline" in body
    listed = re.search(r'id="timeline".*?</table>', body, re.S)
    assert listed and all(e.label in listed.group(0) for e in events)
    assert "Events (numbered as in the list under the chart)" in body
    assert re.search(r"<title>\d+\. You said: ", body)


def _form_token(body: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body)
    assert match
    return match.group(1)


def test_an_activity_logged_on_the_form_is_stored_with_its_counts_and_audited(
    client: FlaskClient, seeded_session: Session
) -> None:
    from sqlalchemy import select

    from sendsight.access.models import AuditEvent

    sign_in(client, "partner")
    token = _form_token(client.get("/coproduction/activities/new").get_data(as_text=True))
    form = {
        "csrf_token": token,
        "held_on-day": "14",
        "held_on-month": "3",
        "held_on-year": "2026",
        "title": "Quagga coffee morning",
        "method": "event",
        "ladder_level": "engage",
        "coproduction_type": "co_delivery",
        "partners": "Demo Parent Carer Forum\nSENDIASS\n",
        "count-parents_carers-all": "11",
        "count-age_band-5-10": "4",
        "count-need-ASD": "3",
        "locality": "North = 2\nSouth = 5",
        "adjustments": ["easy_read", "bsl"],
    }
    answer = client.post("/coproduction/activities/new", data=form)
    assert answer.status_code == 302
    partnership_id = demo_partnership_id(seeded_session)
    found = [
        a
        for a in queries.list_activities(session=seeded_session, partnership_id=partnership_id)
        if a.title == "Quagga coffee morning"
    ]
    assert len(found) == 1 and answer.headers["Location"].endswith(found[0].id)
    record = queries.activity_record(found[0])
    assert record.held_on == date(2026, 3, 14) and record.method == "event"
    assert record.partners == ("Demo Parent Carer Forum", "SENDIASS")
    assert record.adjustments == ("easy_read", "bsl")
    assert record.counts == {
        ("parents_carers", "all"): 11,
        ("age_band", "5-10"): 4,
        ("need", "ASD"): 3,
        ("locality", "North"): 2,
        ("locality", "South"): 5,
    }
    event = seeded_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "coproduction.activity.create")
    ).one()
    assert event.object_id == found[0].id


def test_a_wrong_activity_form_is_refused_with_an_error_summary_and_nothing_stored(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "partner")
    before = len(
        queries.list_activities(
            session=seeded_session, partnership_id=demo_partnership_id(seeded_session)
        )
    )
    token = _form_token(client.get("/coproduction/activities/new").get_data(as_text=True))
    form = {
        "csrf_token": token,
        "held_on-day": "31",
        "held_on-month": "2",
        "held_on-year": "2026",
        "title": "Quagga",
        "count-parents_carers-all": "lots",
        "locality": "North: 4",
    }
    body = client.post("/coproduction/activities/new", data=form).get_data(as_text=True)
    assert "There is a problem" in body and "<title>Error: " in body
    for message in (
        "The date the activity was held must be a real date",
        "Select how the activity was run",
        "Select the level on the participation ladder",
        "Select the type of co-production",
        "Enter the number of people as a whole number, like 12",
        "Enter each locality on its own line",
    ):
        assert message in body, message
    assert 'href="#held_on-day"' in body and 'value="Quagga"' in body
    after = queries.list_activities(
        session=seeded_session, partnership_id=demo_partnership_id(seeded_session)
    )
    assert len(after) == before


def test_what_was_said_is_added_on_the_activity_page_audited_and_checked(
    client: FlaskClient, seeded_session: Session
) -> None:
    from sqlalchemy import select

    from sendsight.access.models import AuditEvent

    _three_parents(seeded_session)
    partnership_id = demo_partnership_id(seeded_session)
    activity = queries.get_activity_by_key_or_none(
        session=seeded_session, key="zebra-3", partnership_id=partnership_id
    )
    assert activity is not None
    sign_in(client, "partner")
    page = f"/coproduction/activities/{activity.id}"
    token = _form_token(client.get(page).get_data(as_text=True))
    bad = client.post(f"{page}/said", data={"csrf_token": token, "topic": "Transport"})
    assert bad.status_code == 200
    assert "Enter what families or young people said" in bad.get_data(as_text=True)
    good = {"csrf_token": token, "topic": "Transport", "said": "The bus is late"}
    assert client.post(f"{page}/said", data=good).status_code == 302
    assert "The bus is late" in client.get(page).get_data(as_text=True)
    stored = queries.get_activity_by_key_or_none(
        session=seeded_session, key="zebra-3", partnership_id=partnership_id
    )
    assert stored is not None and [t.said for t in stored.themes] == ["The bus is late"]
    event = seeded_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "coproduction.item.create")
    ).one()
    assert event.object_id == stored.themes[0].id


def test_readers_who_may_not_edit_get_no_activity_form(app: Flask, seeded_session: Session) -> None:
    reader = app.test_client()
    sign_in(reader, "caseworker")
    assert reader.get("/coproduction/activities/new").status_code == 403
    index = reader.get("/coproduction/").get_data(as_text=True)
    assert "Log an activity" not in index
