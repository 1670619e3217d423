"""``sendsight disclosure``: apply disclosure control to a table of counts from the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import click
import polars as pl

from sendsight.cli.options import HELP_SETTINGS
from sendsight.core.errors import InputRejected, Problem
from sendsight.core.safe_io import read_upload, write_csv
from sendsight.disclosure import protect_table


@click.group("disclosure", context_settings=HELP_SETTINGS)
def disclosure() -> None:
    """Protect tables of counts before they are published or shared."""


@disclosure.command("protect")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--threshold",
    default=5,
    show_default=True,
    type=click.IntRange(min=1),
    help="Counts from 1 to this number minus 1 are hidden as c.",
)
@click.option(
    "--round",
    "round_to",
    default=None,
    type=click.IntRange(min=1),
    help="Round the figures still shown to the nearest multiple of this number.",
)
def protect(file: Path, threshold: int, round_to: int | None) -> None:
    """Print FILE (a CSV table of counts) with small counts hidden, as CSV.

    The first column holds row labels; every other column holds counts of children. A row
    labelled Total and a column named Total are treated as totals, and further cells are hidden
    so that no hidden count can be worked out from them. Empty cells are shown as x (missing).
    Notes explaining the symbols are printed to standard error.
    """
    try:
        upload = read_upload(file.read_bytes(), file.name, allowed=("csv",))
        frame = parse_count_table(upload.text or "", file.name)
    except InputRejected as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        table = protect_table(
            frame, label_column=frame.columns[0], threshold=threshold, round_to=round_to
        )
    except ValueError as exc:
        raise click.ClickException(f"{file.name}: {exc}") from exc
    rows = table.to_rows()
    click.echo(write_csv(rows[1:], header=rows[0]), nl=False)
    for note in table.explanation():
        click.echo(note, err=True)


def parse_count_table(text: str, filename: str) -> pl.DataFrame:
    """Read CSV text of a labelled table of counts into a frame (labels as text, counts as
    integers, empty cells as null), or raise ``InputRejected`` listing every bad cell."""
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:  # a cell over the csv module's limit
        message = "Save the file as CSV: a line could not be read, perhaps a very long cell"
        raise InputRejected([Problem(filename, message)]) from exc
    while records and not any(cell.strip() for cell in records[-1]):
        records.pop()
    if len(records) < 2 or len(records[0]) < 2:
        raise InputRejected(
            [
                Problem(
                    filename,
                    "Enter a header row and at least one row of "
                    "counts, with labels in the first column",
                )
            ]
        )
    header = [name.strip() for name in records[0]]
    problems = _header_problems(header, filename)
    columns: list[list[int | None]] = [[] for _ in header[1:]]
    for line, record in enumerate(records[1:], start=2):
        problems += _row_problems(record, header, line, filename, columns)
    if problems:
        raise InputRejected(problems, summary=f"{filename}: {len(problems)} problem(s) found")
    data: dict[str, list[object]] = {header[0]: [r[0].strip() for r in records[1:]]}
    data |= {name: list(values) for name, values in zip(header[1:], columns, strict=True)}
    schema = dict.fromkeys(header[1:], pl.Int64) | {header[0]: pl.String}
    return pl.DataFrame(data, schema=schema).select(header)


def _header_problems(header: list[str], filename: str) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for name in header:
        if not name or name in seen:
            problems.append(
                Problem(
                    filename,
                    "Give every column a different, non-empty name",
                    line=1,
                    column=name,
                    value=name,
                )
            )
        seen.add(name)
    return problems


def _row_problems(
    record: list[str], header: list[str], line: int, filename: str, columns: list[list[int | None]]
) -> list[Problem]:
    if len(record) != len(header):
        message = f"Each row must have {len(header)} cells, the same as the header row"
        return [Problem(filename, message, line=line, value=str(len(record)))]
    problems = []
    for j, (name, raw) in enumerate(zip(header[1:], record[1:], strict=True)):
        value, problem = _count(raw, filename, line, name)
        columns[j].append(value)
        if problem is not None:
            problems.append(problem)
    return problems


def _count(raw: str, filename: str, line: int, column: str) -> tuple[int | None, Problem | None]:
    text = raw.strip().replace(",", "")
    if not text:
        return None, None
    if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 15:
        return None, Problem(
            filename,
            "Enter a count as a whole number, like 12",
            line=line,
            column=column,
            value=raw,
        )
    if int(text) < 0:
        return None, Problem(
            filename, "Enter a count of 0 or more", line=line, column=column, value=raw
        )
    return int(text), None
