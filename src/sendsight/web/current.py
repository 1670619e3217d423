"""Who is asking, and with which settings: the one place views read them from.

``g.current_user`` is set once per request by the sign-in hook (``blueprints/auth.py``) to a
:class:`~sendsight.access.principal.Principal` or None; the access hook (``web/access.py``) has
already refused a route the person may not use before a view runs.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g

from sendsight.access.principal import Principal
from sendsight.config import Settings
from sendsight.core.errors import PermissionDenied


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
