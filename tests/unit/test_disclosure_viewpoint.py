"""One viewpoint per reader: case-level readers see figures exactly, everyone else through the
one disclosure-control gate with the configured settings; each domain's formatters are made
from it."""

from __future__ import annotations

import pytest

from sendsight.disclosure import (
    CASE_LEVEL,
    PROTECTED,
    Protected,
    Viewpoint,
    protect_count,
    protect_modelled,
    protect_rate,
)
from sendsight.ehc.pages import Guard
from sendsight.forecasting.pages import Figures


@pytest.mark.parametrize("n", [None, 0, 1, 4, 5, 17, 1234])
def test_a_protected_count_is_the_disclosure_gates_answer(n: int | None) -> None:
    seen = Viewpoint(threshold=5, round_to=5)
    assert seen.count(n) == protect_count(n, threshold=5, round_to=5)


def test_a_case_level_reader_sees_counts_and_rates_exactly() -> None:
    assert CASE_LEVEL.count(3) == Protected(value=3.0)
    assert CASE_LEVEL.rate(2, 3) == Protected(value=pytest.approx(66.6667, abs=1e-3), decimals=1)
    assert CASE_LEVEL.rate(2, 0).symbol == "z" and CASE_LEVEL.rate(None, 3).symbol == "x"
    assert CASE_LEVEL.modelled(1234.4) == Protected(value=1234.4)


@pytest.mark.parametrize(("num", "den"), [(2, 40), (13, 16), (0, 12), (7, None), (30, 0)])
def test_a_protected_rate_hides_what_either_count_would(num: int, den: int | None) -> None:
    assert PROTECTED.rate(num, den) == protect_rate(num, den, threshold=5)


def test_modelled_figures_are_rounded_to_the_modelled_setting() -> None:
    seen = Viewpoint(threshold=10, modelled_round_to=100)
    assert seen.modelled(3293.6) == protect_modelled(3293.6, threshold=10, round_to=100)
    assert seen.modelled(3293.6).value == 3300.0
    assert seen.modelled(None).symbol == "x"


def test_each_domains_formatter_is_made_from_the_viewpoint() -> None:
    seen = Viewpoint(case_level=False, threshold=7, round_to=5, modelled_round_to=50)
    assert Guard.seen_from(seen) == Guard(protect=True, threshold=7, round_to=5)
    assert Figures.seen_from(seen) == Figures(protect=True, threshold=7, round_to=50)
    assert not Guard.seen_from(CASE_LEVEL).protect and not Figures.seen_from(CASE_LEVEL).protect
