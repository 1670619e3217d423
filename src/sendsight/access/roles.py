"""Roles and the permissions each grants. Least privilege: a role gets only what its work needs."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from sendsight.access.permissions import Permission as P


class Role(StrEnum):
    """A user's role within their organisation's partnership."""

    ADMIN = "admin"
    ANALYST = "analyst"
    CASEWORKER = "caseworker"
    PARTNER = "partner"
    SCHOOL = "school"
    # A service provider's staff: edits its own Local Offer listings, moderated (directory).
    PROVIDER = "provider"
    # The front door's triage officers: read and route requests for support (frontdoor).
    TRIAGE = "triage"
    # A panel member: sees only the cases on their panel's agendas (frontdoor).
    PANEL = "panel"
    # A family member with an account from the council: makes requests for support for their
    # own child and follows them; nothing else (frontdoor, decision 1102).
    FAMILY = "family"


ROLE_PERMISSIONS: dict[Role, frozenset[P]] = {
    Role.ADMIN: frozenset(
        {
            P.SIGNED_IN,
            P.VIEW_AGGREGATES,
            P.EDIT_OUTCOMES,
            P.IMPORT_DATA,
            P.ADMIN,
            P.EDIT_COPRODUCTION,
            P.MANAGE_DIRECTORY,
        }
    ),
    Role.ANALYST: frozenset(
        {
            P.SIGNED_IN,
            P.VIEW_AGGREGATES,
            P.EDIT_OUTCOMES,
            P.IMPORT_DATA,
            P.IMPORT_CASES,
            P.VIEW_CASES,
            P.EDIT_COPRODUCTION,
            P.MANAGE_DIRECTORY,
            P.EDIT_ADULTHOOD,
        }
    ),
    Role.CASEWORKER: frozenset(
        {
            P.SIGNED_IN,
            P.VIEW_AGGREGATES,
            P.VIEW_CASES,
            P.VIEW_IDENTIFIABLE,
            P.FRONTDOOR_SUBMIT,
            P.EDIT_ADULTHOOD,
        }
    ),
    Role.PARTNER: frozenset({P.SIGNED_IN, P.VIEW_AGGREGATES, P.EDIT_OUTCOMES, P.EDIT_COPRODUCTION}),
    Role.SCHOOL: frozenset({P.SIGNED_IN, P.VIEW_OWN_SETTING, P.FRONTDOOR_SUBMIT}),
    Role.PROVIDER: frozenset({P.SIGNED_IN, P.EDIT_OWN_LISTINGS}),
    Role.TRIAGE: frozenset(
        {P.SIGNED_IN, P.FRONTDOOR_SUBMIT, P.FRONTDOOR_TRIAGE, P.FRONTDOOR_PANEL}
    ),
    Role.PANEL: frozenset({P.SIGNED_IN, P.FRONTDOOR_PANEL}),
    Role.FAMILY: frozenset({P.FRONTDOOR_SUBMIT}),
}
# Everyone may open the front door and follow the requests they may see (frontdoor/access.py),
# and look after their own account (see it, sign out on every device).
ROLE_PERMISSIONS = {
    role: found | {P.FRONTDOOR_FOLLOW, P.OWN_ACCOUNT} for role, found in ROLE_PERMISSIONS.items()
}

ROLE_DESCRIPTIONS: dict[Role, str] = {
    Role.ADMIN: "Runs the partnership's accounts: invites users, assigns roles, reads the audit "
    "log.",
    Role.ANALYST: "Sees aggregates and pseudonymised case-level data for their local area; "
    "imports data.",
    Role.CASEWORKER: "Sees case-level data with names and identifiers for their local area, "
    "and the at-risk list.",
    Role.PARTNER: "Sees figures after disclosure control; edits their own organisation's measures, "
    "notes and actions.",
    Role.SCHOOL: "Sees their own setting's figures.",
    Role.PROVIDER: "Edits their own organisation's Local Offer listings; changes are reviewed "
    "before they are published.",
    Role.TRIAGE: "Reads requests for support for their local area and decides the route each "
    "takes.",
    Role.PANEL: "Sees the cases on the agendas of the panels they sit on and records decisions.",
    Role.FAMILY: "Makes requests for support for their own child and follows what happens to "
    "them; nothing else.",
}


class HasRole(Protocol):
    """Anything with a role (a signed-in user)."""

    @property
    def role(self) -> str: ...


def has_permission(user: HasRole, permission: P) -> bool:
    """True when ``user``'s role grants ``permission`` (public is granted to everyone)."""
    return role_has_permission(user.role, permission)


def role_has_permission(role: str, permission: P) -> bool:
    """True when the role named ``role`` grants ``permission`` (an unknown role: nothing but
    public)."""
    if permission is P.PUBLIC:
        return True
    try:
        known = Role(role)
    except ValueError:
        return False
    return permission in ROLE_PERMISSIONS[known]


def sees_case_level(user: HasRole | None) -> bool:
    """True when the user may see unprotected (case-level) figures.

    Everyone else gets disclosure control.
    """
    return user is not None and has_permission(user, P.VIEW_CASES)
