"""Reading amounts of money and percentages from people's files: explicitly, never guessed.

An amount may carry a leading "£" and commas as thousands separators only where they group
digits in threes ("£1,234.50", "1234.5", "£12,000"); anything else ("1.234,50", "12,34",
"-£5", "1e3") is refused with what is expected. Amounts are kept as whole pence.
"""

from __future__ import annotations

import re

_AMOUNT = re.compile(r"£?(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<pence>[0-9]{1,2}))?")
_PERCENT = re.compile(r"(?P<whole>[0-9]{1,3})(?:\.(?P<part>[0-9]{1,2}))?\s*%?")

AMOUNT_EXPECTED = (
    "Enter an amount in pounds of 0 or more, like 1234.50, 1,234.50 or £1,234.50 (commas only "
    "between groups of three digits)"
)
PERCENT_EXPECTED = "Enter a percentage from 0 to 100, like 60, 60% or 33.33"


class BadValue(ValueError):
    """A cell that cannot be read; ``expected`` says what would be."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


def parse_pence(text: str) -> int:
    """An amount in pounds as whole pence; negative or malformed amounts raise ``BadValue``."""
    found = _AMOUNT.fullmatch(text.strip())
    if found is None:
        raise BadValue(AMOUNT_EXPECTED)
    whole = int(found["whole"].replace(",", ""))
    pence = int((found["pence"] or "0").ljust(2, "0"))
    return whole * 100 + pence


def parse_basis_points(text: str) -> int:
    """A percentage as basis points (100% = 10,000); outside 0 to 100 raises ``BadValue``."""
    found = _PERCENT.fullmatch(text.strip())
    if found is None:
        raise BadValue(PERCENT_EXPECTED)
    points = int(found["whole"]) * 100 + int((found["part"] or "0").ljust(2, "0"))
    if points > 10_000:
        raise BadValue(PERCENT_EXPECTED)
    return points


def pounds(pence: int) -> str:
    """Whole pence shown as pounds with thousands separators: 123456 → "£1,235"."""
    return f"£{round(pence / 100):,}"


def financial_year(text: str) -> int:
    """A financial year as the year it starts: "2025-26", "202526" or "2025" → 2025."""
    value = text.strip()
    found = re.fullmatch(r"(?P<first>20[0-9]{2})(?:-?(?P<second>[0-9]{2}))?", value)
    if found is None or (
        found["second"] is not None and (int(found["first"]) + 1) % 100 != int(found["second"])
    ):
        raise BadValue("Enter a financial year like 2025-26")
    return int(found["first"])


def year_label(year: int) -> str:
    """2025 → "2025-26"."""
    return f"{year}-{(year + 1) % 100:02d}"
