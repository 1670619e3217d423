"""Typed query parameters: the default when absent or blank, the value when right, else a 400."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from sendsight.web import params

APP = Flask(__name__)


def _with(query: str) -> object:
    return APP.test_request_context(f"/?{query}")


def test_a_date_is_read_as_yyyy_mm_dd_and_blank_is_the_default() -> None:
    with _with("as_of=2024-10-20&blank="):
        assert params.date_arg("as_of", date(2000, 1, 1)) == date(2024, 10, 20)
        assert params.date_arg("blank", date(2000, 1, 1)) == date(2000, 1, 1)
        assert params.date_arg("absent", date(2000, 1, 1)) == date(2000, 1, 1)


@pytest.mark.parametrize("text", ["banana", "2024-02-30", "20241020", "２０２４-01-01", "2024-1-1"])
def test_a_wrong_date_is_refused_naming_the_parameter(text: str) -> None:
    with _with(f"as_of={text}"), pytest.raises(params.BadQueryParameter) as refused:
        params.date_arg("as_of", date(2000, 1, 1))
    assert f"as_of={text}" in str(refused.value) and "YYYY-MM-DD" in str(refused.value)


def test_a_year_must_be_one_the_data_covers() -> None:
    with _with("year=2023"):
        assert params.year_arg("year", [2022, 2023, 2024], 2024) == 2023
    with _with("year=1999"), pytest.raises(params.BadQueryParameter, match="from 2022 to 2024"):
        params.year_arg("year", [2022, 2023, 2024], 2024)
    with _with("year=²"), pytest.raises(params.BadQueryParameter):
        params.year_arg("year", [2022], 2022)


def test_whole_numbers_and_choices_are_checked() -> None:
    with _with("page=3&order=desc"):
        assert params.int_arg("page", 1, low=1) == 3
        assert params.choice_arg("order", ("asc", "desc"), "asc") == "desc"
    with _with("page=0"), pytest.raises(params.BadQueryParameter, match="of 1 or more"):
        params.int_arg("page", 1, low=1)
    with _with("order=up"), pytest.raises(params.BadQueryParameter, match="asc, desc"):
        params.choice_arg("order", ("asc", "desc"), "asc")
