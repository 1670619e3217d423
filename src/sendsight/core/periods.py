"""Explicit reporting periods, so that a bare ``2024`` never has to be guessed at.

A *period* is the span a published figure describes. DfE statistics use five kinds:

* calendar year ``2024`` (1 January to 31 December; EHC plan flows such as new plans);
* academic year ``2024/25`` (1 September to 31 August);
* financial year ``2024-25`` (1 April to 31 March; council budgets);
* January census ``2025-01`` (a snapshot on census day in January; EHC plans in place);
* multi-year ``2014-16`` (a pooled span of calendar years, used by some LAIT measures).

``Period.parse`` reads the canonical text form back; ``from_dfe`` reads the DfE open-data pair
``time_period`` + ``time_identifier``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import total_ordering

from sendsight.core.errors import SendsightError


class PeriodKind(Enum):
    """What a period's year numbers mean."""

    CALENDAR_YEAR = "calendar_year"
    ACADEMIC_YEAR = "academic_year"
    FINANCIAL_YEAR = "financial_year"
    JANUARY_CENSUS = "january_census"
    MULTI_YEAR = "multi_year"


class PeriodError(SendsightError, ValueError):
    """Text that is not a period in any of the forms we know; ``expected`` says what would be."""

    def __init__(self, text: str, expected: str) -> None:
        super().__init__(f"{text!r} is not a period: {expected}")
        self.text = text
        self.expected = expected


# Span kinds are ordered by where they start; ties (a census and a year starting in January) by
# this rank, so sorting a mixed list is still deterministic.
_KIND_RANK = {kind: rank for rank, kind in enumerate(PeriodKind)}
_START_MONTH = {
    PeriodKind.CALENDAR_YEAR: 1,
    PeriodKind.ACADEMIC_YEAR: 9,
    PeriodKind.FINANCIAL_YEAR: 4,
    PeriodKind.JANUARY_CENSUS: 1,
    PeriodKind.MULTI_YEAR: 1,
}


