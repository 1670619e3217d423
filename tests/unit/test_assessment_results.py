"""Disagreement, theme levels, flags and the dot plot, on tiny inputs."""

from __future__ import annotations

from sendsight.assessment import results
from sendsight.assessment.dotplot import PlotRow, dot_plot


def test_spread_gives_range_and_interquartile_range_of_levels() -> None:
    found = results.spread([1, 2, 2, 4])
    assert (found.low, found.high, found.range, found.median) == (1, 4, 3, 2.0)
    assert (found.q1, found.q3, found.iqr) == (1.75, 2.5, 0.75)
    assert results.spread([3, 3, 3]).iqr == 0.0
    assert results.spread([]).range is None and results.spread([2]).range == 0


def test_consensus_beats_the_median_and_the_median_is_the_lower_middle() -> None:
    assert results.statement_level(4, [1, 1]) == 4
    assert results.statement_level(None, [1, 2, 3, 4]) == 2


def test_an_unmet_statutory_duty_caps_the_theme_at_the_first_level() -> None:
    assert results.theme_level([3, 3, 4], duty_unmet=False) == 3
    assert results.theme_level([3, 3, 4], duty_unmet=True) == 1
    assert results.theme_level([None], duty_unmet=True) is None


def test_a_duty_is_unmet_by_consensus_or_by_half_the_answers() -> None:
    assert results.duty_unmet(False, [True, True]) is True
    assert results.duty_unmet(None, [True, False]) is True
    assert results.duty_unmet(None, [True, True, False]) is False
    assert results.duty_unmet(None, [None]) is False


def test_not_moving_means_the_same_level_below_target_for_two_rounds() -> None:
    assert results.not_moving([2, 2], target=3) is True
    assert results.not_moving([1, 2, 2], target=3) is True
    assert results.not_moving([1, 2], target=3) is False
    assert results.not_moving([3, 3], target=3) is False
    assert results.not_moving([2], target=3) is False


def test_evidence_has_moved_only_when_the_measure_got_worse_by_its_polarity() -> None:
    assert results.evidence_moved(60.0, 50.0, "up") is True
    assert results.evidence_moved(60.0, 70.0, "up") is False
    assert results.evidence_moved(60.0, 70.0, "down") is True
    assert results.evidence_moved(None, 70.0, "down") is False


def test_dot_plot_escapes_text_and_describes_every_row() -> None:
    svg = dot_plot("<Title>", [PlotRow("A & B", [2, 2, 3], ring=2)], ["Low", "Mid", "High"])
    assert "&lt;Title&gt;" in svg and "A &amp; B" in svg and "<script" not in svg
    assert "A &amp; B: 2 Mid, 1 High; agreed Mid" in svg
    assert svg.count("<circle") == 3 + 1 + 2  # dots, ring, key
