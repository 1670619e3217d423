"""Triage: acknowledging requests, deciding their route against the working-day targets, and
the queue of requests waiting, with due dates and those breaching soon.

A request routed to a statutory EHC needs assessment becomes a request in the EHC domain. Its
received date is the day the local authority received the request for assessment: the front
door's received date when an assessment was what was asked for, otherwise the day triage
decided on it (the day the authority itself asked). The 6-week clock to decide whether to
assess runs from that date (SI 2014/1530 reg 5(1), see ``ehc/clock.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from sendsight.ehc import queries as ehc_queries
from sendsight.frontdoor import queries, vocab, workdays
from sendsight.frontdoor.errors import Refused
from sendsight.frontdoor.models import FdRequest, FdTargets

# Who asked, as the EHC domain records it (SEN2 ``requestsource``-style free codes).
EHC_SOURCE = {
    "school": "school",
    "health": "health",
    "social_care": "social_care",
    "family": "parent",
    "other": "other",
}


@dataclass(frozen=True, slots=True)
class QueueRow:
    """A request waiting for triage, with its due dates in working days."""

    request: queries.Waiting
    acknowledge_by: date
    route_by: date
    days_left: int
    overdue: bool
    breaching_soon: bool


def due_dates(received_on: date, targets: FdTargets) -> tuple[date, date]:
    """The last day to acknowledge and to decide the route of a request received that day."""
    return (
        workdays.add_working_days(received_on, targets.acknowledge_days),
        workdays.add_working_days(received_on, targets.route_days),
    )


def queue(
    requests: list[queries.Waiting], targets: FdTargets, today: date, *, soon_only: bool = False
) -> list[QueueRow]:
    """Open requests with their due dates, the least time left first (``soon_only``: only
    those overdue or breaching soon)."""
    rows = []
    for request in requests:
        acknowledge_by, route_by = due_dates(request.received_on, targets)
        left = workdays.working_days_between(today, route_by) if route_by >= today else -1
        soon = 0 <= left <= targets.breaching_soon_days
        if soon_only and not (soon or left < 0):
            continue
        rows.append(QueueRow(request, acknowledge_by, route_by, left, left < 0, soon))
    return sorted(rows, key=lambda r: (r.route_by, r.request.reference))


def acknowledge(session: Session, *, request: FdRequest, on: date, by_email: str) -> None:
    """Record that the request was acknowledged to the person who made it."""
    if request.status != "received":
        raise Refused("This request has already been acknowledged")
    request.acknowledged_on = on
    queries.add_status(session=session, request=request, status="acknowledged", by_email=by_email)


def route(
    session: Session,
    *,
    request: FdRequest,
    route_to: str,
    on: date,
    by_email: str,
    note: str | None = None,
    unmet_need: bool = False,
) -> FdRequest:
    """Decide the request's route. A statutory assessment creates the EHC request; a panel
    route waits for the panel's agenda."""
    if route_to not in vocab.ROUTES:
        raise Refused(f"Choose a route: one of {', '.join(vocab.ROUTES)}")
    if request.route is not None:
        raise Refused("The route of this request has already been decided")
    if on < request.received_on:
        raise Refused("The route cannot be decided before the request was received")
    request.acknowledged_on = request.acknowledged_on or on
    request.route, request.routed_on, request.route_note = route_to, on, note
    request.unmet_need = unmet_need
    request.working_days_to_route = workdays.working_days_between(request.received_on, on)
    status = "at_panel" if route_to == "panel" else "routed"
    queries.add_status(
        session=session, request=request, status=status, by_email=by_email, note=note
    )
    if route_to == "statutory_assessment":
        start_assessment_request(session, request=request, on=on)
        refresh_ehc_facts(session, request.la_code)
    return request


def start_assessment_request(session: Session, *, request: FdRequest, on: date) -> str:
    """Create (once) the EHC request for ``request`` and return its id."""
    received = request.received_on if request.asked_for == "ehc_assessment" else on
    request_id = request.ehc_request_id or request.reference
    ehc_queries.record_front_door_request(
        session=session,
        la_code=request.la_code,
        request_id=request_id,
        fields={
            "person_id": request.person_id,
            "date_of_birth": request.date_of_birth,
            "upn": request.upn,
            "request_source": EHC_SOURCE[request.source],
            "received_on": received,
            "setting_urn": request.setting_urn,
        },
    )
    request.ehc_request_id = request_id
    session.flush()
    return request_id


def refresh_ehc_facts(session: Session, la_code: str) -> None:
    """Rebuild the LA's EHC facts after the front door changed one of its requests."""
    from sendsight.config import get_settings
    from sendsight.ehc import facts

    facts.rebuild_facts(session, la_codes=[la_code], boundary=get_settings().ehc_deadline_boundary)
