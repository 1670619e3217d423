"""The directory: an index that answers "has the directory changed?" without reading services.

The directory's data version (``directory.queries.data_version``) is the number of a
partnership's services and the newest ``updated_at_utc`` among them; this index lets both come
from the index alone (decision 0903).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_directory_service_partnership_updated",
        "directory_service",
        ["partnership_id", "updated_at_utc"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_directory_service_partnership_updated", table_name="directory_service")
