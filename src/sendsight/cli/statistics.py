"""Importing published statistics: ``sendsight import dfe-stats``."""

from __future__ import annotations

from pathlib import Path

import click

from sendsight.cli.options import HELP_SETTINGS
from sendsight.config import get_settings
from sendsight.db.session import transaction


@click.group("import", context_settings=HELP_SETTINGS)
def import_group() -> None:
    """Import data files into sendsight."""


@import_group.command("dfe-stats")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--publication", required=True, help="Publication name, e.g. ehcp_caseload.")
@click.option(
    "--release",
    "release_label",
    required=True,
    help="Release label; a new label is kept as a new vintage, e.g. 2026.",
)
def import_dfe_stats(file: Path, publication: str, release_label: str) -> None:
    """Import a DfE open-data CSV (the tidy format with time_period, geographic_level, ...).

    The whole file is checked first; any problem is listed with its line and column and nothing
    is written. Importing the same file again changes nothing.
    """
    from sendsight.statistics.loader import import_release

    with transaction(get_settings().database_url) as session:
        report = import_release(session, file, publication, release_label)
    if report.unchanged:
        click.echo(f"{file.name}: already loaded as {publication} {release_label}; nothing changed")
    else:
        click.echo(
            f"{file.name}: imported {report.values_written:,} figures from "
            f"{report.rows_read:,} rows as {publication} release {release_label}"
        )


COMMANDS = (import_group,)
