"""PostgreSQL: the audit table is owned by a role the application does not run as.

The append-only triggers from 0001 stop UPDATE, DELETE and TRUNCATE, but the owner of a table
may drop its triggers, alter it or drop it. So the audit table and its trigger function are
handed to ``sendsight_audit_owner``, a role nobody signs in as, and the role the application
runs as keeps only INSERT and SELECT on the table. SQLite has no roles: there this is a no-op.

The role running the upgrade must be a superuser, or be a member of ``sendsight_audit_owner``
(which a database administrator creates and grants beforehand, with CREATE on the schema, then
revokes afterwards; see docs/deploy.md). Role names are shared by every database on a
PostgreSQL server, so the role is created only when missing, and dropped on downgrade only when
nothing in any database depends on it (it owns nothing and holds no privileges).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

AUDIT_OWNER = "sendsight_audit_owner"
TABLE = "access_audit_event"
FUNCTION = "access_audit_event_refuse_change()"

UPGRADE_SQL = f"""
DO $$
DECLARE
  app text := current_user;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{AUDIT_OWNER}') THEN
    BEGIN
      CREATE ROLE {AUDIT_OWNER} NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;  -- created meanwhile elsewhere
      WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'the role {AUDIT_OWNER} does not exist and % may not create it', app
          USING HINT = 'As a database administrator: CREATE ROLE {AUDIT_OWNER} NOLOGIN; '
            || 'GRANT {AUDIT_OWNER} TO ' || quote_ident(app) || '; (see docs/deploy.md)';
    END;
  END IF;
  -- A table's owner must be able to create in its schema.
  IF NOT has_schema_privilege('{AUDIT_OWNER}', current_schema(), 'CREATE') THEN
    EXECUTE format('GRANT USAGE, CREATE ON SCHEMA %I TO {AUDIT_OWNER}', current_schema());
  END IF;
  IF NOT has_schema_privilege('{AUDIT_OWNER}', current_schema(), 'CREATE') THEN
    RAISE EXCEPTION '{AUDIT_OWNER} may not create in schema %', current_schema()
      USING HINT = 'As a database administrator: GRANT USAGE, CREATE ON SCHEMA '
        || quote_ident(current_schema()) || ' TO {AUDIT_OWNER}; (see docs/deploy.md)';
  END IF;
  BEGIN
    ALTER TABLE {TABLE} OWNER TO {AUDIT_OWNER};
    ALTER FUNCTION {FUNCTION} OWNER TO {AUDIT_OWNER};
  EXCEPTION WHEN insufficient_privilege THEN
    RAISE EXCEPTION '% may not hand the audit table to {AUDIT_OWNER}: %', app, SQLERRM
      USING HINT = 'As a database administrator: GRANT {AUDIT_OWNER} TO ' || quote_ident(app)
        || '; then upgrade again and REVOKE it afterwards (see docs/deploy.md)';
  END;
  REVOKE ALL ON {TABLE} FROM PUBLIC;
  EXECUTE format('GRANT SELECT, INSERT ON {TABLE} TO %I', app);
END
$$
"""

DOWNGRADE_SQL = f"""
DO $$
BEGIN
  EXECUTE format('ALTER TABLE {TABLE} OWNER TO %I', current_user);
  EXECUTE format('ALTER FUNCTION {FUNCTION} OWNER TO %I', current_user);
  IF NOT EXISTS (
    SELECT 1 FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid
    WHERE d.refclassid = 'pg_authid'::regclass AND r.rolname = '{AUDIT_OWNER}'
  ) AND NOT EXISTS (
    SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
    WHERE r.rolname = '{AUDIT_OWNER}'
  ) THEN
    BEGIN
      DROP ROLE {AUDIT_OWNER};
    EXCEPTION WHEN insufficient_privilege THEN NULL;  -- left for an administrator to drop
    END;
  END IF;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(UPGRADE_SQL)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(DOWNGRADE_SQL)
