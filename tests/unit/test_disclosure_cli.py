"""The ``disclosure protect`` command, run through Click's test runner."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from sendsight.cli.disclosure import disclosure
from sendsight.core.safe_io import write_xlsx

DATA = Path(__file__).parents[1] / "data" / "disclosure"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(disclosure, ["protect", *args])
    return result.exit_code, result.stdout


def test_protect_prints_the_same_shape_with_small_counts_hidden() -> None:
    code, output = _run(str(DATA / "needs_by_sex.csv"))
    rows = list(csv.reader(io.StringIO(output)))
    assert code == 0
    assert rows[0] == ["need", "Boys", "Girls", "Total"]
    assert len(rows) == 4 and all(len(row) == 4 for row in rows)
    assert rows[1][1] == "c"
    assert sum(row.count("c") for row in rows) >= 4


def test_protect_explains_the_symbols_on_standard_error() -> None:
    result = CliRunner().invoke(disclosure, ["protect", str(DATA / "needs_by_sex.csv")])
    assert result.stderr.startswith("c = confidential")


def test_protect_with_rounding_shows_multiples_of_the_base(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("need,Boys,Girls\nASD,12,26\n", encoding="utf-8")
    code, output = _run(str(path), "--round", "5", "--threshold", "1")
    assert code == 0
    assert output.splitlines()[1] == "ASD,10,25"


def test_non_numeric_and_negative_counts_are_named_by_line_and_column() -> None:
    result = CliRunner().invoke(disclosure, ["protect", str(DATA / "bad_counts.csv")])
    assert result.exit_code == 1
    assert (
        "bad_counts.csv, line 2, column 'Girls': Enter a count as a whole number" in result.output
    )
    assert "bad_counts.csv, line 3, column 'Boys': Enter a count of 0 or more" in result.output


def test_empty_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    result = CliRunner().invoke(disclosure, ["protect", str(path)])
    assert result.exit_code == 1
    assert "empty.csv: The selected file is empty" in result.output


def test_a_workbook_renamed_to_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(write_xlsx([["need", "Boys"], ["ASD", 3]]))
    result = CliRunner().invoke(disclosure, ["protect", str(path)])
    assert result.exit_code == 1
    assert "is called table.csv but it is an Excel workbook" in result.output


def test_ragged_row_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("need,Boys,Girls\nASD,3\n", encoding="utf-8")
    result = CliRunner().invoke(disclosure, ["protect", str(path)])
    assert "ragged.csv, line 2: Each row must have 3 cells" in result.output


def test_help_describes_the_command() -> None:
    result = CliRunner().invoke(disclosure, ["protect", "--help"])
    assert "table of counts" in result.output
