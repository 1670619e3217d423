"""``sendsight adulthood``: import preparing-for-adulthood records, rebuild the cohort figures,
show the commissioning signal."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click
from sqlalchemy.orm import Session

from sendsight.access.audit import NamedActor
from sendsight.cli.options import HELP_SETTINGS, existing_file
from sendsight.config import get_settings
from sendsight.db.session import session_factory, transaction

la_option = click.option(
    "--la", "la_code", required=True, help="DfE code of the local authority (e.g. 354)."
)
today_option = click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Work out ages and flags as at this day (YYYY-MM-DD) instead of today.",
)


def _day(today: datetime | None) -> date:
    return today.date() if today else date.today()


def _partnership_id(session: Session, la_code: str) -> str:
    from sendsight.access import queries as access

    found = access.partnership_for_la_or_none(session=session, la_code=la_code)
    if found is None:
        raise click.ClickException(f"No partnership covers local authority {la_code}")
    return str(found.id)


@click.group("adulthood", context_settings=HELP_SETTINGS)
def adulthood() -> None:
    """Preparing for adulthood: reviews from Year 9, destinations, supported internships."""


@adulthood.command("import")
@click.argument("file", type=existing_file)
@la_option
@click.option(
    "--kind",
    type=click.Choice(["reviews", "activities", "internships"]),
    required=True,
    help="What the file holds.",
)
@click.option(
    "--by",
    "by_email",
    default="command line",
    show_default=True,
    help="Who the audit log records as making the import.",
)
@today_option
def import_command(
    file: Path, la_code: str, kind: str, by_email: str, today: datetime | None
) -> None:
    """Import a CSV file of annual reviews, activities (NCCIS codes) or supported internships
    for one LA: all or nothing, and the same file twice changes nothing. Each row names the
    young person by their EHC case's person id; problems are listed by line and column."""
    from sendsight.adulthood import service
    from sendsight.core.safe_io import file_limits, read_csv_file

    text = read_csv_file(file, file.name, limits=file_limits())
    with transaction(get_settings().database_url) as session:
        result = service.import_file_as(
            session,
            text,
            actor=NamedActor(email=by_email),
            la_code=la_code,
            kind=kind,
            partnership_id=_partnership_id(session, la_code),
            filename=file.name,
            today=_day(today),
        )
    click.echo(
        f"{result.rows} rows: {result.added} added, {result.replaced} replaced, "
        f"{result.unchanged} unchanged; {result.young_people_added} new young people"
    )


@adulthood.command("facts")
@la_option
@today_option
def facts_command(la_code: str, today: datetime | None) -> None:
    """Rebuild the LA's cohort figures (ages, flags, destinations, internships) as at today,
    and the scorecard measures fed by them. Run it daily: ages and flags move with the date."""
    from sendsight.adulthood import summary

    with transaction(get_settings().database_url) as session:
        changed = summary.rebuild(
            session,
            partnership_id=_partnership_id(session, la_code),
            la_code=la_code,
            today=_day(today),
        )
    click.echo("Figures rebuilt" if changed else "Figures unchanged")


@adulthood.command("signal")
@la_option
def signal_command(la_code: str) -> None:
    """List aspirations against the post-16 and post-19 programmes on offer, most wanted first."""
    from sendsight.adulthood import commissioning, queries

    with session_factory(get_settings().database_url)() as session:
        partnership_id = _partnership_id(session, la_code)
        held = queries.get_summary_or_none(
            session=session, partnership_id=partnership_id, la_code=la_code
        )
        wanted = held.figures.get("aspirations", {}) if held else {}
        offered = commissioning.programmes(session, partnership_id=partnership_id)
        for row in commissioning.signal(wanted, offered):
            click.echo(
                f"{row.theme}: {row.wanted} want it; {row.programmes} programmes, "
                f"{row.places} places; {row.verdict}"
            )
