"""Accounts and retention from the command line: ``users create-admin`` and ``retention run``."""

from __future__ import annotations

from datetime import date, datetime

import click

from sendsight.access import queries
from sendsight.access.audit import SYSTEM, record
from sendsight.access.models import OrganisationKind
from sendsight.access.passwords import hash_password, hasher, password_problem
from sendsight.access.retention import cutoff_date, run_retention
from sendsight.access.roles import Role
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
@click.option("--la-code", required=True, help="DfE 3-digit code of the administrator's council.")
@click.password_option("--password", help="Password (asked for when not given).")
def create_admin(email: str, name: str, partnership_name: str, la_code: str, password: str) -> None:
    """Create the first administrator of a partnership (and its council organisation)."""
    problem = password_problem(password, email, get_settings().password_min_length)
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    settings = get_settings()
    with transaction(settings.database_url) as session:
        if queries.user_exists(session, email):
            raise click.ClickException(f"An account already uses {email.strip().lower()}")
        partnership = queries.get_partnership_by_name_or_none(session, partnership_name)
        if partnership is None:
            partnership = queries.create_partnership(
                session, name=partnership_name, la_codes=[la_code]
            )
        council = queries.get_organisation_by_name_or_none(
            session, partnership_id=partnership.id, name=f"Council {la_code}"
        )
        if council is None:
            council = queries.create_organisation(
                session,
                partnership=partnership,
                name=f"Council {la_code}",
                kind=OrganisationKind.LOCAL_AUTHORITY,
                la_code=la_code,
            )
        ph = hasher(settings.argon2_time_cost, settings.argon2_memory_kib)
        user = queries.create_user(
            session,
            email=email,
            name=name,
            organisation=council,
            role=Role.ADMIN,
            password_hash=hash_password(password, ph),
        )
        record(
            session,
            actor=SYSTEM,
            action="permission.change",
            object_type="user",
            object_id=user.id,
            detail={"change": "created administrator", "via": "cli"},
        )
    click.echo(f"Administrator {user.email} created")


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
    """Delete case records past their retention date (date of birth + the configured years)."""
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
        click.echo(f"{verb}: {item.rule} {item.record_id}")
    cutoff = cutoff_date(on, settings.retention_years_after_birth)
    click.echo(f"{verb}: {len(due)} record(s) of people born on or before {cutoff.isoformat()}")


COMMANDS = (users_group, retention_group)
