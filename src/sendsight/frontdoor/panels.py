"""Panels: meetings with a quorum, agendas built from the requests ready for them, and
decisions against each question's criteria with reasons in plain English.

A decision is refused when the meeting is not quorate (fewer members present than the quorum,
or no one present from an agency the panel's terms of reference require), when the request is
not on that meeting's agenda, or when the same request already has a decision on the same
question. A decision whether to assess on a request for an EHC needs assessment is recorded
on the EHC request too (the decision under SI 2014/1530 reg 5, dated the day of the panel).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from sqlalchemy.orm import Session

from sendsight.frontdoor import queries, triage, vocab
from sendsight.frontdoor.errors import Refused
from sendsight.frontdoor.models import FdDecision, FdMeeting, FdPanel, FdRequest

PAPERS_DAYS_BEFORE = 7  # terms of reference: papers go to members a week ahead


def schedule(session: Session, *, panel: FdPanel, meets_on: date) -> FdMeeting:
    """Add a meeting of ``panel`` with papers due a week before."""
    due = meets_on - timedelta(days=PAPERS_DAYS_BEFORE)
    return queries.create_meeting(
        session=session, panel=panel, meets_on=meets_on, papers_due_on=due
    )


def ready_for(session: Session, *, panel: FdPanel, la_codes: Sequence[str]) -> list[FdRequest]:
    """Requests routed to a panel, waiting, with no decision on this panel's question and on
    no agenda of this panel yet."""
    waiting = queries.list_requests(
        session=session,
        partnership_id=panel.partnership_id,
        la_codes=la_codes,
        statuses=("at_panel",),
    )
    meetings = queries.list_meetings(
        session=session, partnership_id=panel.partnership_id, panel_ids=[panel.id]
    )
    listed = queries.requests_on_agendas(session=session, meeting_ids=[m.id for m in meetings])
    return [
        r
        for r in waiting
        if r.id not in listed
        and queries.decision_or_none(session=session, request_id=r.id, question=panel.panel_type)
        is None
    ]


def quorum_problem(panel: FdPanel, present_agencies: Sequence[str]) -> str | None:
    """Why a meeting with members of ``present_agencies`` present is not quorate, or None."""
    if len(present_agencies) < panel.quorum:
        return f"The panel is not quorate: {panel.quorum} members must be present"
    missing = [a for a in panel.required_agencies if a not in present_agencies]
    if missing:
        names = ", ".join(vocab.AGENCIES.get(a, a).lower() for a in missing)
        return f"The panel is not quorate: no one present from {names}"
    return None


def reasons(question: str, criteria: Mapping[str, bool], chair_words: str) -> str:
    """The decision's reasons in plain English, from the criteria met and not met."""
    checklist = vocab.CRITERIA[question]
    met = [text for key, text in checklist if criteria.get(key)]
    unmet = [text for key, text in checklist if not criteria.get(key)]
    agreed = not unmet
    lines = [
        f"The panel {'agreed' if agreed else 'did not agree'}: "
        f"{vocab.PANEL_TYPES[question].lower()}."
    ]
    if met:
        lines.append("It found that " + "; that ".join(met) + ".")
    if unmet:
        lines.append("It did not find that " + "; or that ".join(unmet) + ".")
    if chair_words.strip():
        lines.append("The chair added: " + chair_words.strip())
    return "\n".join(lines)


def decide(
    session: Session,
    *,
    meeting: FdMeeting,
    request: FdRequest,
    criteria: Mapping[str, bool],
    chair_words: str,
    dissent: str | None,
    by_email: str,
) -> FdDecision:
    """Record the panel's decision on ``request`` at ``meeting`` (see the module's rules)."""
    panel = queries.get_panel(
        session=session, partnership_id=meeting.partnership_id, panel_id=meeting.panel_id
    )
    item = queries.agenda_item_or_none(session=session, meeting=meeting, request_id=request.id)
    if item is None:
        raise Refused("This request is not on the agenda of this meeting")
    members = {m.id: m for m in queries.list_members(session=session, panel=panel)}
    present = [members[i].agency for i in meeting.present_member_ids if i in members]
    problem = quorum_problem(panel, present)
    if problem:
        raise Refused(problem)
    if queries.decision_or_none(session=session, request_id=request.id, question=item.question):
        raise Refused("A decision on this question has already been recorded for this request")
    if not chair_words.strip():
        raise Refused("Enter the chair's words on the decision")
    checked = {key: bool(criteria.get(key)) for key, _ in vocab.CRITERIA[item.question]}
    agreed = all(checked.values())
    decision = queries.add_decision(
        session=session,
        row={
            "partnership_id": meeting.partnership_id,
            "agenda_item_id": item.id,
            "request_id": request.id,
            "panel_id": panel.id,
            "question": item.question,
            "agreed": agreed,
            "criteria": checked,
            "chair_words": chair_words.strip(),
            "reasons": reasons(item.question, checked, chair_words),
            "dissent": (dissent or "").strip() or None,
            "decided_on": meeting.meets_on,
            "decided_by": by_email,
            "date_of_birth": request.date_of_birth,
        },
    )
    queries.add_status(
        session=session,
        request=request,
        status="decided",
        by_email=by_email,
        note=decision.reasons.splitlines()[0],
    )
    if item.question == "assess" and (
        request.asked_for == "ehc_assessment" or request.ehc_request_id
    ):
        _record_on_ehc(session, request, agreed, meeting.meets_on)
    return decision


def _record_on_ehc(session: Session, request: FdRequest, agreed: bool, on: date) -> None:
    from sendsight.ehc import queries as ehc_queries

    request_id = triage.start_assessment_request(session, request=request, on=on)
    ehc_queries.record_front_door_request(
        session=session,
        la_code=request.la_code,
        request_id=request_id,
        fields={"decision": "assess" if agreed else "not_assess", "decision_on": on},
    )
    triage.refresh_ehc_facts(session, request.la_code)


def set_present(session: Session, *, meeting: FdMeeting, member_ids: Sequence[str]) -> None:
    """Record who is present (members of the meeting's panel only)."""
    panel = queries.get_panel(
        session=session, partnership_id=meeting.partnership_id, panel_id=meeting.panel_id
    )
    known = {m.id for m in queries.list_members(session=session, panel=panel)}
    meeting.present_member_ids = sorted(i for i in member_ids if i in known)
    session.flush()
