"""Planning board meetings and keeping the decisions log, for the web forms and the demo.

Each change checks that the person may make it (``EDIT_OUTCOMES``: administrators, analysts and
partners, who also issue packs) and that the meeting or decision is their partnership's, and is
written to the audit log. Form values are checked here; every problem is an ``InputRejected``
naming the field, so a form can show them all at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from sqlalchemy.orm import Session

from sendsight.access.audit import record
from sendsight.access.permissions import Permission
from sendsight.access.principal import Principal
from sendsight.access.roles import has_permission
from sendsight.core.errors import InputRejected, PermissionDenied, Problem
from sendsight.governance import queries
from sendsight.governance.models import BoardMeeting, Decision

STATUSES: Final = {
    "agreed": "Agreed",
    "in_progress": "In progress",
    "completed": "Completed",
    "withdrawn": "Withdrawn",
}
CONCERNS: Final = {
    "measure": "A measure",
    "action": "An action",
    "contract": "A contract",
    "other": "Something else",
}
FORM: Final = "form"


@dataclass(frozen=True)
class DecisionFields:
    """What the board decided, as entered: the decision, its owner, what it concerns (a measure,
    action or contract, named by ``concerns_ref``), where it stands and when it is due."""

    decided_on: date
    summary: str
    owner: str
    concerns_kind: str
    concerns_ref: str
    status: str
    due_on: date | None = None
    meeting_id: str | None = None


def _may_edit(actor: Principal) -> None:
    if not has_permission(actor, Permission.EDIT_OUTCOMES):
        raise PermissionDenied("Only administrators, analysts and partners keep the board's log")


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise InputRejected(problems, summary="The form has problems; nothing was saved")


def _audit(
    session: Session, actor: Principal, object_type: str, object_id: str, **detail: str
) -> None:
    record(
        session,
        actor=actor,
        action="edit",
        object_type=object_type,
        object_id=object_id,
        detail=dict(detail),
    )


def plan_meeting(
    session: Session, *, actor: Principal, meeting_on: date, title: str
) -> BoardMeeting:
    """A planned board meeting (its pack is drafted on request until it is issued)."""
    _may_edit(actor)
    problems = []
    if not title.strip():
        problems.append(Problem(FORM, "Enter the meeting's title", column="title"))
    existing = queries.get_meeting_on(
        session=session, meeting_on=meeting_on, partnership_id=actor.partnership_id
    )
    if existing is not None:
        problems.append(
            Problem(FORM, "There is already a board meeting on that date", column="meeting_on")
        )
    _refuse(problems)
    meeting = queries.create_meeting(
        session=session,
        partnership_id=actor.partnership_id,
        meeting_on=meeting_on,
        title=title.strip(),
    )
    _audit(session, actor, "governance_meeting", meeting.id, meeting_on=meeting_on.isoformat())
    return meeting


def _decision_problems(fields: DecisionFields) -> list[Problem]:
    checks = (
        (not fields.summary.strip(), "summary", "Enter what the board decided"),
        (not fields.owner.strip(), "owner", "Enter who owns the decision"),
        (
            fields.concerns_kind not in CONCERNS,
            "concerns_kind",
            "Choose what the decision concerns",
        ),
        (fields.status not in STATUSES, "status", "Choose where the decision stands"),
        (
            fields.due_on is not None and fields.due_on < fields.decided_on,
            "due_on",
            "The due date must be on or after the date of the decision",
        ),
    )
    return [Problem(FORM, message, column=column) for wrong, column, message in checks if wrong]


def record_decision(session: Session, *, actor: Principal, fields: DecisionFields) -> Decision:
    """Add a decision to the log (``meeting_id``, when given, must be the partnership's)."""
    _may_edit(actor)
    _refuse(_decision_problems(fields))
    if fields.meeting_id:
        queries.get_meeting(
            session=session, meeting_id=fields.meeting_id, partnership_id=actor.partnership_id
        )
    decision = queries.create_decision(
        session=session,
        partnership_id=actor.partnership_id,
        meeting_id=fields.meeting_id or None,
        decided_on=fields.decided_on,
        summary=fields.summary.strip()[:500],
        owner=fields.owner.strip()[:200],
        concerns_kind=fields.concerns_kind,
        concerns_ref=fields.concerns_ref.strip()[:200] or None,
        status=fields.status,
        due_on=fields.due_on,
    )
    _audit(session, actor, "governance_decision", decision.id, status=fields.status)
    return decision


def update_status(session: Session, *, actor: Principal, decision_id: str, status: str) -> Decision:
    """Move a decision to ``status`` (another partnership's decision is ``NotFound``)."""
    _may_edit(actor)
    decision = queries.get_decision(
        session=session, decision_id=decision_id, partnership_id=actor.partnership_id
    )
    if status not in STATUSES:
        _refuse([Problem(FORM, "Choose where the decision stands", column="status")])
    before = decision.status
    decision.status = status
    session.flush()
    _audit(session, actor, "governance_decision", decision.id, status=status, was=before)
    return decision
