"""The priorities of a post-inspection plan (priority action plan or strategic plan), each
tracked as an outcomes action.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "governance_plan_priority",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("plan_kind", sa.String(length=30), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("priority", sa.String(length=500), nullable=False),
        sa.Column("action_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["outcomes_action.id"],
            name=op.f("fk_governance_plan_priority_action_id_outcomes_action"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_governance_plan_priority_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_governance_plan_priority")),
    )
    op.create_index(
        op.f("ix_governance_plan_priority_action_id"),
        "governance_plan_priority",
        ["action_id"],
        unique=True,
    )
    op.create_index(
        op.f("ix_governance_plan_priority_la_code"),
        "governance_plan_priority",
        ["la_code"],
        unique=False,
    )
    op.create_index(
        op.f("ix_governance_plan_priority_partnership_id"),
        "governance_plan_priority",
        ["partnership_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("governance_plan_priority")
