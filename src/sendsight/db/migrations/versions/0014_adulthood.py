"""Tables of the adulthood domain: young people's preparing-for-adulthood records, reviews,
activities, supported internships, programmes and the cohort summary facts.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "adulthood_programme",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phase", sa.String(length=10), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_adulthood_programme_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adulthood_programme")),
        sa.UniqueConstraint(
            "partnership_id", "name", name=op.f("uq_adulthood_programme_partnership_id_name")
        ),
    )
    op.create_index(
        op.f("ix_adulthood_programme_partnership_id"),
        "adulthood_programme",
        ["partnership_id"],
        unique=False,
    )
    op.create_table(
        "adulthood_young_person",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("person_id", sa.String(length=100), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("plan_started_on", sa.Date(), nullable=True),
        sa.Column("pathway", sa.String(length=30), nullable=True),
        sa.Column("transition_plan_on", sa.Date(), nullable=True),
        sa.Column("plan_ceased_on", sa.Date(), nullable=True),
        sa.Column("ceased_reason", sa.String(length=30), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_adulthood_young_person_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adulthood_young_person")),
        sa.UniqueConstraint(
            "partnership_id",
            "person_id",
            name=op.f("uq_adulthood_young_person_partnership_id_person_id"),
        ),
    )
    op.create_index(
        op.f("ix_adulthood_young_person_la_code"),
        "adulthood_young_person",
        ["la_code"],
        unique=False,
    )
    op.create_index(
        op.f("ix_adulthood_young_person_partnership_id"),
        "adulthood_young_person",
        ["partnership_id"],
        unique=False,
    )
    op.create_table(
        "ft_adulthood_summary",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("built_on", sa.Date(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_ft_adulthood_summary_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ft_adulthood_summary")),
        sa.UniqueConstraint(
            "partnership_id", "la_code", name=op.f("uq_ft_adulthood_summary_partnership_id_la_code")
        ),
    )
    op.create_index(
        op.f("ix_ft_adulthood_summary_partnership_id"),
        "ft_adulthood_summary",
        ["partnership_id"],
        unique=False,
    )
    op.create_table(
        "adulthood_activity",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("young_person_id", sa.String(length=36), nullable=False),
        sa.Column("activity_code", sa.String(length=3), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("provider", sa.String(length=200), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_adulthood_activity_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["adulthood_young_person.id"],
            name=op.f("fk_adulthood_activity_young_person_id_adulthood_young_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adulthood_activity")),
        sa.UniqueConstraint(
            "young_person_id",
            "start_on",
            name=op.f("uq_adulthood_activity_young_person_id_start_on"),
        ),
    )
    op.create_index(
        op.f("ix_adulthood_activity_partnership_id"),
        "adulthood_activity",
        ["partnership_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_adulthood_activity_young_person_id"),
        "adulthood_activity",
        ["young_person_id"],
        unique=False,
    )
    op.create_table(
        "adulthood_internship",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("young_person_id", sa.String(length=36), nullable=False),
        sa.Column("host_employer", sa.String(length=200), nullable=False),
        sa.Column("job_coach", sa.String(length=200), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("job_start_on", sa.Date(), nullable=True),
        sa.Column("job_end_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_adulthood_internship_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["adulthood_young_person.id"],
            name=op.f("fk_adulthood_internship_young_person_id_adulthood_young_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adulthood_internship")),
        sa.UniqueConstraint(
            "young_person_id",
            "start_on",
            name=op.f("uq_adulthood_internship_young_person_id_start_on"),
        ),
    )
    op.create_index(
        op.f("ix_adulthood_internship_partnership_id"),
        "adulthood_internship",
        ["partnership_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_adulthood_internship_young_person_id"),
        "adulthood_internship",
        ["young_person_id"],
        unique=False,
    )
    op.create_table(
        "adulthood_review",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("young_person_id", sa.String(length=36), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=False),
        sa.Column("year_group", sa.Integer(), nullable=False),
        sa.Column("aspirations", sa.Text(), nullable=False),
        sa.Column("aspiration_theme", sa.String(length=30), nullable=False),
        sa.Column("pathway", sa.String(length=30), nullable=False),
        sa.Column("destinations_statement", sa.Text(), nullable=False),
        sa.Column("employment_goal", sa.Text(), nullable=False),
        sa.Column("employment_progress", sa.String(length=20), nullable=False),
        sa.Column("independent_living_goal", sa.Text(), nullable=False),
        sa.Column("independent_living_progress", sa.String(length=20), nullable=False),
        sa.Column("community_goal", sa.Text(), nullable=False),
        sa.Column("community_progress", sa.String(length=20), nullable=False),
        sa.Column("health_goal", sa.Text(), nullable=False),
        sa.Column("health_progress", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_adulthood_review_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["adulthood_young_person.id"],
            name=op.f("fk_adulthood_review_young_person_id_adulthood_young_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adulthood_review")),
        sa.UniqueConstraint(
            "young_person_id",
            "review_on",
            name=op.f("uq_adulthood_review_young_person_id_review_on"),
        ),
    )
    op.create_index(
        op.f("ix_adulthood_review_partnership_id"),
        "adulthood_review",
        ["partnership_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_adulthood_review_young_person_id"),
        "adulthood_review",
        ["young_person_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_adulthood_review_young_person_id"), table_name="adulthood_review")
    op.drop_index(op.f("ix_adulthood_review_partnership_id"), table_name="adulthood_review")
    op.drop_table("adulthood_review")
    op.drop_index(
        op.f("ix_adulthood_internship_young_person_id"), table_name="adulthood_internship"
    )
    op.drop_index(op.f("ix_adulthood_internship_partnership_id"), table_name="adulthood_internship")
    op.drop_table("adulthood_internship")
    op.drop_index(op.f("ix_adulthood_activity_young_person_id"), table_name="adulthood_activity")
    op.drop_index(op.f("ix_adulthood_activity_partnership_id"), table_name="adulthood_activity")
    op.drop_table("adulthood_activity")
    op.drop_index(op.f("ix_ft_adulthood_summary_partnership_id"), table_name="ft_adulthood_summary")
    op.drop_table("ft_adulthood_summary")
    op.drop_index(
        op.f("ix_adulthood_young_person_partnership_id"), table_name="adulthood_young_person"
    )
    op.drop_index(op.f("ix_adulthood_young_person_la_code"), table_name="adulthood_young_person")
    op.drop_table("adulthood_young_person")
    op.drop_index(op.f("ix_adulthood_programme_partnership_id"), table_name="adulthood_programme")
    op.drop_table("adulthood_programme")
