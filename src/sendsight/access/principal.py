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
    return principal_from(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        organisation_id=organisation.id,
        organisation_kind=organisation.kind,
        partnership_id=organisation.partnership_id,
        organisation_la_code=organisation.la_code,
        partnership_la_codes=organisation.partnership.la_codes,
        urn=organisation.urn,
    )


def principal_from(
    *,
    id: str,
    email: str,
    name: str,
    role: str,
    organisation_id: str,
    organisation_kind: str,
    partnership_id: str,
    organisation_la_code: str | None,
    partnership_la_codes: list[str] | None,
    urn: str | None,
) -> Principal:
    """The snapshot from plain column values (the per-request check reads no ORM objects).

    A council's (or its school's) person is entitled to their own council's code; anyone else
    to every authority the partnership covers."""
    if organisation_la_code:
        la_codes: tuple[str, ...] = (organisation_la_code,)
    else:
        la_codes = tuple(sorted(partnership_la_codes or []))
    return Principal(
        id=id, email=email, name=name, role=role, organisation_id=organisation_id,
        organisation_kind=organisation_kind, partnership_id=partnership_id, la_codes=la_codes,
        urn=urn,
    )  # fmt: skip
