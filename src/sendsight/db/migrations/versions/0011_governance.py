"""Tables of the governance domain: the pupil-level SEN census, board meetings and their
archived packs, owners' commentary and the decisions log.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TABLES = (
    "governance_decision",
    "governance_commentary",
    "governance_census_pupil",
    "governance_census_import",
    "governance_board_meeting",
)


def upgrade() -> None:
    op.create_table(
        "governance_board_meeting",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("meeting_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("data_date", sa.Date(), nullable=True),
        sa.Column("issued_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("issued_by", sa.String(length=254), nullable=True),
        sa.Column("pack", sa.JSON(), nullable=True),
        sa.Column("pack_digest", sa.String(length=64), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_governance_board_meeting_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_governance_board_meeting")),
        sa.UniqueConstraint(
            "partnership_id",
            "meeting_on",
            name=op.f("uq_governance_board_meeting_partnership_id_meeting_on"),
        ),
    )
    op.create_index(
        op.f("ix_governance_board_meeting_partnership_id"),
        "governance_board_meeting",
        ["partnership_id"],
        unique=False,
    )
    op.create_table(
        "governance_census_import",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("census_date", sa.Date(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("pupils", sa.Integer(), nullable=False),
        sa.Column("imported_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=254), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_governance_census_import_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_governance_census_import")),
    )
    op.create_index(
        op.f("ix_governance_census_import_la_code"),
        "governance_census_import",
        ["la_code"],
        unique=False,
    )
    op.create_index(
        op.f("ix_governance_census_import_partnership_id"),
        "governance_census_import",
        ["partnership_id"],
        unique=False,
    )
    op.create_table(
        "governance_census_pupil",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("upn", sa.String(length=13), nullable=False),
        sa.Column("person_id", sa.String(length=100), nullable=True),
        sa.Column("uln", sa.String(length=10), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("gender", sa.String(length=1), nullable=True),
        sa.Column("ethnicity", sa.String(length=4), nullable=True),
        sa.Column("sen_provision", sa.String(length=1), nullable=False),
        sa.Column("primary_need", sa.String(length=10), nullable=True),
        sa.Column("urn", sa.String(length=6), nullable=True),
        sa.Column("phase", sa.String(length=20), nullable=True),
        sa.Column("subsidiary_phase", sa.String(length=20), nullable=True),
        sa.Column("elective_home_education", sa.Boolean(), nullable=False),
        sa.Column("suspensions", sa.Integer(), nullable=True),
        sa.Column("permanent_exclusions", sa.Integer(), nullable=True),
        sa.Column("absence_pct", sa.Float(), nullable=True),
        sa.Column("pupil_premium", sa.Boolean(), nullable=True),
        sa.Column("csc_team", sa.String(length=30), nullable=True),
        sa.Column("disability", sa.Boolean(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_governance_census_pupil_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_governance_census_pupil")),
        sa.UniqueConstraint("la_code", "upn", name=op.f("uq_governance_census_pupil_la_code_upn")),
    )
    op.create_index(
        op.f("ix_governance_census_pupil_la_code"),
        "governance_census_pupil",
        ["la_code"],
        unique=False,
    )
    op.create_index(
        op.f("ix_governance_census_pupil_partnership_id"),
        "governance_census_pupil",
        ["partnership_id"],
        unique=False,
    )
    op.create_table(
        "governance_commentary",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("measure_key", sa.String(length=64), nullable=False),
        sa.Column("measure_name", sa.String(length=300), nullable=False),
        sa.Column("owner_email", sa.String(length=254), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("answered_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["governance_board_meeting.id"],
            name=op.f("fk_governance_commentary_meeting_id_governance_board_meeting"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_governance_commentary_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_governance_commentary")),
        sa.UniqueConstraint(
            "meeting_id",
            "measure_key",
            name=op.f("uq_governance_commentary_meeting_id_measure_key"),
        ),
    )
    op.create_index(
        op.f("ix_governance_commentary_meeting_id"),
        "governance_commentary",
        ["meeting_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_governance_commentary_partnership_id"),
        "governance_commentary",
        ["partnership_id"],
        unique=False,
    )
    op.create_table(
        "governance_decision",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("concerns_kind", sa.String(length=20), nullable=False),
        sa.Column("concerns_ref", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["governance_board_meeting.id"],
            name=op.f("fk_governance_decision_meeting_id_governance_board_meeting"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_governance_decision_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_governance_decision")),
    )
    op.create_index(
        op.f("ix_governance_decision_meeting_id"),
        "governance_decision",
        ["meeting_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_governance_decision_partnership_id"),
        "governance_decision",
        ["partnership_id"],
        unique=False,
    )


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
