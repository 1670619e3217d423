"""Reading a SEN2 COLLECT Blade export and the pre-submission data-quality checks."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from sendsight.core.errors import InputRejected
from sendsight.ehc.frames import EhcFrames
from sendsight.ehc.sen2 import data_quality_checks, read_sen2

DATA = Path(__file__).parent.parent / "data" / "ehc" / "sen2"


@pytest.fixture(scope="module")
def frames() -> EhcFrames:
    return read_sen2(DATA, "999")


def test_requests_join_person_assessment_plan_and_primary_need(frames: EhcFrames) -> None:
    first = frames.requests.row(0, named=True)
    assert first["request_id"] == "R1" and first["person_id"] == "P1"
    assert first["date_of_birth"] == date(2015, 3, 2)
    assert (first["decision"], first["decision_on"]) == ("assess", date(2024, 2, 12))
    assert (first["assessment_outcome"], first["final_issued_on"]) == ("issue", date(2024, 5, 27))
    assert first["primary_need"] == "ASD" and first["exceptions_apply"] is False
    second = frames.requests.row(1, named=True)
    assert second["exceptions_apply"] is True and second["primary_need"] is None


def test_undecided_request_has_null_decision(frames: EhcFrames) -> None:
    third = frames.requests.row(2, named=True)
    assert (third["decision"], third["decision_on"], third["upn"]) == (None, None, None)


def test_active_plan_reviews_become_review_rows(frames: EhcFrames) -> None:
    assert frames.reviews.select("plan_id", "person_id", "decision").rows() == [
        ("AP1", "P1", "maintain"),
        ("AP2", "P2", None),
    ]
    assert frames.advice.is_empty()


def test_data_quality_checks_list_records_and_action(frames: EhcFrames) -> None:
    checks = {c.label: c for c in data_quality_checks(frames, date(2025, 1, 16))}
    assert checks["UPN check letter is wrong"].record_ids == ("R2",)
    assert checks["No decision recorded more than 6 weeks after the request"].record_ids == ("R3",)
    assert checks["Plan issued with no primary need recorded"].record_ids == ("R2",)
    late_review = checks["No review decision more than 4 weeks after the meeting"]
    assert (late_review.count, late_review.record_ids) == (1, ("AP2",))
    assert checks["Plan issued without a decision to assess"].count == 0
    assert all(c.action for c in checks.values())


def test_checks_depend_on_the_reference_date(frames: EhcFrames) -> None:
    checks = {c.label: c for c in data_quality_checks(frames, date(2024, 12, 1))}
    assert checks["No review decision more than 4 weeks after the meeting"].count == 0
    assert checks["Date after the reference date"].count == 0
    earlier = {c.label: c for c in data_quality_checks(frames, date(2024, 6, 1))}
    assert earlier["Date after the reference date"].record_ids == ("R2",)


def test_missing_module_and_bad_date_are_reported(tmp_path: Path) -> None:
    for path in DATA.glob("*.csv"):
        if not path.name.endswith("_person.csv"):
            shutil.copy(path, tmp_path / path.name)
    requests = tmp_path / "Blade-Export_20-01-2025_requests.csv"
    requests.write_text(requests.read_text().replace("2024-Feb-01", "1st Feb 2024"))
    with pytest.raises(InputRejected) as caught:
        read_sen2(tmp_path, "999")
    found = [(p.file, p.line, p.column, p.value) for p in caught.value.problems]
    assert ("person.csv", None, None, None) in found
    assert (
        "Blade-Export_20-01-2025_requests.csv",
        3,
        "receiveddate",
        "1st Feb 2024 00:00:00",
    ) in found


def test_request_outcome_letters_can_be_remapped_when_the_specification_differs() -> None:
    from sendsight.ehc.sen2 import CODES

    remapped = {**CODES, ("requests", "requestoutcome"): {"A": "not_assess", "N": "assess"}}
    frames = read_sen2(DATA, "999", codes=remapped)
    first = frames.requests.filter(frames.requests["request_id"] == "R1")
    assert first.get_column("decision").to_list() == ["not_assess"]
