"""Working days in England and Wales: the calendar the front door's response-time targets use.

A working day is Monday to Friday and not a bank holiday in England and Wales. The targets are
the partnership's own (acknowledge within 2 working days, decide the route within 10, by
default): unlike the EHC statutory clock (SI 2014/1530, counted in calendar weeks, see
``ehc/clock.py``) no regulation sets them, so they count the days staff actually work.

Day 0 is the day a request is received; a request routed on the next working day took 1 working
day. Bank holidays: GOV.UK "UK bank holidays" (https://www.gov.uk/bank-holidays.json), England
and Wales division, Crown copyright, Open Government Licence v3.0; copied for 2019 to 2028.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from functools import lru_cache
from typing import Final

_HOLIDAYS_TEXT: Final = """
2019-01-01 2019-04-19 2019-04-22 2019-05-06 2019-05-27 2019-08-26 2019-12-25 2019-12-26
2020-01-01 2020-04-10 2020-04-13 2020-05-08 2020-05-25 2020-08-31 2020-12-25 2020-12-28
2021-01-01 2021-04-02 2021-04-05 2021-05-03 2021-05-31 2021-08-30 2021-12-27 2021-12-28
2022-01-03 2022-04-15 2022-04-18 2022-05-02 2022-06-02 2022-06-03 2022-08-29 2022-09-19
2022-12-26 2022-12-27
2023-01-02 2023-04-07 2023-04-10 2023-05-01 2023-05-08 2023-05-29 2023-08-28 2023-12-25
2023-12-26
2024-01-01 2024-03-29 2024-04-01 2024-05-06 2024-05-27 2024-08-26 2024-12-25 2024-12-26
2025-01-01 2025-04-18 2025-04-21 2025-05-05 2025-05-26 2025-08-25 2025-12-25 2025-12-26
2026-01-01 2026-04-03 2026-04-06 2026-05-04 2026-05-25 2026-08-31 2026-12-25 2026-12-28
2027-01-01 2027-03-26 2027-03-29 2027-05-03 2027-05-31 2027-08-30 2027-12-27 2027-12-28
2028-01-03 2028-04-14 2028-04-17 2028-05-01 2028-05-29 2028-08-28 2028-12-25 2028-12-26
"""
BANK_HOLIDAYS: Final[tuple[date, ...]] = tuple(
    sorted(date.fromisoformat(text) for text in _HOLIDAYS_TEXT.split())
)
_HOLIDAY_SET: Final = frozenset(BANK_HOLIDAYS)
FIRST_KNOWN_YEAR: Final = BANK_HOLIDAYS[0].year
LAST_KNOWN_YEAR: Final = BANK_HOLIDAYS[-1].year


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in _HOLIDAY_SET


@lru_cache(maxsize=4096)
def add_working_days(start: date, days: int) -> date:
    """The working day ``days`` working days after ``start`` (``start`` itself is day 0)."""
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def _weekdays_before(day: date) -> int:
    """Monday-to-Friday days from a fixed Monday up to, not including, ``day``."""
    offset = (day - date(2000, 1, 3)).days
    weeks, rest = divmod(offset, 7)
    return weeks * 5 + min(rest, 5)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
    if end <= start:
        return 0
    first, last = start + timedelta(days=1), end + timedelta(days=1)
    weekdays = _weekdays_before(last) - _weekdays_before(first)
    # Every listed bank holiday falls on a weekday (substitute days replace weekend ones).
    holidays = bisect_right(BANK_HOLIDAYS, end) - bisect_left(BANK_HOLIDAYS, first)
    return weekdays - holidays
