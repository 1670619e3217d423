"""Case-level role grants wait for a second admin's approval.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_role_grant",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("from_role", sa.String(length=32), nullable=False),
        sa.Column("requested_by_id", sa.String(length=36), nullable=False),
        sa.Column("requested_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.String(length=36), nullable=True),
        sa.Column("decided_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["access_user.id"],
            name=op.f("fk_access_role_grant_decided_by_id_access_user"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_access_role_grant_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["access_user.id"],
            name=op.f("fk_access_role_grant_requested_by_id_access_user"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["access_user.id"], name=op.f("fk_access_role_grant_user_id_access_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_role_grant")),
    )
    with op.batch_alter_table("access_role_grant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_access_role_grant_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_access_role_grant_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("access_role_grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_role_grant_user_id"))
        batch_op.drop_index(batch_op.f("ix_access_role_grant_partnership_id"))
    op.drop_table("access_role_grant")
