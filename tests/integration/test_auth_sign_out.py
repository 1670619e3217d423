"""Signing out is a POST from a button: this browser only, or every device from the account page."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.models import AuditEvent
from tests.integration import test_access_support as support
from tests.integration.test_access_support import World, csrf_from, post_form, sign_in

app, client, clock, make_app, world = (
    support.app,
    support.client,
    support.clock,
    support.make_app,
    support.world,
)


def _signed_in(client: FlaskClient) -> bool:
    return client.get("/admin/").status_code == 200


def _actions(session: Session) -> list[str]:
    query = select(AuditEvent.action).where(AuditEvent.actor_email == "admin@example.test")
    return list(session.scalars(query.order_by(AuditEvent.at_utc, AuditEvent.id)))


def test_following_a_sign_out_link_signs_nobody_out(client: FlaskClient, world: World) -> None:
    sign_in(client, "admin@example.test")
    page = client.get("/sign-out")
    assert page.status_code == 200 and "<form" in page.get_data(as_text=True)
    assert _signed_in(client)


def test_a_sign_out_post_from_another_site_is_refused(client: FlaskClient, world: World) -> None:
    sign_in(client, "admin@example.test")
    assert client.post("/sign-out").status_code == 400
    assert _signed_in(client)


def test_every_page_has_a_sign_out_button_that_needs_no_javascript(
    client: FlaskClient, world: World
) -> None:
    sign_in(client, "admin@example.test")
    body = client.get("/").get_data(as_text=True)
    assert 'action="/sign-out"' in body and '<button type="submit" class="app-link-button">' in body
    assert 'href="/sign-out"' not in body


def test_sign_out_ends_this_session_only(
    app: Flask, client: FlaskClient, world: World, db_session: Session
) -> None:
    other_device = app.test_client()
    sign_in(client, "admin@example.test")
    sign_in(other_device, "admin@example.test")
    response = post_form(client, "/", "/sign-out", {})
    assert response.headers["Location"] == "/sign-in"  # type: ignore[attr-defined]
    assert not _signed_in(client)
    assert _signed_in(other_device)
    assert _actions(db_session)[-1] == "sign_out"


def test_signing_out_ends_any_copy_of_this_sessions_cookie_too(
    app: Flask, client: FlaskClient, world: World, db_session: Session
) -> None:
    other_device = app.test_client()
    sign_in(client, "admin@example.test")
    sign_in(other_device, "admin@example.test")
    copied = client.get_cookie("sendsight_session")
    assert copied is not None
    post_form(client, "/", "/sign-out", {})
    thief = app.test_client()
    thief.set_cookie("sendsight_session", copied.value)
    assert not _signed_in(thief)  # the signed-out session is refused on the server
    assert _signed_in(other_device)  # and only that one


def test_a_session_ends_at_its_absolute_limit_however_active(
    client: FlaskClient, world: World, clock: support.Clock
) -> None:
    sign_in(client, "admin@example.test")
    for _ in range(12 * 4):  # a request every 15 minutes for 12 hours
        assert _signed_in(client)
        clock.advance(minutes=15)
    assert not _signed_in(client)


def test_sign_out_everywhere_ends_every_session_and_any_copy_of_a_cookie(
    app: Flask, client: FlaskClient, world: World, db_session: Session
) -> None:
    other_device = app.test_client()
    sign_in(client, "admin@example.test")
    sign_in(other_device, "admin@example.test")
    stolen = other_device.get_cookie("sendsight_session")
    assert stolen is not None
    account = client.get("/account").get_data(as_text=True)
    assert "Sign out everywhere" in account
    client.post("/account/sign-out-everywhere", data={"csrf_token": csrf_from(account)})
    assert not _signed_in(client)
    assert not _signed_in(other_device)
    thief = app.test_client()
    thief.set_cookie("sendsight_session", stolen.value)
    assert not _signed_in(thief)
    assert _actions(db_session)[-1] == "sign_out.everywhere"


def test_sign_out_everywhere_needs_the_form_token(client: FlaskClient, world: World) -> None:
    sign_in(client, "admin@example.test")
    assert client.post("/account/sign-out-everywhere").status_code == 400
    assert _signed_in(client)


def test_the_sign_out_and_account_pages_are_well_formed(app: Flask, world: World) -> None:
    from tests.conftest import CheckedClient

    app.test_client_class = CheckedClient
    checked = app.test_client()
    sign_in(checked, "admin@example.test")
    for url in ("/sign-out", "/account", "/"):
        assert checked.get(url).status_code == 200, url
