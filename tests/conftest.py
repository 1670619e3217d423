"""Shared fixtures: a real database per backend (SQLite always, PostgreSQL when configured).

PostgreSQL runs when ``SENDSIGHT_TEST_POSTGRES_URL`` is set (for example
``postgresql+psycopg://postgres@127.0.0.1:5432/test``). With ``SENDSIGHT_REQUIRE_POSTGRES=1``
(as in CI) a missing PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from sendsight.config import get_settings
from sendsight.db.migrate import upgrade
from sendsight.db.session import get_engine

POSTGRES_URL = os.environ.get("SENDSIGHT_TEST_POSTGRES_URL")
REQUIRE_POSTGRES = os.environ.get("SENDSIGHT_REQUIRE_POSTGRES") == "1"
TEST_DATA = Path(__file__).parent / "data"


def _reset_postgres(url: str) -> None:
    with get_engine(url).begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


def backend_url(backend: str, tmp_dir: Path) -> str:
    """A fresh, migrated database for ``backend`` ("sqlite" or "postgresql")."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_dir / 'test.db'}"
    else:
        if not POSTGRES_URL:
            message = "PostgreSQL tests need SENDSIGHT_TEST_POSTGRES_URL"
            if REQUIRE_POSTGRES:
                pytest.fail(message)
            pytest.skip(message)
        url = POSTGRES_URL
        _reset_postgres(url)
    upgrade(url)
    return url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An empty, migrated database, once per backend for the whole run."""
    return backend_url(request.param, tmp_path_factory.mktemp(request.param))


@pytest.fixture
def db_session(database_url: str) -> Iterator[Session]:
    """A session in a transaction rolled back after the test (commits become savepoints)."""
    yield from rolled_back_session(database_url)


def rolled_back_session(url: str) -> Iterator[Session]:
    """A session whose work, commits included (as savepoints), is rolled back at the end."""
    connection = get_engine(url).connect()
    outer = connection.begin()
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


@pytest.fixture(autouse=True, scope="session")
def _wired() -> None:
    """Register retention rules, scorecard facts and change handlers, as the app and CLI do."""
    from sendsight.wiring import wire

    wire()


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test reads settings afresh, in the test environment."""
    monkeypatch.setenv("SENDSIGHT_ENVIRONMENT", "test")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


# --- Seeded databases and the web test client ---------------------------------------------

DEMO_PASSWORD = "correct horse battery staple 42"
# The day the seeded demo is built "as at": its cases, measure values, notes and actions are dated
# from it, so tests that read demo figures get the same ones whatever the real date.
DEMO_TODAY = date(2026, 12, 3)


def _seeded_postgres_url() -> str:
    from sqlalchemy.engine import make_url

    assert POSTGRES_URL
    base = make_url(POSTGRES_URL)
    name = f"{base.database}_seeded"
    with get_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT").connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).scalar()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def seeded_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Reference data, shipped statistics and the demo partnership, once per backend."""
    from sendsight.cli.setup import load_shipped_data
    from sendsight.db.session import transaction
    from sendsight.demo.build import build_demo

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'seeded.db'}"
    else:
        if not POSTGRES_URL:
            if REQUIRE_POSTGRES:
                pytest.fail("PostgreSQL tests need SENDSIGHT_TEST_POSTGRES_URL")
            pytest.skip("PostgreSQL tests need SENDSIGHT_TEST_POSTGRES_URL")
        url = _seeded_postgres_url()
        _reset_postgres(url)
    upgrade(url)
    with transaction(url) as session:
        load_shipped_data(session)
        build_demo(session, la_code="354", password=DEMO_PASSWORD, today=DEMO_TODAY)
    return url


@pytest.fixture
def seeded_session(seeded_url: str) -> Iterator[Session]:
    """A rolled-back session on the seeded database."""
    yield from rolled_back_session(seeded_url)


@pytest.fixture
def app(seeded_url: str, seeded_session: Session):  # type: ignore[no-untyped-def]
    """The web app on the seeded database; everything it writes is rolled back after the test."""
    from sendsight.config import Settings
    from sendsight.web import create_app

    settings = Settings(database_url=seeded_url, environment="test", secret_key="test-secret-key")
    app = create_app(settings, sessions=lambda: seeded_session)  # type: ignore[arg-type]
    app.config.update(TESTING=True)
    app.test_client_class = CheckedClient
    return app


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    """A test client that fails the test on any malformed page."""
    return app.test_client()


from flask.testing import FlaskClient  # noqa: E402

from tests.htmlcheck import check_html  # noqa: E402


class CheckedClient(FlaskClient):
    """Flask's client, checking every HTML page: well-formed, titled after its h1, safe forms."""

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 302:
            problems = check_html(response.get_data(as_text=True))
            assert not problems, f"{response.request.path}: " + "; ".join(problems)
        return response


def sign_in(client: FlaskClient, role: str) -> None:
    """Sign the client in as the demo user for ``role``."""
    page = client.get("/sign-in")
    token = _csrf_from(page.get_data(as_text=True))
    response = client.post(
        "/sign-in",
        data={
            "email": f"{role}@demo.sendsight.test",
            "password": DEMO_PASSWORD,
            "csrf_token": token,
        },
    )
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]


def sign_out(client: FlaskClient) -> None:
    """Sign the client out with the header's sign-out button (a POST with the CSRF token)."""
    page = client.get("/account")
    assert page.status_code == 200, "sign_out needs a signed-in client"
    token = _csrf_from(page.get_data(as_text=True))
    response = client.post("/sign-out", data={"csrf_token": token})
    assert response.status_code in (302, 303), response.status_code


def _csrf_from(body: str) -> str:
    import re

    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body)
    assert match, "no CSRF token on the page"
    return match.group(1)
