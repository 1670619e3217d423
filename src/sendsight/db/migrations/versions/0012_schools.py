"""Tables of the schools domain.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "schools_context_note",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("urn", sa.String(length=7), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_role", sa.String(length=32), nullable=False),
        sa.Column("author_organisation", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_schools_context_note_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools_context_note")),
    )
    with op.batch_alter_table("schools_context_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_schools_context_note_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_schools_context_note_urn"), ["urn"], unique=False)
    op.create_table(
        "schools_import",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_schools_import_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools_import")),
        sa.UniqueConstraint(
            "partnership_id",
            "kind",
            "sha256",
            name=op.f("uq_schools_import_partnership_id_kind_sha256"),
        ),
    )
    with op.batch_alter_table("schools_import", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_schools_import_partnership_id"), ["partnership_id"], unique=False
        )
    op.create_table(
        "schools_option",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("public_view", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_schools_option_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools_option")),
        sa.UniqueConstraint("partnership_id", name=op.f("uq_schools_option_partnership_id")),
    )
    op.create_table(
        "schools_establishment",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("import_id", sa.String(length=36), nullable=False),
        sa.Column("urn", sa.String(length=7), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("phase", sa.String(length=64), nullable=True),
        sa.Column("school_type", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=True),
        sa.Column("predecessor_urn", sa.String(length=7), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["schools_import.id"],
            name=op.f("fk_schools_establishment_import_id_schools_import"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_schools_establishment_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools_establishment")),
        sa.UniqueConstraint(
            "partnership_id", "urn", name=op.f("uq_schools_establishment_partnership_id_urn")
        ),
    )
    with op.batch_alter_table("schools_establishment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_schools_establishment_import_id"), ["import_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_schools_establishment_partnership_id"), ["partnership_id"], unique=False
        )
    op.create_table(
        "schools_figure",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("import_id", sa.String(length=36), nullable=False),
        sa.Column("urn", sa.String(length=7), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("la_code", sa.String(length=3), nullable=True),
        sa.Column("school_type", sa.String(length=64), nullable=True),
        sa.Column("pupils", sa.Integer(), nullable=True),
        sa.Column("ehc_plan", sa.Integer(), nullable=True),
        sa.Column("sen_support", sa.Integer(), nullable=True),
        sa.Column("eal", sa.Integer(), nullable=True),
        sa.Column("fsm", sa.Integer(), nullable=True),
        sa.Column("absence_pct", sa.Float(), nullable=True),
        sa.Column("persistent_absence_pct", sa.Float(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["schools_import.id"],
            name=op.f("fk_schools_figure_import_id_schools_import"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_schools_figure_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools_figure")),
        sa.UniqueConstraint("import_id", "urn", name=op.f("uq_schools_figure_import_id_urn")),
    )
    with op.batch_alter_table("schools_figure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_schools_figure_import_id"), ["import_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_schools_figure_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_schools_figure_urn"), ["urn"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("schools_figure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schools_figure_urn"))
        batch_op.drop_index(batch_op.f("ix_schools_figure_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_schools_figure_import_id"))
    op.drop_table("schools_figure")
    with op.batch_alter_table("schools_establishment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schools_establishment_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_schools_establishment_import_id"))
    op.drop_table("schools_establishment")
    op.drop_table("schools_option")
    with op.batch_alter_table("schools_import", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schools_import_partnership_id"))
    op.drop_table("schools_import")
    with op.batch_alter_table("schools_context_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schools_context_note_urn"))
        batch_op.drop_index(batch_op.f("ix_schools_context_note_partnership_id"))
    op.drop_table("schools_context_note")
