"""School profile pages: LA roles see their schools by name; a school sees only its own against
anonymised peers (another school is 404 and audited); the public view is off until an
administrator turns it on; funnels come as SVG, table and CSV."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.models import AuditEvent
from tests.conftest import sign_in

REAL = "105764"  # a real Rochdale primary in the shipped January 2019 figures


def _csrf(body: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body)
    assert match
    return match.group(1)


def test_an_analyst_sees_the_la_schools_and_a_named_profile(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    index = client.get("/schools/").get_data(as_text=True)
    assert f"/schools/{REAL}" in index and "Brookfield Primary School" in index
    page = client.get(f"/schools/{REAL}").get_data(as_text=True)
    assert "Pupils with an EHC plan (%)" in page and "99.8% limits" in page
    assert "(URN " in page and "Similar school 1" not in page  # peers named for LA roles
    assert "/settings/" in page  # links the EHC needs assessment page, not a copy of it


def test_a_school_in_another_la_is_not_found_for_la_roles(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    assert client.get("/schools/100000").status_code == 404  # a real school in LA 201


def test_a_school_user_sees_its_own_profile_with_anonymised_peers(client: FlaskClient) -> None:
    sign_in(client, "school")
    response = client.get("/schools/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/990001")
    page = client.get("/schools/990001").get_data(as_text=True)
    assert "Brookfield Primary School" in page and "Similar school 1" in page
    assert "(URN 1" not in page  # no real school's URN or name among the peers
    assert "resourced base" in page  # the demo school's context note travels with it


def test_a_school_user_asking_for_another_school_gets_404_and_an_audit_entry(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "school")
    assert client.get(f"/schools/{REAL}").status_code == 404
    assert client.get(f"/schools/{REAL}/profile.csv").status_code == 404
    events = seeded_session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "schools.refused", AuditEvent.object_id == REAL
        )
    ).all()
    assert len(events) == 2 and events[0].detail == {"own_urn": "990001"}


def test_a_school_user_adds_a_context_note(client: FlaskClient) -> None:
    sign_in(client, "school")
    assert "/schools/990001/notes" in client.get("/schools/990001").get_data(as_text=True)
    page = client.get("/schools/990001/notes").get_data(as_text=True)
    empty = client.post("/schools/990001/notes", data={"body": "", "csrf_token": _csrf(page)})
    assert "Enter the context note" in empty.get_data(as_text=True)
    response = client.post(
        "/schools/990001/notes",
        data={"body": "Two classes merged in September", "csrf_token": _csrf(page)},
    )
    assert response.status_code == 302
    assert "Two classes merged in September" in client.get("/schools/990001").get_data(as_text=True)


def test_the_funnel_page_has_a_chart_a_table_lists_and_a_csv(client: FlaskClient) -> None:
    sign_in(client, "partner")
    page = client.get("/schools/la/354/funnel?measure=sen_support_pct").get_data(as_text=True)
    assert "<svg" in page and "Above the limits" in page and "Below the limits" in page
    assert "what is working here" in page or "No school is above" in page
    csv = client.get("/schools/la/354/funnel.csv?measure=sen_support_pct")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert csv.get_data(as_text=True).lstrip("\ufeff").startswith("school,urn,pupils,value")
    assert client.get("/schools/la/201/funnel").status_code == 404  # not the user's LA
    assert client.get("/schools/la/354/funnel?measure=league").status_code == 400


def test_school_users_cannot_see_funnels(client: FlaskClient) -> None:
    sign_in(client, "school")
    assert client.get("/schools/la/354/funnel").status_code == 403


def test_the_public_view_is_off_until_an_administrator_turns_it_on(
    client: FlaskClient,
) -> None:
    assert client.get(f"/schools/public/{REAL}").status_code == 404
    sign_in(client, "admin")
    page = client.get("/schools/options").get_data(as_text=True)
    response = client.post("/schools/options", data={"public_view": "y", "csrf_token": _csrf(page)})
    assert response.status_code == 302
    public = client.get(f"/schools/public/{REAL}")
    assert public.status_code == 200
    body = public.get_data(as_text=True)
    assert "Similar school 1" in body and "Context notes" not in body
    assert client.get("/schools/public/100000").status_code == 404  # LA 201: not turned on


def test_a_made_up_school_shows_its_requests_for_support_against_schools_in_the_la(
    client: FlaskClient,
) -> None:
    sign_in(client, "analyst")
    page = client.get("/schools/990001").get_data(as_text=True)
    assert "Requests for support, last 12 months" in page
    assert "EHC needs assessment requests per 100 pupils, last 12 months" in page
    assert "Front-door requests for support per 100 pupils, last 12 months" in page
    csv = client.get("/schools/990001/profile.csv").get_data(as_text=True)
    assert "ehc_requests_per_100" in csv and "frontdoor_support_pct" in csv
    # a real school the partnership has not registered has no local measures
    assert "Requests for support, last 12 months" not in client.get(f"/schools/{REAL}").get_data(
        as_text=True
    )


def test_local_measures_have_a_funnel_with_the_la_schools_a_table_and_a_csv(
    client: FlaskClient,
) -> None:
    sign_in(client, "partner")
    for measure in ("ehc_requests_per_100", "frontdoor_requests_per_100"):
        page = client.get(f"/schools/la/354/funnel?measure={measure}").get_data(as_text=True)
        assert "<svg" in page and "Brookfield Primary School" in page
        assert "Ashfield Primary School" in page  # a made-up school without demo users
        csv = client.get(f"/schools/la/354/funnel.csv?measure={measure}").get_data(as_text=True)
        assert "990001" in csv and "105764" not in csv
