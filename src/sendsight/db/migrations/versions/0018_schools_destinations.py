"""Schools: KS4 destinations figures (cohort and pupils in a sustained destination) by school.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("schools_figure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ks4_cohort", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("ks4_sustained", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("schools_figure", schema=None) as batch_op:
        batch_op.drop_column("ks4_sustained")
        batch_op.drop_column("ks4_cohort")
