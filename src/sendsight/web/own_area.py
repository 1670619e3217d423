"""The signed-in person's own local authority: the one every LA picker opens on."""

from __future__ import annotations

from sendsight.web import current


def own_la_code() -> str:
    """The first LA whose data the signed-in person works on (their council's, or for a body
    working across the partnership the first of its LAs); "" when signed out or there is none."""
    user = current.principal_or_none()
    if user is not None and user.la_codes:
        return user.la_codes[0]
    return ""
