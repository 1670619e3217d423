"""Who a reminder goes to. Only active accounts that have signed up (not a pending invitation)."""

from __future__ import annotations

from collections.abc import Sequence

from sendsight.access.models import User
from sendsight.access.permissions import Permission
from sendsight.access.roles import Role, has_permission
from sendsight.outcomes.models import Action, Measure


def reachable(users: Sequence[User]) -> list[User]:
    """The users who can act on an email: active, with a password or single sign-on."""
    return [u for u in users if u.active and (u.password_hash or u.oidc_subject)]


def admins(users: Sequence[User]) -> list[User]:
    """The partnership's administrators."""
    return [u for u in users if u.role == Role.ADMIN]


def editors_of(users: Sequence[User], organisation_id: str | None) -> list[User]:
    """Who may edit an organisation's measures: its users with ``EDIT_OUTCOMES``; for a measure
    owned by no organisation (partnership-wide), the administrators."""
    if organisation_id is None:
        return admins(users)
    return [
        u
        for u in users
        if u.organisation_id == organisation_id and has_permission(u, Permission.EDIT_OUTCOMES)
    ]


def action_owners(users: Sequence[User], action: Action, measure: Measure) -> list[User]:
    """The owners of an action: the account its owner names (by email address or name), else
    whoever edits its measure for the owning organisation, else the administrators."""
    person = action.owner_person.strip().casefold()
    named = [u for u in users if person and person in (u.email.casefold(), u.name.casefold())]
    return named or editors_of(users, measure.owner_organisation_id) or admins(users)


def caseworkers(users: Sequence[User]) -> list[User]:
    """The users who work the at-risk list."""
    return [u for u in users if u.role == Role.CASEWORKER]
