"""Shared fixtures and helpers, imported by the other test_access_ and test_auth_ files.

A made-up partnership: two councils' organisations, two schools, and one user per role.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session, sessionmaker

from sendsight.access import queries
from sendsight.access.models import Organisation, OrganisationKind, User
from sendsight.access.passwords import hash_password, hasher
from sendsight.access.roles import Role
from sendsight.config import Settings
from sendsight.web import create_app
from sendsight.web.blueprints.auth import CLOCK_KEY

PASSWORD = "correct horse battery staple"
FAST_ARGON2 = {"argon2_time_cost": 1, "argon2_memory_kib": 8192}
CSRF_PATTERN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"|value="([^"]+)" name="csrf_token"'
)


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = field(default_factory=lambda: datetime(2025, 3, 3, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@dataclass
class World:
    """The seeded partnership: organisations by short name and users by role."""

    orgs: dict[str, Organisation]
    users: dict[str, User]


def settings_for(database_url: str, **overrides: object) -> Settings:
    """Settings for a test app: cheap hashing, the test database."""
    values: dict[str, object] = {
        "database_url": database_url,
        "environment": "test",
        "secret_key": "test-secret-key-for-access-tests",
        **FAST_ARGON2,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def seed_world(session: Session) -> World:
    """Two local authorities in one partnership, plus a second partnership elsewhere."""
    ph = hasher(1, 8192)
    home = queries.create_partnership(
        session=session, name="Test Partnership", la_codes=["901", "902"]
    )
    away = queries.create_partnership(
        session=session, name="Elsewhere Partnership", la_codes=["903"]
    )
    orgs = {
        "la901": queries.create_organisation(
            session=session,
            partnership=home,
            name="Council 901",
            kind=OrganisationKind.LOCAL_AUTHORITY,
            la_code="901",
        ),
        "la902": queries.create_organisation(
            session=session,
            partnership=home,
            name="Council 902",
            kind=OrganisationKind.LOCAL_AUTHORITY,
            la_code="902",
        ),
        "icb": queries.create_organisation(
            session=session, partnership=home, name="Test ICB", kind=OrganisationKind.ICB
        ),
        "school_a": queries.create_organisation(
            session=session,
            partnership=home,
            name="School A",
            kind=OrganisationKind.SCHOOL,
            la_code="901",
            urn="900001",
        ),
        "school_b": queries.create_organisation(
            session=session,
            partnership=home,
            name="School B",
            kind=OrganisationKind.SCHOOL,
            la_code="901",
            urn="900002",
        ),
        "away": queries.create_organisation(
            session=session,
            partnership=away,
            name="Council 903",
            kind=OrganisationKind.LOCAL_AUTHORITY,
            la_code="903",
        ),
    }
    homes = {
        Role.ADMIN: "la901",
        Role.ANALYST: "la901",
        Role.CASEWORKER: "la901",
        Role.PARTNER: "icb",
        Role.SCHOOL: "school_a",
    }
    users = {
        role.value: queries.create_user(
            session=session,
            email=f"{role.value}@example.test",
            name=f"Test {role.value.capitalize()}",
            organisation=orgs[org],
            role=role,
            password_hash=hash_password(PASSWORD, ph),
        )
        for role, org in homes.items()
    }
    users["away_admin"] = queries.create_user(
        session=session,
        email="admin@elsewhere.test",
        name="Away Admin",
        organisation=orgs["away"],
        role=Role.ADMIN,
        password_hash=hash_password(PASSWORD, ph),
    )
    session.flush()
    return World(orgs, users)


def csrf_from(html: str) -> str:
    """The CSRF token in a rendered form."""
    match = CSRF_PATTERN.search(html)
    assert match, "no CSRF token on the page"
    return next(group for group in match.groups() if group)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD, next_url: str = "") -> str:
    """Post the sign-in form like a browser; returns the response's Location (or the page)."""
    page = client.get("/sign-in")
    token = csrf_from(page.get_data(as_text=True))
    target = f"/sign-in?next={next_url}" if next_url else "/sign-in"
    response = client.post(target, data={"email": email, "password": password, "csrf_token": token})
    return response.headers.get("Location") or response.get_data(as_text=True)


def post_form(client: FlaskClient, page_url: str, action: str, data: dict[str, str]) -> object:
    """GET ``page_url`` for a CSRF token, then POST ``data`` to ``action``."""
    token = csrf_from(client.get(page_url).get_data(as_text=True))
    return client.post(action, data={**data, "csrf_token": token})


@pytest.fixture
def world(db_session: Session) -> World:
    """The seeded partnership in this test's transaction."""
    return seed_world(db_session)


@pytest.fixture
def clock() -> Clock:
    """A hand-moved clock for the app."""
    return Clock()


@pytest.fixture
def make_app(db_session: Session, database_url: str, clock: Clock) -> Callable[..., Flask]:
    """Build an app on the test transaction, with optional setting overrides."""

    def build(**overrides: object) -> Flask:
        factory = sessionmaker(
            bind=db_session.connection(),
            expire_on_commit=False,
            join_transaction_mode="create_savepoint",
        )
        app = create_app(settings_for(database_url, **overrides), sessions=factory)
        app.extensions[CLOCK_KEY] = clock
        return app

    return build


@pytest.fixture
def app(make_app: Callable[..., Flask], world: World) -> Flask:
    """An app over the seeded partnership."""
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser-like test client."""
    return app.test_client()
