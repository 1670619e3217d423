"""Reading the commissioning CSV files: the contributions ledger, personal budgets and contracts.

Each reader returns every row as plain values or raises ``InputRejected`` naming every problem
by line (the header is line 1) and column; nothing is returned half-read. Amounts go through
:mod:`sendsight.commissioning.money` (a "£" and thousands separators are read explicitly).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sendsight.commissioning import money
from sendsight.commissioning.vocab import (
    AGENCIES,
    ARRANGEMENTS,
    BUDGET_HOLDING,
    CATEGORIES,
    ELEMENTS,
)
from sendsight.core.errors import InputRejected, Problem

LEDGER_COLUMNS = (
    "financial_year",
    "subject_kind",
    "subject_id",
    "amount",
    "education_share",
    "health_share",
    "social_care_share",
    "budget_arrangement",
    "high_needs_category",
)
BUDGET_COLUMNS = ("plan_id", "financial_year", "element", "arrangement", "amount")
CONTRACT_COLUMNS = (
    "reference",
    "title",
    "provider",
    "service_key",
    "value",
    "starts_on",
    "ends_on",
    "extension_months",
    "commissioners",
)
UNREADABLE = "Save the file as CSV (comma-separated values): a line could not be read"
SHARE_COLUMNS = tuple(f"{agency}_share" for agency in AGENCIES)


@dataclass
class _Reader:
    filename: str
    problems: list[Problem]
    line: int = 0

    def add(self, column: str | None, message: str, value: str | None = None) -> None:
        self.problems.append(Problem(self.filename, message, self.line, column, value))

    def take(self, row: dict[str, str], column: str, read: Callable[[str], Any]) -> Any:
        """``read(row[column])``, or None with a problem naming the column."""
        try:
            return read(row[column])
        except money.BadValue as exc:
            self.add(column, exc.expected, row[column])
            return None

    def choice(self, row: dict[str, str], column: str, allowed: Collection[str]) -> str | None:
        value = row[column]
        if value in allowed:
            return value
        self.add(column, "Enter one of " + ", ".join(allowed), value)
        return None


def _rows(
    text: str, filename: str, columns: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputRejected(
            [Problem(filename, f"Add a column called {c!r}", 1, c) for c in missing]
        )
    for row in reader:
        yield (
            reader.line_num,
            {c.strip(): (v or "").strip() for c, v in row.items() if isinstance(c, str)},
        )


def _read_all(
    text: str,
    filename: str,
    columns: tuple[str, ...],
    read: Callable[[_Reader, dict[str, str]], Any],
) -> list[Any]:
    reader = _Reader(filename, [])
    found: list[Any] = []
    try:
        for line, row in _rows(text, filename, columns):
            reader.line = line
            before = len(reader.problems)
            value = read(reader, row)
            if len(reader.problems) == before and value is not None:
                found.append(value)
    except csv.Error as exc:
        raise InputRejected([Problem(filename, UNREADABLE)]) from exc
    if not found and not reader.problems:
        reader.problems.append(Problem(filename, "The file has no rows under its header", 2))
    if reader.problems:
        raise InputRejected(reader.problems[:200])
    return found


def _duplicates(reader: _Reader, seen: dict[tuple[Any, ...], int], key: tuple[Any, ...]) -> None:
    if key in seen:
        reader.add(None, f"This row repeats line {seen[key]}: each may appear once")
    else:
        seen[key] = reader.line


def read_ledger(
    text: str, *, filename: str, plan_ids: Collection[str], service_keys: Collection[str]
) -> list[dict[str, Any]]:
    """The contributions in a ledger file: one row per financial year and plan or service,
    with the amount and the education, health and social care shares (adding to 100%)."""
    seen: dict[tuple[Any, ...], int] = {}

    def read(r: _Reader, row: dict[str, str]) -> dict[str, Any] | None:
        year = r.take(row, "financial_year", money.financial_year)
        kind = r.choice(row, "subject_kind", ("plan", "service"))
        subject = row["subject_id"]
        known = plan_ids if kind == "plan" else service_keys
        if kind is not None and subject not in known:
            what = "an EHC plan held for the LA" if kind == "plan" else "a service in the register"
            r.add("subject_id", f"Enter the id of {what}", subject)
        amount = r.take(row, "amount", money.parse_pence)
        shares = [r.take(row, column, money.parse_basis_points) for column in SHARE_COLUMNS]
        if None not in shares and sum(shares) != 10_000:
            total = f"{sum(shares) / 100:g}%"
            r.add("education_share", "The three shares must add up to 100%", total)
        arrangement = r.choice(row, "budget_arrangement", tuple(ARRANGEMENTS))
        category = r.choice(row, "high_needs_category", tuple(CATEGORIES))
        _duplicates(r, seen, (year, kind, subject))
        return {
            "financial_year": year,
            "subject_kind": kind,
            "subject_id": subject,
            "amount_pence": amount,
            "education_bp": shares[0],
            "health_bp": shares[1],
            "social_care_bp": shares[2],
            "budget_arrangement": arrangement,
            "high_needs_category": category,
        }

    return _read_all(text, filename, LEDGER_COLUMNS, read)


def read_budgets(text: str, *, filename: str, plan_ids: Collection[str]) -> list[dict[str, Any]]:
    """The personal budget elements in a file: plan, financial year, element, how it is held
    and the amount."""
    seen: dict[tuple[Any, ...], int] = {}

    def read(r: _Reader, row: dict[str, str]) -> dict[str, Any] | None:
        if row["plan_id"] not in plan_ids:
            r.add("plan_id", "Enter the id of an EHC plan held for the LA", row["plan_id"])
        year = r.take(row, "financial_year", money.financial_year)
        element = r.choice(row, "element", tuple(ELEMENTS))
        arrangement = r.choice(row, "arrangement", tuple(BUDGET_HOLDING))
        amount = r.take(row, "amount", money.parse_pence)
        _duplicates(r, seen, (row["plan_id"], year, element))
        return {
            "plan_id": row["plan_id"],
            "financial_year": year,
            "element": element,
            "arrangement": arrangement,
            "amount_pence": amount,
        }

    return _read_all(text, filename, BUDGET_COLUMNS, read)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise money.BadValue("Enter a date like 2026-04-01") from None


def _months(text: str) -> int:
    if not text.isdigit() or int(text) > 120:
        raise money.BadValue("Enter a whole number of months from 0 to 120")
    return int(text)


def _agencies(text: str) -> list[str]:
    found = [part.strip() for part in text.split(";") if part.strip()]
    if not found or any(part not in AGENCIES for part in found):
        raise money.BadValue("Enter one or more of education, health, social_care, separated by ;")
    return sorted(set(found), key=list(AGENCIES).index)


def _measure_keys(r: _Reader, row: dict[str, str], known: Collection[str]) -> list[str]:
    keys = [k.strip() for k in row.get("measures", "").split(";") if k.strip()]
    unknown = [k for k in keys if k not in known]
    if unknown:
        r.add("measures", "Enter the keys of scorecard measures, separated by ;", ";".join(unknown))
    return keys


def read_contracts(
    text: str,
    *,
    filename: str,
    service_keys: Collection[str],
    measure_keys: Collection[str] = (),
) -> list[dict[str, Any]]:
    """The contracts in a register file; the end date must not be before the start. An
    optional ``measures`` column names the scorecard measures (by key, separated by ``;``)
    that are the contract's KPIs."""
    seen: dict[tuple[Any, ...], int] = {}

    def read(r: _Reader, row: dict[str, str]) -> dict[str, Any] | None:
        for column in ("reference", "title", "provider"):
            if not row[column] or len(row[column]) > 200:
                r.add(column, "Enter some text of up to 200 characters", row[column])
        service = row["service_key"] or None
        if service is not None and service not in service_keys:
            r.add(
                "service_key",
                "Enter the key of a service in the register, or leave it empty",
                service,
            )
        starts, ends = r.take(row, "starts_on", _date), r.take(row, "ends_on", _date)
        if starts is not None and ends is not None and ends < starts:
            r.add("ends_on", "The end date must be on or after the start date", row["ends_on"])
        _duplicates(r, seen, (row["reference"],))
        return {
            "reference": row["reference"],
            "title": row["title"],
            "provider": row["provider"],
            "service_key": service,
            "value_pence": r.take(row, "value", money.parse_pence),
            "starts_on": starts,
            "ends_on": ends,
            "extension_months": r.take(row, "extension_months", _months),
            "commissioners": r.take(row, "commissioners", _agencies),
            "measures": _measure_keys(r, row, measure_keys),
        }

    return _read_all(text, filename, CONTRACT_COLUMNS, read)
