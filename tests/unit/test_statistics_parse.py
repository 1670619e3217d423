"""Reading DfE open-data CSVs: the long frame, and the exact problem for each kind of bad input."""

from __future__ import annotations

import gzip
from pathlib import Path

import polars as pl
import pytest

from sendsight.core.errors import InputRejected, Problem
from sendsight.statistics.dfe_files import parse_dfe_csv

DATA = Path(__file__).parents[1] / "data" / "statistics"
HEADER = "time_period,time_identifier,geographic_level,country_code,region_code,old_la_code,plans"


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def _problems(content: bytes) -> list[Problem]:
    with pytest.raises(InputRejected) as caught:
        parse_dfe_csv(content, "bad.csv")
    return list(caught.value.problems)


def test_tidy_file_becomes_one_row_per_indicator_period_area_and_breakdown() -> None:
    parsed = parse_dfe_csv(DATA / "tiny_release_2024.csv")
    assert parsed.indicators == ("plans", "pc_within_20")
    assert parsed.filters == ("breakdown",)
    camden = parsed.values.filter((pl.col("area_code") == "202") & (pl.col("indicator") == "plans"))
    assert sorted(camden.get_column("breakdown").to_list()) == ["breakdown: Male", "total"]
    assert parsed.values.height == 4 * 2


def test_gss_symbol_is_kept_as_a_symbol_never_as_zero() -> None:
    values = parse_dfe_csv(DATA / "tiny_release_2025.csv").values
    rate = values.filter(pl.col("indicator") == "pc_within_20")
    regional = rate.filter(
        (pl.col("geographic_level") == "regional") & (pl.col("period") == "2023")
    )
    assert regional.select("value", "symbol").row(0) == (None, "c")
    plans = values.filter((pl.col("indicator") == "plans") & (pl.col("area_code") == "202"))
    assert plans.sort("period").select("value", "symbol").rows() == [(41.0, None), (44.0, None)]
    zero = rate.filter((pl.col("area_code") == "202") & (pl.col("period") == "2024"))
    assert zero.select("value", "symbol").row(0) == (0.0, None)


def test_national_row_without_a_country_code_is_england() -> None:
    parsed = parse_dfe_csv(_csv("2024,Calendar year,National,,,,5"))
    assert parsed.values.get_column("area_code").to_list() == ["E92000001"]


def test_gzipped_file_with_byte_order_mark_is_read() -> None:
    content = gzip.compress(b"\xef\xbb\xbf" + _csv("2024,Calendar year,National,E92000001,,,5"))
    assert parse_dfe_csv(content, "x.csv.gz").values.get_column("value").to_list() == [5.0]


def test_same_bytes_give_the_same_fingerprint() -> None:
    content = _csv("2024,Calendar year,National,E92000001,,,5")
    assert parse_dfe_csv(content).sha256 == parse_dfe_csv(content).sha256


def test_missing_required_column_is_reported_on_the_header_line() -> None:
    header = "time_period,geographic_level,country_code,plans"
    problems = _problems(_csv("2024,National,E92000001,5", header=header))
    assert problems == [
        Problem(
            "bad.csv",
            "The file must have a column called 'time_identifier'",
            line=1,
            column="time_identifier",
        )
    ]


def test_unknown_geographic_level_is_reported_with_its_line() -> None:
    problems = _problems(
        _csv("2024,Calendar year,National,E92000001,,,5", "2024,Calendar year,Ward,E92000001,,,6")
    )
    assert [(p.line, p.column, p.value) for p in problems] == [(3, "geographic_level", "Ward")]
    assert problems[0].message.startswith("Enter a geographic_level of National")


def test_malformed_time_period_is_reported_at_its_first_line() -> None:
    problems = _problems(
        _csv(
            "2024,Calendar year,National,E92000001,,,5",
            "202425,Calendar year,National,E92000001,,,6",
            "202425,Calendar year,Regional,E92000001,E12000001,,6",
        )
    )
    assert [(p.line, p.column, p.value) for p in problems] == [(3, "time_period", "202425")]
    assert "4 digits" in problems[0].message


def test_cell_that_is_neither_number_nor_symbol_is_reported_with_line_and_column() -> None:
    problems = _problems(
        _csv(
            "2024,Calendar year,National,E92000001,,,5",
            "2024,Calendar year,Regional,E92000001,E12000001,,five",
            "2024,Calendar year,Local authority,E92000001,E12000001,841,7",
        )
    )
    assert [(p.line, p.column, p.value) for p in problems] == [(3, "plans", "five")]
    assert problems[0].message.startswith("Enter a number, or one of the symbols")


def test_old_symbol_for_suppression_is_not_accepted() -> None:
    problems = _problems(
        _csv(
            "2024,Calendar year,National,E92000001,,,5",
            "2024,Calendar year,Regional,E92000001,E12000001,,~",
            "2024,Calendar year,Regional,E92000001,E12000002,,3",
        )
    )
    assert [(p.line, p.column) for p in problems] == [(3, "plans")]


