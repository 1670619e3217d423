"""Comments on the Local Offer ("Is this information right?") and the answers to them.

The SEND Regulations 2014, regulation 56, require the local authority to publish comments
about its Local Offer and its response: an answered comment can be published on the
"You said, we did" page. A comment reaches the directory team and the listing's provider
through the outbox.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.audit import Actor, record
from sendsight.core.errors import InputRejected, NotFound, Problem
from sendsight.directory import queries
from sendsight.directory.models import ListingFeedback, Organization
from sendsight.notify import queries as outbox

MAX_LENGTH: Final = 2000
KIND: Final = "directory_feedback"


def _text(value: str, field: str, message: str) -> str:
    value = value.replace("\x00", "").strip()  # PostgreSQL text cannot hold NUL
    if not value:
        raise InputRejected([Problem("form", message, column=field)])
    if len(value) > MAX_LENGTH:
        raise InputRejected(
            [Problem("form", f"Write at most {MAX_LENGTH} characters", column=field)]
        )
    return value


def give(
    session: Session, *, partnership_id: str, service_id: str | None, body: str, today: date
) -> ListingFeedback:
    """Keep a comment (about one service, or the Local Offer as a whole) and tell the team and
    the provider."""
    text = _text(body, "body", "Tell us what is wrong or missing")
    service = (
        queries.get_service(session=session, service_id=service_id, partnership_id=partnership_id)
        if service_id
        else None
    )
    item = ListingFeedback(
        partnership_id=partnership_id, service_id=service.id if service else None, body=text,
        received_on=today,
    )  # fmt: skip
    session.add(item)
    session.flush()
    subject = f"Local Offer comment: {service.name if service else 'the Local Offer'}"[:200]
    for address in _recipients(session, partnership_id, service):
        outbox.create_message(
            session=session, partnership_id=partnership_id, to_address=address, subject=subject,
            body=f"Someone using the Local Offer said:\n\n{text}\n\n"
            "Reply through the directory's feedback page.", kind=KIND,
        )  # fmt: skip
    return item


def _recipients(session: Session, partnership_id: str, service: object | None) -> list[str]:
    team = queries.settings_for(session=session, partnership_id=partnership_id).team_email
    found = [team] if team else []
    organization_id = getattr(service, "organization_id", None)
    if organization_id:
        organization = session.get(Organization, organization_id)
        if organization and organization.email:
            found.append(organization.email)
    return found


def list_feedback(
    session: Session, *, partnership_id: str, published_only: bool = False
) -> list[ListingFeedback]:
    """The partnership's comments, newest first (only the published ones when asked)."""
    query = select(ListingFeedback).where(ListingFeedback.partnership_id == partnership_id)
    if published_only:
        query = query.where(ListingFeedback.published.is_(True))
    order = (ListingFeedback.received_on.desc(), ListingFeedback.id)
    return list(session.scalars(query.order_by(*order)))


def get_feedback(session: Session, feedback_id: str, *, partnership_id: str) -> ListingFeedback:
    """One of the partnership's comments."""
    found = session.get(ListingFeedback, feedback_id) if queries.is_uuid(feedback_id) else None
    if found is None or found.partnership_id != partnership_id:
        raise NotFound(f"No comment {feedback_id}")
    return found


def answer(
    session: Session,
    *,
    actor: Actor,
    partnership_id: str,
    feedback_id: str,
    response: str,
    publish: bool,
    today: date,
) -> ListingFeedback:
    """Answer a comment ("we did") and choose whether to publish both (audited)."""
    item = get_feedback(session, feedback_id, partnership_id=partnership_id)
    item.response = _text(response, "response", "Write what was done about this comment")
    item.answered_on, item.published = today, publish
    record(session, actor=actor, action="directory.feedback.answer",
           object_type="feedback", object_id=item.id, partnership_id=partnership_id)  # fmt: skip
    return item
