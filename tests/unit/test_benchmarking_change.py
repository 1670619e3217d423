"""Change from the previous period and the trend arrow (±5% rule of the SEND and AP dashboard)."""

from __future__ import annotations

import polars as pl
import pytest

from sendsight.benchmarking import benchmark, benchmark_all
from sendsight.benchmarking.text import Polarity

REGION = "E12000002"


def frame(
    la_values: dict[str, float | None], symbols: dict[str, str] | None = None
) -> pl.DataFrame:
    symbols = symbols or {}
    return pl.DataFrame(
        {
            "geographic_level": ["la"] * len(la_values),
            "area_code": list(la_values),
            "value": list(la_values.values()),
            "symbol": [symbols.get(code) for code in la_values],
        },
        schema={"geographic_level": pl.Utf8, "area_code": pl.Utf8, "value": pl.Float64,
                "symbol": pl.Utf8},
    )  # fmt: skip


LAS = pl.DataFrame(
    {"la_code": ["001", "002"], "la_name": ["Oldham", "Bury"],
     "region_code": [REGION, REGION], "region_name": ["North West", "North West"]}
)  # fmt: skip


def change_of(now: float, before: float, polarity: Polarity = "high_is_good") -> tuple[str, str]:
    result = benchmark(
        "001", frame({"001": now}), LAS, {}, polarity,
        previous=frame({"001": before}), unit="%", previous_period="2023",
    )  # fmt: skip
    assert result.change is not None
    return result.change.direction, result.change.judgement


def test_a_rise_of_more_than_5_percent_is_up_and_better_when_higher_is_better() -> None:
    assert change_of(44.0, 40.0) == ("up", "better")


def test_a_rise_of_more_than_5_percent_is_worse_when_lower_is_better() -> None:
    assert change_of(44.0, 40.0, "low_is_good") == ("up", "worse")


def test_a_fall_of_more_than_5_percent_is_better_when_lower_is_better() -> None:
    assert change_of(36.0, 40.0, "low_is_good") == ("down", "better")


def test_a_change_of_exactly_5_percent_is_flat() -> None:
    assert change_of(42.0, 40.0) == ("flat", "no_judgement")
    assert change_of(43.05, 41.0) == ("flat", "no_judgement")
    assert change_of(38.0, 40.0) == ("flat", "no_judgement")


def test_a_change_just_over_5_percent_has_a_direction() -> None:
    assert change_of(42.01, 40.0) == ("up", "better")


def test_movement_is_never_judged_when_neither_direction_is_better() -> None:
    assert change_of(60.0, 40.0, "neither") == ("up", "no_judgement")


def test_change_is_given_absolutely_and_as_a_percentage_of_the_previous_value() -> None:
    result = benchmark(
        "001", frame({"001": 30.0}), LAS, {}, "high_is_good", previous=frame({"001": 40.0})
    )
    assert result.change is not None
    assert result.change.absolute == pytest.approx(-10.0)
    assert result.change.percent == pytest.approx(-25.0)


def test_percentage_change_keeps_its_sign_when_the_previous_value_is_negative() -> None:
    result = benchmark(
        "001", frame({"001": -0.3}), LAS, {}, "high_is_good", previous=frame({"001": -0.5})
    )
    assert result.change is not None
    assert result.change.percent == pytest.approx(40.0)
    assert (result.change.direction, result.change.judgement) == ("up", "better")


def test_any_change_from_zero_has_a_direction_but_no_percentage() -> None:
    result = benchmark(
        "001", frame({"001": 0.1}), LAS, {}, "low_is_good", previous=frame({"001": 0.0})
    )
    assert result.change is not None
    assert result.change.percent is None
    assert result.change.direction == "up"


def test_arrow_text_describes_the_move() -> None:
    result = benchmark(
        "001", frame({"001": 44.0}), LAS, {}, "high_is_good",
        previous=frame({"001": 41.0}), unit="%", previous_period="2023",
    )  # fmt: skip
    assert result.change is not None
    assert result.change.text == "Up from 41.0% in 2023; higher is better"


def test_without_a_previous_period_there_is_no_change() -> None:
    result = benchmark("001", frame({"001": 44.0}), LAS, {}, "high_is_good")
    assert result.change is None


def test_a_suppressed_previous_value_gives_no_change() -> None:
    table = benchmark_all(
        frame({"001": 44.0, "002": 10.0}), LAS, {}, "high_is_good",
        previous=frame({"001": None, "002": 20.0}, {"001": "c"}),
    )  # fmt: skip
    by_code = {row["la_code"]: row for row in table.to_dicts()}
    assert by_code["001"]["direction"] is None
    assert (by_code["002"]["direction"], by_code["002"]["judgement"]) == ("down", "worse")
