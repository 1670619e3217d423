"""Tables of the frontdoor domain: settings, requests for support and their status history,
panels, members, meetings, agendas, decisions and response-time targets.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "frontdoor_panel",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("panel_type", sa.String(length=30), nullable=False),
        sa.Column("quorum", sa.Integer(), nullable=False),
        sa.Column("required_agencies", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_frontdoor_panel_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frontdoor_panel")),
        sa.UniqueConstraint(
            "partnership_id", "name", name=op.f("uq_frontdoor_panel_partnership_id_name")
        ),
    )
    with op.batch_alter_table("frontdoor_panel", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_frontdoor_panel_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "frontdoor_request",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("reference", sa.String(length=30), nullable=False),
        sa.Column("person_id", sa.String(length=100), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("upn", sa.String(length=13), nullable=True),
        sa.Column("setting_urn", sa.String(length=6), nullable=True),
        sa.Column("locality", sa.String(length=60), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("submitted_by", sa.String(length=254), nullable=False),
        sa.Column("need_area", sa.String(length=30), nullable=False),
        sa.Column("other_need_areas", sa.JSON(), nullable=False),
        sa.Column("needs_text", sa.Text(), nullable=False),
        sa.Column("graduated_approach", sa.JSON(), nullable=False),
        sa.Column("asked_for", sa.String(length=30), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("acknowledged_on", sa.Date(), nullable=True),
        sa.Column("routed_on", sa.Date(), nullable=True),
        sa.Column("working_days_to_route", sa.Integer(), nullable=True),
        sa.Column("route", sa.String(length=30), nullable=True),
        sa.Column("route_note", sa.Text(), nullable=True),
        sa.Column("unmet_need", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("ehc_request_id", sa.String(length=100), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_frontdoor_request_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frontdoor_request")),
        sa.UniqueConstraint(
            "partnership_id",
            "reference",
            name=op.f("uq_frontdoor_request_partnership_id_reference"),
        ),
    )
    with op.batch_alter_table("frontdoor_request", schema=None) as batch_op:
        batch_op.create_index(
            "ix_frontdoor_request_la_open", ["la_code", "status", "received_on"], unique=False
        )
        batch_op.create_index(
            "ix_frontdoor_request_la_updated", ["la_code", "updated_at_utc"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_frontdoor_request_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_frontdoor_request_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_frontdoor_request_received_on"), ["received_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_frontdoor_request_setting_urn"), ["setting_urn"], unique=False
        )

    op.create_table(
        "frontdoor_setting",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("urn", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phase", sa.String(length=20), nullable=False),
        sa.Column("locality", sa.String(length=60), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_frontdoor_setting_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frontdoor_setting")),
        sa.UniqueConstraint(
            "partnership_id", "urn", name=op.f("uq_frontdoor_setting_partnership_id_urn")
        ),
    )
    with op.batch_alter_table("frontdoor_setting", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_frontdoor_setting_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "frontdoor_targets",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("acknowledge_days", sa.Integer(), nullable=False),
        sa.Column("route_days", sa.Integer(), nullable=False),
        sa.Column("breaching_soon_days", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_frontdoor_targets_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frontdoor_targets")),
        sa.UniqueConstraint("partnership_id", name=op.f("uq_frontdoor_targets_partnership_id")),
    )
    op.create_table(
        "frontdoor_meeting",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("panel_id", sa.String(length=36), nullable=False),
        sa.Column("meets_on", sa.Date(), nullable=False),
        sa.Column("papers_due_on", sa.Date(), nullable=False),
        sa.Column("present_member_ids", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["panel_id"],
            ["frontdoor_panel.id"],
            name=op.f("fk_frontdoor_meeting_panel_id_frontdoor_panel"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_frontdoor_meeting_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frontdoor_meeting")),
        sa.UniqueConstraint(
            "panel_id", "meets_on", name=op.f("uq_frontdoor_meeting_panel_id_meets_on")
        ),
    )
    with op.batch_alter_table("frontdoor_meeting", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_frontdoor_meeting_meets_on"), ["meets_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_frontdoor_meeting_panel_id"), ["panel_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_frontdoor_meeting_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "frontdoor_panel_member",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("panel_id", sa.String(length=36), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("agency", sa.String(length=30), nullable=False),
        sa.Column("is_chair", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["panel_id"],
            ["frontdoor_panel.id"],
            name=op.f("fk_frontdoor_panel_member_panel_id_frontdoor_panel"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_frontdoor_panel_member_partnership_id_access_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frontdoor_panel_member")),
        sa.UniqueConstraint(
            "panel_id", "email", name=op.f("uq_frontdoor_panel_member_panel_id_email")
        ),
    )
    with op.batch_alter_table("frontdoor_panel_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_frontdoor_panel_member_panel_id"), ["panel_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_frontdoor_panel_member_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "frontdoor_status_change",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_email", sa.String(length=254), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_frontdoor_status_change_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["frontdoor_request.id"],
            name=op.f("fk_frontdoor_status_change_request_id_frontdoor_request"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frontdoor_status_change")),
    )
    with op.batch_alter_table("frontdoor_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_frontdoor_status_change_partnership_id"),
            ["partnership_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_frontdoor_status_change_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "frontdoor_agenda_item",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("question", sa.String(length=30), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("papers", sa.Text(), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["frontdoor_meeting.id"],
            name=op.f("fk_frontdoor_agenda_item_meeting_id_frontdoor_meeting"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_frontdoor_agenda_item_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["frontdoor_request.id"],
            name=op.f("fk_frontdoor_agenda_item_request_id_frontdoor_request"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frontdoor_agenda_item")),
        sa.UniqueConstraint(
            "meeting_id", "request_id", name=op.f("uq_frontdoor_agenda_item_meeting_id_request_id")
        ),
    )
    with op.batch_alter_table("frontdoor_agenda_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_frontdoor_agenda_item_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_frontdoor_agenda_item_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_frontdoor_agenda_item_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "frontdoor_decision",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("agenda_item_id", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("panel_id", sa.String(length=36), nullable=False),
        sa.Column("question", sa.String(length=30), nullable=False),
        sa.Column("agreed", sa.Boolean(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("chair_words", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("dissent", sa.Text(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decided_by", sa.String(length=254), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["frontdoor_agenda_item.id"],
            name=op.f("fk_frontdoor_decision_agenda_item_id_frontdoor_agenda_item"),
        ),
        sa.ForeignKeyConstraint(
            ["panel_id"],
            ["frontdoor_panel.id"],
            name=op.f("fk_frontdoor_decision_panel_id_frontdoor_panel"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["access_partnership.id"],
            name=op.f("fk_frontdoor_decision_partnership_id_access_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["frontdoor_request.id"],
            name=op.f("fk_frontdoor_decision_request_id_frontdoor_request"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frontdoor_decision")),
        sa.UniqueConstraint(
            "request_id", "question", name=op.f("uq_frontdoor_decision_request_id_question")
        ),
    )
    with op.batch_alter_table("frontdoor_decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_frontdoor_decision_decided_on"), ["decided_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_frontdoor_decision_panel_id"), ["panel_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_frontdoor_decision_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_frontdoor_decision_request_id"), ["request_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("frontdoor_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_frontdoor_decision_request_id"))
        batch_op.drop_index(batch_op.f("ix_frontdoor_decision_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_frontdoor_decision_panel_id"))
        batch_op.drop_index(batch_op.f("ix_frontdoor_decision_decided_on"))

    op.drop_table("frontdoor_decision")
    with op.batch_alter_table("frontdoor_agenda_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_frontdoor_agenda_item_request_id"))
        batch_op.drop_index(batch_op.f("ix_frontdoor_agenda_item_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_frontdoor_agenda_item_meeting_id"))

    op.drop_table("frontdoor_agenda_item")
    with op.batch_alter_table("frontdoor_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_frontdoor_status_change_request_id"))
        batch_op.drop_index(batch_op.f("ix_frontdoor_status_change_partnership_id"))

    op.drop_table("frontdoor_status_change")
    with op.batch_alter_table("frontdoor_panel_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_frontdoor_panel_member_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_frontdoor_panel_member_panel_id"))

    op.drop_table("frontdoor_panel_member")
    with op.batch_alter_table("frontdoor_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_frontdoor_meeting_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_frontdoor_meeting_panel_id"))
        batch_op.drop_index(batch_op.f("ix_frontdoor_meeting_meets_on"))

    op.drop_table("frontdoor_meeting")
    op.drop_table("frontdoor_targets")
    with op.batch_alter_table("frontdoor_setting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_frontdoor_setting_partnership_id"))

    op.drop_table("frontdoor_setting")
    with op.batch_alter_table("frontdoor_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_frontdoor_request_setting_urn"))
        batch_op.drop_index(batch_op.f("ix_frontdoor_request_received_on"))
        batch_op.drop_index(batch_op.f("ix_frontdoor_request_person_id"))
        batch_op.drop_index(batch_op.f("ix_frontdoor_request_partnership_id"))
        batch_op.drop_index("ix_frontdoor_request_la_updated")
        batch_op.drop_index("ix_frontdoor_request_la_open")

    op.drop_table("frontdoor_request")
    with op.batch_alter_table("frontdoor_panel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_frontdoor_panel_partnership_id"))

    op.drop_table("frontdoor_panel")
