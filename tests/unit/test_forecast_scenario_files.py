"""Scenario files: CSV and YAML read all or nothing, every problem with its line and column."""

from pathlib import Path

import pytest

from sendsight.core.errors import InputRejected
from sendsight.forecasting.scenario_files import (
    MAX_BYTES,
    MAX_SCENARIOS,
    Scenario,
    example_scenarios,
    parse_scenarios_csv,
    parse_scenarios_yaml,
    read_scenario_file,
    scenarios_csv,
    scenarios_yaml,
)

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


# --- the CSV's lines, columns and consistency -------------------------------------------------

HEADER = "scenario,lever,value,from_year\n"


def _where(text: str, **kw: object) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(InputRejected) as caught:
        parse_scenarios_csv("s.csv", text, **kw)  # type: ignore[arg-type]
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def test_a_header_without_rows_asks_for_a_row_not_for_columns() -> None:
    assert _where(HEADER) == [(2, None, "Add at least one scenario row under the header")]


def test_line_numbers_count_blank_lines_and_blank_rows_are_skipped() -> None:
    text = HEADER + "\n,,,\nA,slower_new_plans,5,2026\n\nA,slower_new_plans,x,2026\n"
    found = _where(text)
    assert [(line, col) for line, col, _ in found] == [(6, "lever"), (6, "value")]
    assert "also on line 4" in found[0][2]


def test_one_scenario_with_two_start_years_is_refused_on_the_second() -> None:
    text = HEADER + "A,slower_new_plans,5,2026\nA,more_ceasing_19plus,1,2027\n"
    assert _where(text) == [
        (3, "from_year", "Give one start year per scenario (line 2 gives 2026)")
    ]


def test_empty_cells_beyond_the_header_are_ignored_as_spreadsheets_pad_rows() -> None:
    text = HEADER + "A,slower_new_plans,5,2026,,\n,,,,\n"
    assert parse_scenarios_csv("s.csv", text) == [Scenario("A", 2026, {"slower_new_plans": 5.0})]


def test_a_name_over_two_lines_is_refused() -> None:
    text = HEADER + '"Early\nhelp",slower_new_plans,5,2026\n'
    assert [(line, col) for line, col, _ in _where(text)] == [(3, "scenario")]


def test_cells_beyond_the_header_are_refused_on_their_line() -> None:
    assert [(line, col) for line, col, _ in _where(HEADER + "A,slower_new_plans,5,2026,x\n")] == [
        (2, None)
    ]


def test_a_scenario_called_baseline_or_with_no_name_is_refused() -> None:
    text = HEADER + "baseline,slower_new_plans,5,2026\n,slower_new_plans,5,2026\n"
    assert [(line, col) for line, col, _ in _where(text)] == [(2, "scenario"), (3, "scenario")]


def test_at_most_six_scenarios_are_compared() -> None:
    rows = "".join(f"S{i},slower_new_plans,{i},2026\n" for i in range(MAX_SCENARIOS + 1))
    assert [(line, col) for line, col, _ in _where(HEADER + rows)] == [
        (MAX_SCENARIOS + 2, "scenario")
    ]


@pytest.mark.parametrize("value", ["1_0", "nan", "inf", "1e1", "١٠", "101", "-0.5", ""])
def test_a_lever_value_must_be_a_plain_number_from_0_to_100(value: str) -> None:
    assert [col for _, col, _ in _where(HEADER + f"A,slower_new_plans,{value},2026\n")] == ["value"]


def test_the_start_years_allowed_can_be_narrowed_to_the_forecast() -> None:
    text = HEADER + "A,slower_new_plans,5,2024\n"
    assert parse_scenarios_csv("s.csv", text)[0].from_year == 2024
    found = _where(text, years=(2025, 2029))
    assert found == [(2, "from_year", "Enter a year from 2025 to 2029, like 2026")]


def test_padded_cells_and_header_names_are_read() -> None:
    text = " scenario , lever,value ,from_year\n Early help , slower_new_plans , 7.5 , 2026 \n"
    assert parse_scenarios_csv("s.csv", text) == [
        Scenario("Early help", 2026, {"slower_new_plans": 7.5})
    ]


# --- YAML ---------------------------------------------------------------------------------------


