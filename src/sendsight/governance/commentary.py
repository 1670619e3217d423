"""Asking measure owners for commentary on their exceptions before a board meeting.

``COMMENTARY_DAYS_BEFORE`` days before the meeting (``sendsight board ask``, or the meeting page)
each exception's owning organisation's users are sent one email with a link to the answer page;
the answer is kept on the commentary row and goes into the pack.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from sendsight.access.queries import list_users
from sendsight.core.errors import PermissionDenied
from sendsight.governance import queries
from sendsight.governance.models import BoardMeeting, Commentary
from sendsight.notify.messages import Kind, Message

ANSWER_PATH = "/governance/commentary/{commentary_id}"
OWNER_ROLES = frozenset({"partner", "analyst", "admin"})


def owners_by_organisation(session: Session, *, partnership_id: str) -> dict[str, str]:
    """For each organisation name, one user's email (the first by email) who can answer."""
    found: dict[str, str] = {}
    for user in sorted(
        list_users(session=session, partnership_id=partnership_id), key=lambda u: u.email
    ):
        if user.role in OWNER_ROLES and user.active:
            found.setdefault(user.organisation.name, user.email)
    return found


def request_message(*, measure: str, meeting_on: date, link: str) -> Message:
    """The email asking for commentary (no figures, no names)."""
    body = "\n\n".join(
        (
            f"The board meets on {meeting_on.strftime('%-d %B %Y')}. The measure “{measure}” is "
            "in its exception report (off target or worse than its baseline).",
            f"Please write a few lines on why, and what is being done, here: {link}",
            "From sendsight, for your local SEND partnership",
        )
    )
    return Message(
        kind=Kind.COMMENTARY_REQUEST,
        subject=f"Board commentary needed: {measure}"[:200],
        body=body,
    )


def ask(
    session: Session,
    *,
    meeting: BoardMeeting,
    pack: dict[str, Any],
    today: date,
    base_url: str,
    send: bool = True,
) -> list[Commentary]:
    """Ask each exception's owner for commentary by email: once per measure and meeting (a
    measure already asked about is left alone). Returns the requests made now."""
    from sendsight.notify.outbox import link, queue

    owners = owners_by_organisation(session, partnership_id=meeting.partnership_id)
    done = {
        c.measure_key
        for c in queries.list_commentary(
            session=session, partnership_id=meeting.partnership_id, meeting_id=meeting.id
        )
    }
    asked = []
    for item in pack["exceptions"]:
        email = owners.get(item["owner"])
        if email is None or item["key"] in done:
            continue
        row = queries.ask_commentary(
            session=session,
            meeting=meeting,
            measure_key=item["key"],
            measure_name=item["name"],
            owner_email=email,
            requested_on=today,
        )
        asked.append(row)
        if send:
            message = request_message(
                measure=item["name"],
                meeting_on=meeting.meeting_on,
                link=link(base_url, ANSWER_PATH.format(commentary_id=row.id)),
            )
            queue(
                session,
                partnership_id=meeting.partnership_id,
                to_address=email,
                message=message,
                dedupe_key=f"commentary:{row.id}",
            )
    return asked


def answer(
    session: Session,
    *,
    commentary: Commentary,
    text: str,
    by_email: str,
    at: datetime | None = None,
) -> Commentary:
    """Save the owner's commentary (only the person asked, or an administrator, may)."""
    meeting = session.get(BoardMeeting, commentary.meeting_id)
    if meeting is not None and meeting.issued_at_utc is not None:
        raise PermissionDenied("The pack for this meeting has been issued: commentary is closed")
    commentary.text = text.strip()[:5000]
    commentary.answered_at_utc = at or datetime.now(UTC)
    session.flush()
    return commentary
