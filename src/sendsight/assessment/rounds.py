"""Rounds and their rules: who may rate, when, and who may see whose ratings.

Ratings are blind: an organisation sees only its own until it has submitted or the round has
closed, so no one anchors on another's view. Administrators run rounds and moderate. Every
change is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from sendsight.access.audit import Actor, record
from sendsight.access.permissions import Permission
from sendsight.access.principal import Principal
from sendsight.access.queries import list_organisations
from sendsight.access.roles import has_permission
from sendsight.assessment import queries
from sendsight.assessment.errors import AssessmentRefused
from sendsight.assessment.evidence import measure_snapshot
from sendsight.assessment.models import Framework, Participant, Rating, Round, Statement
from sendsight.core.errors import PermissionDenied

CONFIDENCE = ("low", "medium", "high")


def now_utc() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


def is_closed(round_: Round, today: date) -> bool:
    """Closed by an administrator, or past its closing date."""
    return round_.closed_at_utc is not None or today > round_.closes_on


def status(round_: Round, today: date) -> str:
    """``open``, ``closed`` or ``not_open`` (before its opening date)."""
    if is_closed(round_, today):
        return "closed"
    return "open" if today >= round_.opens_on else "not_open"


def is_admin(actor: Actor) -> bool:
    """Administrators run rounds; the command line (no principal) acts as one."""
    return not isinstance(actor, Principal) or has_permission(actor, Permission.ADMIN)


def _require_admin(actor: Actor) -> None:
    if not is_admin(actor):
        raise PermissionDenied("Only an administrator can do this")


def level_index(framework: Framework, level: str) -> int:
    """The level's place on the framework's scale, from 1; refused when not on the scale."""
    keys = [s["key"] for s in framework.scale]
    if level not in keys:
        raise AssessmentRefused(f"Choose a level on the scale: {', '.join(keys)}")
    return keys.index(level) + 1


@dataclass(frozen=True, slots=True)
class NewRound:
    """What an administrator gives to open a round."""

    framework_id: str
    name: str
    opens_on: date
    closes_on: date
    target_level: str
    organisation_ids: Sequence[str]


def open_round(session: Session, new: NewRound, *, actor: Actor, partnership_id: str) -> Round:
    """Open a round for the partnership's organisations ``new.organisation_ids``."""
    _require_admin(actor)
    framework = queries.get_framework(
        session=session, framework_id=new.framework_id, partnership_id=partnership_id
    )
    level_index(framework, new.target_level)
    own = {o.id for o in list_organisations(session=session, partnership_id=partnership_id)}
    chosen = sorted(set(new.organisation_ids))
    if not chosen or not set(chosen) <= own:
        raise AssessmentRefused("Choose at least one of the partnership's organisations")
    if new.closes_on < new.opens_on or not new.name.strip():
        raise AssessmentRefused("Give the round a name and a closing date on or after it opens")
    round_ = queries.create_round(
        session=session,
        partnership_id=partnership_id,
        framework_id=framework.id,
        name=new.name.strip(),
        opens_on=new.opens_on,
        closes_on=new.closes_on,
        target_level=new.target_level,
        organisation_ids=chosen,
    )
    _audit(session, actor, "assessment.round.open", round_, {"organisations": len(chosen)})
    return round_


def close_round(session: Session, round_id: str, *, actor: Actor, partnership_id: str) -> Round:
    """Close a round now: ratings stop and everyone taking part sees every rating."""
    _require_admin(actor)
    round_ = queries.get_round(session=session, round_id=round_id, partnership_id=partnership_id)
    if round_.closed_at_utc is None:
        round_.closed_at_utc = now_utc()
        session.flush()
        _audit(session, actor, "assessment.round.close", round_, None)
    return round_


def participant_for(session: Session, round_: Round, organisation_id: str) -> Participant | None:
    """The organisation's place in the round, if it takes part."""
    found = queries.list_participants(
        session=session, round_id=round_.id, partnership_id=round_.partnership_id
    )
    return next((p for p in found if p.organisation_id == organisation_id), None)


def sees_all_ratings(session: Session, round_: Round, actor: Actor, today: date) -> bool:
    """Whether ``actor`` may see every organisation's ratings: administrators always; others
    once the round has closed or their own organisation has submitted."""
    if is_admin(actor) or is_closed(round_, today):
        return True
    assert isinstance(actor, Principal)
    mine = participant_for(session, round_, actor.organisation_id)
    return mine is not None and mine.submitted_at_utc is not None


@dataclass(frozen=True, slots=True)
class NewRating:
    """One organisation's rating of one statement."""

    statement_id: str
    organisation_id: str
    level: str
    confidence: str
    duty_met: bool | None = None
    comment: str = ""
    measure_ids: Sequence[str] = ()
    document_title: str = ""
    document_url: str = ""


