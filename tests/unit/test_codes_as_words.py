"""Codes people read are spelled out; a measure's figures carry its places and unit."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sendsight.demo.ehc_settings import ALL_URNS, SCHOOL_NAMES, school_name
from sendsight.reference.codes import need_label, placement_label
from sendsight.web.wording import measure_figure


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("asd", "Autistic spectrum disorder"),
        ("SEMH", "Social, emotional and mental health"),
        ("need_unknown", "Primary need not recorded"),
        ("all", "All needs"),
        ("new", "new"),
    ],
)
def test_need_codes_read_as_words_in_any_case(code: str, words: str) -> None:
    assert need_label(code) == words


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("special_independent", "Independent special school"),
        ("independent_special", "Independent special schools"),
        ("post16", "Further education and post-16"),
        ("EHE", "Elective home education"),
        ("somewhere", "somewhere"),
    ],
)
def test_placement_codes_read_as_words(code: str, words: str) -> None:
    assert placement_label(code) == words


@dataclass
class _Measure:
    unit: str
    decimals: int = 1


def test_a_count_has_no_false_decimal_and_a_percentage_its_sign() -> None:
    assert measure_figure(154489.0, _Measure("count")) == "154,489"
    assert measure_figure(60.25, _Measure("percent")) == "60.3%"
    assert measure_figure(None, _Measure("percent")) == "–"


def test_a_round_target_for_a_percentage_measure_reads_60_percent() -> None:
    assert measure_figure(60.0, _Measure("percent"), whole=True) == "60%"
    assert measure_figure(62.5, _Measure("percent"), whole=True) == "62.5%"


def test_every_made_up_school_has_its_own_made_up_name() -> None:
    assert set(SCHOOL_NAMES) == ALL_URNS
    assert len(set(SCHOOL_NAMES.values())) == len(SCHOOL_NAMES)
    assert school_name("990001") == "Brookfield Primary School"
    assert school_name("100000") is None
