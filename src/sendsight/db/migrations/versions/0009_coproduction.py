"""Tables of the coproduction domain: activities, participation counts, "you said" items.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ACTIVITY = "coproduction_activity"
COUNTS = "coproduction_participation"
THEME = "coproduction_theme"


def _common(table: str) -> list[sa.schema.SchemaItem]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f(f"fk_{table}_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _activity_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["activity_id"], [f"{ACTIVITY}.id"], name=op.f(f"fk_{table}_activity_id_{ACTIVITY}")
    )


def upgrade() -> None:
    op.create_table(
        ACTIVITY,
        *_common(ACTIVITY),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("ladder_level", sa.String(length=16), nullable=False),
        sa.Column("coproduction_type", sa.String(length=32), nullable=False),
        sa.Column("partners", sa.String(length=500), nullable=False),
        sa.Column("adjustments", sa.String(length=300), nullable=False),
        sa.UniqueConstraint(
            "partnership_id", "key", name=op.f(f"uq_{ACTIVITY}_partnership_id_key")
        ),
    )
    op.create_table(
        COUNTS,
        *_common(COUNTS),
        sa.Column("activity_id", sa.String(length=36), nullable=False),
        sa.Column("group", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        _activity_fk(COUNTS),
        sa.UniqueConstraint(
            "activity_id", "group", "category", name=op.f(f"uq_{COUNTS}_activity_id_group_category")
        ),
    )
    op.create_table(
        THEME,
        *_common(THEME),
        sa.Column("activity_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("said", sa.Text(), nullable=False),
        sa.Column("response_kind", sa.String(length=16), nullable=True),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("will_by_on", sa.Date(), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("measure_id", sa.String(length=36), nullable=True),
        sa.Column("action_id", sa.String(length=36), nullable=True),
        _activity_fk(THEME),
        sa.UniqueConstraint("activity_id", "key", name=op.f(f"uq_{THEME}_activity_id_key")),
    )
    for table, columns in _INDEXES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


_INDEXES = {
    ACTIVITY: ("held_on", "partnership_id"),
    COUNTS: ("activity_id", "partnership_id"),
    THEME: ("activity_id", "measure_id", "partnership_id"),
}


def downgrade() -> None:
    for table, columns in _INDEXES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
    op.drop_table(THEME)
    op.drop_table(COUNTS)
    op.drop_table(ACTIVITY)
