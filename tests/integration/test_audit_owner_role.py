"""PostgreSQL: the audit table belongs to a role the application does not run as (migration 0004).

The database is set up the way docs/deploy.md says: an administrator creates the application's
role and the audit owner role, grants the application the database and schema privileges and,
for the upgrade only, membership of the audit owner role; the application upgrades its own
database; the administrator then revokes the membership. The application may then add to the
audit log and read it, and nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from sendsight.access.audit import record
from sendsight.db.migrate import upgrade
from sendsight.db.session import get_engine, transaction

POSTGRES_URL = os.environ.get("SENDSIGHT_TEST_POSTGRES_URL")
AUDIT_OWNER = "sendsight_audit_owner"

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="roles are PostgreSQL's")


def _admin(url: str):  # type: ignore[no-untyped-def]
    return get_engine(url).execution_options(isolation_level="AUTOCOMMIT").connect()


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    """A fresh database the application upgraded while connected as an ordinary role."""
    assert POSTGRES_URL
    base = make_url(POSTGRES_URL)
    database, role = f"{base.database}_audit", f"{base.database}_audit_app"
    _drop(database, role)
    with _admin(POSTGRES_URL) as admin:
        admin.execute(text(f"CREATE ROLE {role} LOGIN"))
        admin.execute(text(f"DO $$ BEGIN CREATE ROLE {AUDIT_OWNER} NOLOGIN; "
                           "EXCEPTION WHEN duplicate_object THEN NULL; END $$"))  # fmt: skip
        admin.execute(text(f"GRANT {AUDIT_OWNER} TO {role}"))
        admin.execute(text(f'CREATE DATABASE "{database}"'))
        admin.execute(text(f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO {role}'))
    admin_db = base.set(database=database).render_as_string(hide_password=False)
    with _admin(admin_db) as admin:
        admin.execute(text(f"GRANT USAGE, CREATE ON SCHEMA public TO {role}, {AUDIT_OWNER}"))
    url = base.set(database=database, username=role).render_as_string(hide_password=False)
    upgrade(url)
    with _admin(POSTGRES_URL) as admin:
        admin.execute(text(f"REVOKE {AUDIT_OWNER} FROM {role}"))
    yield url
    get_engine(url).dispose()
    _drop(database, role)


def _drop(database: str, role: str) -> None:
    assert POSTGRES_URL
    with _admin(POSTGRES_URL) as admin:
        admin.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.execute(text(f"DROP ROLE IF EXISTS {role}"))


def test_the_audit_table_and_its_guard_belong_to_the_audit_owner(app_url: str) -> None:
    with get_engine(app_url).connect() as connection:
        owner = connection.execute(
            text("SELECT tableowner FROM pg_tables WHERE tablename = 'access_audit_event'")
        ).scalar()
        guard = connection.execute(
            text("SELECT pg_get_userbyid(proowner) FROM pg_proc "
                 "WHERE proname = 'access_audit_event_refuse_change'")
        ).scalar()  # fmt: skip
        others = connection.execute(
            text("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public' "
                 "AND tablename <> 'access_audit_event'")
        ).scalars().all()  # fmt: skip
    assert (owner, guard) == (AUDIT_OWNER, AUDIT_OWNER)
    assert others == [make_url(app_url).username]


def test_the_application_role_adds_to_the_audit_log_and_reads_it(app_url: str) -> None:
    with transaction(app_url) as session:
        event = record(session, actor=None, action="test.owner_role", object_id="o-1")
    with get_engine(app_url).connect() as connection:
        found = connection.execute(
            text("SELECT action FROM access_audit_event WHERE id = :id"), {"id": event.id}
        ).scalar()
    assert found == "test.owner_role"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE access_audit_event SET action = 'x'",
        "DELETE FROM access_audit_event",
        "TRUNCATE access_audit_event",
        "ALTER TABLE access_audit_event DISABLE TRIGGER access_audit_event_append_only",
        "ALTER TABLE access_audit_event OWNER TO CURRENT_USER",
        "DROP TRIGGER access_audit_event_append_only ON access_audit_event",
        "DROP TABLE access_audit_event",
        "DROP TABLE access_audit_event CASCADE",
        "DROP SCHEMA public CASCADE",
        f"SET ROLE {AUDIT_OWNER}",
    ],
)
def test_the_application_role_cannot_change_or_remove_the_audit_log(
    app_url: str, statement: str
) -> None:
    with get_engine(app_url).connect() as connection:
        with pytest.raises(DBAPIError, match="permission denied|must be owner|must be member"):
            connection.execute(text(statement))
        connection.rollback()
