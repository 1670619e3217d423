"""Lone counts, series, rates and the symbol explanations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendsight.disclosure import (
    SYMBOLS,
    Protected,
    explain_symbols,
    protect_count,
    protect_rate,
    protect_rates,
    protect_series,
)


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_counts_from_one_to_four_are_suppressed_by_default(n: int) -> None:
    assert str(protect_count(n)) == "c"


def test_true_zero_is_shown_as_zero() -> None:
    assert str(protect_count(0)) == "0"


def test_count_at_the_threshold_is_shown() -> None:
    assert str(protect_count(5)) == "5"


def test_threshold_is_configurable_per_output() -> None:
    assert str(protect_count(7, threshold=8)) == "c"


def test_missing_count_is_x() -> None:
    assert str(protect_count(None)) == "x"


def test_rounded_count_goes_to_nearest_five_with_halves_up() -> None:
    assert [str(protect_count(n, round_to=5)) for n in (12, 13, 37)] == ["10", "15", "35"]


def test_series_is_protected_cell_by_cell() -> None:
    assert [str(p) for p in protect_series([0, 3, 17, None])] == ["0", "c", "17", "x"]


def test_rate_is_suppressed_when_numerator_is_suppressed() -> None:
    assert str(protect_rate(3, 120)) == "c"


def test_rate_is_suppressed_when_denominator_is_suppressed() -> None:
    assert str(protect_rate(0, 4)) == "c"


def test_rate_is_suppressed_when_given_an_already_suppressed_cell() -> None:
    assert str(protect_rate(Protected(symbol="c"), 120)) == "c"


def test_rate_is_shown_as_a_percentage_to_one_place() -> None:
    assert str(protect_rate(45, 120)) == "37.5"


def test_rate_with_zero_denominator_is_not_applicable() -> None:
    assert str(protect_rate(0, 0)) == "z"


def test_small_complement_can_be_protected_on_request() -> None:
    assert str(protect_rate(98, 100)) == "98.0"
    assert str(protect_rate(98, 100, protect_complement=True)) == "c"


def test_rates_pairs_numerators_with_denominators() -> None:
    assert [str(r) for r in protect_rates([10, 2], [20, 40])] == ["50.0", "c"]


@given(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(1, 20))
def test_rate_is_shown_only_when_both_counts_would_be_shown(
    top: int, bottom: int, threshold: int
) -> None:
    rate = protect_rate(top, bottom, threshold=threshold)
    parts_hidden = any(1 <= n < threshold for n in (top, bottom))
    assert rate.is_suppressed == parts_hidden


def test_explanations_follow_a_fixed_order_and_say_the_threshold() -> None:
    notes = explain_symbols(["x", "c"], threshold=5)
    assert notes[0].startswith("c = ") and "1 to 4" in notes[0]
    assert notes[1].startswith("x = ")


def test_every_symbol_has_a_plain_english_meaning() -> None:
    assert set(SYMBOLS) == {"c", "low", "x", "z", "u", "k"}
    assert all(meaning for meaning in SYMBOLS.values())


def test_a_cell_cannot_have_both_a_value_and_a_symbol() -> None:
    with pytest.raises(ValueError, match="either a value or a symbol"):
        Protected(value=3.0, symbol="c")


def test_unknown_symbols_are_refused() -> None:
    with pytest.raises(ValueError, match="Unknown symbol"):
        Protected(symbol="*")
