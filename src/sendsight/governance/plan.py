"""The plan an area SEND inspection asks for, kept as scorecard actions with impact measures.

Under the area SEND inspection framework (Ofsted and CQC, 2023, updated June 2025), an outcome
of "widespread and/or systemic failings" requires the local authority and the integrated care
board to submit a **priority action plan**; after "inconsistent experiences and outcomes" the
partnership updates its **strategic plan** to address the areas for improvement. Either way the
partnership records each priority here, and carries it out as an action of the outcomes domain
(``outcomes_action``: owner, due date, status, progress updates) on the measure that will show
its impact. There is no second actions model: the inspection page and the board pack read the
same actions as the scorecard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.audit import record
from sendsight.access.permissions import Permission
from sendsight.access.principal import Principal
from sendsight.access.roles import has_permission
from sendsight.core.errors import InputRejected, PermissionDenied, Problem
from sendsight.disclosure.viewpoint import Viewpoint
from sendsight.governance.inspections import Inspection
from sendsight.governance.models import PlanPriority

PLAN_KINDS: Final = {
    "priority_action_plan": "Priority action plan",
    "strategic_plan": "Strategic plan",
}
# Inspection outcome grade -> the plan it asks for (see the module docstring).
PLAN_FOR_GRADE: Final = {3: "priority_action_plan", 2: "strategic_plan"}


def plan_asked_for(inspection: Inspection | None) -> str | None:
    """The kind of plan the LA's latest outcome asks for (None: no plan is asked for)."""
    return PLAN_FOR_GRADE.get(inspection.grade or 0) if inspection else None


@dataclass(frozen=True)
class PlanItem:
    """One priority with the action carrying it out and its impact measure."""

    number: int
    plan_kind: str
    priority: str
    action_id: str
    title: str
    owner: str
    due_on: date | None
    status: str
    measure_id: str
    measure_name: str


@dataclass(frozen=True)
class NewPriority:
    """A priority to add: its number and words, the action and the measure showing impact."""

    la_code: str
    plan_kind: str
    number: int
    priority: str
    title: str
    measure_id: str
    owner_organisation: str
    due_on: date | None = None


def list_plan(*, session: Session, partnership_id: str, la_code: str) -> list[PlanItem]:
    """The LA's plan priorities in number order, each with its action and impact measure."""
    from sendsight.outcomes.models import Action, Measure

    rows = session.execute(
        select(PlanPriority, Action, Measure)
        .join(Action, Action.id == PlanPriority.action_id)
        .join(Measure, Measure.id == Action.measure_id)
        .where(PlanPriority.partnership_id == partnership_id, PlanPriority.la_code == la_code)
        .order_by(PlanPriority.number, Action.title, PlanPriority.id)
    )
    return [
        PlanItem(p.number, p.plan_kind, p.priority, a.id, a.title, a.owner_organisation,
                 a.due_on, a.status, m.id, m.name)
        for p, a, m in rows
    ]  # fmt: skip


def _problems(new: NewPriority) -> list[Problem]:
    checks = (
        (new.plan_kind not in PLAN_KINDS, "plan_kind", "Choose the kind of plan"),
        (new.number < 1, "number", "Number the priority from 1"),
        (not new.priority.strip(), "priority", "Enter the priority as the plan words it"),
        (not new.title.strip(), "title", "Enter the action that carries it out"),
    )
    return [Problem("form", message, column=column) for wrong, column, message in checks if wrong]


def create_priority(session: Session, *, partnership_id: str, new: NewPriority) -> PlanPriority:
    """Store a plan priority and the action (on the partnership's measure ``measure_id``) that
    carries it out, unchecked (the demo's path; people use ``add_priority``)."""
    from sendsight.outcomes import queries as oq

    measure = oq.get_measure(
        session=session, measure_id=new.measure_id, partnership_id=partnership_id
    )
    taken = session.scalars(
        select(PlanPriority.id).where(PlanPriority.partnership_id == partnership_id)
    ).all()
    action = oq.create_action(
        session=session, measure=measure, key=f"plan-{new.la_code}-{len(taken) + 1}",
        title=new.title.strip()[:300], owner_organisation=new.owner_organisation.strip()[:200],
        due_on=new.due_on, start_on=None,
    )  # fmt: skip
    item = PlanPriority(
        partnership_id=partnership_id, la_code=new.la_code, plan_kind=new.plan_kind,
        number=new.number, priority=new.priority.strip()[:500], action_id=action.id,
    )  # fmt: skip
    session.add(item)
    session.flush()
    return item


def add_priority(session: Session, *, actor: Principal, new: NewPriority) -> PlanPriority:
    """Record a plan priority and its action, after checking who asks and what they entered;
    audited."""
    if not has_permission(actor, Permission.EDIT_OUTCOMES) or new.la_code not in actor.la_codes:
        raise PermissionDenied("Only administrators, analysts and partners of the area do this")
    problems = _problems(new)
    if problems:
        raise InputRejected(problems, summary="The form has problems; nothing was saved")
    item = create_priority(session, partnership_id=actor.partnership_id, new=new)
    detail = {"action_id": item.action_id, "number": item.number}
    record(session, actor=actor, action="edit", object_type="governance_plan_priority",
           object_id=item.id, la_code=new.la_code, detail=detail)  # fmt: skip
    return item


@dataclass(frozen=True)
class Tracked:
    """A plan item with where its impact measure stands (after disclosure control)."""

    item: PlanItem
    latest: str
    period: str
    against_target: str
    trend: str


def track(
    session: Session, *, partnership_id: str, la_code: str, today: date, viewpoint: Viewpoint
) -> list[Tracked]:
    """The LA's plan with each impact measure's latest figure, from the (cached) scorecard."""
    from sendsight.outcomes.scorecard import build_scorecard

    items = list_plan(session=session, partnership_id=partnership_id, la_code=la_code)
    if not items:
        return []
    groups = build_scorecard(
        session, partnership_id=partnership_id, today=today, viewpoint=viewpoint
    )
    rows = {row.measure.id: row for group in groups for row in group.rows}
    tracked = []
    for item in items:
        row = rows.get(item.measure_id)
        tracked.append(
            Tracked(
                item,
                row.shown if row else "No data yet",
                row.latest_label or "" if row else "",
                str(row.target_rag).replace("none", "not judged") if row else "not judged",
                row.trend.text if row and row.trend else "",
            )
        )
    return tracked
