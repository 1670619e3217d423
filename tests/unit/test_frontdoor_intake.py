"""Checking a request for support: each refusal names its field."""

from __future__ import annotations

from datetime import date

from sendsight.core.identifiers import upn_check_letter
from sendsight.frontdoor.intake import check_request

TODAY = date(2026, 12, 3)
BODY = "999800026001"
GOOD = {
    "person_id": "REF-1",
    "date_of_birth": "2016-04-01",
    "upn": upn_check_letter(BODY) + BODY,
    "setting_urn": "990001",
    "source": "school",
    "need_area": "semh",
    "needs_text": "Struggles in class",
    "asked_for": "outreach",
    "consent": "yes",
    "cycles": "2026-01-05 to 2026-03-27\n2026-04-20 to 2026-07-10",
}


def _columns(**changes: str) -> list[str | None]:
    found, problems = check_request({**GOOD, **changes}, today=TODAY, known_urns={"990001"})
    assert found is None
    return [p.column for p in problems]


def test_a_complete_request_passes_with_its_cycles() -> None:
    found, problems = check_request(GOOD, today=TODAY, known_urns={"990001"})
    assert problems == []
    assert found is not None and len(found.graduated_approach) == 2
    assert found.received_on == TODAY


def test_a_request_without_consent_is_refused_naming_consent() -> None:
    assert _columns(consent="") == ["consent"]
    assert _columns(consent="no") == ["consent"]


def test_a_upn_with_the_wrong_check_letter_is_refused() -> None:
    wrong = "A" if GOOD["upn"][0] != "A" else "B"
    assert _columns(upn=wrong + BODY) == ["upn"]


def test_a_date_of_birth_in_the_future_is_refused() -> None:
    assert _columns(date_of_birth="2027-01-01") == ["date_of_birth"]


def test_a_urn_that_is_not_a_known_school_is_refused() -> None:
    assert _columns(setting_urn="123456") == ["setting_urn"]
    assert _columns(setting_urn="12ab") == ["setting_urn"]


def test_a_cycle_reviewed_before_it_started_is_refused() -> None:
    assert _columns(cycles="2026-03-01 to 2026-01-01") == ["cycles"]


def test_an_unknown_area_of_need_is_refused() -> None:
    assert _columns(need_area="anxiety") == ["need_area"]
