"""One rounding rule for every figure shown: halves away from zero, on the decimal figure."""

from __future__ import annotations

import math

import pytest

from sendsight.core.rounding import format_number, round_half_up, round_to_multiple
from sendsight.disclosure import Protected, protect_modelled, protect_rate


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (81.25, 1, 81.3),
        (0.125, 2, 0.13),
        (2.5, 0, 3.0),
        (-2.5, 0, -3.0),
        (0.5, 0, 1.0),
        (1.005, 2, 1.01),  # the binary value is 1.00499…; the figure written is 1.005
        (2.675, 2, 2.68),
        (81.24, 1, 81.2),
        (-0.04, 1, 0.0),
    ],
)
def test_halves_round_away_from_zero(value: float, decimals: int, expected: float) -> None:
    assert round_half_up(value, decimals) == expected


def test_python_round_disagrees_where_the_rule_matters() -> None:
    assert round(81.25, 1) == 81.2 and round(2.5) == 2  # why the rule exists
    assert round_half_up(81.25, 1) == 81.3 and round_half_up(2.5) == 3


def test_minus_zero_is_plain_zero() -> None:
    assert math.copysign(1.0, round_half_up(-0.04, 1)) == 1.0
    assert format_number(-0.04, 1) == "0.0"


def test_scale_is_applied_to_the_decimal_figure() -> None:
    assert 0.285 * 100 < 28.5  # the binary product falls just short of the half
    assert round_half_up(0.285, scale=100) == 29.0
    assert format_number(0.125, scale=100) == "13"


def test_non_finite_values_pass_through_round_but_cannot_be_written() -> None:
    assert math.isnan(round_half_up(math.nan, 1))
    with pytest.raises(ValueError, match="finite"):
        format_number(math.inf)


@pytest.mark.parametrize(
    ("value", "kwargs", "text"),
    [
        (81.25, {"decimals": 1}, "81.3"),
        (0.125, {"decimals": 2}, "0.13"),
        (2.5, {}, "3"),
        (-2.5, {}, "-3"),
        (1234567.25, {"decimals": 1}, "1,234,567.3"),
        (1234567.25, {"decimals": 1, "grouping": False}, "1234567.3"),
        (1.25, {"decimals": 1, "sign": True}, "+1.3"),
        (-1.25, {"decimals": 1, "sign": True}, "-1.3"),
        (0.04, {"decimals": 1, "sign": True}, "0.0"),
    ],
)
def test_format_number(value: float, kwargs: dict[str, object], text: str) -> None:
    assert format_number(value, **kwargs) == text  # type: ignore[arg-type]


def test_round_to_multiple_rounds_halves_away_from_zero() -> None:
    assert round_to_multiple(25, 10) == 30
    assert round_to_multiple(-25, 10) == -30
    assert round_to_multiple(24.9, 10) == 20
    with pytest.raises(ValueError, match="whole number"):
        round_to_multiple(5, 0)


def test_rates_shown_through_disclosure_use_the_rule() -> None:
    assert protect_rate(13, 16).value == 81.3  # 81.25%
    assert protect_rate(1, 8, threshold=1, decimals=2, scale=1).value == 0.13  # 0.125
    assert str(protect_rate(13, 16)) == "81.3"


def test_protected_cells_are_written_with_the_rule() -> None:
    assert str(Protected(value=81.25, decimals=1)) == "81.3"
    assert str(Protected(value=-2.5)) == "-3"


def test_modelled_probability_uses_the_rule() -> None:
    assert protect_modelled(0.285, kind="probability").value == 29.0
    assert protect_modelled(0.125, kind="probability").value == 13.0


@pytest.mark.parametrize("protect", [True, False])
def test_an_ehc_rate_reads_the_same_with_or_without_disclosure_control(protect: bool) -> None:
    from sendsight.ehc.pages import Guard

    assert Guard(protect=protect).rate(13, 16) == "81.3"


def test_a_forecast_figure_rounds_halves_away_from_zero() -> None:
    from sendsight.forecasting.pages import Figures

    exact = Figures(protect=False)
    assert (exact.count(2.5).text, exact.difference(-2.5).text) == ("3", "-3")
    assert exact.difference(2.5).text == "+3"
