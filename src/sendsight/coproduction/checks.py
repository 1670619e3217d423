"""The rules every co-production input follows, as problems found (nothing raised here).

Each function takes one cell's text and returns the value, or adds a :class:`Problem` naming
the file, line and column to ``problems`` and returns None.
"""

from __future__ import annotations

import re
from datetime import date

from sendsight.coproduction import vocab
from sendsight.coproduction.records import CountKey, split_list
from sendsight.core.errors import Problem

KEY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
COUNT_PATTERN = re.compile(r"(?P<group>[a-z_]+):(?P<category>[^=;]{1,64})=(?P<count>[0-9]{1,6})")


class Cells:
    """One row's cells with where they came from, collecting problems as they are read."""

    def __init__(self, row: dict[str, str], *, file: str, line: int) -> None:
        self.row, self.file, self.line = row, file, line
        self.problems: list[Problem] = []

    def problem(self, column: str, message: str) -> None:
        """Note that ``column`` is wrong, with the text found."""
        value = self.row.get(column, "")
        self.problems.append(Problem(self.file, message, self.line, column, value or None))

    def text(self, column: str, *, limit: int, required: bool = True) -> str:
        """The cell's text (trimmed); a problem when required and empty, or too long."""
        value = (self.row.get(column) or "").strip()
        if required and not value:
            self.problem(column, "Enter a value")
        elif len(value) > limit:
            self.problem(column, f"Use {limit} characters or fewer")
        return value

    def key(self, column: str, *, required: bool = True) -> str:
        """A reference: letters, digits, ``_``, ``.`` or ``-``, up to 64 characters."""
        value = (self.row.get(column) or "").strip()
        if not value:
            if required:
                self.problem(column, "Enter a reference (letters, digits, _ . or -)")
            return ""
        if not KEY_PATTERN.fullmatch(value):
            self.problem(column, "Use up to 64 letters, digits, _ . or - (no spaces)")
        return value

    def day(self, column: str, *, required: bool = False) -> date | None:
        """A date written YYYY-MM-DD."""
        value = (self.row.get(column) or "").strip()
        if not value:
            if required:
                self.problem(column, "Enter a date as YYYY-MM-DD, like 2026-03-14")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.problem(column, "Enter a real date as YYYY-MM-DD, like 2026-03-14")
            return None

    def choice(self, column: str, choices: dict[str, str], *, required: bool = True) -> str:
        """One of ``choices``' codes."""
        value = (self.row.get(column) or "").strip()
        if (value or required) and value not in choices:
            self.problem(column, "Use one of " + ", ".join(choices))
        return value

    def codes(self, column: str, choices: dict[str, str]) -> tuple[str, ...]:
        """A ``;``-separated list of ``choices``' codes."""
        items = split_list(self.row.get(column) or "")
        if any(item not in choices for item in items):
            self.problem(column, "Use codes from " + ", ".join(choices) + " separated by ;")
        return items

    def counts(self, column: str) -> dict[CountKey, int]:
        """Who took part: ``group:category=count`` items separated by ``;``."""
        found: dict[CountKey, int] = {}
        for item in split_list(self.row.get(column) or ""):
            parsed = _count(item)
            if parsed is None:
                self.problem(column, _COUNT_HELP)
                return {}
            if parsed[0] in found:
                self.problem(column, f"{parsed[0][0]}:{parsed[0][1]} is given twice")
                return {}
            found[parsed[0]] = parsed[1]
        return found


_COUNT_HELP = (
    "Write who took part as group:category=count separated by ; with groups "
    + ", ".join(vocab.GROUPS)
    + " (for example parents_carers:all=12; age_band:11-15=4; need:ASD=3)"
)


def _count(item: str) -> tuple[CountKey, int] | None:
    match = COUNT_PATTERN.fullmatch(item)
    if match is None or match["group"] not in vocab.GROUPS:
        return None
    group, category = match["group"], match["category"].strip()
    fixed = vocab.FIXED_CATEGORIES.get(group)
    if fixed is not None and category not in fixed:
        return None
    return (group, category), int(match["count"])
