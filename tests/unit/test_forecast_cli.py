import csv
import io
import json

from click.testing import CliRunner

from sendsight.cli.forecast import RUN_COLUMNS, forecast


def test_run_prints_one_row_per_current_la_and_target_year() -> None:
    out = CliRunner().invoke(
        forecast,
        ["run", "--target", "ehc_plans", "--as-of", "2025", "--horizon", "2", "--format", "csv"],
    )
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert tuple(rows[0]) == RUN_COLUMNS
    assert len(rows) == 153 * 2
    assert {r["target_year"] for r in rows} == {"2026", "2027"}


def test_run_with_an_impossible_year_gives_a_one_line_error() -> None:
    out = CliRunner().invoke(forecast, ["run", "--as-of", "1990", "--horizon", "1"])
    assert out.exit_code != 0
    assert out.output.strip().startswith("Error: Enter an as-of year")


def test_backtest_prints_metrics_per_method_and_horizon() -> None:
    out = CliRunner().invoke(forecast, ["backtest", "--target", "ehc_plans", "--format", "json"])
    data = json.loads(out.output)
    assert data["origins"] == list(range(2018, 2025))
    cell = data["methods"][data["recommended"]]["1"]
    assert set(cell) == {
        "mape",
        "mdape",
        "bias_pct",
        "wape",
        "within_5pct",
        "coverage_80",
        "coverage_95",
        "national_ape",
        "n",
    }
