"""``sendsight forecast``: EHC plan caseload forecasts and their backtest."""

from __future__ import annotations

import json

import click

from sendsight.forecasting import (
    METHODS,
    RECOMMENDED,
    ForecastError,
    forecast_caseload,
    run_backtest,
    shipped,
    split_to_current_las,
)

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


@click.group("forecast")
def forecast() -> None:
    """Forecast EHC plan caseloads from the shipped DfE statistics."""


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
    try:
        footprints = forecast_caseload(shipped.caseload_panel(), as_of, horizon, method)
    except ForecastError as error:
        raise click.ClickException(str(error)) from error
    table = split_to_current_las(footprints)
    for note in sorted(set(table["note"].to_list()) - {""}):
        click.echo(note, err=True)
    click.echo(table.select(RUN_COLUMNS).write_csv(float_precision=1), nl=False)


@forecast.command("backtest")
@target_option
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def backtest(target: str, fmt: str) -> None:
    """Print rolling-origin accuracy (origins 2018–2024, horizons 1–3) for every method."""
    result = run_backtest(shipped.caseload_panel())
    click.echo(json.dumps(result.as_dict(), indent=2))
