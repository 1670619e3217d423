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


ROLE_PERMISSIONS: dict[Role, frozenset[P]] = {
    Role.ADMIN: frozenset(
        {P.SIGNED_IN, P.VIEW_AGGREGATES, P.EDIT_OUTCOMES, P.IMPORT_DATA, P.ADMIN}
    ),
    Role.ANALYST: frozenset(
        {
            P.SIGNED_IN,
            P.VIEW_AGGREGATES,
            P.EDIT_OUTCOMES,
            P.IMPORT_DATA,
            P.IMPORT_CASES,
            P.VIEW_CASES,
        }
    ),
    Role.CASEWORKER: frozenset({P.SIGNED_IN, P.VIEW_AGGREGATES, P.VIEW_CASES, P.VIEW_IDENTIFIABLE}),
    Role.PARTNER: frozenset({P.SIGNED_IN, P.VIEW_AGGREGATES, P.EDIT_OUTCOMES}),
    Role.SCHOOL: frozenset({P.SIGNED_IN, P.VIEW_OWN_SETTING}),
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
}


class HasRole(Protocol):
    """Anything with a role (a signed-in user)."""

    @property
    def role(self) -> str: ...


def has_permission(user: HasRole, permission: P) -> bool:
    """True when ``user``'s role grants ``permission`` (public is granted to everyone)."""
    if permission is P.PUBLIC:
        return True
    try:
        role = Role(user.role)
    except ValueError:
        return False
    return permission in ROLE_PERMISSIONS[role]


def sees_case_level(user: HasRole | None) -> bool:
    """True when the user may see unprotected (case-level) figures.

    Everyone else gets disclosure control.
    """
    return user is not None and has_permission(user, P.VIEW_CASES)
