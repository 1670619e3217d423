"""Tables of the assessment domain: frameworks, themes, statements, rounds, ratings.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment_framework",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("scale", sa.JSON(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_assessment_framework_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_framework")),
        sa.UniqueConstraint(
            "partnership_id", "key", name=op.f("uq_assessment_framework_partnership_id_key")
        ),
    )
    with op.batch_alter_table("assessment_framework", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_framework_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "assessment_round",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("framework_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("target_level", sa.String(length=32), nullable=False),
        sa.Column("closed_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["assessment_framework.id"],
            name=op.f("fk_assessment_round_framework_id_assessment_framework"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_assessment_round_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_round")),
    )
    with op.batch_alter_table("assessment_round", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_round_framework_id"), ["framework_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_round_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "assessment_theme",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("framework_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("plain_title", sa.String(length=300), nullable=False),
        sa.Column("inspection_areas", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["assessment_framework.id"],
            name=op.f("fk_assessment_theme_framework_id_assessment_framework"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_assessment_theme_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_theme")),
        sa.UniqueConstraint(
            "framework_id", "key", name=op.f("uq_assessment_theme_framework_id_key")
        ),
    )
    with op.batch_alter_table("assessment_theme", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_theme_framework_id"), ["framework_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_theme_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "assessment_participant",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("round_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("submitted_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["access_organisation.id"],
            name=op.f("fk_assessment_participant_organisation_id_access_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_assessment_participant_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["assessment_round.id"],
            name=op.f("fk_assessment_participant_round_id_assessment_round"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_participant")),
        sa.UniqueConstraint(
            "round_id",
            "organisation_id",
            name=op.f("uq_assessment_participant_round_id_organisation_id"),
        ),
    )
    with op.batch_alter_table("assessment_participant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_participant_organisation_id"),
            ["organisation_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_participant_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_participant_round_id"), ["round_id"], unique=False
        )

    op.create_table(
        "assessment_statement",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("framework_id", sa.String(length=36), nullable=False),
        sa.Column("theme_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("plain_text", sa.Text(), nullable=False),
        sa.Column("statutory", sa.Boolean(), nullable=False),
        sa.Column("duty", sa.String(length=300), nullable=False),
        sa.Column("descriptors", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["assessment_framework.id"],
            name=op.f("fk_assessment_statement_framework_id_assessment_framework"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_assessment_statement_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["assessment_theme.id"],
            name=op.f("fk_assessment_statement_theme_id_assessment_theme"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_statement")),
        sa.UniqueConstraint(
            "framework_id", "key", name=op.f("uq_assessment_statement_framework_id_key")
        ),
    )
    with op.batch_alter_table("assessment_statement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_statement_framework_id"), ["framework_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_statement_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_statement_theme_id"), ["theme_id"], unique=False
        )

    op.create_table(
        "assessment_action_link",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("round_id", sa.String(length=36), nullable=False),
        sa.Column("statement_id", sa.String(length=36), nullable=False),
        sa.Column("action_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["outcomes_action.id"],
            name=op.f("fk_assessment_action_link_action_id_outcomes_action"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_assessment_action_link_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["assessment_round.id"],
            name=op.f("fk_assessment_action_link_round_id_assessment_round"),
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["assessment_statement.id"],
            name=op.f("fk_assessment_action_link_statement_id_assessment_statement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_action_link")),
        sa.UniqueConstraint("action_id", name=op.f("uq_assessment_action_link_action_id")),
    )
    with op.batch_alter_table("assessment_action_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_action_link_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_action_link_round_id"), ["round_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_action_link_statement_id"), ["statement_id"], unique=False
        )

    op.create_table(
        "assessment_consensus",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("round_id", sa.String(length=36), nullable=False),
        sa.Column("statement_id", sa.String(length=36), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("level_index", sa.Integer(), nullable=False),
        sa.Column("duty_met", sa.Boolean(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("agreed_by", sa.String(length=254), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_assessment_consensus_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["assessment_round.id"],
            name=op.f("fk_assessment_consensus_round_id_assessment_round"),
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["assessment_statement.id"],
            name=op.f("fk_assessment_consensus_statement_id_assessment_statement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_consensus")),
        sa.UniqueConstraint(
            "round_id", "statement_id", name=op.f("uq_assessment_consensus_round_id_statement_id")
        ),
    )
    with op.batch_alter_table("assessment_consensus", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_consensus_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_consensus_round_id"), ["round_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_consensus_statement_id"), ["statement_id"], unique=False
        )

    op.create_table(
        "assessment_rating",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("round_id", sa.String(length=36), nullable=False),
        sa.Column("statement_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("level_index", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.String(length=16), nullable=False),
        sa.Column("duty_met", sa.Boolean(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("rated_by", sa.String(length=254), nullable=False),
        sa.Column("rated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["access_organisation.id"],
            name=op.f("fk_assessment_rating_organisation_id_access_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_assessment_rating_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["assessment_round.id"],
            name=op.f("fk_assessment_rating_round_id_assessment_round"),
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["assessment_statement.id"],
            name=op.f("fk_assessment_rating_statement_id_assessment_statement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_rating")),
        sa.UniqueConstraint(
            "round_id",
            "statement_id",
            "organisation_id",
            name=op.f("uq_assessment_rating_round_id_statement_id_organisation_id"),
        ),
    )
    with op.batch_alter_table("assessment_rating", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_rating_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_rating_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_rating_round_id"), ["round_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_rating_statement_id"), ["statement_id"], unique=False
        )

    op.create_table(
        "assessment_evidence",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("rating_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("measure_id", sa.String(length=36), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("period", sa.String(length=24), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("england", sa.Float(), nullable=True),
        sa.Column("trend", sa.String(length=120), nullable=True),
        sa.Column("polarity", sa.String(length=16), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_assessment_evidence_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["rating_id"],
            ["assessment_rating.id"],
            name=op.f("fk_assessment_evidence_rating_id_assessment_rating"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_evidence")),
    )
    with op.batch_alter_table("assessment_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_evidence_measure_id"), ["measure_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_evidence_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_evidence_rating_id"), ["rating_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("assessment_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_evidence_rating_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_evidence_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_evidence_measure_id"))

    op.drop_table("assessment_evidence")
    with op.batch_alter_table("assessment_rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_rating_statement_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_rating_round_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_rating_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_rating_organisation_id"))

    op.drop_table("assessment_rating")
    with op.batch_alter_table("assessment_consensus", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_consensus_statement_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_consensus_round_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_consensus_partnership_id"))

    op.drop_table("assessment_consensus")
    with op.batch_alter_table("assessment_action_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_action_link_statement_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_action_link_round_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_action_link_partnership_id"))

    op.drop_table("assessment_action_link")
    with op.batch_alter_table("assessment_statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_statement_theme_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_statement_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_statement_framework_id"))

    op.drop_table("assessment_statement")
    with op.batch_alter_table("assessment_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_participant_round_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_participant_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_participant_organisation_id"))

    op.drop_table("assessment_participant")
    with op.batch_alter_table("assessment_theme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_theme_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_theme_framework_id"))

    op.drop_table("assessment_theme")
    with op.batch_alter_table("assessment_round", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_round_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_round_framework_id"))

    op.drop_table("assessment_round")
    with op.batch_alter_table("assessment_framework", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_framework_partnership_id"))

    op.drop_table("assessment_framework")
