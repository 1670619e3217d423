"""The signed-in person as the rest of the code sees them: a small immutable snapshot.

Built once per request from the user's row so that policy checks are pure functions and never
touch the database (or a detached ORM object).
"""

from __future__ import annotations

from dataclasses import dataclass

from sendsight.access.models import User


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is signed in: their id, email, role and the organisation they act for.

    ``la_codes`` are the local authorities whose case data the person may be entitled to: their
    own council's code for a council (or a school in it), otherwise every authority the
    partnership covers (an ICB or a parent carer forum works across the partnership).
    """

    id: str
    email: str
    name: str
    role: str
    organisation_id: str
    organisation_kind: str
    partnership_id: str
    la_codes: tuple[str, ...]
    urn: str | None = None


def principal_of(user: User) -> Principal:
    """The snapshot of ``user`` (reads its organisation and partnership)."""
    organisation = user.organisation
    if organisation.la_code:
        la_codes: tuple[str, ...] = (organisation.la_code,)
    else:
        la_codes = tuple(sorted(organisation.partnership.la_codes or []))
    return Principal(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        organisation_id=organisation.id,
        organisation_kind=organisation.kind,
        partnership_id=organisation.partnership_id,
        la_codes=la_codes,
        urn=organisation.urn,
    )
