"""Ordinals, figures and sentences in British English."""

from __future__ import annotations

import pytest

from sendsight.benchmarking import format_value, ordinal, rank_label
from sendsight.benchmarking.text import band_text, change_text, rank_sentence


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"),
        (13, "13th"), (21, "21st"), (22, "22nd"), (23, "23rd"), (101, "101st"),
        (111, "111th"), (112, "112th"), (150, "150th"),
    ],
)  # fmt: skip
def test_ordinal_suffixes_follow_british_english(number: int, expected: str) -> None:
    assert ordinal(number) == expected


def test_a_shared_rank_is_shown_with_an_equals_sign() -> None:
    assert rank_label(12, tied=True) == "=12th"
    assert rank_label(12, tied=False) == "12th"


def test_percentages_are_written_with_the_sign_after_the_number() -> None:
    assert format_value(41.04, unit="%", decimals=1) == "41.0%"


def test_money_is_written_with_the_pound_sign_first_and_thousands_separated() -> None:
    assert format_value(-12345.6, unit="£", decimals=0) == "-£12,346"


def test_other_units_follow_the_number_after_a_space() -> None:
    assert format_value(18.25, unit="weeks", decimals=1) == "18.3 weeks"  # halves away from 0


def test_a_negative_figure_that_rounds_to_zero_has_no_minus_sign() -> None:
    assert format_value(-0.01, decimals=1) == "0.0"


def test_rank_sentence_for_the_example_in_the_issue() -> None:
    sentence = rank_sentence("Rochdale", 23, 150, tied=False, polarity="high_is_good")
    assert sentence == "Rochdale ranks 23rd of 150 local areas with data; higher is better."


def test_rank_sentence_for_neither_polarity_in_first_place() -> None:
    sentence = rank_sentence("Bury", 1, 2, tied=False, polarity="neither")
    assert sentence.startswith("Bury has the highest value of 2 local areas;")


def test_rank_sentence_uses_the_singular_for_one_area() -> None:
    sentence = rank_sentence("Bury", 1, 1, tied=False, polarity="low_is_good")
    assert sentence == "Bury ranks 1st of 1 local area with data; lower is better."


def test_band_text_for_low_is_good_names_the_best_quarter() -> None:
    assert band_text("A", polarity="low_is_good") == (
        "Band A: the best quarter of local areas (lower is better)."
    )


def test_band_text_for_neither_polarity_is_not_a_judgement() -> None:
    assert "not a judgement" in band_text("D", polarity="neither")


def test_arrow_text_names_direction_previous_figure_period_and_polarity() -> None:
    words = change_text("up", 41.0, polarity="high_is_good", unit="%", previous_period="2023")
    assert words == "Up from 41.0% in 2023; higher is better"


def test_arrow_text_without_a_period_label_refers_to_the_previous_period() -> None:
    words = change_text("down", 12.0, polarity="low_is_good", unit="weeks")
    assert words == "Down from 12.0 weeks in the previous period; lower is better"
