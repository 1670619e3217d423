"""``sendsight forecast``: run, backtest and scenarios, on a database holding only the shipped
reference data and statistics (the forecasts read published figures from the statistics store)."""

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sendsight.cli.forecast import RUN_COLUMNS, forecast
from sendsight.forecasting.scenario_compare import COMPARE_COLUMNS, FIGURES
from tests import published


@pytest.fixture(scope="module")
def _published_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return published.database_url(tmp_path_factory.mktemp("published"))


@pytest.fixture(autouse=True)
def _published(_published_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", _published_url)


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


@pytest.mark.slow  # forecasts every LA in England
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
    nested = data["nested"]
    assert set(nested["horizons"]) == {"1", "2", "3"}
    assert set(nested["horizons"]["1"]) == set(cell)
    assert set(nested["chosen"]) == {str(t) for t in range(2018, 2025)}


def test_backtest_as_text_shows_the_in_sample_and_the_nested_figures() -> None:
    out = CliRunner().invoke(forecast, ["backtest", "--format", "text"])
    assert out.exit_code == 0
    assert "in-sample (pipeline)" in out.output and "nested" in out.output


# --- sendsight forecast scenarios ----------------------------------------------------------------

SCENARIOS = Path(__file__).parents[1] / "data" / "forecast"


def _scenarios(*args: str) -> Result:
    return CliRunner().invoke(forecast, ["scenarios", "--la", "354", *args])


@pytest.mark.slow  # forecasts every LA in England
def test_scenarios_prints_the_baseline_and_each_scenario_for_every_target_year() -> None:
    out = _scenarios("--file", str(SCENARIOS / "scenarios_good.csv"), "--horizon", "3")
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert tuple(rows[0]) == COMPARE_COLUMNS
    assert [(r["scenario"], r["target_year"]) for r in rows] == [
        (name, str(year))
        for name in ("Baseline", "Early help", "Post-19 transitions")
        for year in (2026, 2027, 2028)
    ]
    early = [r for r in rows if r["scenario"] == "Early help"]
    assert {(r["from_year"], r["slower_new_plans"], r["resourced_mainstream"]) for r in early} == {
        ("2026", "10.0", "25.0")
    }
    baseline = CliRunner().invoke(forecast, ["run", "--as-of", "2025", "--horizon", "3"])
    run_354 = [r for r in csv.DictReader(io.StringIO(baseline.output)) if r["la_code"] == "354"]
    for printed, expected in zip(rows[:3], run_354, strict=True):
        for column in ("point", "lower_80", "upper_80", "lower_95", "upper_95"):
            assert printed[column] == expected[column]


@pytest.mark.slow  # forecasts every LA in England
def test_scenarios_as_json_groups_the_years_under_each_scenario() -> None:
    out = _scenarios("--file", str(SCENARIOS / "scenarios_good.yaml"), "--horizon", "3",
                     "--format", "json")  # fmt: skip
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert (data["la_code"], data["la_name"], data["as_of"]) == ("354", "Rochdale", 2025)
    names = [s["scenario"] for s in data["scenarios"]]
    assert names == ["Baseline", "Early help", "Post-19 transitions"]
    post19 = data["scenarios"][2]
    assert post19["from_year"] == 2027 and post19["levers"]["more_ceasing_19plus"] == 2.0
    assert [y["target_year"] for y in post19["years"]] == [2026, 2027, 2028]
    assert set(post19["years"][0]) == {"target_year", *FIGURES}


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        (
            "scenarios_bad.csv",
            [
                "scenarios_bad.csv, line 3, column 'lever': Enter a lever",
                "scenarios_bad.csv, line 4, column 'value': Enter a lever value from 0 to 100",
                "scenarios_bad.csv, line 5, column 'from_year': Enter a year from 2025 to 2029",
            ],
        ),
        (
            "scenarios_bad.yaml",
            [
                "scenarios_bad.yaml, line 4, column 'scenarios[0].colour'",
                "scenarios_bad.yaml, line 6, column 'scenarios[0].levers.slower_new_plans'",
                "scenarios_bad.yaml, line 8, column 'scenarios[1].from_year'",
            ],
        ),
    ],
)
def test_a_bad_scenario_file_is_refused_one_line_per_problem(name: str, lines: list[str]) -> None:
    out = _scenarios("--file", str(SCENARIOS / name))
    assert out.exit_code == 1
    printed = out.output.strip().splitlines()
    assert printed[0] == f"Error: {len(lines)} problem(s) found; nothing was forecast"
    assert len(printed) == 1 + len(lines)
    for shown, expected in zip(printed[1:], lines, strict=True):
        assert shown.strip().startswith(expected)
    assert "(found '-20')" in out.output or "(found '-5')" in out.output


def test_a_scenario_starting_after_the_horizon_is_refused(tmp_path: Path) -> None:
    late = tmp_path / "late.csv"
    late.write_text("scenario,lever,value,from_year\nLate,slower_new_plans,5,2027\n")
    out = _scenarios("--file", str(late), "--horizon", "2")
    assert out.exit_code == 1
    assert "late.csv, line 2, column 'from_year': Enter a year from 2025 to 2026" in out.output


def test_scenarios_for_an_la_that_does_not_exist_is_a_usage_error() -> None:
    out = CliRunner().invoke(
        forecast, ["scenarios", "--la", "999", "--file", str(SCENARIOS / "scenarios_good.csv")]
    )
    assert out.exit_code == 2 and "Enter the DfE 3-digit code of a current LA" in out.output


def test_scenarios_csv_output_neutralises_names_a_spreadsheet_would_run(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(
        "scenario,lever,value,from_year\n"
        '"=HYPERLINK(""http://x"",""y"")",slower_new_plans,10,2026\n'
        "-10% new plans,slower_new_plans,10,2026\n"
        "@SUM(A1),slower_new_plans,10,2026\n"
    )
    out = _scenarios("--file", str(hostile), "--horizon", "3")
    assert out.exit_code == 0, out.output
    names = [row["scenario"] for row in csv.DictReader(io.StringIO(out.output))]
    assert list(dict.fromkeys(names)) == [
        "Baseline",
        '\'=HYPERLINK("http://x","y")',
        "'-10% new plans",
        "'@SUM(A1)",
    ]
