"""``sendsight coproduction``: the engagement log and "you said, we did" as a file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sendsight.access.audit import NamedActor
from sendsight.access.tenancy import chosen_partnership
from sendsight.cli.options import HELP_SETTINGS, existing_file
from sendsight.config import get_settings
from sendsight.core.safe_io import read_upload
from sendsight.db.session import session_factory, transaction

partnership_option = click.option(
    "--partnership",
    "partnership_name",
    default=None,
    help="Name of the partnership whose log this is (needed when there are several).",
)


@click.group("coproduction", context_settings=HELP_SETTINGS)
def coproduction() -> None:
    """Co-production: export and import the engagement log and "you said, we did"."""


@coproduction.command("export")
@partnership_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="File format.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
def export_command(fmt: str, output: Path | None, partnership_name: str | None) -> None:
    """Write one row per "you said" item with its activity (date, title, method, ladder level,
    type, partners, adjustments, who took part) and its response (kind, words, date, owner,
    status, when published, linked measure).

    JSON carries the same rows as `items`, and `activities` with their participation counts.
    The CSV is the file `coproduction import` reads.
    """
    from sendsight.coproduction import files

    with session_factory(get_settings().database_url)() as session:
        partnership_id = chosen_partnership(session, partnership_name).id
        if fmt == "json":
            data = files.export_json(session, partnership_id=partnership_id)
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        else:
            text = files.export_csv(session, partnership_id=partnership_id)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@coproduction.command("import")
@click.argument("file", type=existing_file)
@partnership_option
@click.option(
    "--by",
    "by_email",
    default="command line",
    show_default=True,
    help="Who the audit log records as making the import.",
)
def import_command(file: Path, partnership_name: str | None, by_email: str) -> None:
    """Load activities and "you said" items from a CSV (the columns `coproduction export`
    writes); all or nothing.

    Every problem is listed with its line and column and nothing is stored. Activities and
    items are matched by `activity_key` and `said_key`, so importing the same file twice
    changes nothing.
    """
    from sendsight.coproduction import files

    sniffed = read_upload(file.read_bytes(), file.name, allowed=("csv",))
    with transaction(get_settings().database_url) as session:
        saved = files.import_csv(
            session,
            sniffed.text or "",
            filename=file.name,
            partnership_id=chosen_partnership(session, partnership_name).id,
            actor=NamedActor(email=by_email),
        )
    click.echo(
        f"{saved.activities_added} activities added, {saved.activities_changed} changed; "
        f"{saved.items_added} items added, {saved.items_changed} changed"
    )


COMMANDS = (coproduction,)
