"""Tables of the commissioning domain.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# Dropped in this order (the contract measures refer to contracts).
TABLES = (
    "commissioning_kpi",
    "commissioning_budget",
    "commissioning_contribution",
    "commissioning_contract",
    "commissioning_service",
    "commissioning_unit_cost",
)


def upgrade() -> None:
    op.create_table(
        "commissioning_budget",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("plan_id", sa.String(length=100), nullable=False),
        sa.Column("financial_year", sa.Integer(), nullable=False),
        sa.Column("element", sa.String(length=16), nullable=False),
        sa.Column("arrangement", sa.String(length=16), nullable=False),
        sa.Column("amount_pence", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_commissioning_budget_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commissioning_budget")),
        sa.UniqueConstraint(
            "partnership_id",
            "plan_id",
            "financial_year",
            "element",
            name="uq_commissioning_budget_element",
        ),
    )
    with op.batch_alter_table("commissioning_budget", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commissioning_budget_la_code"), ["la_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commissioning_budget_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "commissioning_contract",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("service_key", sa.String(length=64), nullable=True),
        sa.Column("value_pence", sa.BigInteger(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("extension_months", sa.Integer(), nullable=False),
        sa.Column("commissioners", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("expiry_alerted_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_commissioning_contract_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commissioning_contract")),
        sa.UniqueConstraint(
            "partnership_id",
            "reference",
            name=op.f("uq_commissioning_contract_partnership_id_reference"),
        ),
    )
    with op.batch_alter_table("commissioning_contract", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commissioning_contract_ends_on"), ["ends_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commissioning_contract_la_code"), ["la_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commissioning_contract_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "commissioning_contribution",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("financial_year", sa.Integer(), nullable=False),
        sa.Column("subject_kind", sa.String(length=8), nullable=False),
        sa.Column("subject_id", sa.String(length=100), nullable=False),
        sa.Column("amount_pence", sa.BigInteger(), nullable=False),
        sa.Column("education_bp", sa.Integer(), nullable=False),
        sa.Column("health_bp", sa.Integer(), nullable=False),
        sa.Column("social_care_bp", sa.Integer(), nullable=False),
        sa.Column("budget_arrangement", sa.String(length=16), nullable=False),
        sa.Column("high_needs_category", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_commissioning_contribution_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commissioning_contribution")),
        sa.UniqueConstraint(
            "partnership_id",
            "financial_year",
            "subject_kind",
            "subject_id",
            name="uq_commissioning_contribution_subject",
        ),
    )
    with op.batch_alter_table("commissioning_contribution", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commissioning_contribution_la_code"), ["la_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commissioning_contribution_partnership_id"),
            ["partnership_id"],
            unique=False,
        )

    op.create_table(
        "commissioning_service",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("service_key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("need", sa.String(length=16), nullable=False),
        sa.Column("age_band", sa.String(length=16), nullable=False),
        sa.Column("locality", sa.String(length=100), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("places", sa.Integer(), nullable=True),
        sa.Column("high_needs_category", sa.String(length=32), nullable=False),
        sa.Column("budget_arrangement", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_commissioning_service_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commissioning_service")),
        sa.UniqueConstraint(
            "partnership_id",
            "service_key",
            name=op.f("uq_commissioning_service_partnership_id_service_key"),
        ),
    )
    with op.batch_alter_table("commissioning_service", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commissioning_service_la_code"), ["la_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commissioning_service_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "commissioning_unit_cost",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("placement", sa.String(length=32), nullable=False),
        sa.Column("annual_cost", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_commissioning_unit_cost_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commissioning_unit_cost")),
        sa.UniqueConstraint(
            "partnership_id",
            "la_code",
            "placement",
            name=op.f("uq_commissioning_unit_cost_partnership_id_la_code_placement"),
        ),
    )
    with op.batch_alter_table("commissioning_unit_cost", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commissioning_unit_cost_la_code"), ["la_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commissioning_unit_cost_partnership_id"),
            ["partnership_id"],
            unique=False,
        )

    op.create_table(
        "commissioning_kpi",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("contract_id", sa.String(length=36), nullable=False),
        sa.Column("measure_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["commissioning_contract.id"],
            name=op.f("fk_commissioning_kpi_contract_id_commissioning_contract"),
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["outcomes_measure.id"],
            name=op.f("fk_commissioning_kpi_measure_id_outcomes_measure"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_commissioning_kpi_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commissioning_kpi")),
        sa.UniqueConstraint(
            "contract_id", "measure_id", name=op.f("uq_commissioning_kpi_contract_id_measure_id")
        ),
    )
    with op.batch_alter_table("commissioning_kpi", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commissioning_kpi_contract_id"), ["contract_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commissioning_kpi_measure_id"), ["measure_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commissioning_kpi_partnership_id"), ["partnership_id"], unique=False
        )


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
