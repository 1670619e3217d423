"""What the pages and commands do, each in one call: check who is asking, act, audit.

Every view of a child's request, meeting papers or decision letter is written to the audit log,
as EHC case views are (UK GDPR Art 5(2)).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from sendsight.access.audit import record
from sendsight.access.roles import Role
from sendsight.core.errors import InputRejected, NotFound
from sendsight.frontdoor import access, bulk, intake, panels, queries, triage
from sendsight.frontdoor.access import Viewer
from sendsight.frontdoor.errors import Refused
from sendsight.frontdoor.models import FdDecision, FdMeeting, FdRequest


def audit(
    session: Session,
    viewer: Viewer,
    action: str,
    kind: str,
    object_id: str,
    la_code: str | None = None,
) -> None:
    """Write one front door event to the audit log."""
    record(
        session,
        actor=viewer,
        action=action,
        object_type=kind,
        object_id=object_id,
        la_code=la_code,
        partnership_id=viewer.partnership_id,
    )


def is_family(viewer: Viewer) -> bool:
    """Whether ``viewer`` is a family member (their requests are about their own child)."""
    return viewer.role == Role.FAMILY.value


def submit(session: Session, viewer: Viewer, form: Mapping[str, str], today: date) -> FdRequest:
    """Check and store a request made on the form. A school's request is always from that
    school about a child there; a family member's is always from the family. Raises
    ``InputRejected`` naming each field wrong (consent is required from everyone)."""
    raw = dict(form)
    if viewer.urn:
        raw["source"], raw["setting_urn"] = "school", viewer.urn
    elif is_family(viewer):
        raw["source"] = "family"
    raw["received_on"] = today.isoformat()
    known = queries.settings_by_urn(session=session, partnership_id=viewer.partnership_id)
    new, problems = intake.check_request(raw, today=today, known_urns=known)
    if new is None:
        raise InputRejected(problems, summary="There is a problem with the request")
    la_code = viewer.la_codes[0] if viewer.la_codes else ""
    setting = known.get(new.setting_urn or "")
    reference = queries.next_reference(
        session=session, partnership_id=viewer.partnership_id, year=today.year
    )
    row = queries.request_row(
        new,
        partnership_id=viewer.partnership_id,
        la_code=la_code,
        reference=reference,
        submitted_by=viewer.email,
        locality=setting.locality if setting else None,
    )
    created = queries.create_request(session=session, row=row)
    audit(session, viewer, "frontdoor.request.create", "frontdoor_request", created.id, la_code)
    return created


def view_request(session: Session, viewer: Viewer, request_id: str) -> FdRequest:
    """The request, if ``viewer`` may see it (audited); else ``NotFound``."""
    found = access.visible_request(session, viewer, request_id)
    audit(session, viewer, "frontdoor.request.view", "frontdoor_request", found.id, found.la_code)
    return found


def acknowledge(session: Session, viewer: Viewer, request_id: str, today: date) -> FdRequest:
    """Triage: acknowledge the request."""
    found = access.visible_request(session, viewer, request_id)
    triage.acknowledge(session, request=found, on=today, by_email=viewer.email)
    audit(
        session,
        viewer,
        "frontdoor.request.acknowledge",
        "frontdoor_request",
        found.id,
        found.la_code,
    )
    return found


def route(
    session: Session, viewer: Viewer, request_id: str, form: Mapping[str, str], today: date
) -> FdRequest:
    """Triage: decide the request's route (``route``, ``note``, ``unmet_need`` = yes)."""
    found = access.visible_request(session, viewer, request_id)
    triage.route(
        session,
        request=found,
        route_to=form.get("route", ""),
        on=today,
        by_email=viewer.email,
        note=(form.get("note") or "").strip() or None,
        unmet_need=form.get("unmet_need") == "yes",
    )
    audit(session, viewer, "frontdoor.request.route", "frontdoor_request", found.id, found.la_code)
    return found


