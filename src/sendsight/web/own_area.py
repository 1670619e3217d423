"""The signed-in person's own local authority: the one every LA picker opens on."""

from __future__ import annotations

from flask import g

from sendsight.access.principal import Principal


def own_la_code() -> str:
    """The first LA whose data the signed-in person works on (their council's, or for a body
    working across the partnership the first of its LAs); "" when signed out or there is none."""
    user = g.get("current_user")
    if isinstance(user, Principal) and user.la_codes:
        return user.la_codes[0]
    return ""
