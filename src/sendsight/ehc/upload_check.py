"""Check case files before they are imported, for the web's "check, then confirm" pages.

The checks are the importers' own (:func:`sendsight.ehc.template.read_template` and
:func:`sendsight.ehc.sen2.read_sen2`), so a file that passes here is one the import accepts.
Nothing is written. Problems are reported without the values of personal identifiers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Final

from sendsight.core.errors import Problem
from sendsight.core.safe_io import write_csv
from sendsight.ehc import sen2, template

# Columns whose values identify a child (as the importers treat them): a report says where a
# value is wrong and what to enter, but never shows the value.
PERSONAL_COLUMNS: Final = frozenset(
    {"request_id", "person_id", "plan_id", "date_of_birth", "upn", "personbirthdate"}
    | {"persontableid", "requeststableid", "assessmenttableid", "namedplantableid"}
    | {"activeplanstableid"}
)
HIDDEN_VALUE: Final = "(not shown: personal data)"

# One made-up row per file, valid against every rule, to start a file from.
EXAMPLE_ROWS: Final[dict[str, dict[str, str]]] = {
    "requests": {
        "request_id": "R0001",
        "person_id": "P0001",
        "date_of_birth": "2015-04-01",
        "upn": "",
        "request_source": "parent",
        "received_on": "2024-01-08",
        "decision": "assess",
        "decision_on": "2024-02-12",
        "assessment_outcome": "issue",
        "assessment_outcome_on": "2024-05-01",
        "exceptions_apply": "0",
        "draft_issued_on": "2024-04-15",
        "final_issued_on": "2024-05-20",
        "primary_need": "ASD",
        "setting_urn": "100001",
    },
    "advice": {
        "request_id": "R0001",
        "advice_type": "educational_psychology",
        "requested_on": "2024-02-13",
        "received_on": "2024-03-20",
    },
    "reviews": {
        "plan_id": "PL0001",
        "person_id": "P0001",
        "review_meeting_on": "2025-05-12",
        "decision": "maintain",
        "decision_on": "2025-05-30",
        "amended_plan_issued_on": "",
    },
}
TEMPLATE_KINDS: Final = tuple(EXAMPLE_ROWS)


@dataclass(frozen=True)
class UploadCheck:
    """What a check found in files that can be imported: rows read, and (SEN2) the
    data-quality checks with what to do about each."""

    rows: dict[str, int]
    checks: list[sen2.Check] = field(default_factory=list)


def check_template(
    la_code: str, requests: Path, advice: Path | None = None, reviews: Path | None = None
) -> UploadCheck:
    """Check the CSV template files; raises ``InputRejected`` listing every problem."""
    frames = template.read_template(la_code, requests, advice, reviews)
    rows = {"requests": frames.requests.height}
    if advice is not None:
        rows["advice"] = frames.advice.height
    if reviews is not None:
        rows["reviews"] = frames.reviews.height
    return UploadCheck(rows)


def check_sen2(directory: Path, la_code: str, reference_date: date) -> UploadCheck:
    """Check a SEN2 (Blade) export folder and run the pre-submission quality checks on it."""
    frames = sen2.read_sen2(directory, la_code)
    rows = {"requests": frames.requests.height, "reviews": frames.reviews.height}
    return UploadCheck(rows, sen2.data_quality_checks(frames, reference_date))


def without_personal_values(problems: Sequence[Problem]) -> list[Problem]:
    """The problems, with the value found hidden where it is a personal identifier."""
    return [
        replace(p, value=HIDDEN_VALUE)
        if p.value is not None and (p.column or "").lower() in PERSONAL_COLUMNS
        else p
        for p in problems
    ]


def example_csv(kind: str) -> str:
    """The template file ``kind`` (requests, advice or reviews): its header and one made-up row."""
    row = EXAMPLE_ROWS[kind]
    return write_csv([list(row.values())], header=list(row))
