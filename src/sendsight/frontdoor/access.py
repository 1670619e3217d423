"""Who may see which request, meeting and decision (object-level rules; the route's permission
is checked first by the web layer).

- A triage officer sees every request of their partnership's local authorities.
- A school sees the requests about children at its own URN; anyone who made a request sees it
  (a family member sees only those: decision 1102).
- A panel member sees only the requests on the agendas of the panels they sit on.

Anything else is "not found", so that nobody learns another child's request exists.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session

from sendsight.access.permissions import Permission
from sendsight.access.roles import has_permission
from sendsight.core.errors import NotFound
from sendsight.frontdoor import queries
from sendsight.frontdoor.models import FdMeeting, FdRequest


class Viewer(Protocol):
    """A signed-in person (``access.principal.Principal``)."""

    @property
    def id(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def partnership_id(self) -> str: ...
    @property
    def la_codes(self) -> tuple[str, ...]: ...
    @property
    def urn(self) -> str | None: ...


def is_triage(viewer: Viewer) -> bool:
    """Whether ``viewer`` triages requests (sees all of the partnership's)."""
    return has_permission(viewer, Permission.FRONTDOOR_TRIAGE)


def panel_ids(session: Session, viewer: Viewer) -> list[str]:
    """The panels ``viewer`` may see: all for triage, else the ones they sit on."""
    if is_triage(viewer):
        return [
            p.id for p in queries.list_panels(session=session, partnership_id=viewer.partnership_id)
        ]
    return queries.panel_ids_of_member(
        session=session, partnership_id=viewer.partnership_id, email=viewer.email
    )


def can_see(session: Session, viewer: Viewer, request: FdRequest) -> bool:
    """Whether ``viewer`` may see ``request`` (see the module's rules)."""
    if request.partnership_id != viewer.partnership_id:
        return False
    if is_triage(viewer):
        return request.la_code in viewer.la_codes
    if request.submitted_by.lower() == viewer.email.lower():
        return True
    if viewer.urn and has_permission(viewer, Permission.FRONTDOOR_SUBMIT):
        return request.setting_urn == viewer.urn
    if has_permission(viewer, Permission.FRONTDOOR_PANEL):
        return queries.on_agendas_of(
            session=session, request_id=request.id, panel_ids=panel_ids(session, viewer)
        )
    return False


def visible_request(session: Session, viewer: Viewer, request_id: str) -> FdRequest:
    """The request ``request_id`` if ``viewer`` may see it; ``NotFound`` otherwise."""
    found = queries.get_request(
        session=session, partnership_id=viewer.partnership_id, request_id=request_id
    )
    if not can_see(session, viewer, found):
        raise NotFound("No such request")
    return found


def visible_meeting(session: Session, viewer: Viewer, meeting_id: str) -> FdMeeting:
    """The meeting if it is of a panel ``viewer`` may see; ``NotFound`` otherwise."""
    found = queries.get_meeting(
        session=session, partnership_id=viewer.partnership_id, meeting_id=meeting_id
    )
    if found.panel_id not in panel_ids(session, viewer):
        raise NotFound("No such meeting")
    return found
