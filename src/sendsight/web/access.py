"""Every route declares the permission it needs; one hook enforces it before the view runs.

A meta-test fails for any route without a declaration, so a forgotten check cannot ship.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, g, jsonify, redirect, request, url_for
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
    the permission get 403. Under ``/api/`` both are JSON refusals instead (401 and 403).
    Undeclared routes are refused outright (fail closed).
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
            if _is_api(request.path):
                return api_refusal(401)
            return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
        if not has_permission(user, permission):
            if _is_api(request.path):
                return api_refusal(403)
            abort(403)
        return None


# A program calling the JSON API cannot follow a sign-in redirect or read an HTML page, so
# refusals there are JSON in the API's error shape (see docs/decisions/0801-json-api.md).
API_PREFIX = "/api/"
API_REFUSALS = {
    401: "Sign in to use this part of the API",
    403: "You do not have permission to see this",
}


def _is_api(path: str) -> bool:
    return path.startswith(API_PREFIX)


def api_refusal(status: int) -> Response:
    """A JSON refusal (401 not signed in, 403 not allowed) in the API's error shape."""
    response = jsonify({"error": {"status": status, "message": API_REFUSALS[status]}})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    if status == 401:
        # RFC 9110 section 11.6.1: a 401 names how to authenticate; here, a session cookie.
        response.headers["WWW-Authenticate"] = 'Cookie realm="sendsight"'
    return response
