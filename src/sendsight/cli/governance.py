"""``sendsight inspection`` (census import, data quality, Annex A lists, inspection context) and
``sendsight board`` (board packs and the decisions log)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from sendsight.access.audit import NamedActor
from sendsight.cli.options import HELP_SETTINGS, existing_file, la_option
from sendsight.config import get_settings
from sendsight.db.session import transaction

CLI_ACTOR = NamedActor(email="command line")
la = la_option(None, "DfE 3-digit code of the local authority, e.g. 354.")
as_of_option = click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The day the lists are as at, YYYY-MM-DD (default: today).",
)


def _day(value: datetime | None) -> date:
    return value.date() if value else date.today()


@click.group("inspection", context_settings=HELP_SETTINGS)
def inspection() -> None:
    """Area SEND inspection: the census of SEN pupils, Annex A lists, inspection outcomes."""


@inspection.command("census-import")
@la
@click.option("--file", "path", type=existing_file, required=True, help="The census CSV.")
@click.option(
    "--census-date",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The census day the file describes, YYYY-MM-DD (default: today).",
)
def census_import(la_code: str, path: Path, census_date: datetime | None) -> None:
    """Import a pupil-level SEN census file for an LA: all of it, or nothing if a row is wrong.

    The file replaces the LA's last one; the same file again changes nothing.
    """
    from sendsight.access.tenancy import partnership_for_la
    from sendsight.governance import lists
    from sendsight.governance.census import read_census_path

    census = read_census_path(path)
    with transaction(get_settings().database_url) as session:
        partnership = partnership_for_la(session, la_code)
        result = lists.import_census(
            session,
            partnership_id=partnership.id,
            la_code=la_code,
            census=census,
            census_date=_day(census_date),
            actor=CLI_ACTOR,
        )
    what = "imported" if result.changed else "unchanged (the same file was imported before)"
    click.echo(f"Census for LA {la_code}: {result.pupils} pupils, {what}")


def _print_checks(checks: list[dict[str, object]]) -> None:
    click.echo("Data-quality report (what an inspector's analyst would query):")
    for check in checks:
        click.echo(f"  {check['label']}: {check['count']}")
        lists = check["lists"]
        assert isinstance(lists, dict)
        for name, ids in lists.items():
            more = " …" if check["more"] else ""
            click.echo(f"    {name}: {', '.join(ids)}{more}")
        if check["count"]:
            click.echo(f"    action: {check['action']}")


@inspection.command("quality")
@la
@as_of_option
def quality(la_code: str, as_of: datetime | None) -> None:
    """Print the data-quality report on the LA's Annex A lists, without exporting them."""
    from sendsight.access.audit import record
    from sendsight.access.tenancy import partnership_for_la
    from sendsight.governance import annex_a, lists

    with transaction(get_settings().database_url) as session:
        partnership = partnership_for_la(session, la_code)
        built = lists.build_lists(
            session, partnership_id=partnership.id, la_code=la_code, as_of=_day(as_of)
        )
        record(
            session,
            actor=CLI_ACTOR,
            action="case.view",
            object_type="annex_a_quality",
            la_code=la_code,
            partnership_id=partnership.id,
            detail=lists.export_detail(built),
        )
    click.echo(
        f"List 1 (EHC plans): {built.list_1.height}; List 2 (SEN support): {built.list_2.height}"
    )
    _print_checks(annex_a.check_rows(built.checks))


@inspection.command("annex-a")
@la
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The workbook to write (.xlsx).",
)
@click.option("--purpose", default=None, help="Why the lists are exported (kept in the audit log).")
@as_of_option
def annex_a_command(la_code: str, out: Path, purpose: str | None, as_of: datetime | None) -> None:
    """Write the person-level lists inspectors ask for (sheets List_1 and List_2) for an LA.

    The data-quality report is printed first; every export is written to the audit log with
    its purpose.
    """
    from sendsight.access.tenancy import partnership_for_la
    from sendsight.governance import annex_a, lists

    if out.suffix.lower() != ".xlsx":
        raise click.BadParameter("Name the workbook with .xlsx at the end", param_hint="--out")
    with transaction(get_settings().database_url) as session:
        partnership = partnership_for_la(session, la_code)
        built = lists.export_annex_a(
            session,
            partnership_id=partnership.id,
            la_code=la_code,
            as_of=_day(as_of),
            actor=CLI_ACTOR,
            out=out,
            purpose=purpose or lists.DEFAULT_PURPOSE,
        )
    _print_checks(annex_a.check_rows(built.checks))
    click.echo(f"Wrote {out}: List_1 {built.list_1.height} rows, List_2 {built.list_2.height} rows")


