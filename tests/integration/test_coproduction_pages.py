"""Co-production pages, the public "You said, we did" page, responses, measures and the demo."""

from __future__ import annotations

import io
import re
from datetime import date

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.access.models import AuditEvent
from sendsight.coproduction import queries
from sendsight.coproduction.records import ActivityRecord, ThemeRecord
from sendsight.demo import coproduction as demo
from sendsight.outcomes import queries as outcomes
from tests.conftest import DEMO_TODAY, sign_in
from tests.partnerships import demo_partnership_id


def _small(session: Session, *, published: bool = True) -> str:
    """An activity with three parents and one published item on a topic of its own."""
    item = ThemeRecord(
        key="s1",
        topic="Zebra topic",
        said="Zebra said",
        response_kind="did",
        response="Zebra did",
        status="done",
        published_on=date(2026, 11, 1) if published else None,
    )
    record = ActivityRecord(
        key="small-1",
        held_on=date(2026, 10, 1),
        title="Zebra forum",
        method="forum",
        ladder_level="consult",
        coproduction_type="co_design",
        counts={("parents_carers", "all"): 3},
        themes=(item,),
    )
    partnership_id = demo_partnership_id(session)
    queries.save_activity(session=session, record=record, partnership_id=partnership_id)
    found = queries.get_activity_by_key_or_none(
        session=session, key="small-1", partnership_id=partnership_id
    )
    assert found is not None
    session.commit()
    return found.themes[0].id


def _token(body: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body)
    assert match
    return match.group(1)


def test_the_public_page_shows_published_responses_with_small_counts_hidden(
    client: FlaskClient, seeded_session: Session
) -> None:
    _small(seeded_session)
    body = client.get("/you-said-we-did/").get_data(as_text=True)
    assert "Zebra said" in body and "We have not been able to" in body
    row = re.search(r"Zebra topic</a></td>(.*?)</tr>", body, re.S)
    assert row and re.findall(r">([^<]+)</td>", row.group(1))[-1] == "c"
    csv = client.get("/you-said-we-did/download.csv").get_data(as_text=True)
    assert "Zebra did" in csv and csv.count("\n") > 10


def test_unpublished_responses_stay_off_the_public_page(
    client: FlaskClient, seeded_session: Session
) -> None:
    _small(seeded_session, published=False)
    assert "Zebra" not in client.get("/you-said-we-did/").get_data(as_text=True)
    assert client.get("/you-said-we-did/?topic=Nothing").status_code == 404


def test_partners_see_the_log_with_small_counts_hidden_and_schools_do_not(
    app,
    seeded_session: Session,  # type: ignore[no-untyped-def]
) -> None:
    _small(seeded_session)
    partner, school = app.test_client(), app.test_client()
    sign_in(partner, "partner")
    body = partner.get("/coproduction/").get_data(as_text=True)
    row = re.search(r"Zebra forum</a>.*?</tr>", body, re.S)
    assert row and ">c</td>" in row.group(0)
    assert partner.get("/coproduction/coverage").status_code == 200
    sign_in(school, "school")
    assert school.get("/coproduction/").status_code == 403


def test_a_response_is_saved_audited_and_a_bad_one_refused(
    client: FlaskClient, seeded_session: Session
) -> None:
    item_id = _small(seeded_session, published=False)
    sign_in(client, "partner")
    path = f"/coproduction/items/{item_id}/response"
    token = _token(client.get(path).get_data(as_text=True))
    bad = client.post(path, data={"csrf_token": token, "response_kind": "will", "status": "open"})
    assert "Enter the date by which we will do it" in bad.get_data(as_text=True)
    logged = seeded_session.scalar(select(func.count(AuditEvent.id)))
    form = {
        "csrf_token": token,
        "response_kind": "cannot",
        "response": "Zebra budget",
        "status": "not_possible",
        "publish": "yes",
        "owner": "Zebra owner",
    }
    assert client.post(path, data=form).status_code == 302
    item = queries.get_theme(
        session=seeded_session, theme_id=item_id, partnership_id=demo_partnership_id(seeded_session)
    )
    assert (item.response_kind, item.response, item.published_on) == (
        "cannot",
        "Zebra budget",
        date.today(),
    )
    event = seeded_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "coproduction.response.update")
    ).one()
    assert event.object_id == item_id and "response" in (event.detail or {})
    assert seeded_session.scalar(select(func.count(AuditEvent.id))) == (logged or 0) + 1


