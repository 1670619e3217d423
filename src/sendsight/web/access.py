"""Every route declares the permission it needs; one hook enforces it before the view runs.

A meta-test fails for any route without a declaration, so a forgotten check cannot ship.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, g, redirect, request, url_for
from werkzeug.wrappers import Response

from sendsight.access.permissions import Permission

F = TypeVar("F", bound=Callable[..., Any])
PERMISSION_ATTRIBUTE = "sendsight_permission"


def requires(permission: Permission) -> Callable[[F], F]:
    """Declare the permission a view needs (``Permission.PUBLIC`` for public pages)."""

    def decorate(view: F) -> F:
        setattr(view, PERMISSION_ATTRIBUTE, permission)
        return view

    return decorate


def declared_permission(app: Flask, endpoint: str) -> Permission | None:
    """The permission declared by the view behind ``endpoint`` (None when undeclared)."""
    view = app.view_functions.get(endpoint)
    return getattr(view, PERMISSION_ATTRIBUTE, None)


def init_access(app: Flask, *, has_permission: Callable[[Any, Permission], bool]) -> None:
    """Refuse any request whose route's permission the current user lacks.

    Anonymous users asking for anything not public are sent to sign in; signed-in users without
    the permission get 403. Undeclared routes are refused outright (fail closed).
    """

    @app.before_request
    def _enforce() -> Response | None:
        if request.endpoint is None or request.endpoint == "static":
            return None
        permission = declared_permission(app, request.endpoint)
        if permission is None:
            abort(403)
        if permission is Permission.PUBLIC:
            return None
        user = g.get("current_user")
        if user is None:
            return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
        if not has_permission(user, permission):
            abort(403)
        return None
