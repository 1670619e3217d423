"""Joint commissioning from the command line: import the ledger, personal budgets and contracts,
queue contract expiry alerts, and project the cost ahead."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from sqlalchemy.orm import Session

from sendsight.cli.options import HELP_SETTINGS
from sendsight.config import get_settings
from sendsight.db.session import transaction


@click.group("commissioning", context_settings=HELP_SETTINGS)
def commissioning_group() -> None:
    """Joint commissioning: contributions, personal budgets, contracts and the cost ahead."""


def _partnership_id(session: Session, la_code: str) -> str:
    from sendsight.access import queries as access

    for partnership in access.list_partnerships(session=session):
        if la_code in (partnership.la_codes or []):
            return partnership.id
    raise click.ClickException(f"No partnership covers LA {la_code}")


def _import(kind: str, path: Path, la_code: str) -> None:
    from sendsight.commissioning import imports
    from sendsight.core.safe_files import read_file

    reader = {"ledger": imports.import_ledger, "budgets": imports.import_budgets,
              "contracts": imports.import_contracts}[kind]  # fmt: skip
    text = read_file(path, path.name, max_bytes=20 * 1024 * 1024).decode("utf-8-sig")
    with transaction(get_settings().database_url) as session:
        found = reader(
            session,
            text,
            filename=path.name,
            partnership_id=_partnership_id(session, la_code),
            la_code=la_code,
        )
    click.echo(f"{found.rows} rows read: {found.added} added, {found.changed} changed")


LA_OPTION = click.option("--la", "la_code", required=True, help="The LA's 3-digit DfE code.")


@commissioning_group.command("import-ledger")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@LA_OPTION
def import_ledger_command(path: Path, la_code: str) -> None:
    """Import a contributions ledger CSV (all or nothing; the same file twice changes nothing).

    Columns: financial_year, subject_kind (plan or service), subject_id, amount,
    education_share, health_share, social_care_share (adding to 100), budget_arrangement
    (pooled, aligned or separate) and high_needs_category.
    """
    _import("ledger", path, la_code)


@commissioning_group.command("import-budgets")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@LA_OPTION
def import_budgets_command(path: Path, la_code: str) -> None:
    """Import personal budgets in EHC plans: plan_id, financial_year, element, arrangement,
    amount."""
    _import("budgets", path, la_code)


@commissioning_group.command("import-contracts")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@LA_OPTION
def import_contracts_command(path: Path, la_code: str) -> None:
    """Import contracts into the register: reference, title, provider, service_key, value,
    starts_on, ends_on, extension_months, commissioners."""
    _import("contracts", path, la_code)


@commissioning_group.command("alerts")
def alerts_command() -> None:
    """Queue an email to administrators for contracts ending within six months (run daily)."""
    from sendsight.access import queries as access
    from sendsight.commissioning.contracts import queue_expiry_alerts

    settings = get_settings()
    queued = 0
    with transaction(settings.database_url) as session:
        for partnership in access.list_partnerships(session=session):
            queued += queue_expiry_alerts(
                session,
                partnership_id=partnership.id,
                today=date.today(),
                base_url=settings.public_base_url,
            )
    click.echo(f"{queued} alert(s) queued")


@commissioning_group.command("costs")
@LA_OPTION
@click.option(
    "--to-resourced",
    default=0,
    type=click.IntRange(0, 10_000),
    show_default=True,
    help="Placements a year moved from independent special to resourced provision.",
)
@click.option(
    "--to-special",
    default=0,
    type=click.IntRange(0, 10_000),
    show_default=True,
    help="Placements a year moved from independent special to maintained special.",
)
@click.option(
    "--growth",
    default=0.0,
    type=click.FloatRange(-20, 50),
    show_default=True,
    help="Yearly growth in unit costs (percent).",
)
def costs_command(la_code: str, to_resourced: int, to_special: int, growth: float) -> None:
    """Print the projected high-needs spend for the next three years, with 80% intervals."""
    from sendsight.commissioning.costs import Levers, projection

    with transaction(get_settings().database_url) as session:
        found = projection(
            session,
            partnership_id=_partnership_id(session, la_code),
            la_code=la_code,
            levers=Levers(to_resourced, to_special, growth),
        )
    click.echo("January,plans,spend,spend_low_80,spend_high_80")
    for row in found.totals.iter_rows(named=True):
        click.echo(
            f"{row['target_year']},{row['point']:.0f},{row['cost_point']:.0f},"
            f"{row['cost_lower_80']:.0f},{row['cost_upper_80']:.0f}"
        )


@commissioning_group.command("unit-cost")
@LA_OPTION
@click.option(
    "--placement",
    required=True,
    type=click.Choice(
        ["mainstream", "special", "independent_special", "post16", "other", "resourced_provision"]
    ),
    help="The type of placement.",
)
@click.option("--cost", required=True, type=click.IntRange(0, 10_000_000), help="Pounds a year.")
@click.option("--source", default="Set locally", show_default=True, help="Where it comes from.")
def unit_cost_command(la_code: str, placement: str, cost: int, source: str) -> None:
    """Set the annual cost of one placement of a type, used by the cost ahead."""
    from sendsight.commissioning import queries

    with transaction(get_settings().database_url) as session:
        queries.set_unit_costs(
            session=session,
            costs={placement: cost},
            partnership_id=_partnership_id(session, la_code),
            la_code=la_code,
            source=source,
        )
    click.echo(f"{placement}: £{cost:,} a year")


@commissioning_group.command("set-icb")
@click.argument("icb")
@LA_OPTION
def set_icb_command(icb: str, la_code: str) -> None:
    """Name the integrated care board (ICB) whose children's community health waits the
    needs-against-provision page shows, like "NHS Greater Manchester" (NHS England publishes
    the waits by ICB, not by LA)."""
    from sendsight.commissioning import health_waits, queries

    name = health_waits.find_icb(icb)
    with transaction(get_settings().database_url) as session:
        queries.set_health_area(
            session=session, partnership_id=_partnership_id(session, la_code), icb=name
        )
    click.echo(f"The partnership covering LA {la_code} reads the waits of NHS {name} ICB")
