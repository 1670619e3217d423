"""Periods: parsing DfE time periods, canonical codes, labels, ordering and previous()."""

from __future__ import annotations

import pytest

from sendsight.core.periods import Period, PeriodError, PeriodKind, parse_dfe_period


@pytest.mark.parametrize(
    ("time_period", "identifier", "code", "label"),
    [
        ("202425", "Academic year", "2024/25", "2024/25 academic year"),
        ("2024", "Calendar year", "2024", "2024 calendar year"),
        ("202425", "Financial year", "2024-25", "2024-25 financial year"),
        ("2025", "January", "2025-01", "January 2025"),
        ("199900", "Academic year", "1999/00", "1999/00 academic year"),
    ],
)
def test_dfe_time_period_reads_as_explicit_period(
    time_period: str, identifier: str, code: str, label: str
) -> None:
    period = parse_dfe_period(time_period, identifier)
    assert (period.code, period.label) == (code, label)
    assert Period.parse(code) == period


@pytest.mark.parametrize(
    ("time_period", "identifier"),
    [
        ("2024", "Academic year"),
        ("202426", "Academic year"),
        ("24", "Calendar year"),
        ("2024", "Fortnight"),
        ("20x4", "Calendar year"),
    ],
)
def test_malformed_dfe_time_period_is_refused_with_what_is_expected(
    time_period: str, identifier: str
) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_dfe_period(time_period, identifier)
    assert caught.value.expected.startswith(("Enter", "The second year"))


def test_two_years_apart_is_a_multi_year_period_and_one_apart_a_financial_year() -> None:
    assert Period.parse("2014-16") == Period.multi_year(2014, 2016)
    assert Period.parse("2014-15").kind is PeriodKind.FINANCIAL_YEAR
    assert Period.parse("2014-16").label == "2014 to 2016"


def test_previous_steps_back_one_period_of_the_same_kind() -> None:
    assert Period.parse("2024/25").previous() == Period.parse("2023/24")
    assert Period.parse("2025-01").previous() == Period.parse("2024-01")
    assert Period.parse("2014-16").previous() == Period.parse("2011-13")
    assert Period.parse("2023").next() == Period.parse("2024")


def test_periods_sort_in_time_order_whatever_their_text() -> None:
    texts = ["2024/25", "2009", "2025-01", "2010", "2023/24"]
    ordered = [p.code for p in sorted(Period.parse(t) for t in texts)]
    assert ordered == ["2009", "2010", "2023/24", "2024/25", "2025-01"]


def test_academic_year_with_a_gap_is_refused() -> None:
    with pytest.raises(PeriodError):
        Period.parse("2024/26")
    with pytest.raises(PeriodError):
        Period.parse("twenty")
