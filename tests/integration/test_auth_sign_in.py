"""Signing in and out with an email and password, on SQLite and PostgreSQL."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.models import AuditEvent
from tests.integration import test_access_support as support
from tests.integration.test_access_support import World, sign_in

app, client, clock, make_app, world = (
    support.app,
    support.client,
    support.clock,
    support.make_app,
    support.world,
)


def _actions(session: Session, email: str) -> list[str]:
    query = select(AuditEvent.action).where(AuditEvent.actor_email == email)
    return list(session.scalars(query.order_by(AuditEvent.at_utc, AuditEvent.id)))


def test_correct_password_signs_in_and_is_audited(
    client: FlaskClient, world: World, db_session: Session
) -> None:
    location = sign_in(client, "Analyst@Example.test")
    assert location == "/"
    assert client.get("/admin/").status_code == 403
    assert _actions(db_session, "analyst@example.test") == ["sign_in.success"]


def test_wrong_password_shows_the_generic_message_and_is_audited(
    client: FlaskClient, world: World, db_session: Session
) -> None:
    page = sign_in(client, "analyst@example.test", "not the right password at all")
    assert "Enter a correct email address and password" in page
    assert client.get("/admin/").status_code == 302
    assert _actions(db_session, "analyst@example.test") == ["sign_in.failure"]


def test_unknown_email_gets_the_same_message_as_a_wrong_password(
    client: FlaskClient, world: World, db_session: Session
) -> None:
    unknown = sign_in(client, "nobody@example.test", "whatever it is they typed")
    wrong = sign_in(client, "analyst@example.test", "whatever it is they typed")
    assert "Enter a correct email address and password" in unknown
    assert unknown.count("Enter a correct email address and password") == wrong.count(
        "Enter a correct email address and password"
    )
    assert _actions(db_session, "nobody@example.test") == ["sign_in.failure"]


def test_anonymous_request_for_a_private_page_is_sent_to_sign_in_and_back(
    client: FlaskClient, world: World
) -> None:
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=/admin/users")
    assert sign_in(client, "admin@example.test", next_url="/admin/users") == "/admin/users"


def test_sign_in_never_redirects_to_another_site(client: FlaskClient, world: World) -> None:
    assert sign_in(client, "admin@example.test", next_url="//evil.example/") == "/"


def test_account_locks_after_repeated_failures_and_unlocks_later(
    client: FlaskClient, world: World, clock: support.Clock, db_session: Session
) -> None:
    for _ in range(5):
        sign_in(client, "partner@example.test", "wrong password number one")
    refused = sign_in(client, "partner@example.test")
    assert "Enter a correct email address and password" in refused
    reasons = db_session.scalars(
        select(AuditEvent.detail)
        .where(AuditEvent.actor_email == "partner@example.test")
        .order_by(AuditEvent.at_utc, AuditEvent.id)
    ).all()
    assert reasons[-1] == {"reason": "locked"}
    clock.advance(minutes=16)
    assert sign_in(client, "partner@example.test") == "/"


def test_idle_session_expires_after_the_configured_minutes(
    client: FlaskClient, world: World, clock: support.Clock
) -> None:
    sign_in(client, "admin@example.test")
    clock.advance(minutes=29)
    assert client.get("/admin/").status_code == 200
    clock.advance(minutes=29)
    assert client.get("/admin/").status_code == 200
    clock.advance(minutes=31)
    expired = client.get("/admin/")
    assert expired.status_code == 302
    page = client.get(expired.headers["Location"]).get_data(as_text=True)
    assert "had not used the service for 30 minutes" in page


def test_tampered_cookie_is_treated_as_signed_out(client: FlaskClient, world: World) -> None:
    sign_in(client, "admin@example.test")
    cookie = client.get_cookie("sendsight_session")
    assert cookie is not None
    payload, _, signature = cookie.value.rpartition(".")
    client.set_cookie("sendsight_session", payload + "." + signature[::-1])
    assert client.get("/admin/").status_code == 302


def test_form_posted_without_a_csrf_token_is_refused(
    client: FlaskClient, world: World, db_session: Session
) -> None:
    response = client.post(
        "/sign-in", data={"email": "admin@example.test", "password": support.PASSWORD}
    )
    assert response.status_code == 400
    assert _actions(db_session, "admin@example.test") == []


def test_deactivated_user_is_signed_out_and_cannot_sign_in(
    client: FlaskClient, world: World, db_session: Session
) -> None:
    sign_in(client, "analyst@example.test")
    world.users["analyst"].active = False
    db_session.flush()
    assert client.get("/admin/").status_code == 302
    assert "Enter a correct email address and password" in sign_in(client, "analyst@example.test")


def test_demo_account_is_refused_outside_a_demo_database(
    client: FlaskClient, world: World, db_session: Session
) -> None:
    from sendsight.access import queries
    from sendsight.access.passwords import hash_password, hasher
    from sendsight.access.roles import Role

    queries.create_user(
        session=db_session,
        email="admin@demo.sendsight.test",
        name="Demo",
        organisation=world.orgs["la901"],
        role=Role.ADMIN,
        password_hash=hash_password(support.PASSWORD, hasher(1, 8192)),
    )
    page = sign_in(client, "admin@demo.sendsight.test")
    assert "Enter a correct email address and password" in page
    reasons = db_session.scalars(
        select(AuditEvent.detail).where(AuditEvent.actor_email == "admin@demo.sendsight.test")
    ).all()
    assert reasons == [{"reason": "demo_refused"}]


def test_many_failures_from_one_address_get_the_too_many_attempts_page(
    make_app: object, world: World, db_session: Session
) -> None:
    app = make_app(sign_in_ip_max_failures=3)  # type: ignore[operator]
    client = app.test_client()
    for number in range(3):
        sign_in(client, f"guess{number}@example.test", "some wrong password here")
    page = client.get("/sign-in")
    token = support.csrf_from(page.get_data(as_text=True))
    response = client.post(
        "/sign-in",
        data={"email": "admin@example.test", "password": support.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 429
    assert _actions(db_session, "admin@example.test") == ["sign_in.throttled"]


def test_session_cookie_is_httponly_samesite_and_secure_in_production(
    client: FlaskClient, world: World, make_app: object
) -> None:
    sign_in(client, "admin@example.test")
    cookie = client.get_cookie("sendsight_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    production = make_app(environment="production")  # type: ignore[operator]
    assert production.config["SESSION_COOKIE_SECURE"] is True
