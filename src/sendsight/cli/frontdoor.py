"""``sendsight frontdoor``: the front door's figures and bulk intake of requests for support."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sendsight.cli.options import HELP_SETTINGS, existing_file
from sendsight.cli.options import la_option as la_option_for
from sendsight.config import get_settings
from sendsight.db.session import session_factory, transaction

la_option = la_option_for(None, "DfE 3-digit code of the local authority, e.g. 354.")


@click.group("frontdoor", context_settings=HELP_SETTINGS)
def frontdoor() -> None:
    """The front door: requests for support, triage and panels."""


@frontdoor.command("stats")
@la_option
@click.option("--year", type=int, required=True, help="Calendar year, e.g. 2025.")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def stats_command(la_code: str, year: int, fmt: str) -> None:
    """Print one LA's front door figures for a calendar year: requests (total and by route),
    triage (median working days to decide the route, share within the target) and panels
    (decision rate with funnel plot control limits, as percentages)."""
    from sendsight.frontdoor import reports

    with session_factory(get_settings().database_url)() as session:
        figures = reports.year_stats(session, la_code=la_code, year=year)
    click.echo(json.dumps(figures, indent=2))


@frontdoor.command("import")
@la_option
@click.option("--file", "path", type=existing_file, required=True, help="Requests CSV.")
@click.option(
    "--by",
    "by_email",
    default="command line",
    show_default=True,
    help="Who the requests are recorded as submitted by.",
)
def import_command(la_code: str, path: Path, by_email: str) -> None:
    """Import requests for support from a CSV file: every row, or nothing if any is wrong.

    Columns: person_id, date_of_birth, upn, setting_urn, source, need_area, other_need_areas,
    needs_text, cycles, asked_for, consent, received_on. Importing the same file twice adds
    nothing the second time.
    """
    from sendsight.frontdoor import bulk, reports

    with transaction(get_settings().database_url) as session:
        partnership_id = reports.partnership_of(session, la_code)
        if partnership_id is None:
            raise click.ClickException(f"No partnership covers LA {la_code}")
        result = bulk.import_csv(
            session, path=path, partnership_id=partnership_id, la_code=la_code, by_email=by_email
        )
    click.echo(f"{result.added} request(s) added, {result.unchanged} already held")


COMMANDS = (frontdoor,)
