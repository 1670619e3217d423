"""Front door objects for the tenancy matrix: a request on a meeting's agenda with a decision."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.models import User
from sendsight.frontdoor import queries
from sendsight.frontdoor.intake import NewRequest
from sendsight.frontdoor.models import FdAgendaItem, FdDecision, FdMeeting, FdRequest

OBJECT_ARGUMENTS = {"fd_request_id", "fd_meeting_id", "fd_decision_id"}


def make(
    session: Session, *, partnership_id: str, la_code: str, admin: User, tag: str
) -> dict[str, str]:
    """A request routed to a panel, on a meeting's agenda, with a decision; texts carry ``tag``."""
    new = NewRequest(
        person_id=f"{tag} child",
        date_of_birth=date(2015, 5, 1),
        upn=None,
        setting_urn=None,
        source="health",
        need_area="semh",
        other_need_areas=[],
        needs_text=f"{tag} needs",
        graduated_approach=[],
        asked_for="ehc_assessment",
        received_on=date(2026, 10, 1),
    )
    row = queries.request_row(
        new,
        partnership_id=partnership_id,
        la_code=la_code,
        reference=f"{tag} FD-1",
        submitted_by=admin.email,
        locality=None,
    )
    request = queries.create_request(session=session, row=row)
    request.status, request.route = "at_panel", "panel"
    panel = queries.create_panel(
        session=session,
        partnership_id=partnership_id,
        la_code=la_code,
        name=f"{tag} panel",
        panel_type="assess",
        quorum=1,
        required_agencies=[],
    )
    member = queries.add_member(
        session=session,
        panel=panel,
        email=admin.email,
        name=f"{tag} member",
        agency="education",
        is_chair=True,
    )
    meeting = queries.create_meeting(
        session=session, panel=panel, meets_on=date(2026, 10, 20), papers_due_on=date(2026, 10, 13)
    )
    meeting.present_member_ids = [member.id]
    item = queries.add_agenda_item(
        session=session, meeting=meeting, request=request, question="assess", papers=f"{tag} papers"
    )
    decision = queries.add_decision(
        session=session,
        row={
            "partnership_id": partnership_id,
            "agenda_item_id": item.id,
            "request_id": request.id,
            "panel_id": panel.id,
            "question": "assess",
            "agreed": True,
            "criteria": {"may_have_send": True},
            "chair_words": f"{tag} chair words",
            "reasons": f"{tag} reasons",
            "dissent": None,
            "decided_on": date(2026, 10, 20),
            "decided_by": admin.email,
            "date_of_birth": request.date_of_birth,
        },
    )
    return {"fd_request_id": request.id, "fd_meeting_id": meeting.id, "fd_decision_id": decision.id}


def held(session: Session, *, partnership_id: str) -> object:
    """The partnership's requests (status, route), meetings (who is present), agendas and
    decisions."""
    session.expire_all()
    own = partnership_id
    return (
        sorted(
            session.execute(
                select(
                    FdRequest.id, FdRequest.status, FdRequest.route, FdRequest.acknowledged_on
                ).where(FdRequest.partnership_id == own)
            ).all()
        ),
        sorted(
            (m.id, tuple(m.present_member_ids))
            for m in session.scalars(select(FdMeeting).where(FdMeeting.partnership_id == own))
        ),
        sorted(session.scalars(select(FdAgendaItem.id).where(FdAgendaItem.partnership_id == own))),
        sorted(session.scalars(select(FdDecision.id).where(FdDecision.partnership_id == own))),
    )
