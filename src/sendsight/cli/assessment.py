"""``sendsight assessment``: frameworks as files, rounds, and the whole self-assessment as data."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import click

from sendsight.cli.options import HELP_SETTINGS, existing_file

partnership_option = click.option(
    "--partnership",
    "partnership_name",
    default=None,
    help="Name of the partnership (needed when there are several).",
)
today_option = click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Judge open and closed rounds as on this day (YYYY-MM-DD) instead of today.",
)


def _day(today: datetime | None) -> date:
    return today.date() if today else datetime.now(UTC).date()


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@click.group("assessment", context_settings=HELP_SETTINGS)
def assessment() -> None:
    """The partnership's maturity self-assessment: frameworks, rounds and results."""


@assessment.command("export")
@partnership_option
@today_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json"]),
    default="json",
    show_default=True,
    help="File format.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
def export_command(
    partnership_name: str | None, today: datetime | None, fmt: str, output: Path | None
) -> None:
    """Write every framework (themes and statements) and every round (each rating naming
    its organisation, consensus levels and the spread of ratings per statement)."""
    from sendsight.access.tenancy import chosen_partnership
    from sendsight.assessment.export import export_all
    from sendsight.config import get_settings
    from sendsight.db.session import session_factory

    with session_factory(get_settings().database_url)() as session:
        partnership_id = chosen_partnership(session, partnership_name).id
        data = export_all(session, partnership_id=partnership_id, today=_day(today))
    _write(json.dumps(data, indent=2, ensure_ascii=False) + "\n", output)


@assessment.command("import")
@click.argument("file", type=existing_file)
@partnership_option
def import_command(file: Path, partnership_name: str | None) -> None:
    """Load a framework from a YAML file; all or nothing. The same file twice changes
    nothing; a changed framework is refused once a round uses it."""
    from sendsight.access.audit import NamedActor
    from sendsight.access.tenancy import chosen_partnership
    from sendsight.assessment.frameworks import import_framework, read_framework_file
    from sendsight.config import get_settings
    from sendsight.db.session import transaction

    text = read_framework_file(file)
    with transaction(get_settings().database_url) as session:
        partnership_id = chosen_partnership(session, partnership_name).id
        done = import_framework(
            session,
            text,
            filename=file.name,
            partnership_id=partnership_id,
            actor=NamedActor(email="command line"),
        )
        key = done.framework.key
    click.echo(f"Framework {key!r} " + ("imported" if done.changed else "unchanged"))


@assessment.command("export-framework")
@click.argument("key")
@partnership_option
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
def export_framework_command(key: str, partnership_name: str | None, output: Path | None) -> None:
    """Write the framework KEY as YAML, in the form `assessment import` reads."""
    from sendsight.access.tenancy import chosen_partnership
    from sendsight.assessment import queries
    from sendsight.assessment.frameworks import export_framework
    from sendsight.config import get_settings
    from sendsight.core.errors import NotFound
    from sendsight.db.session import session_factory

    with session_factory(get_settings().database_url)() as session:
        partnership_id = chosen_partnership(session, partnership_name).id
        found = queries.get_framework_by_key_or_none(
            session=session, key=key, partnership_id=partnership_id
        )
        if found is None:
            raise NotFound(f"There is no framework {key!r}")
        _write(export_framework(session, found.id, partnership_id=partnership_id), output)


@assessment.group("round")
def round_group() -> None:
    """Open, list and close self-assessment rounds."""


@round_group.command("open")
@click.option("--name", required=True, help="The round's name, for example 'Spring 2027'.")
@click.option("--framework", "framework_key", required=True, help="The framework's key.")
@click.option("--opens", type=click.DateTime(["%Y-%m-%d"]), required=True, help="YYYY-MM-DD.")
@click.option("--closes", type=click.DateTime(["%Y-%m-%d"]), required=True, help="YYYY-MM-DD.")
@click.option(
    "--target",
    "target_level",
    required=True,
    help="The level the partnership aims for (a key on the framework's scale).",
)
@click.option(
    "--organisation",
    "organisations",
    multiple=True,
    required=True,
    help="An organisation taking part, by name (repeat for each).",
)
@partnership_option
def round_open_command(
    name: str,
    framework_key: str,
    opens: datetime,
    closes: datetime,
    target_level: str,
    organisations: tuple[str, ...],
    partnership_name: str | None,
) -> None:
    """Open a round of the self-assessment for the named organisations."""
    from sendsight.access.audit import NamedActor
    from sendsight.access.queries import get_organisation_by_name_or_none
    from sendsight.access.tenancy import chosen_partnership
    from sendsight.assessment import queries, rounds
    from sendsight.config import get_settings
    from sendsight.core.errors import NotFound
    from sendsight.db.session import transaction

    with transaction(get_settings().database_url) as session:
        partnership_id = chosen_partnership(session, partnership_name).id
        framework = queries.get_framework_by_key_or_none(
            session=session, key=framework_key, partnership_id=partnership_id
        )
        if framework is None:
            raise NotFound(f"There is no framework {framework_key!r}")
        ids = []
        for org in organisations:
            found = get_organisation_by_name_or_none(
                session=session, partnership_id=partnership_id, name=org
            )
            if found is None:
                raise NotFound(f"There is no organisation {org!r} in the partnership")
            ids.append(found.id)
        new = rounds.NewRound(framework.id, name, opens.date(), closes.date(), target_level, ids)
        made = rounds.open_round(
            session, new, actor=NamedActor(email="command line"), partnership_id=partnership_id
        )
        click.echo(f"Opened round {made.name!r} ({made.id}) for {len(ids)} organisation(s)")


@round_group.command("list")
@partnership_option
@today_option
def round_list_command(partnership_name: str | None, today: datetime | None) -> None:
    """List the rounds: id, name, dates and whether each is open."""
    from sendsight.access.tenancy import chosen_partnership
    from sendsight.assessment import queries, rounds
    from sendsight.config import get_settings
    from sendsight.db.session import session_factory

    with session_factory(get_settings().database_url)() as session:
        partnership_id = chosen_partnership(session, partnership_name).id
        for r in queries.list_rounds(session=session, partnership_id=partnership_id):
            state = rounds.status(r, _day(today))
            click.echo(f"{r.id}  {r.opens_on} to {r.closes_on}  {state:<8}  {r.name}")


@round_group.command("close")
@click.argument("name")
@partnership_option
def round_close_command(name: str, partnership_name: str | None) -> None:
    """Close the round NAME now: no more ratings, and everyone sees every rating."""
    from sendsight.access.audit import NamedActor
    from sendsight.access.tenancy import chosen_partnership
    from sendsight.assessment import queries, rounds
    from sendsight.config import get_settings
    from sendsight.core.errors import NotFound
    from sendsight.db.session import transaction

    with transaction(get_settings().database_url) as session:
        partnership_id = chosen_partnership(session, partnership_name).id
        found = queries.get_round_by_name_or_none(
            session=session, name=name, partnership_id=partnership_id
        )
        if found is None:
            raise NotFound(f"There is no round {name!r}")
        rounds.close_round(
            session, found.id, actor=NamedActor(email="command line"), partnership_id=partnership_id
        )
    click.echo(f"Closed round {name!r}")


COMMANDS = (assessment,)
