"""Benchmarking refuses malformed frames with every problem named."""

from __future__ import annotations

from typing import Any, cast

import polars as pl
import pytest

from sendsight.benchmarking import UnknownLocalAuthority, benchmark, benchmark_all
from sendsight.core.errors import InputRejected

LAS = pl.DataFrame(
    {"la_code": ["001"], "la_name": ["Oldham"], "region_code": ["E12000002"],
     "region_name": ["North West"]}
)  # fmt: skip


def values(levels: list[str], codes: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {"geographic_level": levels, "area_code": codes, "value": [1.0] * len(codes),
         "symbol": [None] * len(codes)},
        schema_overrides={"symbol": pl.Utf8},
    )  # fmt: skip


def test_a_missing_column_is_named() -> None:
    with pytest.raises(InputRejected) as caught:
        benchmark_all(values(["la"], ["001"]).drop("symbol"), LAS, {}, "high_is_good")
    assert [p.column for p in caught.value.problems] == ["symbol"]


def test_an_unknown_geographic_level_is_reported_with_its_line() -> None:
    with pytest.raises(InputRejected) as caught:
        benchmark_all(values(["la", "county"], ["001", "X"]), LAS, {}, "high_is_good")
    problem = caught.value.problems[0]
    assert (problem.line, problem.column, problem.value) == (3, "geographic_level", "county")


def test_a_repeated_area_is_refused() -> None:
    with pytest.raises(InputRejected) as caught:
        benchmark_all(values(["la", "la"], ["001", "001"]), LAS, {}, "high_is_good")
    assert caught.value.problems[0].line == 3


def test_a_local_authority_missing_from_the_list_is_refused() -> None:
    with pytest.raises(InputRejected) as caught:
        benchmark_all(values(["la", "la"], ["001", "002"]), LAS, {}, "high_is_good")
    assert caught.value.problems[0].value == "002"


def test_an_unknown_polarity_is_refused() -> None:
    with pytest.raises(InputRejected):
        benchmark_all(values(["la"], ["001"]), LAS, {}, cast(Any, "up_is_good"))


def test_benchmarking_an_unlisted_local_authority_raises_not_found() -> None:
    with pytest.raises(UnknownLocalAuthority):
        benchmark("999", values(["la"], ["001"]), LAS, {}, "high_is_good")


def test_integer_values_are_accepted_as_numbers() -> None:
    frame = values(["la"], ["001"]).with_columns(pl.col("value").cast(pl.Int64))
    table = benchmark_all(frame, LAS, {}, "high_is_good")
    assert table["value"].dtype == pl.Float64
