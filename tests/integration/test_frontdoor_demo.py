"""The demo front door: idempotent, consistent with the demo's EHC cases, feeding the scorecard."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.demo import frontdoor
from sendsight.ehc.models import EhcRequest
from sendsight.frontdoor.models import FdRequest, FdStatusChange
from sendsight.outcomes import queries as outcomes
from tests.conftest import DEMO_TODAY
from tests.partnerships import demo_partnership_id


def _snapshot(session: Session) -> list[tuple[object, ...]]:
    rows = session.execute(select(FdRequest.id, FdRequest.updated_at_utc)).all()
    changes = session.scalar(select(func.count(FdStatusChange.id)))
    return sorted(tuple(r) for r in rows) + [("changes", changes)]


def test_seeding_the_demo_front_door_again_changes_nothing(seeded_session: Session) -> None:
    before = _snapshot(seeded_session)
    frontdoor.seed(
        seeded_session,
        la_code="354",
        partnership_id=demo_partnership_id(seeded_session),
        today=DEMO_TODAY,
    )
    assert _snapshot(seeded_session) == before


def test_requests_for_assessment_are_the_demo_ehc_requests_received_the_same_day(
    seeded_session: Session,
) -> None:
    linked = seeded_session.execute(
        select(
            FdRequest.received_on, EhcRequest.received_on, FdRequest.person_id, EhcRequest.person_id
        ).join(EhcRequest, EhcRequest.request_id == FdRequest.ehc_request_id)
    ).all()
    held = seeded_session.scalar(
        select(func.count(FdRequest.id)).where(FdRequest.ehc_request_id.is_not(None))
    )
    assert len(linked) == held and held > 200
    assert all(a == b and p == q for a, b, p, q in linked)


def test_the_front_door_scorecard_measures_are_computed_from_the_requests(
    seeded_session: Session,
) -> None:
    own = demo_partnership_id(seeded_session)
    measure = outcomes.get_measure_by_key_or_none(
        session=seeded_session, key="front_door_requests", partnership_id=own
    )
    assert measure is not None and measure.source_kind == "fact"
    values = outcomes.current_values(
        session=seeded_session, measure_ids=[measure.id], partnership_id=own
    )
    by_period = dict(zip(values.get_column("period"), values.get_column("value"), strict=True))
    march = seeded_session.scalar(
        select(func.count(FdRequest.id)).where(
            FdRequest.partnership_id == own,
            FdRequest.received_on.between(date(2025, 3, 1), date(2025, 3, 31)),
        )
    )
    assert by_period["2025-03"] == march
