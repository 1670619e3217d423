"""Sessions ended by signing out are remembered until their cookies could no longer be used.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLE = "access_ended_session"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("session_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_access_ended_session_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["access_user.id"],
            name=op.f("fk_access_ended_session_user_id_access_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_ended_session")),
        sa.UniqueConstraint("session_hash", name=op.f("uq_access_ended_session_session_hash")),
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_access_ended_session_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_access_ended_session_user_id"), ["user_id"])
        batch_op.create_index(
            batch_op.f("ix_access_ended_session_expires_at_utc"), ["expires_at_utc"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_ended_session_expires_at_utc"))
        batch_op.drop_index(batch_op.f("ix_access_ended_session_user_id"))
        batch_op.drop_index(batch_op.f("ix_access_ended_session_partnership_id"))
    op.drop_table(TABLE)