@total_ordering
@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period: ``kind`` plus its first ``year`` (and ``end_year`` for multi-year).

    For an academic or financial year, ``year`` is the year it starts (``2024/25`` → 2024);
    for a January census it is the census year (``2025-01`` → 2025).
    """

    kind: PeriodKind
    year: int
    end_year: int | None = None

    def __post_init__(self) -> None:
        if not 1900 <= self.year <= 2200:
            raise PeriodError(str(self.year), "Enter a year between 1900 and 2200")
        if self.kind is PeriodKind.MULTI_YEAR:
            if self.end_year is None or self.end_year <= self.year:
                raise PeriodError(str(self.year), "A multi-year period needs a later end year")
        elif self.end_year is not None:
            raise PeriodError(str(self.year), "Only a multi-year period has an end year")

    @classmethod
    def calendar(cls, year: int) -> Period:
        """The calendar year ``year``."""
        return cls(PeriodKind.CALENDAR_YEAR, year)

    @classmethod
    def academic(cls, start_year: int) -> Period:
        """The academic year starting in September ``start_year``."""
        return cls(PeriodKind.ACADEMIC_YEAR, start_year)

    @classmethod
    def financial(cls, start_year: int) -> Period:
        """The financial year starting on 1 April ``start_year``."""
        return cls(PeriodKind.FINANCIAL_YEAR, start_year)

    @classmethod
    def january(cls, year: int) -> Period:
        """The January census of ``year``."""
        return cls(PeriodKind.JANUARY_CENSUS, year)

    @classmethod
    def multi_year(cls, first: int, last: int) -> Period:
        """The pooled calendar years ``first`` to ``last`` inclusive."""
        return cls(PeriodKind.MULTI_YEAR, first, last)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a canonical label: ``2024``, ``2024/25``, ``2024-25``, ``2025-01``, ``2014-16``."""
        return parse_period(text)

    @classmethod
    def from_dfe(cls, time_period: str, time_identifier: str) -> Period:
        """Read a DfE open-data ``time_period`` with its ``time_identifier``."""
        return parse_dfe_period(time_period, time_identifier)

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        """The canonical text form, as stored in the database."""
        if self.kind is PeriodKind.ACADEMIC_YEAR:
            return f"{self.year}/{(self.year + 1) % 100:02d}"
        if self.kind is PeriodKind.FINANCIAL_YEAR:
            return f"{self.year}-{(self.year + 1) % 100:02d}"
        if self.kind is PeriodKind.JANUARY_CENSUS:
            return f"{self.year}-01"
        if self.kind is PeriodKind.MULTI_YEAR:
            return f"{self.year}-{(self.end_year or 0) % 100:02d}"
        return str(self.year)

    @property
    def label(self) -> str:
        """How a page shows the period: "2024/25 academic year", "January 2025"."""
        if self.kind is PeriodKind.JANUARY_CENSUS:
            return f"January {self.year}"
        if self.kind is PeriodKind.MULTI_YEAR:
            return f"{self.year} to {self.end_year}"
        noun = {
            PeriodKind.ACADEMIC_YEAR: "academic year",
            PeriodKind.FINANCIAL_YEAR: "financial year",
            PeriodKind.CALENDAR_YEAR: "calendar year",
        }[self.kind]
        return f"{self.code} {noun}"

    def previous(self) -> Period:
        """The period of the same kind and length immediately before this one."""
        if self.kind is PeriodKind.MULTI_YEAR:
            span = (self.end_year or self.year) - self.year + 1
            return Period(self.kind, self.year - span, (self.end_year or self.year) - span)
        return Period(self.kind, self.year - 1)

    def next(self) -> Period:
        """The period of the same kind and length immediately after this one."""
        if self.kind is PeriodKind.MULTI_YEAR:
            span = (self.end_year or self.year) - self.year + 1
            return Period(self.kind, self.year + span, (self.end_year or self.year) + span)
        return Period(self.kind, self.year + 1)

    def _sort_key(self) -> tuple[int, int, int, int]:
        return (self.year, _START_MONTH[self.kind], _KIND_RANK[self.kind], self.end_year or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()


_CANONICAL = (
    (re.compile(r"^(\d{4})$"), "calendar"),
    (re.compile(r"^(\d{4})/(\d{2})$"), "academic"),
    (re.compile(r"^(\d{4})-01$"), "january"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "span"),
)
EXPECTED_PERIOD = (
    "Enter a period as 2024 (calendar year), 2024/25 (academic year), "
    "2024-25 (financial year), 2025-01 (January census) or 2014-16 (years)"
)


def parse_period(text: str) -> Period:
    """Read a canonical period label; a ``YYYY-YY`` one year apart is a financial year."""
    cleaned = text.strip()
    for pattern, form in _CANONICAL:
        match = pattern.match(cleaned)
        if match is None:
            continue
        first = int(match.group(1))
        if form == "calendar":
            return Period.calendar(first)
        if form == "january":
            return Period.january(first)
        last = _expand_two_digit(first, int(match.group(2)), cleaned)
        if form == "academic":
            return _consecutive(PeriodKind.ACADEMIC_YEAR, first, last, cleaned)
        if last == first + 1:
            return Period.financial(first)
        return Period.multi_year(first, last)
    raise PeriodError(text, EXPECTED_PERIOD)


def _expand_two_digit(first: int, two_digits: int, text: str) -> int:
    last = first - first % 100 + two_digits
    if last < first:
        last += 100
    if last == first:
        raise PeriodError(text, EXPECTED_PERIOD)
    return last


def _consecutive(kind: PeriodKind, first: int, last: int, text: str) -> Period:
    if last != first + 1:
        raise PeriodError(text, "The second year must follow the first, as in 2024/25")
    return Period(kind, first)


_DFE_IDENTIFIERS = {
    "calendar year": PeriodKind.CALENDAR_YEAR,
    "academic year": PeriodKind.ACADEMIC_YEAR,
    "financial year": PeriodKind.FINANCIAL_YEAR,
    "january": PeriodKind.JANUARY_CENSUS,
}
DFE_TIME_IDENTIFIERS = tuple(sorted(_DFE_IDENTIFIERS))


def parse_dfe_period(time_period: str, time_identifier: str) -> Period:
    """Read DfE's pair: ``202425`` + "Academic year" → ``2024/25``; ``2024`` + "Calendar year".

    DfE writes academic and financial years as six digits (``YYYYyy``) and calendar years and
    January as four.
    """
    kind = _DFE_IDENTIFIERS.get(time_identifier.strip().lower())
    if kind is None:
        raise PeriodError(
            time_identifier,
            "Enter a time_identifier of Calendar year, Academic year, Financial year or January",
        )
    digits = time_period.strip()
    if kind in (PeriodKind.ACADEMIC_YEAR, PeriodKind.FINANCIAL_YEAR):
        if not re.fullmatch(r"\d{6}", digits):
            raise PeriodError(
                time_period, "Enter an academic or financial year as 6 digits, like 202425"
            )
        first, second = int(digits[:4]), int(digits[4:])
        if (first + 1) % 100 != second:
            raise PeriodError(time_period, "The second year must follow the first, as in 202425")
        return Period(kind, first)
    if not re.fullmatch(r"\d{4}", digits):
        raise PeriodError(time_period, "Enter a calendar year as 4 digits, like 2024")
    return Period(kind, int(digits))