def test_file_not_in_utf8_is_refused_with_the_line_of_the_first_bad_character() -> None:
    content = _csv("2024,Calendar year,National,E92000001,,,5").replace(b"Calendar", b"Cal\xe9ndar")
    problems = _problems(content)
    assert [(p.line, p.column) for p in problems] == [(2, None)]
    assert "UTF-8" in problems[0].message


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"  \n\n"])
def test_empty_file_is_refused(content: bytes) -> None:
    problems = _problems(content)
    assert [(p.line, p.message.split(".")[0]) for p in problems] == [(1, "The file is empty")]


def test_header_without_rows_is_refused() -> None:
    problems = _problems(_csv())
    assert [(p.line, p.message.split(".")[0]) for p in problems] == [
        (2, "The file has a header row but no rows of data")
    ]


def test_local_authority_code_must_be_three_digits() -> None:
    problems = _problems(_csv("2024,Calendar year,Local authority,E92000001,E12000001,E06000047,5"))
    assert [(p.line, p.column, p.value) for p in problems] == [(2, "old_la_code", "E06000047")]


def test_repeated_row_is_refused() -> None:
    problems = _problems(
        _csv(
            "2024,Calendar year,National,E92000001,,,5", "2024,Calendar year,National,E92000001,,,6"
        )
    )
    assert [p.line for p in problems] == [3]


# Most of a column must be numbers for it to count as an indicator: these keep "plans" one.
GOOD_ROWS = ("2024,Calendar year,National,E92000001,,,5", "2022,Calendar year,National,,,,4")


@pytest.mark.parametrize("cell", ["NaN", "inf", "-Infinity"])
def test_cell_that_is_not_a_finite_number_is_refused(cell: str) -> None:
    problems = _problems(_csv(*GOOD_ROWS, f"2023,Calendar year,National,,,,{cell}"))
    assert [(p.line, p.column, p.value) for p in problems] == [(4, "plans", cell)]


def test_national_row_with_a_country_code_that_is_not_a_gss_code_is_refused() -> None:
    problems = _problems(_csv('2024,Calendar year,National,"England, all",,,5'))
    assert [(p.line, p.column, p.value) for p in problems] == [(2, "country_code", "England, all")]
    assert problems[0].message == "Enter the ONS country code, like E92000001"


def test_row_with_a_missing_last_cell_is_reported_not_stored_empty() -> None:
    problems = _problems(_csv(*GOOD_ROWS, "2023,Calendar year,National,E92000001,,"))
    assert [(p.line, p.column, p.value) for p in problems] == [(4, "plans", "")]


def test_two_labels_for_the_same_january_are_one_period_and_may_not_repeat() -> None:
    problems = _problems(
        _csv("2024,January,National,E92000001,,,5", "2024,january,National,E92000001,,,6")
    )
    assert [p.line for p in problems] == [3]


def test_cells_padded_with_spaces_read_as_the_same_values_as_tidy_cells() -> None:
    tidy = [
        "2024,Calendar year,Local authority,E92000001,E12000001,841,7",
        "2024,Calendar year,National,E92000001,,,c",
        "2023,Calendar year,National,E92000001,,,5",
    ]
    padded = [
        "2024, Calendar year ,Local authority, E92000001,E12000001, 841 , 7",
        "2024,Calendar year,National ,E92000001,,,c ",
        " 2023,Calendar year,National,E92000001 ,,, 5",
    ]
    first, second = parse_dfe_csv(_csv(*tidy)), parse_dfe_csv(_csv(*padded))
    assert second.indicators == first.indicators == ("plans",)
    assert second.values.sort("period", "area_code").equals(
        first.values.sort("period", "area_code")
    )


def test_a_filter_column_makes_the_breakdown_whatever_its_spacing() -> None:
    header = HEADER.replace(",plans", ",sex,plans")
    parsed = parse_dfe_csv(
        _csv(
            "2024,Calendar year,National,E92000001,,, Total ,5",
            "2024,Calendar year,National,E92000001,,,Girls ,3",
            header=header,
        )
    )
    assert parsed.filters == ("sex",)
    assert sorted(parsed.values.get_column("breakdown").to_list()) == ["sex: Girls", "total"]


def test_a_breakdown_that_repeats_its_topic_is_the_total_row_as_dfe_publishes_it() -> None:
    header = HEADER.replace(",plans", ",breakdown_topic,breakdown,plans")
    parsed = parse_dfe_csv(
        _csv(
            "2025,January,National,E92000001,,,All EHC plans,All EHC plans,638745",
            "2025,January,National,E92000001,,,Sex,Female,187000",
            header=header,
        )
    )
    by_breakdown = dict(
        parsed.values.select("breakdown", "value").iter_rows()  # type: ignore[arg-type]
    )
    assert by_breakdown == {"total": 638745.0, "breakdown_topic: Sex; breakdown: Female": 187000.0}


def test_la_code_of_non_ascii_digits_is_refused() -> None:
    problems = _problems(_csv("2024,Calendar year,Local authority,E92000001,E12000001,٢٠٢,5"))
    assert [(p.line, p.column) for p in problems] == [(2, "old_la_code")]
