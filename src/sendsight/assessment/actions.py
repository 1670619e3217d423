"""From a statement to an action on the scorecard, remembering where it came from.

The action itself is the outcomes scorecard's own (owner, due date, status, updates) and hangs
off a measure, as every scorecard action does; the link to the round and statement is kept
here (``ActionLink``), so the outcomes tables do not change and the round's report lists it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from sendsight.access.audit import Actor, record
from sendsight.assessment import queries
from sendsight.assessment.errors import AssessmentRefused
from sendsight.outcomes import queries as outcomes
from sendsight.outcomes.models import Action


@dataclass(frozen=True, slots=True)
class NewAction:
    """An action to create from a statement."""

    measure_id: str
    title: str
    owner_organisation: str
    due_on: date


def create_from_statement(
    session: Session,
    round_id: str,
    statement_id: str,
    new: NewAction,
    *,
    actor: Actor,
    partnership_id: str,
) -> Action:
    """Create the scorecard action and link it to the statement in the round."""
    round_ = queries.get_round(session=session, round_id=round_id, partnership_id=partnership_id)
    statement = queries.get_statement(
        session=session, statement_id=statement_id, partnership_id=partnership_id
    )
    if statement.framework_id != round_.framework_id:
        raise AssessmentRefused("That statement is not in this round's framework")
    measure = outcomes.get_measure(
        session=session, measure_id=new.measure_id, partnership_id=partnership_id
    )
    if not new.title.strip() or not new.owner_organisation.strip():
        raise AssessmentRefused("Give the action a title and an owner organisation")
    action = outcomes.create_action(
        session=session,
        measure=measure,
        key=f"sa_{uuid.uuid4().hex[:16]}",
        title=new.title.strip()[:300],
        owner_organisation=new.owner_organisation.strip()[:200],
        due_on=new.due_on,
    )
    queries.create_action_link(
        session=session, round_=round_, statement_id=statement.id, action_id=action.id
    )
    record(
        session,
        actor=actor,
        action="assessment.action.create",
        object_type="outcomes_action",
        object_id=action.id,
        partnership_id=partnership_id,
        detail={"round": round_.id, "statement": statement.key},
    )
    return action
