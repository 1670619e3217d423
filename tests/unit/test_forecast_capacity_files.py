"""Reading a place-capacity CSV: all or nothing, every problem with its line and column."""

from __future__ import annotations

import pytest

from sendsight.core.errors import InputRejected
from sendsight.forecasting.capacity_files import MAX_NOTE, capacity_csv, parse_capacity_csv

HEADER = "la_code,setting,need,year,places,note\n"


def _problems(text: str, **kw: object) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(InputRejected) as caught:
        parse_capacity_csv(text, **kw)  # type: ignore[arg-type]
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def test_a_missing_column_is_named_on_the_header_line() -> None:
    found = _problems("la_code,setting,need,year\n354,special,all,2026\n")
    assert found == [(1, "places", "Add a column called 'places'")]


def test_every_bad_row_is_reported_not_only_the_first() -> None:
    text = HEADER + "35,special,all,2026,1,\n354,special,xyz,2026,1,\n354,special,all,2026,²,\n"
    assert [(line, col) for line, col, _ in _problems(text)] == [
        (2, "la_code"),
        (3, "need"),
        (4, "places"),
    ]


def test_the_same_la_setting_need_and_year_twice_is_refused_on_the_second_line() -> None:
    text = HEADER + "354,special,asd,2026,10,\n354,special,semh,2026,5,\n354,special,asd,2026,12,\n"
    found = _problems(text)
    assert [(line, col) for line, col, _ in found] == [(4, "year")]
    assert "also on line 2" in found[0][2]


def test_an_la_the_importer_does_not_work_for_is_refused() -> None:
    text = HEADER + "354,special,all,2026,10,\n202,special,all,2026,10,\n"
    found = _problems(text, la_codes=("354",))
    assert [(line, col) for line, col, _ in found] == [(3, "la_code")]
    assert parse_capacity_csv(text).height == 2


def test_a_header_with_no_rows_is_refused() -> None:
    assert [line for line, _, _ in _problems(HEADER)] == [1]


def test_a_note_longer_than_allowed_is_refused() -> None:
    text = HEADER + f"354,special,all,2026,10,{'x' * (MAX_NOTE + 1)}\n"
    assert [col for _, col, _ in _problems(text)] == ["note"]


def test_resourced_provision_notes_and_a_byte_order_mark_are_accepted() -> None:
    text = "\ufeff" + HEADER + "354,resourced_provision,asd,2027,24,Two new bases\n"
    frame = parse_capacity_csv(text)
    assert frame.row(0) == ("354", "resourced_provision", "asd", 2027, 24, "Two new bases")


def test_the_note_column_is_optional() -> None:
    frame = parse_capacity_csv("la_code,setting,need,year,places\n354,special,all,2026,7\n")
    assert frame["note"].to_list() == [""] and frame["places"].to_list() == [7]


def test_a_cell_too_long_for_the_csv_reader_is_a_problem_not_a_crash() -> None:
    found = _problems(HEADER + "354,special,all,2026,1," + "x" * 200_000 + "\n")
    assert len(found) == 1 and "Save the file as CSV" in found[0][2]


def test_the_la_rule_names_who_the_import_is_for() -> None:
    text = HEADER + "202,special,all,2026,10,\n"
    found = _problems(text, la_codes=("354",), scope="the LA given with --la")
    assert found == [(2, "la_code", "Enter places only for the LA given with --la: 354")]


def test_a_written_file_reads_back_as_the_same_rows_notes_included() -> None:
    text = HEADER + (
        "354,special,asd,2027,24,\n"
        "354,special,all,2026,300,=SUM(A1) is not a formula\n"
        '354,resourced_provision,semh,2026,12,"Two bases, one new"\n'
        "354,special,all,2027,310,'plain apostrophe\n"
    )
    rows = parse_capacity_csv(text)
    written = capacity_csv(rows)
    assert "'=SUM(A1)" in written  # a spreadsheet shows it as text, never runs it
    assert parse_capacity_csv(written).equals(rows)
    assert rows.filter(year=2027, need="all")["note"].to_list() == ["'plain apostrophe"]
