"""Front door pages and the ``frontdoor stats`` command on the seeded demo."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.access.models import AuditEvent
from sendsight.cli import cli
from sendsight.frontdoor.models import FdAgendaItem, FdMeeting, FdPanel, FdRequest
from tests.conftest import sign_in


def _token(client: FlaskClient, path: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(True))
    assert found
    return found.group(1)


def test_stats_for_the_last_complete_year_have_a_realistic_volume(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", seeded_url)
    result = CliRunner().invoke(
        cli,
        ["frontdoor", "stats", "--la", "354", "--year", "2025", "--format", "json"],
        catch_exceptions=False,
    )
    figures = json.loads(result.output)
    requests = figures["requests"]
    assert 1100 <= requests["total"] <= 1300
    assert sum(requests["by_route"].values()) == requests["total"]
    assert (
        0 < figures["triage"]["median"] <= 10
        and 50 < figures["triage"]["share_within_target"] < 100
    )
    assert {p["panel"] for p in figures["panels"]} >= {"Assessment panel", "Issue panel"}
    for panel in figures["panels"]:
        assert panel["lower_limit"] <= panel["upper_limit"]


def test_the_triage_queue_is_for_triage_officers_only(client: FlaskClient) -> None:
    sign_in(client, "triage")
    page = client.get("/frontdoor/triage?soon=yes")
    assert (
        page.status_code == 200
        and "Breaching soon" in page.get_data(True)
        or "Overdue" in page.get_data(True)
    )
    client2 = client.application.test_client()
    sign_in(client2, "school")
    assert client2.get("/frontdoor/triage").status_code == 403


def test_a_school_request_without_consent_is_refused_naming_the_field(client: FlaskClient) -> None:
    sign_in(client, "school")
    token = _token(client, "/frontdoor/new")
    page = client.post(
        "/frontdoor/new",
        data={
            "csrf_token": token,
            "person_id": "S-1",
            "date_of_birth": "2016-01-01",
            "need_area": "semh",
            "needs_text": "x",
            "asked_for": "advice",
        },
    )
    body = page.get_data(True)
    assert "Confirm the family has consented to this request" in body and 'href="#consent"' in body


def test_a_school_sees_its_own_requests_and_not_another_schools(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "school")
    token = _token(client, "/frontdoor/new")
    made = client.post(
        "/frontdoor/new",
        data={
            "csrf_token": token,
            "person_id": "S-2",
            "date_of_birth": "2016-01-01",
            "need_area": "semh",
            "needs_text": "x",
            "asked_for": "advice",
            "consent": "yes",
        },
    )
    assert made.status_code == 302
    own = client.get(made.headers["Location"])
    assert own.status_code == 200 and "Received" in own.get_data(True)
    urn = seeded_session.scalar(
        select(FdRequest.setting_urn).where(
            FdRequest.id == made.headers["Location"].rsplit("/", 1)[1]
        )
    )
    other = seeded_session.scalars(select(FdRequest).where(FdRequest.setting_urn != urn)).first()
    assert other is not None
    assert client.get(f"/frontdoor/requests/{other.id}").status_code == 404


def test_a_panel_member_sees_only_the_cases_on_their_panels_agendas(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "panel")

    def meeting_of(name: str) -> FdMeeting:
        query = (
            select(FdMeeting)
            .join(FdPanel, FdPanel.id == FdMeeting.panel_id)
            .join(FdAgendaItem, FdAgendaItem.meeting_id == FdMeeting.id)
            .where(FdPanel.name == name)
            .order_by(FdMeeting.meets_on)
        )
        found = seeded_session.scalars(query).first()
        assert found is not None
        return found

    mine, theirs = meeting_of("Assessment panel"), meeting_of("Issue panel")
    assert client.get(f"/frontdoor/meetings/{mine.id}").status_code == 200
    assert client.get(f"/frontdoor/meetings/{theirs.id}").status_code == 404
    on_mine = seeded_session.scalar(
        select(FdAgendaItem.request_id).where(FdAgendaItem.meeting_id == mine.id)
    )
    not_listed = seeded_session.scalar(select(FdRequest.id).where(FdRequest.route == "outreach"))
    assert client.get(f"/frontdoor/requests/{on_mine}").status_code == 200
    assert client.get(f"/frontdoor/requests/{not_listed}").status_code == 404


def test_every_view_of_a_request_is_audited(client: FlaskClient, seeded_session: Session) -> None:
    sign_in(client, "triage")
    request_id = seeded_session.scalar(select(FdRequest.id).order_by(FdRequest.id))
    count = select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "frontdoor.request.view", AuditEvent.object_id == request_id
    )
    before = seeded_session.scalar(count)
    assert client.get(f"/frontdoor/requests/{request_id}").status_code == 200
    assert seeded_session.scalar(count) == (before or 0) + 1


def test_analytics_show_a_funnel_plot_with_its_table_and_csv(client: FlaskClient) -> None:
    sign_in(client, "partner")
    page = client.get("/frontdoor/analytics?year=2025").get_data(True)
    assert "<svg" in page and "Decisions by panel" in page and "Control limits" in page
    csv = client.get("/frontdoor/analytics/funnel.csv?year=2025")
    assert csv.status_code == 200 and "upper_limit_998" in csv.get_data(True)


def test_a_family_member_asks_for_their_own_child_and_follows_only_their_requests(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "family")
    form = {
        "person_id": "MY-CHILD",
        "date_of_birth": "2017-03-04",
        "need_area": "communication_interaction",
        "needs_text": "Struggles to talk in class",
        "asked_for": "advice",
        "source": "health",  # ignored: a family member's request is always from the family
    }
    refused = client.post(
        "/frontdoor/new", data={"csrf_token": _token(client, "/frontdoor/new"), **form}
    )
    assert 'href="#consent"' in refused.get_data(True)
    made = client.post(
        "/frontdoor/new",
        data={"csrf_token": _token(client, "/frontdoor/new"), **form, "consent": "yes"},
    )
    assert made.status_code == 302
    made_id = made.headers["Location"].rsplit("/", 1)[1]
    stored = seeded_session.get(FdRequest, made_id)
    assert stored is not None and (stored.source, stored.submitted_by) == (
        "family",
        "family@demo.sendsight.test",
    )
    mine = client.get("/frontdoor/mine").get_data(True)
    own = seeded_session.scalars(
        select(FdRequest.reference).where(FdRequest.submitted_by == "family@demo.sendsight.test")
    ).all()
    assert len(own) >= 2 and all(reference in mine for reference in own)
    assert "The front door team will acknowledge the request" in mine
    assert mine.count('href="/frontdoor/requests/') == len(own)
    assert client.get(f"/frontdoor/requests/{made_id}").status_code == 200
    other = seeded_session.scalars(
        select(FdRequest).where(FdRequest.submitted_by != "family@demo.sendsight.test")
    ).first()
    assert other is not None
    assert client.get(f"/frontdoor/requests/{other.id}").status_code == 404
    elsewhere_pages = ["/frontdoor/triage", "/frontdoor/analytics", "/frontdoor/panels"]
    elsewhere_pages += ["/frontdoor/import", "/self-assessment/", "/schools/"]
    for elsewhere in elsewhere_pages:
        assert client.get(elsewhere).status_code == 403, elsewhere
    # but their own account is theirs: they can sign out on every device
    account = client.get("/account").get_data(True)
    assert "Sign out everywhere" in account and "family@demo.sendsight.test" in account
