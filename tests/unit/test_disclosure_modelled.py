"""Modelled figures (forecasts and what is worked out from them): rounded, small ones hidden."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendsight.disclosure import Protected, explain_symbols, protect_modelled
from sendsight.forecasting.pages import Figure, Figures


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (0.0, "0"),
        (0.4, "c"),
        (1, "c"),
        (4, "c"),  # threshold - 1
        (4.99, "c"),
        (5, "10"),  # the threshold itself is shown, rounded
        (14, "10"),
        (14.99, "10"),
        (15, "20"),  # halves go up
        (25, "30"),
        (1_234.5, "1230"),
        (1_235, "1240"),
    ],
)
def test_a_modelled_count_is_rounded_to_10_and_small_ones_are_c(value: float, shown: str) -> None:
    assert str(protect_modelled(value)) == shown


@pytest.mark.parametrize("value", [None, math.nan])
def test_a_missing_modelled_figure_is_x(value: float | None) -> None:
    assert protect_modelled(value) == Protected(symbol="x")
    assert protect_modelled(value, kind="difference") == Protected(symbol="x")
    assert protect_modelled(value, kind="probability") == Protected(symbol="x")


def test_a_negative_count_is_an_error() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        protect_modelled(-1)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(-25, "-30"), (-15, "-20"), (-14, "-10"), (-5, "-10"), (-4, "c"), (-0.5, "c"),
     (-0.0, "0"), (0, "0"), (3, "c"), (25, "30"), (-1_236, "-1240")],
)  # fmt: skip
def test_a_difference_rounds_its_size_and_keeps_its_sign(value: float, shown: str) -> None:
    assert str(protect_modelled(value, kind="difference")) == shown


def test_the_threshold_and_rounding_base_are_settings() -> None:
    assert str(protect_modelled(7, threshold=10)) == "c"
    assert str(protect_modelled(10, threshold=10)) == "10"
    assert str(protect_modelled(12, round_to=5)) == "10"
    assert str(protect_modelled(12.5, round_to=5)) == "15"
    assert str(protect_modelled(249, round_to=100)) == "200"


def test_a_figure_at_or_over_the_threshold_that_rounds_to_0_is_low() -> None:
    assert str(protect_modelled(3, threshold=2)) == "low"
    assert str(protect_modelled(-3, threshold=2, kind="difference")) == "low"
    assert str(protect_modelled(1.5, threshold=2)) == "c"


@pytest.mark.parametrize(
    ("p", "shown"),
    [(0.0, "0"), (0.004, "0"), (0.005, "1"), (0.374, "37"), (0.375, "38"), (0.999, "100"),
     (1.0, "100")],
)  # fmt: skip
def test_a_probability_is_not_a_count_and_is_shown_in_whole_percent(p: float, shown: str) -> None:
    assert str(protect_modelled(p, kind="probability")) == shown


@pytest.mark.parametrize("p", [-0.1, 1.01])
def test_a_probability_outside_0_to_1_is_an_error(p: float) -> None:
    with pytest.raises(ValueError, match="from 0 to 1"):
        protect_modelled(p, kind="probability")


def test_bad_settings_and_kinds_are_refused() -> None:
    with pytest.raises(ValueError, match="threshold"):
        protect_modelled(10, threshold=0)
    with pytest.raises(ValueError, match="Round to"):
        protect_modelled(10, round_to=0)
    with pytest.raises(ValueError, match="Unknown kind"):
        protect_modelled(10, kind="rate")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="finite"):
        protect_modelled(math.inf)


@given(st.floats(0, 1e7), st.integers(2, 20), st.sampled_from([1, 5, 10, 100]))
def test_a_shown_count_is_a_multiple_of_the_base_within_half_of_it(
    value: float, threshold: int, round_to: int
) -> None:
    cell = protect_modelled(value, threshold=threshold, round_to=round_to)
    if cell.value is None:
        assert cell.symbol in ("c", "low") and 0 < value
        return
    assert cell.value % round_to == 0 and value >= threshold or value == 0
    assert cell.value - round_to / 2 <= value < cell.value + round_to / 2


def test_the_c_explanation_says_which_modelled_figures_are_hidden() -> None:
    (line,) = explain_symbols(["c"], threshold=5, modelled=True)
    assert line.startswith("c = confidential") and "smaller than 5 either way" in line
    assert "Counts from 1 to 4" in explain_symbols(["c"], threshold=5)[0]


# --- the page layer: one rule per reader ------------------------------------------------------


def test_a_reader_with_case_level_access_sees_whole_plans() -> None:
    exact = Figures(protect=False)
    assert exact.count(1_723.6).text == "1,724" and exact.count(1_723.6).csv == 1724
    assert exact.count(3.2).text == "3"
    assert exact.difference(-12.7).text == "-13" and exact.difference(0.0).text == "0"
    assert exact.count(None).text == "x"
    assert exact.seek_goal(2_503) == 2_503
    assert exact.summary is None
    assert exact.notes([exact.count(4.0)], "a note on rounding").rounding == []


def test_a_reader_without_it_sees_rounded_figures_symbols_and_why() -> None:
    shown = Figures(protect=True, threshold=5, round_to=10)
    assert shown.count(1_723.6).text == "1,720" and shown.count(1_723.6).csv == 1720
    assert shown.count(3.2).text == "c" and shown.count(3.2).csv == "c"
    assert shown.difference(-12.7).text == "-10" and shown.difference(17).text == "+20"
    assert shown.chance(0.374).text == "37%" and shown.chance(None).text == "x"
    assert "rounded to the nearest 10" in str(shown.summary)
    notes = shown.notes([shown.count(3.2), shown.count(100.0)], "Parts may not add up.")
    assert notes.rounding == ["Parts may not add up."]
    assert len(notes.symbols) == 1 and notes.symbols[0].startswith("c = ")
    assert shown.file_notes(notes).lines[0] == shown.summary


def test_a_figure_prints_as_its_text() -> None:
    assert str(Figure(Protected(value=2_530.0))) == "2,530"
    assert str(Figure(Protected(value=-20.0), "difference")) == "-20"
    assert str(Figure(Protected(value=4.0), "percent")) == "4%"


@given(st.floats(1, 100_000), st.floats(0, 100_000))
def test_seeking_a_goal_matches_the_rounded_forecast_the_reader_sees(
    goal: float, forecast: float
) -> None:
    """A forecast is at or under the sought goal exactly when its rounded figure is at or
    under the goal, so goal-seek answers about what the reader sees and no more."""
    shown = Figures(protect=True)
    rounded = math.floor(forecast / 10 + 0.5) * 10
    assert (forecast <= shown.seek_goal(goal)) == (rounded <= goal)
