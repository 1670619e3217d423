from pathlib import Path

import pytest

from sendsight.core.errors import InputRejected
from sendsight.forecasting.scenario_files import parse_scenarios_csv, parse_scenarios_yaml

DATA = Path(__file__).parents[1] / "data" / "forecast"


@pytest.mark.parametrize(
    ("name", "parse"),
    [("scenarios_good.csv", parse_scenarios_csv), ("scenarios_good.yaml", parse_scenarios_yaml)],
)
def test_csv_and_yaml_scenario_files_give_the_same_scenarios(name, parse) -> None:  # type: ignore[no-untyped-def]
    scenarios = parse(name, (DATA / name).read_text())
    assert [s.name for s in scenarios] == ["Early help", "Post-19 transitions"]
    assert scenarios[0].levers == {"slower_new_plans": 10.0, "resourced_mainstream": 25.0}
    assert scenarios[1].from_year == 2027


def test_csv_with_unknown_lever_negative_value_and_impossible_year_names_each_cell() -> None:
    with pytest.raises(InputRejected) as caught:
        parse_scenarios_csv("bad.csv", (DATA / "scenarios_bad.csv").read_text())
    where = [(p.line, p.column, p.value) for p in caught.value.problems]
    assert where == [(3, "lever", "fewer_tribunals"), (4, "value", "-20"), (5, "from_year", "1899")]


def test_yaml_problems_give_the_line_and_key_path() -> None:
    with pytest.raises(InputRejected) as caught:
        parse_scenarios_yaml("bad.yaml", (DATA / "scenarios_bad.yaml").read_text())
    where = [(p.line, p.column) for p in caught.value.problems]
    assert where == [
        (4, "scenarios[0].colour"),
        (6, "scenarios[0].levers.slower_new_plans"),
        (8, "scenarios[1].from_year"),
    ]


def test_a_csv_with_an_unknown_column_is_refused_at_the_header() -> None:
    with pytest.raises(InputRejected) as caught:
        text = "scenario,lever,value,from_year,colour\na,slower_new_plans,1,2026,b\n"
        parse_scenarios_csv("x.csv", text)
    assert [(p.line, p.column) for p in caught.value.problems] == [(1, "colour")]


def test_text_that_is_not_yaml_is_refused_with_its_line() -> None:
    with pytest.raises(InputRejected) as caught:
        parse_scenarios_yaml("x.yaml", "scenarios:\n  - name: [unclosed\n")
    assert caught.value.problems[0].line is not None