def import_upload(
    session: Session, viewer: Viewer, data: bytes, filename: str, today: date
) -> bulk.BulkResult:
    """Triage: import a CSV of requests (all or nothing)."""
    rows = bulk.read_rows(data, filename)
    la_code = viewer.la_codes[0] if viewer.la_codes else ""
    result = bulk.import_rows(
        session,
        rows=rows,
        filename=filename,
        partnership_id=viewer.partnership_id,
        la_code=la_code,
        by_email=viewer.email,
        today=today,
    )
    audit(session, viewer, "frontdoor.import", "frontdoor_request", filename, la_code)
    return result


@dataclass(frozen=True, slots=True)
class MeetingView:
    """A meeting with its agenda (item, request, decision) and, for triage, what is ready."""

    meeting: FdMeeting
    agenda: list[tuple[str, FdRequest, FdDecision | None]]
    ready: list[FdRequest]


def view_meeting(session: Session, viewer: Viewer, meeting_id: str) -> MeetingView:
    """A meeting of one of ``viewer``'s panels (audited: it lists children's requests)."""
    meeting = access.visible_meeting(session, viewer, meeting_id)
    agenda = []
    for item in queries.list_agenda(session=session, meeting=meeting):
        request = queries.get_request(
            session=session, partnership_id=meeting.partnership_id, request_id=item.request_id
        )
        decision = queries.decision_or_none(
            session=session, request_id=request.id, question=item.question
        )
        agenda.append((item.question, request, decision))
    ready: list[FdRequest] = []
    if access.is_triage(viewer):
        panel = queries.get_panel(
            session=session, partnership_id=meeting.partnership_id, panel_id=meeting.panel_id
        )
        ready = panels.ready_for(session, panel=panel, la_codes=viewer.la_codes)
    audit(session, viewer, "frontdoor.meeting.view", "frontdoor_meeting", meeting.id)
    return MeetingView(meeting, agenda, ready)


def add_to_agenda(session: Session, viewer: Viewer, meeting_id: str, request_id: str) -> None:
    """Triage: put a request that is ready for this panel on the meeting's agenda."""
    meeting = access.visible_meeting(session, viewer, meeting_id)
    panel = queries.get_panel(
        session=session, partnership_id=meeting.partnership_id, panel_id=meeting.panel_id
    )
    ready = {r.id: r for r in panels.ready_for(session, panel=panel, la_codes=viewer.la_codes)}
    if request_id not in ready:
        raise Refused("That request is not waiting for this panel")
    queries.add_agenda_item(
        session=session,
        meeting=meeting,
        request=ready[request_id],
        question=panel.panel_type,
        papers=None,
    )


def set_attendance(
    session: Session, viewer: Viewer, meeting_id: str, member_ids: list[str]
) -> None:
    """Triage: record who is present at the meeting."""
    meeting = access.visible_meeting(session, viewer, meeting_id)
    panels.set_present(session, meeting=meeting, member_ids=member_ids)


def decide(
    session: Session, viewer: Viewer, meeting_id: str, request_id: str, form: Mapping[str, str]
) -> FdDecision:
    """Panel: record the decision on a request on this meeting's agenda."""
    meeting = access.visible_meeting(session, viewer, meeting_id)
    request = queries.get_request(
        session=session, partnership_id=meeting.partnership_id, request_id=request_id
    )
    criteria = {
        key[len("criterion_") :]: value == "yes"
        for key, value in form.items()
        if key.startswith("criterion_")
    }
    decision = panels.decide(
        session,
        meeting=meeting,
        request=request,
        criteria=criteria,
        chair_words=form.get("chair_words", ""),
        dissent=form.get("dissent"),
        by_email=viewer.email,
    )
    audit(
        session,
        viewer,
        "frontdoor.decision.record",
        "frontdoor_decision",
        decision.id,
        request.la_code,
    )
    return decision


def view_letter(session: Session, viewer: Viewer, decision_id: str) -> tuple[FdDecision, FdRequest]:
    """A decision and its request, for the letter, if ``viewer`` may see the request."""
    found = session.get(FdDecision, decision_id)
    if found is None or found.partnership_id != viewer.partnership_id:
        raise NotFound("No such decision")
    request = access.visible_request(session, viewer, found.request_id)
    audit(session, viewer, "frontdoor.letter.view", "frontdoor_decision", found.id, request.la_code)
    return found, request