def rate(
    session: Session,
    round_id: str,
    new: NewRating,
    *,
    actor: Actor,
    partnership_id: str,
    today: date,
) -> Rating:
    """Record (or change, until submitted) an organisation's rating, with its evidence."""
    round_ = queries.get_round(session=session, round_id=round_id, partnership_id=partnership_id)
    statement = queries.get_statement(
        session=session, statement_id=new.statement_id, partnership_id=partnership_id
    )
    participant = _rater_checks(session, round_, statement, new, actor, today)
    framework = queries.get_framework(
        session=session, framework_id=round_.framework_id, partnership_id=partnership_id
    )
    fields = {
        "partnership_id": partnership_id,
        "round_id": round_.id,
        "statement_id": statement.id,
        "organisation_id": participant.organisation_id,
        "level": new.level,
        "level_index": level_index(framework, new.level),
        "confidence": new.confidence,
        "duty_met": new.duty_met if statement.statutory else None,
        "comment": new.comment.strip(),
        "rated_by": getattr(actor, "email", "") or "",
    }
    evidence = [
        measure_snapshot(session, m, partnership_id=partnership_id, today=today)
        for m in dict.fromkeys(new.measure_ids)
    ]
    if new.document_url.strip():
        evidence.append(_document(new.document_title, new.document_url))
    existing = queries.get_rating_or_none(
        session=session,
        round_id=round_.id,
        statement_id=statement.id,
        organisation_id=participant.organisation_id,
    )
    rating = queries.save_rating(
        session=session, existing=existing, fields=fields, evidence=evidence, now=now_utc()
    )
    _audit(session, actor, "assessment.rating.save", round_, {"statement": statement.key})
    return rating


def _rater_checks(
    session: Session,
    round_: Round,
    statement: Statement,
    new: NewRating,
    actor: Actor,
    today: date,
) -> Participant:
    if statement.framework_id != round_.framework_id:
        raise AssessmentRefused("That statement is not in this round's framework")
    if isinstance(actor, Principal) and actor.organisation_id != new.organisation_id:
        raise AssessmentRefused("You can rate only for your own organisation")
    participant = participant_for(session, round_, new.organisation_id)
    if participant is None:
        raise AssessmentRefused("Your organisation is not taking part in this round")
    if status(round_, today) != "open":
        raise AssessmentRefused("This round is not open for ratings: it has closed or not opened")
    if participant.submitted_at_utc is not None:
        raise AssessmentRefused("Your organisation has already submitted its ratings")
    if new.confidence not in CONFIDENCE:
        raise AssessmentRefused("Choose how confident you are: low, medium or high")
    if statement.statutory and new.duty_met is None:
        raise AssessmentRefused("Say whether the statutory duty is met")
    return participant


def _document(title: str, url: str) -> dict[str, object]:
    url = url.strip()
    if not url.startswith(("https://", "http://")) or len(url) > 500:
        raise AssessmentRefused("Give the document link as a web address starting https://")
    return {"kind": "document", "title": title.strip()[:300] or url[:300], "url": url}


def submit(
    session: Session,
    round_id: str,
    *,
    organisation_id: str,
    actor: Actor,
    partnership_id: str,
    today: date,
) -> Participant:
    """Submit an organisation's ratings (every statement rated); it then sees everyone's."""
    round_ = queries.get_round(session=session, round_id=round_id, partnership_id=partnership_id)
    if isinstance(actor, Principal) and actor.organisation_id != organisation_id:
        raise AssessmentRefused("You can submit only for your own organisation")
    participant = participant_for(session, round_, organisation_id)
    if participant is None or status(round_, today) != "open":
        raise AssessmentRefused("Your organisation cannot submit: it is not in an open round")
    statements = queries.list_statements(
        session=session, framework_id=round_.framework_id, partnership_id=partnership_id
    )
    rated = queries.list_ratings(
        session=session,
        round_ids=[round_.id],
        partnership_id=partnership_id,
        organisation_id=organisation_id,
    )
    missing = len(statements) - len(rated)
    if missing:
        raise AssessmentRefused(f"Rate every statement before submitting: {missing} to go")
    if participant.submitted_at_utc is None:
        participant.submitted_at_utc = now_utc()
        session.flush()
        _audit(session, actor, "assessment.round.submit", round_, {"organisation": organisation_id})
    return participant


def set_consensus(
    session: Session,
    round_id: str,
    statement_id: str,
    *,
    level: str,
    reason: str,
    duty_met: bool | None,
    actor: Actor,
    partnership_id: str,
) -> None:
    """Record the level agreed at moderation and why (administrators only)."""
    _require_admin(actor)
    round_ = queries.get_round(session=session, round_id=round_id, partnership_id=partnership_id)
    statement = queries.get_statement(
        session=session, statement_id=statement_id, partnership_id=partnership_id
    )
    framework = queries.get_framework(
        session=session, framework_id=round_.framework_id, partnership_id=partnership_id
    )
    if statement.framework_id != framework.id:
        raise AssessmentRefused("That statement is not in this round's framework")
    if not reason.strip():
        raise AssessmentRefused("Give the reason the partnership agreed this level")
    queries.save_consensus(
        session=session,
        round_=round_,
        statement_id=statement.id,
        level=level,
        level_index=level_index(framework, level),
        reason=reason.strip(),
        duty_met=duty_met if statement.statutory else None,
        agreed_by=getattr(actor, "email", "") or "",
    )
    _audit(session, actor, "assessment.consensus.set", round_, {"statement": statement.key})


def _audit(
    session: Session, actor: Actor, action: str, round_: Round, detail: dict[str, object] | None
) -> None:
    record(
        session,
        actor=actor,
        action=action,
        object_type="assessment_round",
        object_id=round_.id,
        partnership_id=round_.partnership_id,
        detail=detail,
    )