@inspection.command("context")
@la
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Count down from this day (default: today).",
)
def context_command(la_code: str, today: datetime | None) -> None:
    """Print the LA's latest area SEND inspection, next-inspection-by date and neighbours'."""
    from sendsight.db.session import session_factory
    from sendsight.governance import inspections
    from sendsight.reference.queries import statistical_neighbours

    with session_factory(get_settings().database_url)() as session:
        codes = tuple(n.dfe_code for n in statistical_neighbours(la_code, session=session))
    found = inspections.context_for(la_code, _day(today), codes)
    click.echo(inspections.describe(found))


@click.group("board", context_settings=HELP_SETTINGS)
def board() -> None:
    """Board meetings: ask owners for commentary, issue (archive) packs."""


@board.command("ask")
@click.option("--partnership", default=None, help="Partnership name (needed when several).")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Act as on this day, YYYY-MM-DD (default: today).",
)
def board_ask(partnership: str | None, today: datetime | None) -> None:
    """Email the owners of every exception for meetings in the next 14 days (once each).

    Run daily from a timer; `sendsight mail send` sends the messages.
    """
    from datetime import timedelta

    from sendsight.access.tenancy import chosen_partnership
    from sendsight.governance import commentary, pack, queries

    day = _day(today)
    settings = get_settings()
    with transaction(settings.database_url) as session:
        found = chosen_partnership(session, partnership)
        asked = 0
        for meeting in queries.list_meetings(session=session, partnership_id=found.id):
            ahead = meeting.meeting_on - day
            if meeting.issued_at_utc or not timedelta(0) <= ahead <= timedelta(
                days=pack.COMMENTARY_DAYS_BEFORE
            ):
                continue
            built = pack.build_pack(
                session,
                partnership_id=found.id,
                la_codes=sorted(found.la_codes or []),
                meeting_on=meeting.meeting_on,
                title=meeting.title,
            )
            asked += len(
                commentary.ask(
                    session,
                    meeting=meeting,
                    pack=built,
                    today=day,
                    base_url=settings.public_base_url,
                )
            )
    click.echo(f"Commentary asked for: {asked} measure(s)")


@board.command("issue")
@click.option("--partnership", default=None, help="Partnership name (needed when several).")
@click.option(
    "--meeting-date",
    type=click.DateTime(["%Y-%m-%d"]),
    required=True,
    help="The meeting's date, YYYY-MM-DD.",
)
def board_issue(partnership: str | None, meeting_date: datetime) -> None:
    """Issue the meeting's pack: archive it as it stands, never to change."""
    from sendsight.access.tenancy import chosen_partnership
    from sendsight.core.errors import NotFound
    from sendsight.governance import pack, queries

    with transaction(get_settings().database_url) as session:
        found = chosen_partnership(session, partnership)
        meeting = queries.get_meeting_on(
            session=session, meeting_on=meeting_date.date(), partnership_id=found.id
        )
        if meeting is None:
            raise NotFound(f"No board meeting on {meeting_date.date().isoformat()}")
        built = pack.build_pack(
            session,
            partnership_id=found.id,
            la_codes=sorted(found.la_codes or []),
            meeting_on=meeting.meeting_on,
            title=meeting.title,
        )
        pack.issue(session, meeting=meeting, pack=built, issued_by=CLI_ACTOR.email)
        digest = meeting.pack_digest or ""
    click.echo(f"Issued the pack for {meeting_date.date().isoformat()} (fingerprint {digest[:16]})")


COMMANDS = (inspection, board)
