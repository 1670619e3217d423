"""Tables of the directory domain: the Open Referral UK 3.0 entities of the Local Offer, with
moderation (service versions), feedback and the directory's settings.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_location",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("location_type", sa.String(length=24), nullable=False),
        sa.Column("latitude", sa.Numeric(precision=9, scale=6), nullable=True),
        sa.Column("longitude", sa.Numeric(precision=9, scale=6), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_location_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_location")),
    )
    op.create_index(
        op.f("ix_directory_location_partnership_id"),
        "directory_location",
        ["partnership_id"],
        unique=False,
    )
    op.create_table(
        "directory_metadata",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("resource_id", sa.String(length=36), nullable=False),
        sa.Column("resource_type", sa.String(length=32), nullable=False),
        sa.Column("last_action_date", sa.Date(), nullable=False),
        sa.Column("last_action_type", sa.String(length=16), nullable=False),
        sa.Column("field_name", sa.String(length=64), nullable=False),
        sa.Column("previous_value", sa.Text(), nullable=False),
        sa.Column("replacement_value", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=254), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_metadata_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_metadata")),
    )
    op.create_index(
        op.f("ix_directory_metadata_partnership_id"),
        "directory_metadata",
        ["partnership_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_metadata_resource_id"),
        "directory_metadata",
        ["resource_id"],
        unique=False,
    )
    op.create_table(
        "directory_organization",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("owner_organisation_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_organization_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_organization")),
    )
    op.create_index(
        op.f("ix_directory_organization_partnership_id"),
        "directory_organization",
        ["partnership_id"],
        unique=False,
    )
    op.create_table(
        "directory_settings",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("review_cycle_months", sa.Integer(), nullable=False),
        sa.Column("team_email", sa.String(length=254), nullable=True),
        sa.Column("publishes", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_settings_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_settings")),
        sa.UniqueConstraint("partnership_id", name=op.f("uq_directory_settings_partnership_id")),
    )
    op.create_table(
        "directory_taxonomy",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("uri", sa.String(length=500), nullable=False),
        sa.Column("version", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_taxonomy_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_taxonomy")),
    )
    op.create_index(
        op.f("ix_directory_taxonomy_partnership_id"),
        "directory_taxonomy",
        ["partnership_id"],
        unique=False,
    )
    op.create_table(
        "directory_accessibility",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["directory_location.id"],
            name=op.f("fk_directory_accessibility_location_id_directory_location"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_accessibility_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_accessibility")),
    )
    op.create_index(
        op.f("ix_directory_accessibility_location_id"),
        "directory_accessibility",
        ["location_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_accessibility_partnership_id"),
        "directory_accessibility",
        ["partnership_id"],
        unique=False,
    )
    op.create_table(
        "directory_address",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("address_1", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("state_province", sa.String(length=100), nullable=False),
        sa.Column("postal_code", sa.String(length=10), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("address_type", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["directory_location.id"],
            name=op.f("fk_directory_address_location_id_directory_location"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_address_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_address")),
    )
    op.create_index(
        op.f("ix_directory_address_location_id"), "directory_address", ["location_id"], unique=False
    )
    op.create_index(
        op.f("ix_directory_address_partnership_id"),
        "directory_address",
        ["partnership_id"],
        unique=False,
    )
    op.create_table(
        "directory_service",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("alternate_name", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("fees_description", sa.Text(), nullable=True),
        sa.Column("eligibility_description", sa.Text(), nullable=True),
        sa.Column("minimum_age", sa.Integer(), nullable=True),
        sa.Column("maximum_age", sa.Integer(), nullable=True),
        sa.Column("application_process", sa.Text(), nullable=True),
        sa.Column("assured_on", sa.Date(), nullable=True),
        sa.Column("assured_by", sa.String(length=254), nullable=True),
        sa.Column("send_support", sa.Text(), nullable=True),
        sa.Column("staff_training", sa.Text(), nullable=True),
        sa.Column("parent_involvement", sa.Text(), nullable=True),
        sa.Column("progress_sharing", sa.Text(), nullable=True),
        sa.Column("environment_access", sa.Text(), nullable=True),
        sa.Column("next_steps", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("deleted_at_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["directory_organization.id"],
            name=op.f("fk_directory_service_organization_id_directory_organization"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_service_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_service")),
    )
    op.create_index(
        op.f("ix_directory_service_assured_on"), "directory_service", ["assured_on"], unique=False
    )
    op.create_index(
        op.f("ix_directory_service_organization_id"),
        "directory_service",
        ["organization_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_service_partnership_id"),
        "directory_service",
        ["partnership_id"],
        unique=False,
    )
    op.create_table(
        "directory_taxonomy_term",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("taxonomy_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_taxonomy_term_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["taxonomy_id"],
            ["directory_taxonomy.id"],
            name=op.f("fk_directory_taxonomy_term_taxonomy_id_directory_taxonomy"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_taxonomy_term")),
    )
    op.create_index(
        op.f("ix_directory_taxonomy_term_partnership_id"),
        "directory_taxonomy_term",
        ["partnership_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_taxonomy_term_taxonomy_id"),
        "directory_taxonomy_term",
        ["taxonomy_id"],
        unique=False,
    )
    op.create_table(
        "directory_attribute",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("link_id", sa.String(length=36), nullable=False),
        sa.Column("taxonomy_term_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_attribute_link_id_directory_service"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_attribute_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["taxonomy_term_id"],
            ["directory_taxonomy_term.id"],
            name=op.f("fk_directory_attribute_taxonomy_term_id_directory_taxonomy_term"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_attribute")),
    )
    op.create_index(
        "ix_directory_attribute_link_id_term",
        "directory_attribute",
        ["link_id", "taxonomy_term_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_attribute_partnership_id"),
        "directory_attribute",
        ["partnership_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_attribute_taxonomy_term_id"),
        "directory_attribute",
        ["taxonomy_term_id"],
        unique=False,
    )
    op.create_table(
        "directory_contact",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_contact_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_contact_service_id_directory_service"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_contact")),
    )
    op.create_index(
        op.f("ix_directory_contact_partnership_id"),
        "directory_contact",
        ["partnership_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_contact_service_id"), "directory_contact", ["service_id"], unique=False
    )
    op.create_table(
        "directory_cost_option",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("option", sa.String(length=200), nullable=True),
        sa.Column("amount", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("amount_description", sa.String(length=200), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_cost_option_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_cost_option_service_id_directory_service"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_cost_option")),
    )
    op.create_index(
        op.f("ix_directory_cost_option_partnership_id"),
        "directory_cost_option",
        ["partnership_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_cost_option_service_id"),
        "directory_cost_option",
        ["service_id"],
        unique=False,
    )
    op.create_table(
        "directory_feedback",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("service_id", sa.String(length=36), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_feedback_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_feedback_service_id_directory_service"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_feedback")),
    )
    op.create_index(
        op.f("ix_directory_feedback_partnership_id"),
        "directory_feedback",
        ["partnership_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_feedback_service_id"), "directory_feedback", ["service_id"], unique=False
    )
    op.create_table(
        "directory_language",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_language_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_language_service_id_directory_service"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_language")),
    )
    op.create_index(
        op.f("ix_directory_language_partnership_id"),
        "directory_language",
        ["partnership_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_language_service_id"), "directory_language", ["service_id"], unique=False
    )
    op.create_table(
        "directory_phone",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_phone_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_phone_service_id_directory_service"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_phone")),
    )
    op.create_index(
        op.f("ix_directory_phone_partnership_id"),
        "directory_phone",
        ["partnership_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_phone_service_id"), "directory_phone", ["service_id"], unique=False
    )
    op.create_table(
        "directory_schedule",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("freq", sa.String(length=8), nullable=False),
        sa.Column("byday", sa.String(length=32), nullable=False),
        sa.Column("opens_at", sa.String(length=5), nullable=False),
        sa.Column("closes_at", sa.String(length=5), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_schedule_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_schedule_service_id_directory_service"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_schedule")),
    )
    op.create_index(
        op.f("ix_directory_schedule_partnership_id"),
        "directory_schedule",
        ["partnership_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_schedule_service_id"), "directory_schedule", ["service_id"], unique=False
    )
    op.create_table(
        "directory_service_area",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_service_area_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_service_area_service_id_directory_service"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_service_area")),
    )
    op.create_index(
        op.f("ix_directory_service_area_partnership_id"),
        "directory_service_area",
        ["partnership_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_service_area_service_id"),
        "directory_service_area",
        ["service_id"],
        unique=False,
    )
    op.create_table(
        "directory_service_at_location",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["directory_location.id"],
            name=op.f("fk_directory_service_at_location_location_id_directory_location"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_service_at_location_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_service_at_location_service_id_directory_service"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_service_at_location")),
    )
    op.create_index(
        op.f("ix_directory_service_at_location_location_id"),
        "directory_service_at_location",
        ["location_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_service_at_location_partnership_id"),
        "directory_service_at_location",
        ["partnership_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_service_at_location_service_id"),
        "directory_service_at_location",
        ["service_id"],
        unique=False,
    )
    op.create_table(
        "directory_service_version",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("submitted_by", sa.String(length=254), nullable=False),
        sa.Column("decided_by", sa.String(length=254), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_directory_service_version_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_service_version_service_id_directory_service"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_service_version")),
    )
    op.create_index(
        op.f("ix_directory_service_version_partnership_id"),
        "directory_service_version",
        ["partnership_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_service_version_service_id"),
        "directory_service_version",
        ["service_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_directory_service_version_state"),
        "directory_service_version",
        ["state"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_directory_service_version_state"), table_name="directory_service_version"
    )
    op.drop_index(
        op.f("ix_directory_service_version_service_id"), table_name="directory_service_version"
    )
    op.drop_index(
        op.f("ix_directory_service_version_partnership_id"), table_name="directory_service_version"
    )
    op.drop_table("directory_service_version")
    op.drop_index(
        op.f("ix_directory_service_at_location_service_id"),
        table_name="directory_service_at_location",
    )
    op.drop_index(
        op.f("ix_directory_service_at_location_partnership_id"),
        table_name="directory_service_at_location",
    )
    op.drop_index(
        op.f("ix_directory_service_at_location_location_id"),
        table_name="directory_service_at_location",
    )
    op.drop_table("directory_service_at_location")
    op.drop_index(op.f("ix_directory_service_area_service_id"), table_name="directory_service_area")
    op.drop_index(
        op.f("ix_directory_service_area_partnership_id"), table_name="directory_service_area"
    )
    op.drop_table("directory_service_area")
    op.drop_index(op.f("ix_directory_schedule_service_id"), table_name="directory_schedule")
    op.drop_index(op.f("ix_directory_schedule_partnership_id"), table_name="directory_schedule")
    op.drop_table("directory_schedule")
    op.drop_index(op.f("ix_directory_phone_service_id"), table_name="directory_phone")
    op.drop_index(op.f("ix_directory_phone_partnership_id"), table_name="directory_phone")
    op.drop_table("directory_phone")
    op.drop_index(op.f("ix_directory_language_service_id"), table_name="directory_language")
    op.drop_index(op.f("ix_directory_language_partnership_id"), table_name="directory_language")
    op.drop_table("directory_language")
    op.drop_index(op.f("ix_directory_feedback_service_id"), table_name="directory_feedback")
    op.drop_index(op.f("ix_directory_feedback_partnership_id"), table_name="directory_feedback")
    op.drop_table("directory_feedback")
    op.drop_index(op.f("ix_directory_cost_option_service_id"), table_name="directory_cost_option")
    op.drop_index(
        op.f("ix_directory_cost_option_partnership_id"), table_name="directory_cost_option"
    )
    op.drop_table("directory_cost_option")
    op.drop_index(op.f("ix_directory_contact_service_id"), table_name="directory_contact")
    op.drop_index(op.f("ix_directory_contact_partnership_id"), table_name="directory_contact")
    op.drop_table("directory_contact")
    op.drop_index(op.f("ix_directory_attribute_taxonomy_term_id"), table_name="directory_attribute")
    op.drop_index(op.f("ix_directory_attribute_partnership_id"), table_name="directory_attribute")
    op.drop_index("ix_directory_attribute_link_id_term", table_name="directory_attribute")
    op.drop_table("directory_attribute")
    op.drop_index(
        op.f("ix_directory_taxonomy_term_taxonomy_id"), table_name="directory_taxonomy_term"
    )
    op.drop_index(
        op.f("ix_directory_taxonomy_term_partnership_id"), table_name="directory_taxonomy_term"
    )
    op.drop_table("directory_taxonomy_term")
    op.drop_index(op.f("ix_directory_service_partnership_id"), table_name="directory_service")
    op.drop_index(op.f("ix_directory_service_organization_id"), table_name="directory_service")
    op.drop_index(op.f("ix_directory_service_assured_on"), table_name="directory_service")
    op.drop_table("directory_service")
    op.drop_index(op.f("ix_directory_address_partnership_id"), table_name="directory_address")
    op.drop_index(op.f("ix_directory_address_location_id"), table_name="directory_address")
    op.drop_table("directory_address")
    op.drop_index(
        op.f("ix_directory_accessibility_partnership_id"), table_name="directory_accessibility"
    )
    op.drop_index(
        op.f("ix_directory_accessibility_location_id"), table_name="directory_accessibility"
    )
    op.drop_table("directory_accessibility")
    op.drop_index(op.f("ix_directory_taxonomy_partnership_id"), table_name="directory_taxonomy")
    op.drop_table("directory_taxonomy")
    op.drop_table("directory_settings")
    op.drop_index(
        op.f("ix_directory_organization_partnership_id"), table_name="directory_organization"
    )
    op.drop_table("directory_organization")
    op.drop_index(op.f("ix_directory_metadata_resource_id"), table_name="directory_metadata")
    op.drop_index(op.f("ix_directory_metadata_partnership_id"), table_name="directory_metadata")
    op.drop_table("directory_metadata")
    op.drop_index(op.f("ix_directory_location_partnership_id"), table_name="directory_location")
    op.drop_table("directory_location")
