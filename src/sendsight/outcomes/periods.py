"""Periods as each frequency writes them, and a running index so that periods can be counted.

==================  ================  ===========================================
frequency           code              index
==================  ================  ===========================================
``monthly``         ``2025-03``       months since year 0 (year × 12 + month − 1)
``termly``          ``2024/25 T1``    terms since year 0 (T1 autumn, T2 spring, T3 summer)
``academic_year``   ``2024/25``       the year it starts
``financial_year``  ``2024-25``       the year it starts
``calendar_year``   ``2024``          the year
``january``         ``2025-01``       the census year (a snapshot each January)
==================  ================  ===========================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sendsight.core.errors import SendsightError


class Frequency(StrEnum):
    """How often a measure gets a new value."""

    MONTHLY = "monthly"
    TERMLY = "termly"
    ACADEMIC_YEAR = "academic_year"
    FINANCIAL_YEAR = "financial_year"
    CALENDAR_YEAR = "calendar_year"
    JANUARY = "january"


EXPECTED = {
    Frequency.MONTHLY: "Enter a month as YYYY-MM, like 2025-03",
    Frequency.TERMLY: "Enter a term as an academic year and term number, like 2024/25 T1",
    Frequency.ACADEMIC_YEAR: "Enter an academic year as YYYY/YY, like 2024/25",
    Frequency.FINANCIAL_YEAR: "Enter a financial year as YYYY-YY, like 2024-25",
    Frequency.CALENDAR_YEAR: "Enter a calendar year as YYYY, like 2024",
    Frequency.JANUARY: "Enter a January census as YYYY-01, like 2025-01",
}
FREQUENCY_LABELS = {
    Frequency.MONTHLY: "Monthly",
    Frequency.TERMLY: "Termly",
    Frequency.ACADEMIC_YEAR: "Academic year",
    Frequency.FINANCIAL_YEAR: "Financial year",
    Frequency.CALENDAR_YEAR: "Calendar year",
    Frequency.JANUARY: "Yearly (January census)",
}
# How long after its period ends a value may arrive before it counts as out of date (days).
STALE_AFTER_DAYS = {
    Frequency.MONTHLY: 31 + 62,
    Frequency.TERMLY: 120 + 120,
    Frequency.ACADEMIC_YEAR: 365 + 400,
    Frequency.FINANCIAL_YEAR: 365 + 400,
    Frequency.CALENDAR_YEAR: 365 + 400,
    Frequency.JANUARY: 365 + 400,
}
_TERMS = ("autumn", "spring", "summer")


class PeriodMismatch(SendsightError, ValueError):
    """Text that is not a period of the measure's frequency; ``expected`` says what would be."""

    def __init__(self, text: str, expected: str) -> None:
        super().__init__(expected)
        self.text = text
        self.expected = expected


@dataclass(frozen=True, slots=True, order=True)
class MeasurePeriod:
    """A period of a measure: its running ``index`` (for ordering) and canonical ``code``."""

    index: int
    code: str
    frequency: Frequency


def parse(text: str, frequency: Frequency | str) -> MeasurePeriod:
    """Read ``text`` as a period of ``frequency``; raise ``PeriodMismatch`` when it is not one."""
    freq = Frequency(frequency)
    index = _index(text.strip(), freq)
    if index is None or not 1900 * _per_year(freq) <= index < 2200 * _per_year(freq):
        raise PeriodMismatch(text, EXPECTED[freq])
    return from_index(index, freq)


def _per_year(freq: Frequency) -> int:
    return {Frequency.MONTHLY: 12, Frequency.TERMLY: 3}.get(freq, 1)


def _index(text: str, freq: Frequency) -> int | None:
    patterns = {
        Frequency.MONTHLY: r"(\d{4})-(\d{2})",
        Frequency.TERMLY: r"(\d{4})/(\d{2}) T([123])",
        Frequency.ACADEMIC_YEAR: r"(\d{4})/(\d{2})",
        Frequency.FINANCIAL_YEAR: r"(\d{4})-(\d{2})",
        Frequency.CALENDAR_YEAR: r"(\d{4})",
        Frequency.JANUARY: r"(\d{4})-(01)",
    }
    match = re.fullmatch(patterns[freq], text)
    if match is None:
        return None
    year = int(match.group(1))
    if freq is Frequency.MONTHLY:
        month = int(match.group(2))
        return year * 12 + month - 1 if 1 <= month <= 12 else None
    if freq in (Frequency.TERMLY, Frequency.ACADEMIC_YEAR, Frequency.FINANCIAL_YEAR):
        if int(match.group(2)) != (year + 1) % 100:
            return None
    if freq is Frequency.TERMLY:
        return year * 3 + int(match.group(3)) - 1
    return year


def from_index(index: int, frequency: Frequency | str) -> MeasurePeriod:
    """The period at ``index`` for ``frequency``."""
    freq = Frequency(frequency)
    if freq is Frequency.MONTHLY:
        code = f"{index // 12}-{index % 12 + 1:02d}"
    elif freq is Frequency.TERMLY:
        year = index // 3
        code = f"{year}/{(year + 1) % 100:02d} T{index % 3 + 1}"
    elif freq is Frequency.ACADEMIC_YEAR:
        code = f"{index}/{(index + 1) % 100:02d}"
    elif freq is Frequency.FINANCIAL_YEAR:
        code = f"{index}-{(index + 1) % 100:02d}"
    elif freq is Frequency.JANUARY:
        code = f"{index}-01"
    else:
        code = str(index)
    return MeasurePeriod(index, code, freq)


def label(code: str, frequency: Frequency | str) -> str:
    """How a page names a period: "March 2025", "2024/25 spring term", "January 2025"."""
    period = parse(code, frequency)
    freq = period.frequency
    if freq is Frequency.MONTHLY:
        return date(period.index // 12, period.index % 12 + 1, 1).strftime("%B %Y")
    if freq is Frequency.TERMLY:
        return f"{code[:7]} {_TERMS[period.index % 3]} term"
    if freq is Frequency.JANUARY:
        return f"January {period.index}"
    return code


def end_of(period: MeasurePeriod) -> date:
    """The last day a period covers (a census is the day in January it is taken: use 31 January)."""
    freq, i = period.frequency, period.index
    if freq is Frequency.MONTHLY:
        year, month = divmod(i + 1, 12)
        return date(year, month + 1, 1).fromordinal(date(year, month + 1, 1).toordinal() - 1)
    if freq is Frequency.TERMLY:
        year, term = divmod(i, 3)
        return (date(year, 12, 31), date(year + 1, 4, 15), date(year + 1, 8, 31))[term]
    ends = {
        Frequency.ACADEMIC_YEAR: date(i + 1, 8, 31),
        Frequency.FINANCIAL_YEAR: date(i + 1, 3, 31),
        Frequency.CALENDAR_YEAR: date(i, 12, 31),
        Frequency.JANUARY: date(i, 1, 31),
    }
    return ends[freq]


def is_stale(latest: MeasurePeriod | None, today: date) -> bool:
    """Out of date: no value, or the newest one is for a period that ended too long ago."""
    if latest is None:
        return True
    return (today - end_of(latest)).days > STALE_AFTER_DAYS[latest.frequency]
