"""Who is asking, with which settings, and how figures are shown to them: the one place views
read them from.

``g.current_user`` is set once per request by the sign-in hook (``blueprints/auth.py``) to a
:class:`~sendsight.access.principal.Principal` or None; the access hook (``web/access.py``) has
already refused a route the person may not use before a view runs.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g

from sendsight.access.principal import Principal
from sendsight.access.roles import sees_case_level
from sendsight.config import Settings
from sendsight.core.errors import PermissionDenied
from sendsight.disclosure import Viewpoint


def principal_or_none() -> Principal | None:
    """The signed-in person, or None when nobody is signed in."""
    user: Any = g.get("current_user")
    return user if isinstance(user, Principal) else None


def principal() -> Principal:
    """The signed-in person; ``PermissionDenied`` when nobody is (a route that needs a person
    is normally refused before its view runs, so this is a second line)."""
    user = principal_or_none()
    if user is None:
        raise PermissionDenied("Sign in to use this page")
    return user


def settings() -> Settings:
    """The settings the app was built with."""
    value: Any = current_app.config["SENDSIGHT_SETTINGS"]
    assert isinstance(value, Settings)
    return value


def viewpoint() -> Viewpoint:
    """How this request's reader sees figures: exactly with case-level access, otherwise
    through disclosure control with the configured settings (one per request)."""
    if "viewpoint" not in g:
        found = settings()
        g.viewpoint = Viewpoint(
            case_level=sees_case_level(principal_or_none()),
            threshold=found.disclosure_threshold,
            round_to=found.disclosure_round_to,
            modelled_round_to=found.disclosure_modelled_round_to,
        )
    chosen: Viewpoint = g.viewpoint
    return chosen
