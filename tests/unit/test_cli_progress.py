"""The import progress bar: shown for files over 10,000 rows only, on its own console."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from sendsight.cli.progress import PROGRESS_ROWS, count_rows, working


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=100), out


def test_count_rows_leaves_out_each_header_line(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id\n1\n2\n")
    (tmp_path / "b.csv").write_text("id\n3\n")
    (tmp_path / "empty.csv").write_text("")
    assert count_rows(sorted(tmp_path.glob("*.csv"))) == 3


def test_a_large_import_shows_a_bar_with_the_row_count() -> None:
    console, out = _console()
    with working(PROGRESS_ROWS + 1, "Checking and importing", console=console):
        pass
    assert "Checking and importing 10,001 rows" in out.getvalue()


def test_a_small_import_shows_no_bar() -> None:
    console, out = _console()
    with working(PROGRESS_ROWS, "Checking and importing", console=console):
        pass
    assert out.getvalue() == ""
