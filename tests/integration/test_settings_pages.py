"""A school's own page: its figures after disclosure control, and never another school's."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.models import AuditEvent, Organisation, OrganisationKind
from sendsight.access.queries import create_organisation
from sendsight.ehc.models import EhcRequest
from tests.conftest import sign_in

OWN = "990001"  # the demo school user's organisation (Brookfield Primary School (demo))
OTHER = "990002"
SYMBOLS = {"c", "x", "z", "low"}


def _refusals(session: Session) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == "setting.refused")
    return list(session.scalars(query.order_by(AuditEvent.at_utc, AuditEvent.id)))


def _csv(client: FlaskClient, urn: str) -> list[list[str]]:
    response = client.get(f"/settings/{urn}/figures.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def _received_by_year(session: Session, urn: str) -> Counter[str]:
    query = select(EhcRequest.received_on).where(
        EhcRequest.setting_urn == urn, EhcRequest.la_code == "354"
    )
    return Counter(str(day.year) for day in session.scalars(query))


def test_school_user_is_taken_to_their_own_setting_from_the_nav(client: FlaskClient) -> None:
    sign_in(client, "school")
    home = client.get("/").get_data(as_text=True)
    assert "Your setting" in home
    response = client.get("/settings/")
    assert response.status_code == 302 and response.location.endswith(f"/settings/{OWN}")
    page = client.get(f"/settings/{OWN}").get_data(as_text=True)
    assert "Brookfield Primary School (demo)" in page and 'id="requests"' in page


def test_school_sees_own_figures_only_through_disclosure_control(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "school")
    rows = _csv(client, OWN)
    assert rows[0][:3] == ["Year", "Requests received", "Decided to assess"]
    figures = [r for r in rows[1:] if r and not r[0].startswith("Note")]
    expected = _received_by_year(seeded_session, OWN)
    assert {r[0]: r[1] for r in figures} == {y: str(n) for y, n in expected.items()}
    cells = [cell for r in figures for cell in r[1:]]
    assert all(cell in SYMBOLS or float(cell) >= 0 for cell in cells)
    small = [c for r in figures for c in r[1:6] if c.isdigit() and 1 <= int(c) <= 4]
    assert small == []  # counts from 1 to 4 never leave the service
    if any(cell == "c" for cell in cells):
        assert any(r[0].startswith("Note: c = confidential") for r in rows)


def test_page_shows_the_same_protected_figures_as_its_csv(client: FlaskClient) -> None:
    sign_in(client, "school")
    rows = [r for r in _csv(client, OWN)[1:] if r and not r[0].startswith("Note")]
    page = client.get(f"/settings/{OWN}").get_data(as_text=True)
    cells = re.findall(r'govuk-table__cell--numeric">([^<]*)<', page)
    requests_part = [cell for r in rows for cell in r[1:5]]
    plans_part = [cell for r in rows for cell in r[5:7]]
    assert cells == requests_part + plans_part
    if "c" in cells:
        assert "c = confidential" in page


def test_school_asking_for_another_school_gets_not_found_and_an_audit_entry(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "school")
    before = len(_refusals(seeded_session))
    page = client.get(f"/settings/{OTHER}")
    assert page.status_code == 404
    assert "Requests received" not in page.get_data(as_text=True)
    assert client.get(f"/settings/{OTHER}/figures.csv").status_code == 404
    assert client.get("/settings/not-a-urn").status_code == 404
    refused = _refusals(seeded_session)[before:]
    assert [(e.actor_email, e.object_id) for e in refused] == [
        ("school@demo.sendsight.test", OTHER),
        ("school@demo.sendsight.test", OTHER),
        ("school@demo.sendsight.test", "not-a-urn"),
    ]
    assert refused[0].detail == {"own_urn": OWN} and refused[0].la_code == "354"


def test_viewing_own_setting_is_not_audited(client: FlaskClient, seeded_session: Session) -> None:
    sign_in(client, "school")
    before = len(list(seeded_session.scalars(select(AuditEvent.id))))
    assert client.get(f"/settings/{OWN}").status_code == 200
    assert len(list(seeded_session.scalars(select(AuditEvent.id)))) == before


def test_analyst_sees_any_setting_in_their_la_after_disclosure_control(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    listing = client.get("/settings/").get_data(as_text=True)
    assert all(f"/settings/99000{n}" in listing for n in range(1, 5))
    assert "Your setting" not in client.get("/").get_data(as_text=True)
    rows = [r for r in _csv(client, OTHER)[1:] if r and not r[0].startswith("Note")]
    expected = _received_by_year(seeded_session, OTHER)
    assert {r[0]: r[1] for r in rows} == {y: str(n) for y, n in expected.items()}
    assert not _refusals(seeded_session)


def test_setting_with_no_requests_in_the_users_la_shows_no_figures(
    client: FlaskClient, seeded_session: Session
) -> None:
    school = seeded_session.scalars(select(Organisation).where(Organisation.urn == OWN)).one()
    create_organisation(
        session=seeded_session,
        partnership=school.partnership,
        name="New School (demo)",
        kind=OrganisationKind.SCHOOL,
        la_code="354",
        urn="123456",
    )
    seeded_session.commit()  # a savepoint: the test's transaction is still rolled back
    sign_in(client, "partner")
    page = client.get("/settings/123456")
    assert page.status_code == 200
    assert "No requests about children at this setting" in page.get_data(as_text=True)
    assert client.get("/settings/12345").status_code == 404  # not a URN
