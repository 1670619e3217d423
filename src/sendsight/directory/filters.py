"""Reading search filters from query-string text (the ORUK API and the family search page).

Every value is checked; a bad one is a ``Problem`` naming the parameter and what is expected,
so the API can answer 400 with a JSON body and the page can show an error summary.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from sendsight.core.errors import InputRejected, Problem
from sendsight.directory.queries import DAYS, ServiceQuery

MAX_PER_PAGE: Final = 200
DEFAULT_PER_PAGE: Final = 50
MAX_SEARCH: Final = 200
TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?")
DAY_NAMES: Final = {
    "monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH", "friday": "FR",
    "saturday": "SA", "sunday": "SU",
}  # fmt: skip
SOURCE = "query"


@dataclass(frozen=True)
class Paging:
    """Which page (1-based) and how many per page."""

    page: int
    per_page: int


class _Reader:
    def __init__(self, args: Mapping[str, str]) -> None:
        self.args = args
        self.problems: list[Problem] = []

    def text(self, name: str) -> str | None:
        value = self.args.get(name)
        return None if value is None or value.strip() == "" else value.strip()

    def fail(self, name: str, message: str) -> None:
        self.problems.append(Problem(SOURCE, message, column=name, value=self.args.get(name)))

    def whole(self, name: str, default: int, low: int, high: int) -> int:
        value = self.text(name)
        if value is None:
            return default
        if not re.fullmatch(r"[0-9]{1,9}", value) or not low <= int(value) <= high:
            self.fail(name, f"Enter a whole number from {low} to {high}")
            return default
        return int(value)

    def number(self, name: str) -> float | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            number = float(value)
        except ValueError:
            number = -1.0
        if not 0 <= number <= 999:  # also refuses nan
            self.fail(name, "Enter an age in years, from 0 to 999")
            return None
        return number

    def uuid(self, name: str) -> str | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            return str(uuid.UUID(value))
        except ValueError:
            self.fail(name, "Enter an id in UUID form (8-4-4-4-12 hexadecimal digits)")
            return None

    def time(self, name: str) -> str | None:
        value = self.text(name)
        if value is not None and not TIME.fullmatch(value):
            self.fail(name, "Enter a time as HH:MM, for example 09:30")
            return None
        return value

    def day(self, name: str) -> str | None:
        value = self.text(name)
        if value is None:
            return None
        code = DAY_NAMES.get(value.lower(), value.upper())
        if code not in DAYS:
            self.fail(name, "Enter a day as MO, TU, WE, TH, FR, SA or SU (or its name)")
            return None
        return code

    def moment(self, name: str) -> datetime | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            self.fail(name, "Enter a date and time, for example 2026-01-31T09:00:00Z")
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def paging(args: Mapping[str, str]) -> Paging:
    """``page`` (1 or more) and ``per_page`` (1 to 200, default 50); raises ``InputRejected``."""
    reader = _Reader(args)
    found = Paging(
        reader.whole("page", 1, 1, 1_000_000),
        reader.whole("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
    )
    _raise(reader)
    return found


def oruk_query(args: Mapping[str, str]) -> ServiceQuery:
    """The ORUK API's service filters, combined with AND; raises ``InputRejected``."""
    reader = _Reader(args)
    search = reader.text("search") or ""
    if len(search) > MAX_SEARCH:
        reader.fail("search", f"Search for at most {MAX_SEARCH} characters")
    minimum, maximum = reader.number("minimum_age"), reader.number("maximum_age")
    term = reader.uuid("taxonomy_term_id")
    query = ServiceQuery(
        search=search[:MAX_SEARCH], term_ids=(term,) if term else (),
        taxonomy_id=reader.uuid("taxonomy_id"), minimum_age=minimum, maximum_age=maximum,
        day=reader.day("day"), start_time=reader.time("start_time"),
        end_time=reader.time("end_time"), organization_id=reader.uuid("organization_id"),
        modified_after=reader.moment("modified_after"),
    )  # fmt: skip
    _raise(reader)
    return query


def _raise(reader: _Reader) -> None:
    if reader.problems:
        raise InputRejected(reader.problems, "; ".join(_say(p) for p in reader.problems))


def _say(problem: Problem) -> str:
    return f"{problem.column}: {problem.message}"
