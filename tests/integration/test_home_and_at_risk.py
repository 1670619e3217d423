"""The signed-in home page (each role's own work) and the at-risk list a caseworker acts on."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.models import AuditEvent
from sendsight.outcomes import queries as outcomes
from tests.conftest import DEMO_TODAY, sign_in, sign_out
from tests.partnerships import demo_partnership_id

AS_OF = DEMO_TODAY.isoformat()
COUNCIL_ACTION = "Commission additional educational psychology capacity"  # overdue, council's
ICB_STALE_MEASURE = "A&amp;E attendances for self-harm, 10 to 24 with SEND"  # ICB's, out of date


def _home(client: FlaskClient, role: str) -> str:
    sign_in(client, role)
    page = client.get("/")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _csv(client: FlaskClient, query: str) -> list[dict[str, str]]:
    response = client.get(f"/ehc/at-risk.csv?la=354&as_of={AS_OF}&{query}")
    assert response.status_code == 200, response.status_code
    assert response.headers["Cache-Control"] == "private, no-store"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_anonymous_home_page_is_the_public_start_page(client: FlaskClient) -> None:
    body = client.get("/").get_data(as_text=True)
    assert "Find a local area" in body and "Your work" not in body
    assert "Requests at risk" not in body and COUNCIL_ACTION not in body


def test_caseworker_home_shows_partnership_la_their_actions_and_the_at_risk_count(
    client: FlaskClient,
) -> None:
    body = _home(client, "caseworker")
    assert "Demo SEND Alliance" in body and "Demo Borough Council" in body
    assert "Rochdale (354)" in body
    assert COUNCIL_ACTION in body and 'govuk-tag--red">Overdue' in body
    assert "Requests at risk" in body and "/ehc/at-risk?la=354&amp;overdue=yes" in body
    assert ICB_STALE_MEASURE not in body  # another organisation's measure


def test_analyst_sees_the_at_risk_count_too(client: FlaskClient) -> None:
    body = _home(client, "analyst")
    assert "Requests at risk" in body and COUNCIL_ACTION in body


def test_partner_sees_their_organisations_work_and_no_case_counts(client: FlaskClient) -> None:
    body = _home(client, "partner")
    assert "Demo Integrated Care Board" in body
    assert ICB_STALE_MEASURE in body and "Out of date" in body
    assert COUNCIL_ACTION not in body
    assert "Requests at risk" not in body and "open requests" not in body


def test_notes_to_review_and_measures_due_are_the_owning_organisations(
    client: FlaskClient, seeded_session: Session
) -> None:
    own = {"partnership_id": demo_partnership_id(seeded_session)}
    icb = outcomes.get_measure_by_key_or_none(session=seeded_session, key="mh_admissions", **own)
    council = outcomes.get_measure_by_key_or_none(session=seeded_session, key="short_breaks", **own)
    assert icb is not None and council is not None
    outcomes.save_note(session=seeded_session, measure=icb, section="story", body="Old story",
                       author="t@example.test", now=datetime(2025, 1, 1, tzinfo=UTC))  # fmt: skip
    council.next_update_on = date.today() + timedelta(days=3)
    seeded_session.commit()  # a savepoint: the test still rolls back
    partner = _home(client, "partner")
    assert "Notes to review" in partner and "Last saved 2025-01-01" in partner
    assert "Families using a short break" not in partner
    sign_out(client)
    caseworker = _home(client, "caseworker")
    assert "Last saved 2025-01-01" not in caseworker
    assert "Families using a short break" in caseworker
    assert f"Due {council.next_update_on.isoformat()}" in caseworker


def test_admin_and_school_see_no_case_counts(client: FlaskClient) -> None:
    admin = _home(client, "admin")
    assert COUNCIL_ACTION in admin and "Requests at risk" not in admin
    sign_out(client)
    school = _home(client, "school")
    assert "Requests at risk" not in school and "Actions due" not in school


def test_forecast_picker_opens_on_the_users_own_la(client: FlaskClient) -> None:
    sign_in(client, "caseworker")
    body = client.get("/forecasts").get_data(as_text=True)
    selected = re.findall(r'<option value="(\d{3})" selected>', body)
    assert selected == ["354"]


def test_ehc_pages_open_on_the_users_own_la(client: FlaskClient) -> None:
    sign_in(client, "caseworker")
    body = client.get("/ehc/at-risk").get_data(as_text=True)
    assert "Rochdale, as at" in body


def test_areas_picker_offers_the_users_own_la_first(client: FlaskClient) -> None:
    assert "Your local area" not in client.get("/areas").get_data(as_text=True)
    sign_in(client, "partner")
    body = client.get("/areas").get_data(as_text=True)
    assert "Your local area" in body and 'href="/areas/354"' in body


def test_at_risk_list_has_the_caseworkers_columns_and_says_there_is_no_caseworker(
    client: FlaskClient,
) -> None:
    sign_in(client, "caseworker")
    body = client.get(f"/ehc/at-risk?la=354&as_of={AS_OF}").get_data(as_text=True)
    for header in ("Request", "Received", "Stage", "Next statutory deadline", "Days left"):
        assert f">{header}</th>" in body
    assert "reg 5(1)" in body or "reg 13(2)" in body
    assert "do not name a caseworker" in body
    rows = _csv(client, "")
    assert list(rows[0]) == [
        "request_id", "received_on", "stage", "next_deadline", "deadline_on", "days_remaining",
    ]  # fmt: skip
    days = [int(r["days_remaining"]) for r in rows]
    assert days == sorted(days) and any(d < 0 for d in days) and any(d >= 0 for d in days)


def test_at_risk_filters_and_sort_apply_to_page_and_csv(client: FlaskClient) -> None:
    sign_in(client, "caseworker")
    everything = _csv(client, "")
    overdue = _csv(client, "overdue=yes")
    assert overdue and all(int(r["days_remaining"]) < 0 for r in overdue)
    assert len(overdue) == sum(int(r["days_remaining"]) < 0 for r in everything)
    soon = _csv(client, "within=10")
    assert all(int(r["days_remaining"]) <= 10 for r in soon)
    deciding = _csv(client, "stage=decision")
    assert deciding and {r["stage"] for r in deciding} == {"decision"}
    by_received = _csv(client, "sort=received")
    received = [r["received_on"] for r in by_received]
    assert received == sorted(received) and len(by_received) == len(everything)
    page = client.get(f"/ehc/at-risk?la=354&as_of={AS_OF}&overdue=yes&stage=decision")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and 'value="yes" checked' in body
    assert "overdue=yes" in body and "stage=decision" in body  # the CSV link keeps the filters


def test_wrong_filter_values_are_form_errors_naming_the_field(client: FlaskClient) -> None:
    sign_in(client, "caseworker")
    page = client.get("/ehc/at-risk?la=354&within=soon&sort=sideways&stage=lost")
    body = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "govuk-error-summary" in body and "<title>Error: " in body
    for field, message in (("within", "Enter the number of days"), ("sort", "Choose how to sort"),
                           ("stage", "Choose a stage")):  # fmt: skip
        assert f'href="#{field}"' in body and message in body
    assert "/ehc/cases/" not in body  # no list while the form is wrong
    assert client.get("/ehc/at-risk.csv?la=354&within=-3").status_code == 400


def test_another_las_at_risk_list_is_not_found_and_audited(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "caseworker")
    assert client.get("/ehc/at-risk?la=350").status_code == 404
    assert client.get("/ehc/at-risk.csv?la=350").status_code == 404
    query = select(AuditEvent).where(AuditEvent.action == "case.refused")
    refused = list(seeded_session.scalars(query.order_by(AuditEvent.at_utc, AuditEvent.id)))
    assert [(e.actor_email, e.la_code, e.object_type) for e in refused[-2:]] == [
        ("caseworker@demo.sendsight.test", "350", "ehc_at_risk"),
    ] * 2


def test_case_page_shows_every_statutory_deadline_with_its_status(client: FlaskClient) -> None:
    sign_in(client, "caseworker")
    overdue = _csv(client, "overdue=yes&stage=decision")
    request_id = overdue[0]["request_id"]
    body = client.get(f"/ehc/cases/{request_id}?la=354&as_of={AS_OF}").get_data(as_text=True)
    assert "Decision whether to assess" in body and "reg 5(1)" in body
    assert 'govuk-tag--red">Overdue' in body
    planned = [r for r in _csv(client, "sort=received") if r["stage"] == "draft"]
    body = client.get(f"/ehc/cases/{planned[0]['request_id']}?la=354&as_of={AS_OF}").get_data(
        as_text=True
    )
    assert 'govuk-tag--green">Met' in body or 'govuk-tag--red">Missed' in body
    assert "Final plan issued" in body and "reg 13(2)" in body
