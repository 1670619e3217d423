"""``sendsight forecast``: EHC plan caseload forecasts, their backtest, scenario files and
specialist place capacity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import polars as pl

from sendsight.access.audit import NamedActor
from sendsight.access.tenancy import partnership_for_la
from sendsight.cli.options import HELP_SETTINGS, existing_file, known_la_codes
from sendsight.cli.options import la_option as la_option_for
from sendsight.config import get_settings
from sendsight.core.errors import InputRejected
from sendsight.core.safe_io import read_upload
from sendsight.db.session import session_factory, transaction
from sendsight.forecasting import (
    METHODS,
    RECOMMENDED,
    ForecastError,
    forecast_caseload,
    queries,
    report,
    split_to_current_las,
)
from sendsight.forecasting import history as published
from sendsight.forecasting.capacity_files import capacity_csv
from sendsight.forecasting.capacity_import import import_capacity
from sendsight.forecasting.nested import backtest_text
from sendsight.forecasting.scenario_compare import FIGURES, compare_scenarios, lever_years
from sendsight.forecasting.scenario_files import comparison_csv, read_scenario_file
from sendsight.forecasting.scenarios import LEVERS
from sendsight.reference.loader import read_shipped

RUN_COLUMNS = (
    "la_code",
    "la_name",
    "target_year",
    "point",
    "lower_80",
    "upper_80",
    "lower_95",
    "upper_95",
    "method",
)
target_option = click.option(
    "--target",
    type=click.Choice(["ehc_plans"]),
    default="ehc_plans",
    show_default=True,
    help="What to forecast.",
)


@click.group("forecast", context_settings=HELP_SETTINGS)
def forecast() -> None:
    """Forecast EHC plan caseloads from the DfE statistics in the database."""


@forecast.command("run")
@target_option
@click.option(
    "--as-of",
    "as_of",
    type=int,
    required=True,
    help="Forecast origin: the latest January used (e.g. 2025).",
)
@click.option("--horizon", type=int, default=3, show_default=True, help="Years ahead (1 to 5).")
@click.option("--method", type=click.Choice(METHODS), default=RECOMMENDED, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv", show_default=True)
def run(target: str, as_of: int, horizon: int, method: str, fmt: str) -> None:
    """Print one row per current LA and target year with 80% and 95% intervals."""
    with session_factory(get_settings().database_url)() as session:
        try:
            found = published.history(session=session)
            footprints = forecast_caseload(found, as_of, horizon, method)
        except ForecastError as error:
            raise click.ClickException(str(error)) from error
        table = split_to_current_las(footprints, session=session)
    for note in sorted(set(table["note"].to_list()) - {""}):
        click.echo(note, err=True)
    click.echo(table.select(RUN_COLUMNS).write_csv(float_precision=1), nl=False)


@forecast.command("backtest")
@target_option
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json",
              show_default=True)  # fmt: skip
def backtest(target: str, fmt: str) -> None:
    """Print rolling-origin accuracy (origins 2018–2024, horizons 1–3) for every method, each
    origin's forecasts made from the figures first published by then (in-sample: the design
    was chosen on these origins), and the nested accuracy the pages show (every design choice
    made again at each origin from earlier origins only)."""
    with session_factory(get_settings().database_url)() as session:
        result = report.backtest(session=session)
        nested = report.nested_backtest(session=session)
    if fmt == "json":
        click.echo(json.dumps({**result.as_dict(), "nested": nested.as_dict()}, indent=2))
        return
    click.echo(backtest_text(result, nested), nl=False)


# --- scenario files ----------------------------------------------------------------------------


def _current_la(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    # The reference table's current LAs (or, before ``sendsight init``, its shipped file's):
    # every known code but those a reorganisation abolished.
    replaced = {row["predecessor"] for row in read_shipped("la_successions.csv")}
    if value not in known_la_codes() - replaced:
        raise click.BadParameter("Enter the DfE 3-digit code of a current LA, for example 354")
    return value


la_option = la_option_for(_current_la, "DfE 3-digit code of a current local authority, e.g. 354.")


def _refuse(rejected: InputRejected, what: str) -> click.ClickException:
    """One line per problem (file, line, column, value found), and a non-zero exit."""
    lines = [f"{len(rejected.problems)} problem(s) found; {what}"]
    return click.ClickException("\n".join([*lines, *(f"  {p}" for p in rejected.problems)]))


@forecast.command("scenarios")
@la_option
@click.option("--file", "file", type=existing_file, required=True,
              help="Scenario file: CSV (scenario, lever, value, from_year) or YAML.")  # fmt: skip
@click.option("--horizon", type=click.IntRange(1, 5), default=report.HORIZON, show_default=True,
              help="Years ahead (1 to 5).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True)  # fmt: skip
def scenarios(la_code: str, file: Path, horizon: int, fmt: str) -> None:
    """Print the baseline and each scenario in FILE: one row per target year, with 80% and 95%
    intervals, the lever values and the plans forecast in special schools."""
    with session_factory(get_settings().database_url)() as session:
        origin = report.latest_year(session=session)
        try:
            chosen = read_scenario_file(
                file.read_bytes(), file.name, years=lever_years(origin, horizon)
            )
        except InputRejected as rejected:
            raise _refuse(rejected, "nothing was forecast") from rejected
        found = forecast_caseload(published.history(session=session), origin, horizon)
        baseline = split_to_current_las(found, session=session)
        baseline = baseline.filter(pl.col("la_code") == la_code)
        table = compare_scenarios(baseline, chosen, session=session)
    for note in sorted(set(baseline["note"].to_list()) - {""}):
        click.echo(note, err=True)
    if fmt == "json":
        click.echo(json.dumps(_scenarios_json(table, baseline, origin), indent=2))
    else:
        click.echo(comparison_csv(table), nl=False)


def _scenarios_json(table: pl.DataFrame, baseline: pl.DataFrame, origin: int) -> dict[str, Any]:
    scenarios = []
    for (name,), rows in table.group_by("scenario", maintain_order=True):
        first = rows.row(0, named=True)
        scenarios.append({
            "scenario": name,
            "from_year": first["from_year"],
            "levers": {lever: first[lever] for lever in LEVERS},
            "years": rows.select("target_year", *FIGURES).to_dicts(),
        })  # fmt: skip
    return {
        "la_code": str(baseline["la_code"][0]),
        "la_name": str(baseline["la_name"][0]),
        "as_of": origin,
        "method": str(baseline["method"][0]),
        "scenarios": scenarios,
    }


# --- specialist place capacity -----------------------------------------------------------------

CLI_ACTOR = NamedActor(email="command line")


@forecast.group("capacity", context_settings=HELP_SETTINGS)
def capacity() -> None:
    """Specialist place capacity by setting, primary need and January."""


@capacity.command("import")
@la_option
@click.argument("file", type=existing_file)
def capacity_import(la_code: str, file: Path) -> None:
    """Add or replace one LA's places from a CSV (la_code, setting, need, year, places[, note]).

    All or nothing: if any row is wrong, every problem is printed and nothing is written.
    Importing the same file again changes nothing. Each import is written to the audit log.
    """
    try:
        sniffed = read_upload(file.read_bytes(), file.name, allowed=("csv",))
        with transaction(get_settings().database_url) as session:
            summary = import_capacity(
                session, sniffed.text or "", filename=file.name, la_codes=[la_code],
                actor=CLI_ACTOR, scope="the LA given with --la",
                partnership_id=partnership_for_la(session, la_code).id,
            )  # fmt: skip
    except InputRejected as rejected:
        raise _refuse(rejected, "nothing was imported") from rejected
    click.echo(f"{summary.added} added, {summary.changed} changed, {summary.unchanged} unchanged")


@capacity.command("export")
@la_option
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")  # fmt: skip
def capacity_export(la_code: str, fmt: str, output: Path | None) -> None:
    """Write one LA's places as a CSV file that `forecast capacity import` accepts."""
    with session_factory(get_settings().database_url)() as session:
        partnership_id = partnership_for_la(session, la_code).id
        held = queries.capacity_for(session=session, la_code=la_code, partnership_id=partnership_id)
    if held is None:
        raise click.ClickException(f"No places have been entered for LA {la_code}")
    text = capacity_csv(held)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


COMMANDS = [forecast]
