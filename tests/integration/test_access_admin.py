"""Administration pages: invite, set password, change role, deactivate, audit search and export."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access import queries
from sendsight.access.models import AuditEvent, User
from sendsight.access.roles import Role
from tests.conftest import sign_out
from tests.integration import test_access_support as support
from tests.integration.test_access_support import World, post_form, sign_in

app, client, clock, make_app, world = (
    support.app,
    support.client,
    support.clock,
    support.make_app,
    support.world,
)
NEW_PASSWORD = "marmalade kettle lighthouse"


def _invite(client: FlaskClient, world: World, email: str = "new.person@example.test") -> str:
    response = post_form(
        client,
        "/admin/users/invite",
        "/admin/users/invite",
        {
            "name": "New Person",
            "email": email,
            "organisation": world.orgs["school_b"].id,
            "role": "school",
        },
    )
    html = response.get_data(as_text=True)  # type: ignore[attr-defined]
    match = re.search(r"http://localhost(/set-password/[\w-]+)", html)
    assert match, html
    return match.group(1)


def test_admin_invites_a_user_who_sets_a_password_and_signs_in(
    client: FlaskClient, world: World, db_session: Session
) -> None:
    sign_in(client, "admin@example.test")
    link = _invite(client, world)
    sign_out(client)
    saved = post_form(client, link, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert saved.status_code == 302  # type: ignore[attr-defined]
    assert sign_in(client, "new.person@example.test", NEW_PASSWORD) == "/"
    assert client.get(link).status_code == 404  # the link works once
    changes = db_session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.actor_email == "admin@example.test", AuditEvent.action == "permission.change"
        )
    )
    assert list(changes) == ["permission.change"]


def test_common_password_is_refused_on_the_set_password_page(
    client: FlaskClient, world: World
) -> None:
    sign_in(client, "admin@example.test")
    link = _invite(client, world)
    sign_out(client)
    refused = post_form(
        client, link, link, {"password": "Password12345!", "confirm": "Password12345!"}
    )
    assert "Password is too common" in refused.get_data(as_text=True)  # type: ignore[attr-defined]


def test_invitation_link_expires(client: FlaskClient, world: World, clock: support.Clock) -> None:
    sign_in(client, "admin@example.test")
    link = _invite(client, world)
    sign_out(client)
    # The invitation's expiry uses wall-clock time; move the app clock far beyond it.
    clock.advance(days=3650)
    assert client.get(link).status_code == 404


def test_inviting_an_existing_email_says_so(client: FlaskClient, world: World) -> None:
    sign_in(client, "admin@example.test")
    response = post_form(
        client,
        "/admin/users/invite",
        "/admin/users/invite",
        {
            "name": "Copy",
            "email": "Analyst@example.test",
            "organisation": world.orgs["la901"].id,
            "role": "analyst",
        },
    )
    assert "An account already uses this email address" in response.get_data(  # type: ignore[attr-defined]
        as_text=True
    )


def test_admin_changes_a_role_and_the_change_is_audited(
    client: FlaskClient, world: World, db_session: Session
) -> None:
    # A role without case-level access changes at once (case-level roles wait for a second
    # administrator: test_access_role_grants.py).
    analyst = world.users["analyst"]
    sign_in(client, "admin@example.test")
    post_form(
        client,
        f"/admin/users/{analyst.id}",
        f"/admin/users/{analyst.id}/role",
        {"role": "partner"},
    )
    db_session.expire_all()
    assert db_session.get(User, analyst.id).role == "partner"  # type: ignore[union-attr]
    detail = db_session.scalar(
        select(AuditEvent.detail).where(
            AuditEvent.object_id == analyst.id, AuditEvent.action == "permission.change"
        )
    )
    assert detail == {"change": "role", "from": "analyst", "to": "partner"}


def test_deactivation_ends_the_users_session(
    app: object, client: FlaskClient, world: World, db_session: Session
) -> None:
    partner = world.users["partner"]
    partner_client = app.test_client()  # type: ignore[attr-defined]
    sign_in(partner_client, "partner@example.test")
    assert partner_client.get("/sign-in").status_code == 302  # signed in: sent onwards
    sign_in(client, "admin@example.test")
    post_form(client, f"/admin/users/{partner.id}", f"/admin/users/{partner.id}/deactivate", {})
    assert partner_client.get("/sign-in").status_code == 200  # signed out: the form again
    db_session.expire_all()
    assert db_session.get(User, partner.id).active is False  # type: ignore[union-attr]


def test_admin_cannot_see_users_of_another_partnership(client: FlaskClient, world: World) -> None:
    sign_in(client, "admin@example.test")
    assert client.get(f"/admin/users/{world.users['away_admin'].id}").status_code == 404
    assert "Away Admin" not in client.get("/admin/users").get_data(as_text=True)


def test_non_admin_roles_get_403_on_admin_pages(client: FlaskClient, world: World) -> None:
    for role in ("analyst", "caseworker", "partner", "school"):
        sign_in(client, f"{role}@example.test")
        assert client.get("/admin/audit").status_code == 403, role
        sign_out(client)


def test_audit_search_filters_by_action_and_actor(client: FlaskClient, world: World) -> None:
    sign_in(client, "analyst@example.test", "a wrong password indeed")
    sign_in(client, "admin@example.test")
    page = client.get("/admin/audit?action=sign_in.failure").get_data(as_text=True)
    assert "analyst@example.test" in page and "1 entries" in page
    none = client.get("/admin/audit?actor=caseworker").get_data(as_text=True)
    assert "0 entries" in none


def test_audit_search_with_a_bad_date_says_how_to_write_it(
    client: FlaskClient, world: World
) -> None:
    sign_in(client, "admin@example.test")
    page = client.get("/admin/audit?from_on=31/01/2025").get_data(as_text=True)
    assert "Enter a date as YYYY-MM-DD" in page


def test_audit_export_is_csv_neutralised_and_itself_audited(
    client: FlaskClient, world: World, db_session: Session
) -> None:
    # A failed sign-in is in a partnership's log when the account is the partnership's (an
    # unknown address belongs to no partnership: ADR 0602).
    queries.create_user(
        session=db_session, email="=HYPERLINK(1)@example.test", name="Formula",
        organisation=world.orgs["la901"], role=Role.ANALYST,
    )  # fmt: skip
    sign_in(client, "=HYPERLINK(1)@example.test", "a wrong password indeed")
    sign_in(client, "admin@example.test")
    response = client.get("/admin/audit.csv?action=sign_in.failure")
    body = response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    assert body.splitlines()[0].startswith("at_utc,actor_email")
    assert "'=hyperlink(1)@example.test" in body
    exported = db_session.scalar(
        select(AuditEvent.detail).where(AuditEvent.action == "audit.export")
    )
    assert exported == {"filters": {"action": "sign_in.failure"}, "rows": 1}


def test_the_audit_log_of_another_partnership_is_not_shown(
    client: FlaskClient, world: World
) -> None:
    sign_in(client, "admin@elsewhere.test", "a wrong password indeed")
    sign_in(client, "admin@example.test")
    page = client.get("/admin/audit?action=sign_in.failure").get_data(as_text=True)
    exported = client.get("/admin/audit.csv").get_data(as_text=True)
    assert "admin@elsewhere.test" not in page and "admin@elsewhere.test" not in exported
