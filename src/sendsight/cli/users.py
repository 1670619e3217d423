"""Accounts and retention from the command line: ``users create-admin`` and ``retention run``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TypeVar

import click
from sqlalchemy.orm import Session

from sendsight.access import grants, queries
from sendsight.access.audit import SYSTEM
from sendsight.access.grants import GrantRules, RoleChangeRefused
from sendsight.access.passwords import hash_password, hasher, password_problem
from sendsight.access.permissions import Permission
from sendsight.access.principal import Principal, principal_of
from sendsight.access.retention import cutoff_date, run_retention
from sendsight.access.roles import Role, has_permission
from sendsight.access.tenancy import create_administrator
from sendsight.cli.options import HELP_SETTINGS
from sendsight.config import get_settings
from sendsight.db.session import transaction


@click.group("users", context_settings=HELP_SETTINGS)
def users_group() -> None:
    """User accounts."""


@users_group.command("create-admin")
@click.option("--email", required=True, help="The administrator's email address.")
@click.option("--name", required=True, help="The administrator's full name.")
@click.option(
    "--partnership",
    "partnership_name",
    required=True,
    help="Partnership name (created if it does not exist).",
)
@click.option(
    "--la-code",
    required=True,
    help="DfE 3-digit code of the administrator's council: a local authority, current or "
    "former, that no other partnership covers.",
)
@click.password_option("--password", help="Password (asked for when not given).")
def create_admin(email: str, name: str, partnership_name: str, la_code: str, password: str) -> None:
    """Create the first administrator of a partnership (and its council organisation).

    The partnership comes to cover the LA; an LA already in another partnership is refused.
    """
    settings = get_settings()
    problem = password_problem(password, email, settings.password_min_length)
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    ph = hasher(settings.argon2_time_cost, settings.argon2_memory_kib)
    with transaction(settings.database_url) as session:
        user = create_administrator(
            session, email=email, name=name, partnership_name=partnership_name,
            la_code=la_code.strip(), password_hash=hash_password(password, ph),
        )  # fmt: skip
    click.echo(f"Administrator {user.email} created")


T = TypeVar("T")
BY_OPTION = click.option(
    "--by",
    "by_email",
    required=True,
    help="Email address of the administrator doing this (named in the audit log).",
)


@users_group.command("set-role")
@click.option("--email", required=True, help="Email address of the person whose role changes.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="New role.")
@BY_OPTION
def set_role(email: str, role: str, by_email: str) -> None:
    """Change someone's role. A role with case-level access waits for a second administrator.

    Nobody may change their own role: the refusal is recorded in the audit log.
    """

    def work(session: Session) -> str:
        person = queries.get_user_by_email_or_none(session=session, email=email)
        if person is None:
            raise click.ClickException(f"No account uses {email.strip().lower()}")
        rules = _rules()
        grant = grants.change_role(
            session, actor=_admin(session, by_email), user=person, role=Role(role), rules=rules
        )
        if grant is None:
            return f"{person.email} is now {person.role or 'without a role'}"
        return f"Waiting for another administrator to approve: role change {grant.id}"

    click.echo(_refusals_kept(work))


@users_group.command("list-role-changes")
@BY_OPTION
def list_role_changes(by_email: str) -> None:
    """List the role changes waiting for approval in the administrator's partnership."""

    def work(session: Session) -> list[str]:
        waiting = grants.list_waiting(session, actor=_admin(session, by_email))
        return [
            f"{g.id}  {g.user.email}: {g.from_role or 'no role'} -> {g.role}  "
            f"(asked for by {g.requested_by.email}; lapses {g.expires_at_utc:%Y-%m-%d})"
            for g in waiting
        ]

    lines = _refusals_kept(work)
    click.echo("\n".join(lines) if lines else "No role changes are waiting for approval")


@users_group.command("approve-role-change")
@click.argument("grant_id")
@BY_OPTION
def approve_role_change(grant_id: str, by_email: str) -> None:
    """Approve a waiting role change (not one you asked for, nor one to your own role)."""

    def work(session: Session) -> str:
        grant = grants.approve(session, actor=_admin(session, by_email), grant_id=grant_id)
        return f"{grant.user.email} is now {grant.role}"

    click.echo(_refusals_kept(work))


@users_group.command("reject-role-change")
@click.argument("grant_id")
@click.option("--reason", default=None, help="Why (kept with the decision).")
@BY_OPTION
def reject_role_change(grant_id: str, reason: str | None, by_email: str) -> None:
    """Reject a waiting role change: the person's role stays as it is."""

    def work(session: Session) -> str:
        actor = _admin(session, by_email)
        grant = grants.reject(session, actor=actor, grant_id=grant_id, reason=reason)
        return f"Rejected: {grant.user.email} stays {grant.user.role or 'without a role'}"

    click.echo(_refusals_kept(work))


def _rules() -> GrantRules:
    settings = get_settings()
    return GrantRules(
        second_admin=settings.case_role_grants_need_second_admin,
        valid_for=timedelta(days=settings.role_grant_valid_days),
    )


def _admin(session: Session, email: str) -> Principal:
    """The active administrator named by ``--by``."""
    user = queries.get_user_by_email_or_none(session=session, email=email)
    if user is None or not user.active or not has_permission(user, Permission.ADMIN):
        raise click.ClickException(f"{email.strip().lower()} is not an active administrator")
    return principal_of(user)


def _refusals_kept(work: Callable[[Session], T]) -> T:
    """Run ``work`` in one transaction; a refused role change is committed (it is in the audit
    log) and then reported."""
    with transaction(get_settings().database_url) as session:
        try:
            return work(session)
        except RoleChangeRefused as exc:
            refused = exc
    raise click.ClickException(str(refused))


@click.group("retention", context_settings=HELP_SETTINGS)
def retention_group() -> None:
    """The retention schedule for case records."""


@retention_group.command("run")
@click.option("--dry-run", is_flag=True, help="List what is due for deletion; delete nothing.")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Pretend today is this date (YYYY-MM-DD), to preview a future run.",
)
def retention_run(dry_run: bool, today: datetime | None) -> None:
    """Delete case records past their retention date, in one audited all-or-nothing run.

    A record falls due the configured number of years after the person's date of birth or,
    where that is not known, after the record's latest case date.
    """
    settings = get_settings()
    on = today.date() if today else date.today()
    with transaction(settings.database_url) as session:
        due = run_retention(
            session,
            actor=SYSTEM,
            today=on,
            dry_run=dry_run,
            years=settings.retention_years_after_birth,
        )
    verb = "Due for deletion" if dry_run else "Deleted"
    for item in due:
        click.echo(f"{verb}: {item.rule} {item.record_id} ({item.basis} {item.counted_from})")
    cutoff = cutoff_date(on, settings.retention_years_after_birth).isoformat()
    click.echo(
        f"{verb}: {len(due)} record(s) of people born on or before {cutoff}, "
        f"or without a date of birth and last dated on or before {cutoff}"
    )


COMMANDS = (users_group, retention_group)