def test_linked_measures_get_co_production_events_for_their_chart(seeded_session: Session) -> None:
    partnership_id = demo_partnership_id(seeded_session)
    measure = outcomes.get_measure_by_key_or_none(
        session=seeded_session, key="ehcp_20_weeks", partnership_id=partnership_id
    )
    assert measure is not None
    events = queries.events_for_measure(
        session=seeded_session, partnership_id=partnership_id, measure_id=measure.id
    )
    assert {e.kind for e in events} == {"heard", "responded"}
    assert events == sorted(events, key=lambda e: (e.on, e.kind, e.theme_id))


def test_the_scorecard_measures_are_filled_from_the_log(seeded_session: Session) -> None:
    partnership_id = demo_partnership_id(seeded_session)
    for key in (
        "coproduction_days_to_response",
        "coproduction_pct_co_design",
        "coproduction_pct_reach",
    ):
        measure = outcomes.get_measure_by_key_or_none(
            session=seeded_session, key=key, partnership_id=partnership_id
        )
        assert measure is not None
        values = outcomes.current_values(
            session=seeded_session, measure_ids=[measure.id], partnership_id=partnership_id
        )
        assert values.height >= 1, key
        assert str(DEMO_TODAY.year) in values["period"].to_list()


def test_the_demo_step_is_idempotent_and_has_every_kind_of_response(
    seeded_session: Session,
) -> None:
    partnership_id = demo_partnership_id(seeded_session)

    def held() -> list[ActivityRecord]:
        return [
            queries.activity_record(a)
            for a in queries.list_activities(session=seeded_session, partnership_id=partnership_id)
        ]

    before = held()
    demo.seed(seeded_session, la_code="354", partnership_id=partnership_id, today=DEMO_TODAY)
    seeded_session.expire_all()
    assert held() == before
    kinds = {t.response_kind for a in before for t in a.themes}
    assert kinds == {"did", "will", "cannot", None}
    assert min(a.held_on for a in before) >= date(DEMO_TODAY.year - 1, DEMO_TODAY.month, 1)


def test_a_csv_uploaded_on_the_import_page_is_stored_whole_or_not_at_all(
    client: FlaskClient, seeded_session: Session
) -> None:
    from sendsight.coproduction.csvfile import COLUMNS

    header = ",".join(COLUMNS)
    good = (
        "web-1,2026-09-01,Web forum,forum,engage,co_design,,,parents_carers:all=6,"
        "s1,Web topic,Web said,,,,,open,,"
    )
    bad = good.replace("web-1", "web-2").replace(",forum,", ",chat,")
    sign_in(client, "analyst")
    path = "/coproduction/import"
    token = _token(client.get(path).get_data(as_text=True))
    partnership_id = demo_partnership_id(seeded_session)

    def upload(*rows: str) -> str:
        data = {"csrf_token": token, "file": (io.BytesIO("\n".join(rows).encode()), "log.csv")}
        response = client.post(path, data=data, content_type="multipart/form-data")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    assert "line 3" in upload(header, good, bad)
    assert (
        queries.get_activity_by_key_or_none(
            session=seeded_session, key="web-1", partnership_id=partnership_id
        )
        is None
    )
    assert "1 activities added" in upload(header, good)
    assert queries.get_activity_by_key_or_none(
        session=seeded_session, key="web-1", partnership_id=partnership_id
    )
