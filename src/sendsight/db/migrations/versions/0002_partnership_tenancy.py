"""Every partnership-owned table carries its partnership.

Adds ``partnership_id`` (a foreign key to ``access_partnership``, indexed) to the outcomes
tables, ``forecast_capacity`` and ``access_audit_event``, fills it in for rows already held, and
makes outcome, measure and action keys unique within a partnership instead of across the
installation. See docs/decisions/0602-partnership-tenancy.md.

Existing rows are given a partnership this way:

- outcomes rows and capacity rows: the single partnership, when exactly one exists; a capacity
  row first goes to the partnership that covers its LA. An installation with outcomes or
  capacity rows but no partnership gets one ("Partnership") covering the LAs it holds places
  for. Several partnerships and a row that cannot be placed: the upgrade stops and says so.
- audit events: the partnership of the user who acted, else the one covering the event's LA,
  else the single partnership when there is one; otherwise none (a system event).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Tables whose every row belongs to a partnership (NOT NULL), children after their parents.
OUTCOMES_TABLES = (
    "outcomes_outcome",
    "outcomes_measure",
    "outcomes_value",
    "outcomes_target",
    "outcomes_note_version",
    "outcomes_action",
    "outcomes_action_update",
    "outcomes_quote",
)
OWNED_TABLES = (*OUTCOMES_TABLES, "forecast_capacity")
# Child table -> (its parent column, the parent table).
PARENTS = {
    "outcomes_measure": ("outcome_id", "outcomes_outcome"),
    "outcomes_value": ("measure_id", "outcomes_measure"),
    "outcomes_target": ("measure_id", "outcomes_measure"),
    "outcomes_note_version": ("measure_id", "outcomes_measure"),
    "outcomes_action": ("measure_id", "outcomes_measure"),
    "outcomes_action_update": ("action_id", "outcomes_action"),
    "outcomes_quote": ("outcome_id", "outcomes_outcome"),
}
KEYED = ("outcomes_outcome", "outcomes_measure", "outcomes_action")
AUDIT = "access_audit_event"
AUDIT_TRIGGER = "access_audit_event_append_only"


def _add_column(table: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.add_column(sa.Column("partnership_id", sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f(f"ix_{table}_partnership_id"), ["partnership_id"])
        batch_op.create_foreign_key(
            batch_op.f(f"fk_{table}_partnership_id_access_partnership"),
            "access_partnership",
            ["partnership_id"],
            ["id"],
        )


def upgrade() -> None:
    for table in (*OWNED_TABLES, AUDIT):
        _add_column(table)
    bind = op.get_bind()
    partnerships = _partnerships(bind)
    _backfill_capacity(bind, partnerships)
    _backfill_outcomes(bind, partnerships)
    _backfill_audit(bind, partnerships)
    for table in OWNED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("partnership_id", existing_type=sa.String(36), nullable=False)
            if table in KEYED:
                batch_op.drop_constraint(f"uq_{table}_key", type_="unique")
                batch_op.create_unique_constraint(
                    batch_op.f(f"uq_{table}_partnership_id_key"), ["partnership_id", "key"]
                )


def downgrade() -> None:
    for table in (*OWNED_TABLES, AUDIT):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table in KEYED:
                batch_op.drop_constraint(f"uq_{table}_partnership_id_key", type_="unique")
                batch_op.create_unique_constraint(f"uq_{table}_key", ["key"])
            batch_op.drop_constraint(
                f"fk_{table}_partnership_id_access_partnership", type_="foreignkey"
            )
            batch_op.drop_index(f"ix_{table}_partnership_id")
            batch_op.drop_column("partnership_id")


# --- filling in rows already held ----------------------------------------------------------


def _partnerships(bind: sa.Connection) -> dict[str, list[str]]:
    """Partnership id -> the LA codes it covers."""
    rows = bind.execute(sa.text("SELECT id, la_codes FROM access_partnership ORDER BY id"))
    return {pid: list(_codes(codes)) for pid, codes in rows}


def _codes(value: Any) -> list[str]:
    if isinstance(value, str):
        value = json.loads(value)
    return [str(code) for code in value or []]


def _covering(partnerships: dict[str, list[str]]) -> dict[str, str]:
    return {code: pid for pid, codes in partnerships.items() for code in codes}


def _only(bind: sa.Connection, partnerships: dict[str, list[str]], la_codes: list[str]) -> str:
    """The one partnership rows without a better clue go to (made when there is none)."""
    if len(partnerships) == 1:
        return next(iter(partnerships))
    if partnerships:
        raise RuntimeError(
            "sendsight cannot tell which of the partnerships owns the outcomes framework or "
            "places already held: give each partnership its own database, or remove the rows "
            "that belong to none, then upgrade again"
        )
    pid, now = str(uuid.uuid4()), datetime.now(UTC)
    bind.execute(
        sa.text(
            "INSERT INTO access_partnership (id, name, la_codes, created_at_utc, updated_at_utc)"
            " VALUES (:id, 'Partnership', :codes, :now, :now)"
        ),
        {"id": pid, "codes": json.dumps(sorted(set(la_codes))), "now": now},
    )
    partnerships[pid] = sorted(set(la_codes))
    return pid


def _has_rows(bind: sa.Connection, table: str) -> bool:
    return bind.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first() is not None


def _backfill_capacity(bind: sa.Connection, partnerships: dict[str, list[str]]) -> None:
    codes = [c for (c,) in bind.execute(sa.text("SELECT DISTINCT la_code FROM forecast_capacity"))]
    covering = _covering(partnerships)
    for code in sorted(codes):
        pid = covering.get(code) or _only(bind, partnerships, codes)
        bind.execute(
            sa.text("UPDATE forecast_capacity SET partnership_id = :p WHERE la_code = :c"),
            {"p": pid, "c": code},
        )


def _backfill_outcomes(bind: sa.Connection, partnerships: dict[str, list[str]]) -> None:
    if not any(_has_rows(bind, table) for table in OUTCOMES_TABLES):
        return
    pid = _only(bind, partnerships, [])
    for table in OUTCOMES_TABLES:
        bind.execute(sa.text(f"UPDATE {table} SET partnership_id = :p"), {"p": pid})


def _backfill_audit(bind: sa.Connection, partnerships: dict[str, list[str]]) -> None:
    if not _has_rows(bind, AUDIT):
        return
    postgres = bind.dialect.name == "postgresql"
    if postgres:  # the log is append-only; filling in a new column is not a change to an entry
        bind.execute(sa.text(f"ALTER TABLE {AUDIT} DISABLE TRIGGER {AUDIT_TRIGGER}"))
    bind.execute(
        sa.text(
            f"UPDATE {AUDIT} SET partnership_id = (SELECT o.partnership_id FROM access_user u "
            "JOIN access_organisation o ON o.id = u.organisation_id "
            f"WHERE u.id = {AUDIT}.actor_user_id)"
        )
    )
    for code, pid in _covering(partnerships).items():
        bind.execute(
            sa.text(
                f"UPDATE {AUDIT} SET partnership_id = :p "
                "WHERE partnership_id IS NULL AND la_code = :c"
            ),
            {"p": pid, "c": code},
        )
    if len(partnerships) == 1:  # its administrators saw every entry before; they still do
        bind.execute(
            sa.text(f"UPDATE {AUDIT} SET partnership_id = :p WHERE partnership_id IS NULL"),
            {"p": next(iter(partnerships))},
        )
    if postgres:
        bind.execute(sa.text(f"ALTER TABLE {AUDIT} ENABLE TRIGGER {AUDIT_TRIGGER}"))
