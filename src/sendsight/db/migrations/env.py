"""Alembic environment: runs migrations against the URL set by sendsight.db.migrate."""

from __future__ import annotations

from typing import Any

from alembic import context

from sendsight.db.models import metadata
from sendsight.db.session import get_engine

config = context.config
url = config.get_main_option("sqlalchemy.url")
assert url, "sendsight.db.migrate sets sqlalchemy.url"

with get_engine(url).connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    driver: Any = connection.connection.driver_connection
    if sqlite:
        # SQLite changes a table by rebuilding it: the old table is dropped while rows in other
        # tables still point at it. References are checked once, before the migration commits.
        # The pragma is set outside any transaction (inside one it is ignored).
        driver.execute("PRAGMA foreign_keys=OFF")
    try:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                raise RuntimeError("The migration left rows pointing at rows that do not exist")
    finally:
        if sqlite:
            # Never hand this connection back to the pool with references unchecked: the next
            # user gets a fresh connection, with foreign keys on (``db.session``'s pragmas).
            connection.invalidate()
