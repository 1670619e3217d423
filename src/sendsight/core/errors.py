"""The root of every sendsight exception, and the shape of an input problem.

Domains raise small exceptions under :class:`SendsightError`; the web layer maps them to
error pages in one table and the CLI maps them to one-line messages in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class SendsightError(Exception):
    """Root of all errors a user can cause and be told about."""


class NotFound(SendsightError):
    """A thing that was asked for does not exist (or may not be seen)."""


class PermissionDenied(SendsightError):
    """The signed-in user's role does not allow this."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where it is and what is expected.

    ``line`` counts from 1 and includes the header line, as a spreadsheet user sees it;
    ``column`` is the column's header name (or a path such as ``outcomes[2].measures[0]``).
    """

    file: str
    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column!r}"
        shown = "" if self.value is None else f" (found {_clip(self.value)!r})"
        return f"{where}: {self.message}{shown}"


def _clip(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


class InputRejected(SendsightError):
    """An input (file, form, framework) was refused; nothing was written.

    Carries every problem found, in file/line order, so a user can fix them all at once.
    """

    def __init__(self, problems: Iterable[Problem], summary: str | None = None) -> None:
        self.problems: Sequence[Problem] = tuple(problems)
        head = summary or f"{len(self.problems)} problem(s) found; nothing was imported"
        super().__init__(head)
        self.summary = head

    def __str__(self) -> str:
        lines = [self.summary]
        lines += [f"  {p}" for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"  … and {len(self.problems) - 50} more")
        return "\n".join(lines)
