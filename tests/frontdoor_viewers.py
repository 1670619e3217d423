"""A triage officer of a fresh partnership with one school, for the front-door store tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from sendsight.frontdoor import queries
from tests.partnerships import new_partnership_id

LA = "877"
TODAY = date(2026, 12, 3)


@dataclass(frozen=True)
class Viewer:
    partnership_id: str
    id: str = "u-1"
    email: str = "triage@example.test"
    role: str = "triage"
    la_codes: tuple[str, ...] = (LA,)
    urn: str | None = None


def triage_viewer(session: Session, partnership_name: str) -> Viewer:
    """A new partnership for LA 877 with school 990501, seen by its triage officer."""
    found = Viewer(new_partnership_id(session, partnership_name, [LA]))
    queries.add_setting(
        session=session,
        partnership_id=found.partnership_id,
        la_code=LA,
        urn="990501",
        name="Test School",
        phase="primary",
        locality="North",
    )
    return found
