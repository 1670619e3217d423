"""School inclusion profiles from the command line: ``schools profile``, ``schools funnel`` and
``schools import``."""

from __future__ import annotations

import json
from pathlib import Path

import click
from sqlalchemy.orm import Session

from sendsight.cli.options import HELP_SETTINGS, existing_file, la_option
from sendsight.config import get_settings
from sendsight.db.session import transaction

FORMATS = click.Choice(["json", "csv", "text"])
partnership_option = click.option(
    "--partnership",
    "partnership_name",
    default=None,
    help="Name of the partnership whose imported files count too (default: the one covering "
    "the school's LA, else the only one).",
)


@click.group("schools", context_settings=HELP_SETTINGS)
def schools_group() -> None:
    """School inclusion profiles: every school against similar schools, with funnel limits."""


def _partnership_id(session: Session, la_code: str | None, name: str | None) -> str:
    """The partnership whose imports count; "" (the shipped figures only) when none fits."""
    from sendsight.access import queries as access
    from sendsight.access.tenancy import chosen_partnership

    if name is not None:
        return chosen_partnership(session, name).id
    if la_code:
        found = access.partnership_for_la_or_none(session=session, la_code=la_code)
        if found is not None:
            return found.id
    every = access.list_partnerships(session=session)
    return every[0].id if len(every) == 1 else ""


@schools_group.command("profile")
@click.option("--urn", required=True, help="The school's unique reference number (6 digits).")
@click.option(
    "--format",
    "fmt",
    type=FORMATS,
    default="text",
    show_default=True,
    help="json: a list of the school's measures; text: a short summary.",
)
@partnership_option
def profile_command(urn: str, fmt: str, partnership_name: str | None) -> None:
    """A school's measures for its latest year, each with the value expected from similar
    schools and the 95% and 99.8% funnel limits, and the similar schools used.

    Every school in England has one from the shipped January 2019 figures; a partnership's
    imported files add newer years. A school in the partnership's GIAS file also has its local
    measures: requests for support over the last 12 months, against similar schools in its LA.
    """
    from sendsight.schools import localdata, profiles
    from sendsight.schools.shipped import school_level_2019

    urn = urn.strip()
    shipped = school_level_2019().filter(school_level_2019()["urn"] == urn)
    la_code = str(shipped["la_code"][0]) if shipped.height else None
    with transaction(get_settings().database_url) as session:
        partnership_id = _partnership_id(session, la_code, partnership_name)
        found = profiles.profile(session, urn, partnership_id=partnership_id)
        if partnership_id:
            found = localdata.with_local(session, found, partnership_id=partnership_id)
    if fmt == "json":
        click.echo(json.dumps(profiles.profile_json(found), indent=2))
        return
    if fmt == "csv":
        from sendsight.core.safe_io import write_csv

        keys = [
            "measure",
            "value",
            "expected",
            "lower_95",
            "upper_95",
            "lower_998",
            "upper_998",
            "position",
            "pupils",
        ]
        rows = [[line.as_dict()[k] for k in keys] for line in [*found.measures, *found.local]]
        click.echo(write_csv(rows, header=keys), nl=False)
        return
    click.echo(
        f"{found.name} (URN {found.urn}, LA {found.la_code}, {found.school_type}), "
        f"January {found.year}: {found.pupils} pupils"
    )
    for line in [*found.measures, *found.local]:
        click.echo(
            f"  {line.label}: {line.value:.1f} (similar schools {line.expected:.1f}; "
            f"95% limits {line.lower_95:.1f} to {line.upper_95:.1f})"
        )
    click.echo(
        f"  {len(found.peers)} similar schools, "
        f"{sum(p.same_la for p in found.peers)} in the same LA"
    )


@schools_group.command("funnel")
@la_option(None, "The DfE 3-digit code of the local authority whose schools to list.")
@click.option(
    "--measure",
    default="ehc_plan_pct",
    show_default=True,
    help="ehc_plan_pct, sen_support_pct, absence_pct, persistent_absence_pct, or a local "
    "measure from the partnership's cases over the last 12 months: ehc_requests_per_100, "
    "ehc_requests_assessed_pct, frontdoor_requests_per_100, frontdoor_support_pct.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="Output format.",
)
@partnership_option
def funnel_command(la_code: str, measure: str, fmt: str, partnership_name: str | None) -> None:
    """Every school of an LA on the funnel for one measure: pupils, value, expected value,
    95% and 99.8% limits, and whether it is above or below them (by URN, never ranked)."""
    from sendsight.core.safe_io import write_csv
    from sendsight.schools import profiles

    with transaction(get_settings().database_url) as session:
        partnership_id = _partnership_id(session, la_code, partnership_name)
        frame = profiles.funnel_frame(
            session, partnership_id=partnership_id, la_code=la_code, measure=measure
        )
    keys = [
        "urn",
        "year",
        "measure",
        "pupils",
        "value",
        "expected",
        "lower_95",
        "upper_95",
        "lower_998",
        "upper_998",
        "position",
    ]
    frame = (
        frame.select(keys)
        .with_columns(
            [
                frame[k].round(2)
                for k in ("value", "expected", "lower_95", "upper_95", "lower_998", "upper_998")
            ]
        )
        .with_columns(frame["pupils"].cast(int))
    )
    if fmt == "json":
        click.echo(json.dumps(frame.to_dicts(), indent=2))
        return
    click.echo(write_csv([list(r) for r in frame.iter_rows()], header=keys), nl=False)


@schools_group.command("import")
@click.argument("kind", type=click.Choice(["census", "absence", "gias", "destinations", "sen"]))
@click.argument("file", type=existing_file)
@click.option(
    "--year",
    type=int,
    default=None,
    help="The year the figures are for (the January census; for destinations, the year of "
    "the performance tables showing them); not for gias.",
)
@partnership_option
def import_command(kind: str, file: Path, year: int | None, partnership_name: str | None) -> None:
    """Import a school-level file by URN: census (pupils, EHC plans, SEN support, EAL, FSM),
    absence, destinations (KS4: the cohort and pupils in a sustained destination), sen (the
    school-level file of "Special educational needs in England", by URN or by LA and school
    name), or a GIAS establishments extract (names, phases, predecessor links).

    All or nothing: a file with an unknown or repeated URN, a percentage above 100 or a count
    above the pupils on roll is refused with each line and column named. The same file twice
    changes nothing.
    """
    from sendsight.access.tenancy import chosen_partnership
    from sendsight.core.safe_io import file_limits, read_csv_file
    from sendsight.schools.imports import import_file

    text = read_csv_file(file, file.name, limits=file_limits())
    with transaction(get_settings().database_url) as session:
        partnership_id = chosen_partnership(session, partnership_name).id
        result = import_file(
            session, text, file_name=file.name, kind=kind, partnership_id=partnership_id, year=year
        )
        rows = result.record.rows
    if result.already:
        click.echo(f"{file.name}: already imported; nothing changed")
    else:
        click.echo(
            f"{file.name}: imported {rows} school(s) as {kind}" + (f" for {year}" if year else "")
        )


COMMANDS = (schools_group,)