def _yaml_where(text: str) -> list[tuple[int | None, str | None]]:
    with pytest.raises(InputRejected) as caught:
        parse_scenarios_yaml("s.yaml", text)
    return [(p.line, p.column) for p in caught.value.problems]


def test_yaml_with_two_scenarios_of_one_name_or_a_lever_twice_is_refused() -> None:
    text = (
        "scenarios:\n"
        "  - name: A\n    from_year: 2026\n    levers: {slower_new_plans: 5, slower_new_plans: 6}\n"
        "  - name: A\n    from_year: 2026\n    levers: {more_ceasing_19plus: 1}\n"
    )
    assert _yaml_where(text) == [
        (4, "scenarios[0].levers.slower_new_plans"),
        (5, "scenarios[1].name"),
    ]


def test_yaml_levers_given_as_a_list_or_left_out_are_refused() -> None:
    text = (
        "scenarios:\n  - name: A\n    from_year: 2026\n    levers: [slower_new_plans]\n"
        "  - name: B\n    from_year: 2026\n"
    )
    assert _yaml_where(text) == [(4, "scenarios[0].levers"), (5, "scenarios[1].levers")]


def test_yaml_names_and_years_must_be_plain_values() -> None:
    text = (
        "scenarios:\n  - name: [A, B]\n    from_year: {year: 2026}\n"
        "    levers: {slower_new_plans: 5}\n"
    )
    assert _yaml_where(text) == [(2, "scenarios[0].name"), (3, "scenarios[0].from_year")]


def test_yaml_aliases_that_refer_to_themselves_are_refused_not_followed() -> None:
    text = "scenarios:\n  - &a\n    name: A\n    from_year: 2026\n    levers: *a\n"
    assert _yaml_where(text)  # refused with a line, without looping
    deep = "scenarios: " + "[" * 5000 + "]" * 5000
    with pytest.raises(InputRejected):
        parse_scenarios_yaml("s.yaml", deep)


def test_unknown_top_level_keys_are_refused() -> None:
    text = (
        "scenarios:\n  - name: A\n    from_year: 2026\n    levers: {slower_new_plans: 5}\n"
        "colour: red\n"
    )
    assert _yaml_where(text) == [(5, "colour")]


# --- writing files and reading uploads ----------------------------------------------------------

ROUND_TRIP = [
    Scenario("Early help", 2026, {"slower_new_plans": 12.5, "resourced_mainstream": 0.00001}),
    Scenario('Quote "and", comma', 2029, {"more_ceasing_19plus": 100.0}),
]


def test_written_csv_and_yaml_read_back_as_the_same_scenarios() -> None:
    assert parse_scenarios_csv("s.csv", scenarios_csv(ROUND_TRIP)) == ROUND_TRIP
    assert parse_scenarios_yaml("s.yaml", scenarios_yaml(ROUND_TRIP)) == ROUND_TRIP


def test_the_example_scenarios_start_inside_the_forecast_and_read_back() -> None:
    example = example_scenarios(2025)
    years = (2025, 2029)
    assert parse_scenarios_csv("e.csv", scenarios_csv(example), years=years) == example
    assert parse_scenarios_yaml("e.yaml", scenarios_yaml(example), years=years) == example


@pytest.mark.parametrize("name", ["s.csv", "s.CSV", "s.yaml", "s.yml"])
def test_an_upload_is_read_as_csv_or_yaml_by_its_name(name: str) -> None:
    text = scenarios_csv(ROUND_TRIP) if name.lower().endswith("csv") else scenarios_yaml(ROUND_TRIP)
    assert read_scenario_file(("\ufeff" + text).encode(), name) == ROUND_TRIP


@pytest.mark.parametrize(
    ("data", "name", "line"),
    [
        (b"scenario,lever,value,from_year\n", "s.txt", None),
        (b"", "s.yaml", None),
        (b"scenarios:\n  - name: \xff\n", "s.yaml", 2),
        (b"scenarios:\n\x00", "s.yml", 2),
        (b"x" * (MAX_BYTES + 1), "s.yaml", None),
        (b"PK\x03\x04 not a workbook", "s.csv", None),
    ],
)
def test_an_upload_of_the_wrong_kind_is_refused_with_its_line(
    data: bytes, name: str, line: int | None
) -> None:
    with pytest.raises(InputRejected) as caught:
        read_scenario_file(data, name)
    assert [(p.file, p.line) for p in caught.value.problems] == [(name, line)]
