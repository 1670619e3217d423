"""Object-level checks: beyond "may this role see case data?", *whose* data may this person see.

Any domain calls these with the request's principal. The ``require_`` variants raise
``NotFound`` rather than ``PermissionDenied`` where a refusal would confirm that another
organisation's record exists.
"""

from __future__ import annotations

from sendsight.access.permissions import Permission
from sendsight.access.principal import Principal
from sendsight.access.roles import has_permission
from sendsight.core.errors import NotFound, PermissionDenied


def can_view_cases(user: Principal | None, la_code: str) -> bool:
    """True when ``user`` may see pseudonymised case-level records of ``la_code``."""
    return _has_for_la(user, Permission.VIEW_CASES, la_code)


def can_view_identifiable(user: Principal | None, la_code: str) -> bool:
    """True when ``user`` may see names and identifiers in ``la_code``'s cases."""
    return _has_for_la(user, Permission.VIEW_IDENTIFIABLE, la_code)


def can_view_setting(user: Principal | None, urn: str) -> bool:
    """True when ``user`` may see the figures of the school or setting with reference ``urn``.

    A school user sees only their own setting; anyone with aggregate access sees any setting.
    """
    if user is None:
        return False
    if has_permission(user, Permission.VIEW_AGGREGATES):
        return True
    return has_permission(user, Permission.VIEW_OWN_SETTING) and user.urn == urn


def can_edit_org_item(user: Principal | None, organisation_id: str) -> bool:
    """True when ``user`` may edit a measure, note or action owned by ``organisation_id``.

    Partners edit only their own organisation's items; admins edit any in their partnership
    (the caller checks the partnership when it has one).
    """
    if user is None or not has_permission(user, Permission.EDIT_OUTCOMES):
        return False
    if has_permission(user, Permission.ADMIN):
        return True
    return user.organisation_id == organisation_id


def require_view_cases(user: Principal | None, la_code: str) -> None:
    """Raise unless :func:`can_view_cases`; another LA's cases are "not found", not "forbidden"."""
    _require(user, can_view_cases(user, la_code), Permission.VIEW_CASES)


def require_view_setting(user: Principal | None, urn: str) -> None:
    """Raise unless :func:`can_view_setting`; another school's page is "not found"."""
    _require(user, can_view_setting(user, urn), Permission.VIEW_OWN_SETTING)


def require_edit_org_item(user: Principal | None, organisation_id: str) -> None:
    """Raise ``PermissionDenied`` unless :func:`can_edit_org_item`."""
    if not can_edit_org_item(user, organisation_id):
        raise PermissionDenied("Only the organisation that owns this item can change it")


def _has_for_la(user: Principal | None, permission: Permission, la_code: str) -> bool:
    return user is not None and has_permission(user, permission) and la_code in user.la_codes


def _require(user: Principal | None, allowed: bool, permission: Permission) -> None:
    if allowed:
        return
    if user is None or not has_permission(user, permission):
        raise PermissionDenied("Your role does not include this")
    # The role fits but the record belongs to someone else: do not confirm it exists.
    raise NotFound("No such record")
