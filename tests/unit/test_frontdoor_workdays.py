"""Working days in England and Wales (front door targets)."""

from __future__ import annotations

from datetime import date

from sendsight.frontdoor import workdays


def test_christmas_2026_substitute_bank_holiday_is_not_a_working_day() -> None:
    # 26 December 2026 is a Saturday: the substitute bank holiday is Monday 28 December.
    assert not workdays.is_working_day(date(2026, 12, 25))
    assert not workdays.is_working_day(date(2026, 12, 28))
    assert workdays.is_working_day(date(2026, 12, 29))


def test_two_working_days_after_christmas_eve_2026_is_30_december() -> None:
    assert workdays.add_working_days(date(2026, 12, 24), 2) == date(2026, 12, 30)


def test_easter_week_2025_has_two_working_days_from_thursday_to_wednesday() -> None:
    # Good Friday 18 April and Easter Monday 21 April 2025 are bank holidays.
    assert workdays.working_days_between(date(2025, 4, 17), date(2025, 4, 23)) == 2


def test_a_request_routed_the_day_it_arrives_took_no_working_days() -> None:
    assert workdays.working_days_between(date(2025, 3, 3), date(2025, 3, 3)) == 0
    assert workdays.working_days_between(date(2025, 3, 7), date(2025, 3, 10)) == 1


def test_working_days_between_agrees_with_counting_day_by_day() -> None:
    start = date(2024, 12, 20)
    for offset in range(0, 40):
        end = date.fromordinal(start.toordinal() + offset)
        counted = sum(
            1
            for d in range(start.toordinal() + 1, end.toordinal() + 1)
            if workdays.is_working_day(date.fromordinal(d))
        )
        assert workdays.working_days_between(start, end) == counted
