"""What other domains read from the front door: unmet need for the commissioning matrix, and a
child's requests for the inspection deep dives."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from sendsight.commissioning import needs
from sendsight.ehc import queries as ehc_queries
from sendsight.frontdoor import commissioning, queries, service, triage
from sendsight.frontdoor.models import FdRequest
from sendsight.governance import sampler
from tests.conftest import DEMO_TODAY
from tests.frontdoor_viewers import LA, TODAY, Viewer, triage_viewer
from tests.partnerships import demo_partnership_id, new_partnership_id


@pytest.fixture
def viewer(db_session: Session) -> Viewer:
    return triage_viewer(db_session, "Front door links")


def _submit(
    session: Session, viewer: Viewer, received: date = date(2026, 11, 2), **changes: str
) -> FdRequest:
    form = {
        "person_id": "REF-9",
        "date_of_birth": "2016-02-02",
        "setting_urn": "990501",
        "source": "school",
        "need_area": "semh",
        "needs_text": "Anxiety",
        "asked_for": "service",
        "consent": "yes",
        **changes,
    }
    return service.submit(session, viewer, form, received)


def _route(session: Session, made: FdRequest, to: str, on: date, unmet: bool = False) -> None:
    triage.route(session, request=made, route_to=to, on=on, by_email="t", unmet_need=unmet)


def test_unmet_need_counts_declines_and_service_routes_in_the_matrix_codes(
    db_session: Session, viewer: Viewer
) -> None:
    for person in ("A", "B"):
        made = _submit(db_session, viewer, person_id=person)
        _route(db_session, made, "information_advice", date(2026, 11, 4), unmet=True)
    made = _submit(db_session, viewer, person_id="C", need_area="cognition_learning")
    _route(db_session, made, "outreach", date(2026, 11, 4))
    made = _submit(db_session, viewer, person_id="D")  # advice only: no places needed
    _route(db_session, made, "information_advice", date(2026, 11, 4))
    old = _submit(db_session, viewer, date(2025, 11, 2), person_id="E")  # over a year ago
    _route(db_session, old, "information_advice", date(2025, 11, 4), unmet=True)
    rows = commissioning.unmet_need(
        session=db_session, partnership_id=viewer.partnership_id, la_code=LA, today=TODAY
    )
    shape = ("need", "age_band", "locality", "level", "kind", "count")
    assert [tuple(r[k] for k in shape) for r in rows] == [
        ("all", "5-10", "North", "targeted", "routed_to_service", 1),
        ("semh", "5-10", "North", "targeted", "unmet_need", 2),
    ]
    other = new_partnership_id(db_session, "Someone else", ["878"])
    assert (
        commissioning.unmet_need(session=db_session, partnership_id=other, la_code=LA, today=TODAY)
        == []
    )


def test_the_commissioning_matrix_shows_the_front_doors_unmet_need(
    seeded_session: Session,
) -> None:
    pid = demo_partnership_id(seeded_session)
    rows = commissioning.unmet_need(session=seeded_session, partnership_id=pid, la_code="354")
    assert any(r["kind"] == "unmet_need" for r in rows)
    expected: dict[tuple[str, str, str, str], int] = {}
    for r in rows:
        key = (r["need"], r["age_band"], r["locality"] or needs.ALL_LOCALITIES, r["level"])
        expected[key] = expected.get(key, 0) + r["count"]
    found = needs.matrix(seeded_session, partnership_id=pid, la_code="354", today=DEMO_TODAY)
    shown = {
        (c.need, c.age_band, c.locality, c.level): c.local_plans
        for c in found.cells
        if any("front-door" in e for e in c.evidence)
    }
    assert shown == expected
    assert "front-door requests and declines" not in found.missing_sources


def test_a_childs_history_follows_the_ehc_request_the_front_door_made(
    db_session: Session, viewer: Viewer
) -> None:
    made = _submit(db_session, viewer, person_id="FD-REF", asked_for="ehc_assessment")
    _route(db_session, made, "statutory_assessment", date(2026, 11, 9))
    # The EHC case keeps its own person id; the front door's reference differs.
    ehc_queries.record_front_door_request(
        session=db_session, la_code=LA, request_id=made.reference, fields={"person_id": "EHC-7"}
    )
    _submit(db_session, viewer, date(2026, 11, 20), person_id="SOMEONE-ELSE")
    found = queries.history_for_person(session=db_session, la_code=LA, person_id="EHC-7")
    assert found == [
        {
            "received_on": "2026-11-02",
            "source": "school",
            "route": "statutory_assessment",
            "status": "routed",
            "decided_on": "2026-11-09",
        }
    ]
    assert queries.history_for_person(session=db_session, la_code="878", person_id="EHC-7") == []
    assert sampler._front_door(db_session, LA, "EHC-7") == found


def test_a_childs_history_includes_requests_under_the_same_reference(
    db_session: Session, viewer: Viewer
) -> None:
    _submit(db_session, viewer, person_id="P-1")
    _submit(db_session, viewer, date(2026, 11, 16), person_id="P-1")
    found = queries.history_for_person(session=db_session, la_code=LA, person_id="P-1")
    assert [(r["received_on"], r["route"], r["decided_on"]) for r in found] == [
        ("2026-11-02", None, None),
        ("2026-11-16", None, None),
    ]
