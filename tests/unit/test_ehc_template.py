"""Reading the EHC CSV template: valid files, every kind of bad input, idempotence."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from sendsight.core.errors import InputRejected, Problem
from sendsight.ehc.frames import (
    ADVICE_SCHEMA,
    REQUEST_INDEX,
    REQUESTS_SCHEMA,
    REVIEWS_SCHEMA,
    stored,
)
from sendsight.ehc.template import read_template

DATA = Path(__file__).parent.parent / "data" / "ehc" / "template"


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    for name in ("requests", "advice", "reviews"):
        shutil.copy(DATA / f"{name}.csv", tmp_path / f"{name}.csv")
    return {name: tmp_path / f"{name}.csv" for name in ("requests", "advice", "reviews")}


def _read(files: dict[str, Path]) -> object:
    return read_template("999", files["requests"], files["advice"], files["reviews"])


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _problems(files: dict[str, Path]) -> list[Problem]:
    with pytest.raises(InputRejected) as caught:
        _read(files)
    return list(caught.value.problems)


def test_valid_files_give_typed_frames_for_the_la(files: dict[str, Path]) -> None:
    frames = read_template("999", files["requests"], files["advice"], files["reviews"])
    assert stored(frames.requests).schema == pl.Schema(REQUESTS_SCHEMA)
    assert stored(frames.advice).schema == pl.Schema(ADVICE_SCHEMA)
    assert frames.reviews.schema == pl.Schema(REVIEWS_SCHEMA)
    assert frames.requests.get_column(REQUEST_INDEX).to_list() == list(range(6))
    assert frames.requests.height == 6 and frames.advice.height == 6
    assert frames.requests.get_column("la_code").unique().to_list() == ["999"]
    first = frames.requests.row(0, named=True)
    assert first["received_on"] == date(2024, 1, 8) and first["exceptions_apply"] is False


def test_blank_outcome_with_final_plan_date_means_plan_issued(files: dict[str, Path]) -> None:
    _edit(files["requests"], "2024-02-12,issue,2024-05-01", "2024-02-12,,")
    frames = read_template("999", files["requests"])
    assert frames.requests.row(0, named=True)["assessment_outcome"] == "issue"


def test_reimporting_the_same_files_gives_identical_frames(files: dict[str, Path]) -> None:
    first = read_template("999", files["requests"], files["advice"], files["reviews"])
    again = read_template("999", files["requests"], files["advice"], files["reviews"])
    assert first.requests.equals(again.requests) and first.advice.equals(again.advice)
    assert first.reviews.equals(again.reviews)


def test_missing_required_column_is_named_on_the_header_line(files: dict[str, Path]) -> None:
    _edit(files["requests"], "received_on", "date_received")
    problems = _problems(files)
    assert problems[0] == Problem(
        "requests.csv", "Add a column headed received_on to the header row", 1, "received_on"
    )


def test_unparseable_date_names_file_line_column_and_value(files: dict[str, Path]) -> None:
    _edit(files["requests"], "2024-02-01,assess", "01/02/2024,assess")
    problem = _problems(files)[0]
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "requests.csv",
        3,
        "received_on",
        "01/02/2024",
    )
    assert "YYYY-MM-DD" in problem.message


def test_unknown_code_is_rejected(files: dict[str, Path]) -> None:
    _edit(files["advice"], "T-R001,health", "T-R001,dentist")
    problem = _problems(files)[0]
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "advice.csv",
        3,
        "advice_type",
        "dentist",
    )


def test_decision_dated_before_the_request_is_rejected(files: dict[str, Path]) -> None:
    _edit(files["requests"], "not_assess,2024-04-10", "not_assess,2024-03-01")
    problem = _problems(files)[0]
    assert (problem.line, problem.column, problem.value) == (4, "decision_on", "2024-03-01")


def test_final_plan_without_a_decision_to_assess_is_rejected(files: dict[str, Path]) -> None:
    _edit(files["requests"], "2024-07-19,,,,SLCN", "2024-07-19,,,2024-08-01,SLCN")
    _edit(files["requests"], "assess,2024-05-10,not_issue", "not_assess,2024-05-10,")
    messages = {(p.line, p.column): p.message for p in _problems(files)}
    assert "decision to assess" in messages[(5, "final_issued_on")]


def test_duplicate_request_id_is_rejected_on_the_repeat(files: dict[str, Path]) -> None:
    _edit(files["requests"], "T-R002,T-P002", "T-R001,T-P002")
    problem = _problems(files)[0]
    # The id identifies a child's request: the problem names where it is, never the value.
    assert (problem.line, problem.column, problem.value) == (3, "request_id", None)
    assert "T-R001" not in str(problem)


def test_advice_for_an_unknown_request_is_rejected(files: dict[str, Path]) -> None:
    _edit(files["advice"], "T-R006,health", "T-R999,health")
    problem = _problems(files)[0]
    assert (problem.file, problem.line, problem.value) == ("advice.csv", 7, None)


def test_upn_with_wrong_check_letter_is_rejected(files: dict[str, Path]) -> None:
    _edit(files["requests"], "J999900019001", "A999900019001")
    problem = _problems(files)[0]
    assert (problem.line, problem.column, problem.value) == (2, "upn", None)
    assert "A999900019001" not in str(problem) and "check letter" in problem.message


def test_every_problem_in_every_file_is_reported_together(files: dict[str, Path]) -> None:
    _edit(files["requests"], "2024-02-01,assess", "yesterday,assess")
    _edit(files["advice"], "T-R001,health", "T-R001,dentist")
    _edit(files["reviews"], "amend,2024-04-29", "sometimes,2024-04-29")
    found = {(p.file, p.column) for p in _problems(files)}
    assert {("requests.csv", "received_on"), ("advice.csv", "advice_type"),
            ("reviews.csv", "decision")} <= found  # fmt: skip


def test_review_decision_before_meeting_is_rejected(files: dict[str, Path]) -> None:
    _edit(files["reviews"], "maintain,2024-02-05", "maintain,2024-01-01")
    problem = _problems(files)[0]
    assert (problem.file, problem.line, problem.column) == ("reviews.csv", 3, "decision_on")


def test_empty_file_is_rejected_with_a_message(tmp_path: Path) -> None:
    empty = tmp_path / "requests.csv"
    empty.write_text("")
    with pytest.raises(InputRejected) as caught:
        read_template("999", empty)
    assert caught.value.problems[0].file == "requests.csv"
