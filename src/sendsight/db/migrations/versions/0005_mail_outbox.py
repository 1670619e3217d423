"""The mail outbox: every email sendsight sends, kept with when it was sent or why it failed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLE = "notify_mail_message"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("carries_secret", sa.Boolean(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=True),
        sa.Column("sent_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_notify_mail_message_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notify_mail_message")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_notify_mail_message_dedupe_key")),
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notify_mail_message_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notify_mail_message_sent_at_utc"), ["sent_at_utc"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notify_mail_message_sent_at_utc"))
        batch_op.drop_index(batch_op.f("ix_notify_mail_message_partnership_id"))
    op.drop_table(TABLE)
