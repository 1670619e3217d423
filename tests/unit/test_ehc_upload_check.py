"""The web import's check: template examples the importer accepts; no personal values shown."""

from __future__ import annotations

from pathlib import Path

from sendsight.core.errors import Problem
from sendsight.ehc import template, upload_check

COLUMNS = {
    "requests": template.REQUEST_COLUMNS,
    "advice": template.ADVICE_COLUMNS,
    "reviews": template.REVIEW_COLUMNS,
}


def test_each_example_file_has_the_template_header_and_passes_the_check(tmp_path: Path) -> None:
    for kind, columns in COLUMNS.items():
        text = upload_check.example_csv(kind)
        assert text.splitlines()[0].split(",") == [c.name for c in columns]
        (tmp_path / f"{kind}.csv").write_text(text)
    checked = upload_check.check_template(
        "354", tmp_path / "requests.csv", tmp_path / "advice.csv", tmp_path / "reviews.csv"
    )
    assert checked.rows == {"requests": 1, "advice": 1, "reviews": 1}


def test_values_of_identifying_columns_are_hidden_and_others_kept() -> None:
    problems = [
        Problem("requests.csv", "Enter a UPN", 3, "upn", "A123"),
        Problem("requests.csv", "Enter a date", 4, "date_of_birth", "2015-13-01"),
        Problem("requests.csv", "Enter a date", 5, "received_on", "2024-13-01"),
        Problem("requests.csv", "Add the column", 1, "UPN"),
    ]
    shown = upload_check.without_personal_values(problems)
    assert [p.value for p in shown] == [
        upload_check.HIDDEN_VALUE,
        upload_check.HIDDEN_VALUE,
        "2024-13-01",
        None,
    ]
    assert [(p.line, p.column, p.message) for p in shown] == [
        (p.line, p.column, p.message) for p in problems
    ]
