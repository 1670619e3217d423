"""Alembic environment: runs migrations against the URL set by sendsight.db.migrate."""

from __future__ import annotations

from alembic import context

from sendsight.db.models import metadata
from sendsight.db.session import get_engine

config = context.config
url = config.get_main_option("sqlalchemy.url")
assert url, "sendsight.db.migrate sets sqlalchemy.url"

with get_engine(url).connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
