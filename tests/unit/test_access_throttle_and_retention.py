"""The per-address failure window and the retention cut-off date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sendsight.access.retention import cutoff_date
from sendsight.access.signin import FailureWindow

START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def test_address_is_blocked_once_it_reaches_the_limit_within_the_window() -> None:
    window = FailureWindow(limit=3, window=timedelta(minutes=10))
    for second in range(3):
        assert not window.blocked("10.0.0.1", START + timedelta(seconds=second))
        window.add_failure("10.0.0.1", START + timedelta(seconds=second))
    assert window.blocked("10.0.0.1", START + timedelta(minutes=5))
    assert not window.blocked("10.0.0.2", START + timedelta(minutes=5))


def test_failures_older_than_the_window_no_longer_count() -> None:
    window = FailureWindow(limit=2, window=timedelta(minutes=10))
    window.add_failure("10.0.0.1", START)
    window.add_failure("10.0.0.1", START + timedelta(minutes=1))
    assert not window.blocked("10.0.0.1", START + timedelta(minutes=10, seconds=1))


def test_records_are_due_on_the_31st_birthday() -> None:
    assert cutoff_date(date(2025, 3, 3), 31) == date(1994, 3, 3)


def test_someone_born_on_29_february_is_due_on_1_march_in_a_common_year() -> None:
    born = date(1996, 2, 29)
    assert born > cutoff_date(date(2027, 2, 28), 31)
    assert born <= cutoff_date(date(2027, 3, 1), 31)
    assert cutoff_date(date(2028, 2, 29), 31) == date(1997, 2, 28)
