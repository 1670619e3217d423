"""The words of every email: short, plain English, one link back to the service.

Pure functions: each returns a subject and a body. No body names a person or carries a child's
details (name, identifier, UPN, date of birth); the at-risk digest carries counts only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

SIGN_OFF = "From sendsight, for your local SEND partnership"


class Kind(StrEnum):
    """What a message is for."""

    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"
    OVERDUE_ACTIONS = "overdue_actions"
    MEASURES_DUE = "measures_due"
    AT_RISK_DIGEST = "at_risk_digest"
    COMMENTARY_REQUEST = "commentary_request"  # a measure owner asked for board commentary


# Messages holding a one-time link: blanked once sent, shown only where mail is read in the outbox.
SECRET_KINDS = frozenset({Kind.INVITATION, Kind.PASSWORD_RESET})


@dataclass(frozen=True, slots=True)
class Message:
    """A subject line and a plain-text body."""

    kind: Kind
    subject: str
    body: str


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _hours(hours: int) -> str:
    return "1 hour" if hours == 1 else f"{hours} hours"


def _body(*paragraphs: str) -> str:
    return "\n\n".join([*paragraphs, SIGN_OFF]) + "\n"


def invitation(*, partnership: str, link: str, valid_hours: int) -> Message:
    """An invitation to choose a password and start using sendsight."""
    return Message(
        Kind.INVITATION,
        "You have been invited to use sendsight",
        _body(
            f"You have been given an account on sendsight for {partnership}.",
            f"Choose your password using this link:\n{link}",
            f"The link works once and stops working after {_hours(valid_hours)}. If it has "
            "stopped working, ask your partnership administrator for a new one.",
        ),
    )


def password_reset(*, link: str, valid_minutes: int) -> Message:
    """A link to choose a new password, after someone asked for one."""
    return Message(
        Kind.PASSWORD_RESET,
        "Reset your sendsight password",
        _body(
            "Someone asked to reset the password for this sendsight account.",
            f"Choose a new password using this link:\n{link}",
            f"The link works once and stops working after {valid_minutes} minutes.",
            "If you did not ask for this, you can ignore this email: your password has not "
            "changed.",
        ),
    )


def overdue_actions(*, actions: Sequence[tuple[str, date]], link: str) -> Message:
    """The actions someone owns that are past their due date (title and due date of each)."""
    count = len(actions)
    lines = "\n".join(f"* {title} (due {_long(due)})" for title, due in actions)
    return Message(
        Kind.OVERDUE_ACTIONS,
        f"{count} action you own is overdue"
        if count == 1
        else f"{count} actions you own are overdue",
        _body(
            f"These actions are past their due date:\n{lines}",
            f"Update their progress or agree new dates on the scorecard:\n{link}",
        ),
    )


def measures_due(*, measures: Sequence[tuple[str, date]], link: str) -> Message:
    """Measures an organisation owns that are due an update (name and due date of each)."""
    count = len(measures)
    lines = "\n".join(f"* {name} (due {_long(due)})" for name, due in measures)
    return Message(
        Kind.MEASURES_DUE,
        f"{count} measure{'s' if count != 1 else ''} due an update",
        _body(
            f"Your organisation owns measures that are due a new figure:\n{lines}",
            f"Add the latest figures on the scorecard:\n{link}",
        ),
    )


def at_risk_digest(*, due_soon: int, overdue: int, link: str) -> Message:
    """The weekly at-risk digest: counts and a link, never which requests."""
    return Message(
        Kind.AT_RISK_DIGEST,
        "This week's EHC requests at risk",
        _body(
            f"Open EHC needs assessment requests with a statutory deadline in the next 2 weeks: "
            f"{due_soon}.",
            f"Open requests past a statutory deadline: {overdue}.",
            f"See which requests they are (sign in needed):\n{link}",
        ),
    )
