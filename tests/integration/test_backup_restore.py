"""The backup procedure in docs/deploy.md works: a custom-format ``pg_dump`` of the demo
database, restored with ``pg_restore`` into a fresh database, serves the same pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import make_url

from sendsight.config import Settings
from sendsight.db.session import get_engine
from sendsight.web import create_app
from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES, rolled_back_session, sign_in

PAGES = (
    "/",
    "/areas/354",
    "/areas/354/indicators/pct-20-weeks-excl-exceptions",
    "/scorecard",
    "/ehc/?la=354",
    "/ehc/timeliness.csv?la=354",
    "/api/v1/scorecard",
)
# Different on every response, whatever the database holds.
PER_RESPONSE = (
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r'(name="csrf_token"[^>]*value=)"[^"]*"'), r'\1""'),
)


def _libpq(url: str) -> str:
    """The URL as PostgreSQL's own tools read it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed (Debian: postgresql-client)"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def restored_url(seeded_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seeded demo database, dumped and restored into a database of its own."""
    if not seeded_url.startswith("postgresql"):
        pytest.skip("pg_dump and pg_restore are PostgreSQL's")
    assert POSTGRES_URL
    name = f"{make_url(POSTGRES_URL).database}_restored"
    admin = get_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(seeded_url).set(database=name).render_as_string(hide_password=False)
    dump = Path(tmp_path_factory.mktemp("backup")) / "sendsight.dump"
    _run(_tool("pg_dump"), "--format=custom", f"--file={dump}", f"--dbname={_libpq(seeded_url)}")
    _run(_tool("pg_restore"), "--exit-on-error", f"--dbname={_libpq(url)}", str(dump))
    yield url
    get_engine(url).dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _run(*command: str) -> None:
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert finished.returncode == 0, finished.stderr


def _pages(url: str) -> dict[str, str]:
    """Each page as an analyst sees it, from the database at ``url`` (left unchanged)."""
    sessions = rolled_back_session(url)
    session = next(sessions)
    try:
        settings = Settings(database_url=url, environment="test", secret_key="test-secret-key")
        app: Flask = create_app(settings, sessions=lambda: session)  # type: ignore[arg-type]
        app.config.update(TESTING=True)
        client = app.test_client()
        sign_in(client, "analyst")
        return {path: _steady(client.get(path)) for path in PAGES}
    finally:
        sessions.close()


def _steady(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, (response.request.path, response.status_code)
    body: str = response.get_data(as_text=True)
    for pattern, replacement in PER_RESPONSE:
        body = pattern.sub(replacement, body)
    return body


def test_a_restored_backup_serves_the_same_pages(seeded_url: str, restored_url: str) -> None:
    original, restored = _pages(seeded_url), _pages(restored_url)
    for path in PAGES:
        assert restored[path] == original[path], path


def test_the_restored_audit_log_keeps_its_owner_and_guard(restored_url: str) -> None:
    with get_engine(restored_url).connect() as connection:
        owner = connection.execute(
            text("SELECT tableowner FROM pg_tables WHERE tablename = 'access_audit_event'")
        ).scalar()
        triggers = connection.execute(
            text("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'access_audit_event'::regclass "
                 "AND NOT tgisinternal")
        ).scalar()  # fmt: skip
    assert (owner, triggers) == ("sendsight_audit_owner", 2)
