"""The Local Offer from the command line: import, export, the stale-listing reminders and the
purge of deleted listings."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import click
from sqlalchemy.orm import Session

from sendsight.cli.options import HELP_SETTINGS
from sendsight.config import get_settings
from sendsight.db.session import transaction

LA_HELP = "DfE code of a local authority in the partnership whose directory this is."


@click.group("directory", context_settings=HELP_SETTINGS)
def directory_group() -> None:
    """The Local Offer directory: import, export, stale listings, purge."""


def _partnership(session: Session, la_code: str) -> str:
    from sendsight.access import queries as access

    partnership = access.partnership_for_la_or_none(session=session, la_code=la_code)
    if partnership is None:
        raise click.ClickException(f"No partnership covers local authority {la_code}")
    return partnership.id


@directory_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--la", "la_code", required=True, help=LA_HELP)
def import_command(path: Path, la_code: str) -> None:
    """Import services from an ORUK 3.0 JSON file (a service package or pages of services) or a
    CSV in the directory template's columns. Every record is checked first; on any problem
    nothing is stored. Importing the same file again changes nothing.
    """
    from sendsight.core.safe_files import read_file
    from sendsight.core.safe_io import file_limits, read_csv_file
    from sendsight.directory import exchange

    settings = get_settings()
    limits = file_limits()
    if path.suffix.lower() == ".csv":
        text = read_csv_file(path, path.name, limits=limits)
    else:
        text = read_file(path, path.name, max_bytes=limits.max_bytes).decode("utf-8-sig", "replace")
    with transaction(settings.database_url) as session:
        owner = _partnership(session, la_code)
        reader = exchange.read_csv if path.suffix.lower() == ".csv" else exchange.read_oruk
        package = reader(session, text, partnership_id=owner, filename=path.name)
        count = exchange.import_package(session, package, partnership_id=owner)
    click.echo(f"Imported {count} service(s) from {path.name}")


@directory_group.command("export")
@click.option("--la", "la_code", required=True, help=LA_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    default="json",
    help="ORUK 3.0 JSON (a service package) or the CSV template.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write.",
)
def export_command(la_code: str, fmt: str, out: Path) -> None:
    """Export the whole directory as ORUK 3.0 JSON or CSV."""
    from sendsight.directory import exchange

    settings = get_settings()
    with transaction(settings.database_url) as session:
        owner = _partnership(session, la_code)
        if fmt == "json":
            text = json.dumps(exchange.export_oruk(session, partnership_id=owner), indent=1)
        else:
            text = exchange.export_csv(session, partnership_id=owner)
    out.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {out}")


@directory_group.command("stale")
@click.option("--la", "la_code", required=True, help=LA_HELP)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Judge staleness on this day (YYYY-MM-DD) instead of the real today.",
)
@click.option("--remind", is_flag=True, help="Also queue reminder emails to providers.")
def stale_command(la_code: str, today: datetime | None, remind: bool) -> None:
    """List stale listings (not checked within the review cycle) and, with --remind, queue
    emails to providers whose listings are stale or go stale in the next two weeks (at most
    one a week per listing)."""
    from sendsight.directory import freshness

    settings = get_settings()
    day = today.date() if today else date.today()
    with transaction(settings.database_url) as session:
        owner = _partnership(session, la_code)
        stale = freshness.list_stale(session, partnership_id=owner, today=day)
        for service in stale:
            checked = service.assured_on.isoformat() if service.assured_on else "never"
            click.echo(f"{checked}  {service.name}")
        queued = (
            freshness.queue_reminders(
                session, partnership_id=owner, today=day, base_url=settings.public_base_url
            )
            if remind
            else 0
        )
    click.echo(f"{len(stale)} stale listing(s); {queued} reminder(s) queued")


@directory_group.command("purge")
def purge_command() -> None:
    """Remove for good the listings deleted more than 30 days ago (in every partnership), with
    their sessions, tags, versions and comments. Run it daily from a timer, like
    `sendsight mail reminders`; a listing can be restored until then."""
    from sendsight.access.audit import SYSTEM
    from sendsight.directory import moderation

    with transaction(get_settings().database_url) as session:
        removed = moderation.purge_deleted(session, actor=SYSTEM)
    click.echo(f"{removed} deleted listing(s) removed")


COMMANDS = (directory_group,)
