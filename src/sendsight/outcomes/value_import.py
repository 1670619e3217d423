"""Bulk values from a CSV file: ``measure_id, period, value[, numerator, denominator, note]``.

Every row is checked before anything is written; any problem refuses the whole file, listing
each problem with its line (the header is line 1) and column. Rows upsert by (measure, period):
a value already held is kept in history as superseded.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from sendsight.core.errors import InputRejected, Problem
from sendsight.outcomes import periods, queries
from sendsight.outcomes.models import Measure

_Reporter = Callable[[str, str], None]
REQUIRED = ("measure_id", "period", "value")
OPTIONAL = ("numerator", "denominator", "note")
UNREADABLE_CSV = (
    "Save the file as CSV (comma-separated values): a line could not be read, perhaps because "
    "of a stray quote mark or a very long cell"
)


@dataclass(frozen=True, slots=True)
class ValueRow:
    """One checked row: the measure it belongs to and the value to record."""

    line: int
    measure: Measure
    new: queries.NewValue


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did: rows added for new periods and rows that corrected earlier values."""

    added: int
    corrected: int


def import_values_csv(
    session: Session, text: str, *, partnership_id: str, filename: str, entered_by: str,
    may_change: Callable[[Measure], bool] | None = None,
) -> ImportSummary:  # fmt: skip
    """Check and record every row of a values CSV for the partnership's measures; on any
    problem raise ``InputRejected`` having written nothing. ``may_change`` says whether the
    person importing may change a measure (a row for any other measure is a problem; another
    partnership's measure is not known at all)."""
    measures = _measures_by_id(session, partnership_id)
    rows = check_values_csv(text, filename=filename, measures=measures)
    refused = [
        Problem(filename, "You cannot change this measure: it belongs to "
                f"{r.measure.owner_organisation or 'the partnership'}", r.line, "measure_id",
                r.measure.key)
        for r in rows if may_change is not None and not may_change(r.measure)
    ]  # fmt: skip
    if refused:
        raise InputRejected(refused)
    held = _held_values(session, partnership_id, rows)
    added = corrected = 0
    for row in rows:
        if held.get((row.measure.id, row.new.period)) == _as_held(row.new):
            continue  # the same value again: no new version in the history
        _, replaced = queries.record_value(
            session=session, measure=row.measure, new=row.new, entered_by=entered_by
        )
        corrected += replaced
        added += not replaced
    return ImportSummary(added=added, corrected=corrected)


def _held_values(
    session: Session, partnership_id: str, rows: list[ValueRow]
) -> dict[tuple[str, str], tuple[object, ...]]:
    """The values already held for the measures in ``rows``, by (measure id, period)."""
    ids = sorted({row.measure.id for row in rows})
    frame = queries.current_values(session=session, measure_ids=ids, partnership_id=partnership_id)
    return {
        (r["measure_id"], r["period"]): (r["value"], r["numerator"], r["denominator"], r["note"])
        for r in frame.iter_rows(named=True)
    }


def _as_held(new: queries.NewValue) -> tuple[object, ...]:
    return (new.value, new.numerator, new.denominator, new.note)


def _measures_by_id(session: Session, partnership_id: str) -> dict[str, Measure]:
    """A measure may be named by its key (as in framework files) or by its database id."""
    found: dict[str, Measure] = {}
    for measure in queries.list_measures(session=session, partnership_id=partnership_id):
        found[measure.key] = measure
        found[measure.id] = measure
    return found


def check_values_csv(
    text: str, *, filename: str, measures: Mapping[str, Measure]
) -> list[ValueRow]:
    """Every row of the file, checked; raises ``InputRejected`` listing all problems."""
    try:
        return _check_values(text, filename, measures)
    except csv.Error as exc:  # a bare carriage return or a cell over the csv module's limit
        raise InputRejected([Problem(filename, UNREADABLE_CSV)]) from exc


