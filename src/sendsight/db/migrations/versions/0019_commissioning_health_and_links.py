"""Commissioning: the partnership's ICB, priorities' co-production links, case-change versions.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def _base_columns(table: str) -> list[sa.schema.SchemaItem]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f(f"fk_{table}_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "commissioning_health_area",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("icb", sa.String(length=100), nullable=False),
        *_base_columns("commissioning_health_area"),
        sa.UniqueConstraint(
            "partnership_id", name=op.f("uq_commissioning_health_area_partnership_id")
        ),
    )
    with op.batch_alter_table("commissioning_health_area", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commissioning_health_area_partnership_id"),
            ["partnership_id"],
            unique=False,
        )
    op.create_table(
        "commissioning_priority_said",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("service_key", sa.String(length=64), nullable=False),
        sa.Column("said_item_id", sa.String(length=36), nullable=False),
        *_base_columns("commissioning_priority_said"),
        sa.UniqueConstraint(
            "partnership_id",
            "service_key",
            "said_item_id",
            name="uq_commissioning_priority_said_link",
        ),
    )
    with op.batch_alter_table("commissioning_priority_said", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commissioning_priority_said_partnership_id"),
            ["partnership_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_commissioning_priority_said_said_item_id"),
            ["said_item_id"],
            unique=False,
        )

    op.create_table(
        "commissioning_case_change",
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commissioning_case_change")),
        sa.UniqueConstraint("la_code", name=op.f("uq_commissioning_case_change_la_code")),
    )


def downgrade() -> None:
    op.drop_table("commissioning_case_change")
    op.drop_table("commissioning_priority_said")
    op.drop_table("commissioning_health_area")
