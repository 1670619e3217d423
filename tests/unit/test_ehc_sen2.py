"""Reading a SEN2 COLLECT Blade export and the pre-submission data-quality checks."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from sendsight.core.errors import InputRejected
from sendsight.ehc.csvcheck import PERSONAL
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


# --- the template's rules, applied to SEN2 (refusals, not checks) ------------------------------

PERSON = "Blade-Export_20-01-2025_person.csv"
REQUESTS = "Blade-Export_20-01-2025_requests.csv"
ACTIVEPLANS = "Blade-Export_20-01-2025_activeplans.csv"


def _copy_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    for path in DATA.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    edited = tmp_path / name
    text = edited.read_text()
    assert old in text
    edited.write_text(text.replace(old, new))
    return tmp_path


def _refusals(folder: Path) -> list[tuple[str, int | None, str | None, str | None, str]]:
    with pytest.raises(InputRejected) as caught:
        read_sen2(folder, "999")
    return [(p.file, p.line, p.column, p.value, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("name", "old", "new", "where", "words"),
    [
        (REQUESTS, "R2,R2,2,1,P2", "R1,R2,2,1,P2", (REQUESTS, 3, "requeststableid"), "only once"),
        (
            REQUESTS,
            "2024-Feb-01 00:00:00,0,2024-Mar-20",
            "2024-Feb-01 00:00:00,0,2024-Jan-20",
            (REQUESTS, 3, "requestoutcomedate"),
            "on or after the date the request was received",
        ),
        (PERSON, "2016-Jul-19", "2024-Jul-19", (REQUESTS, 3, "receiveddate"), "date of birth"),
        (
            REQUESTS,
            "R3,R3,3,1,P3",
            "R3,R3,3,1,P9",
            (REQUESTS, 4, "persontableid"),
            "match a persontableid",
        ),
        (PERSON, "Y999900019002", "A999900019002", (PERSON, 3, "upn"), "check letter"),
        (PERSON, "P2,P2,2", "P1,P2,2", (PERSON, 3, "persontableid"), "only once"),
        (
            ACTIVEPLANS,
            "AP2,AP2,2,1,R2",
            "AP2,AP2,2,1,R9",
            (ACTIVEPLANS, 3, "requeststableid"),
            "match a requeststableid",
        ),
        (
            PERSON,
            "P3,P3,3",
            "P" * 101 + ",P3,3",
            (PERSON, 4, "persontableid"),
            "100 characters or fewer",
        ),
        (PERSON, "2016-Jul-19", "0000-Jan-01", (PERSON, 3, "personbirthdate"), "1900 and 2099"),
        (PERSON, "2016-Jul-19", "2016-Feb-31", (PERSON, 3, "personbirthdate"), "real date"),
    ],
)
def test_sen2_refuses_what_the_template_refuses_without_quoting_personal_values(
    tmp_path: Path, name: str, old: str, new: str, where: tuple[str, int, str], words: str
) -> None:
    found = {
        (f, line, column): (value, message)
        for f, line, column, value, message in _refusals(_copy_with(tmp_path, name, old, new))
    }
    value, message = found[where]
    assert words in message
    if where[2] in PERSONAL:
        assert value is None


def test_sen2_refusal_of_a_date_that_is_not_personal_quotes_it(tmp_path: Path) -> None:
    found = _refusals(_copy_with(tmp_path, REQUESTS, "2024-Feb-01", "2024-Feb-30"))
    assert [(c, v) for _, _, c, v, _ in found] == [("receiveddate", "2024-Feb-30 00:00:00")]