def _check_values(text: str, filename: str, measures: Mapping[str, Measure]) -> list[ValueRow]:
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        message = f"The file must have the columns {', '.join(REQUIRED)}; add {', '.join(missing)}"
        raise InputRejected([Problem(filename, message, line=1)])
    reader.fieldnames = header
    problems: list[Problem] = []
    rows: list[ValueRow] = []
    seen: dict[tuple[str, str], int] = {}
    for line, record in enumerate(reader, start=2):
        checked = _check_row(filename, line, record, measures, seen, problems)
        if checked is not None:
            rows.append(checked)
    if not rows and not problems:
        problems.append(Problem(filename, "The file has no rows of values", line=2))
    if problems:
        raise InputRejected(problems)
    return rows


def _check_row(
    filename: str,
    line: int,
    record: Mapping[str, str | None],
    measures: Mapping[str, Measure],
    seen: dict[tuple[str, str], int],
    problems: list[Problem],
) -> ValueRow | None:
    before = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(Problem(filename, message, line, column, _cell(record, column)))

    measure = measures.get(_cell(record, "measure_id"))
    if measure is None:
        problem("measure_id", "Enter the id of a measure in the framework")
    elif measure.source_kind == "dfe_statistic":
        problem("measure_id", "This measure shows a published statistic; its figures come from "
                "the statistics store, so import the new release instead")  # fmt: skip
        measure = None
    period = _period(measure, _cell(record, "period"), problem)
    value = _number(record, "value", problem, required=True)
    numerator = _number(record, "numerator", problem)
    denominator = _number(record, "denominator", problem)
    _check_fraction(numerator, denominator, problem)
    _check_range(measure, value, problem)
    if measure is not None and period is not None:
        first = seen.setdefault((measure.id, period), line)
        if first != line:
            problem("period", f"This measure and period are already on line {first}; keep one row")
    if len(problems) > before or measure is None or period is None or value is None:
        return None
    new = queries.NewValue(period, value, numerator, denominator, _cell(record, "note"))
    return ValueRow(line, measure, new)


def _cell(record: Mapping[str, str | None], column: str) -> str:
    return (record.get(column) or "").strip()


def _period(measure: Measure | None, text: str, problem: _Reporter) -> str | None:
    if measure is None:
        return None
    try:
        return periods.parse(text, measure.frequency).code
    except periods.PeriodMismatch as exc:
        problem("period", f"{exc.expected} (this measure is reported {measure.frequency})")
        return None


def _number(
    record: Mapping[str, str | None], column: str, problem: _Reporter, *, required: bool = False
) -> float | None:
    text = _cell(record, column).replace(",", "")
    if not text:
        if required:
            problem(column, "Enter a value")
        return None
    try:
        number = float(text)
    except ValueError:
        problem(column, f"Enter the {column} as a number, like 42 or 87.5")
        return None
    if not math.isfinite(number):
        problem(column, f"Enter the {column} as a number, like 42 or 87.5")
        return None
    return number


def _check_fraction(numerator: float | None, denominator: float | None, problem: _Reporter) -> None:
    if (numerator is None) != (denominator is None):
        missing = "denominator" if denominator is None else "numerator"
        problem(missing, "Enter both the numerator and the denominator, or neither")
    elif numerator is not None and denominator is not None:
        if numerator < 0 or denominator < 0:
            problem("numerator", "The numerator and denominator must not be negative")
        elif numerator > denominator:
            problem("numerator", "The numerator must not be larger than the denominator")


def _check_range(measure: Measure | None, value: float | None, problem: _Reporter) -> None:
    if measure is None or value is None:
        return
    if measure.unit == "percent" and not 0 <= value <= 100:
        problem("value", "Enter a percentage between 0 and 100")
    elif measure.unit == "count" and value < 0:
        problem("value", "A count must not be negative")


def check_form_value(
    measure: Measure, data: Mapping[str, object], *, filename: str
) -> queries.NewValue:
    """One value typed into a form, checked with the same rules as a CSV row."""
    record = {k: str(data.get(k) or "") for k in ("period", "value", "numerator", "denominator")}
    record["measure_id"] = measure.key
    record["note"] = str(data.get("note") or "")
    rows = check_values_csv(
        _one_row_csv(record), filename=filename, measures={measure.key: measure}
    )
    return rows[0].new


def _one_row_csv(record: Mapping[str, str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*REQUIRED, *OPTIONAL])
    writer.writeheader()
    writer.writerow(record)
    return buffer.getvalue()
