"""Self-assessment objects for the tenancy matrix: a framework, a round, a statement, a rating."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.access.models import User
from sendsight.access.principal import principal_of
from sendsight.assessment import frameworks, queries, rounds
from sendsight.assessment.models import ActionLink, Consensus, Participant, Rating

OBJECT_ARGUMENTS = {"round_id", "assessment_statement_id", "assessment_framework_id"}


def framework_yaml(tag: str) -> str:
    """A one-theme, one-statement framework whose every text carries ``tag``."""
    return f"""
key: {tag.lower()}-framework
name: {tag} framework
scale:
  - {{key: low, label: {tag} low}}
  - {{key: high, label: {tag} high}}
themes:
  - key: {tag.lower()}-theme
    title: {tag} theme
    inspection_areas: [leadership]
    statements:
      - key: {tag.lower()}-statement
        text: {tag} statement text
        plain: {tag} plain words
        statutory: true
        duty: {tag} duty
        descriptors: {{low: {tag} low descriptor, high: {tag} high descriptor}}
"""


def make(
    session: Session, *, partnership_id: str, la_code: str, admin: User, tag: str
) -> dict[str, str]:
    """A framework, an open round the admin's organisation takes part in, a rating and an
    agreed level, all tagged."""
    actor = principal_of(admin)
    framework = frameworks.import_framework(
        session,
        framework_yaml(tag),
        filename="t.yaml",
        partnership_id=partnership_id,
        actor=actor,
    ).framework
    today = date.today()
    new = rounds.NewRound(
        framework.id,
        f"{tag} round",
        today - timedelta(days=3),
        today + timedelta(days=30),
        "high",
        [admin.organisation_id],
    )
    round_ = rounds.open_round(session, new, actor=actor, partnership_id=partnership_id)
    [statement] = queries.list_statements(
        session=session, framework_id=framework.id, partnership_id=partnership_id
    )
    rating = rounds.NewRating(
        statement.id,
        admin.organisation_id,
        "low",
        "high",
        duty_met=False,
        comment=f"{tag} comment",
    )
    rounds.rate(session, round_.id, rating, actor=actor, partnership_id=partnership_id, today=today)
    rounds.set_consensus(
        session,
        round_.id,
        statement.id,
        level="low",
        reason=f"{tag} reason",
        duty_met=False,
        actor=actor,
        partnership_id=partnership_id,
    )
    return {
        "round_id": round_.id,
        "assessment_statement_id": statement.id,
        "assessment_framework_id": framework.id,
    }


def held(session: Session, *, partnership_id: str) -> object:
    """Rounds (name, closed), and how many ratings, consensus levels, submissions, links."""
    own = {"partnership_id": partnership_id}
    counted = [
        session.scalar(
            select(func.count()).select_from(m).where(m.partnership_id == partnership_id)
        )
        for m in (Rating, Consensus, ActionLink)
    ]
    submitted = session.scalar(
        select(func.count())
        .select_from(Participant)
        .where(
            Participant.partnership_id == partnership_id, Participant.submitted_at_utc.is_not(None)
        )
    )
    return (
        [(r.name, r.closed_at_utc) for r in queries.list_rounds(session=session, **own)],
        counted,
        submitted,
    )
