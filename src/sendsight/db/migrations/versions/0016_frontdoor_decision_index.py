"""Front door: an index on decisions' last change (the analytics cache's version check).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("frontdoor_decision", schema=None) as batch_op:
        batch_op.create_index("ix_frontdoor_decision_updated", ["updated_at_utc"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("frontdoor_decision", schema=None) as batch_op:
        batch_op.drop_index("ix_frontdoor_decision_updated")
