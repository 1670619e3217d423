"""The migrations create exactly the tables and columns the models declare, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from sendsight.db.models import metadata
from sendsight.db.session import get_engine
from tests.conftest import backend_url


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migrating_an_empty_database_matches_the_models(backend: str, tmp_path: Path) -> None:
    url = backend_url(backend, tmp_path)
    with get_engine(url).connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    assert diff == []


def test_postgresql_refuses_changes_to_the_audit_log_after_migrating(tmp_path: Path) -> None:
    url = backend_url("postgresql", tmp_path)
    with get_engine(url).connect() as connection:
        triggers = (
            connection.execute(
                text(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = 'access_audit_event'::regclass "
                    "AND NOT tgisinternal ORDER BY tgname"
                )
            )
            .scalars()
            .all()
        )
    assert triggers == ["access_audit_event_append_only", "access_audit_event_no_truncate"]
