"""Partnerships are kept apart: which partnership an LA, a command or an event belongs to.

The rule (ADR 0602): a local authority belongs to at most one partnership. Case records are
keyed by LA code, and a person's ``Principal.la_codes`` come from their partnership, so this one
rule keeps case data apart; every other partnership-owned row carries ``partnership_id``.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from sendsight.access import queries
from sendsight.access.audit import SYSTEM, record
from sendsight.access.errors import TenancyRefused
from sendsight.access.models import Organisation, OrganisationKind, Partnership, User
from sendsight.access.roles import Role
from sendsight.core.errors import NotFound
from sendsight.reference.queries import list_local_authorities


def check_la_codes_known(session: Session, la_codes: Sequence[str]) -> None:
    """Refuse any code that is not a current or former (predecessor) LA in the reference table."""
    known = {la.dfe_code for la in list_local_authorities(session=session, current_only=False)}
    for code in la_codes:
        if code not in known:
            raise TenancyRefused(
                f"{code!r} is not the DfE code of a local authority, current or former. "
                "Use a 3-digit code from the reference data, like 354 (run `sendsight init` "
                "first if the reference data is not loaded)"
            )


def partnership_for_la(session: Session, la_code: str) -> Partnership:
    """The partnership covering ``la_code``; ``TenancyRefused`` when none does."""
    found = queries.partnership_for_la_or_none(session=session, la_code=la_code)
    if found is None:
        raise TenancyRefused(
            f"No partnership covers local authority {la_code}: create one first with "
            f"`sendsight users create-admin --la-code {la_code}`"
        )
    return found


def chosen_partnership(session: Session, name: str | None) -> Partnership:
    """The partnership called ``name``; with no name, the only partnership there is.

    Refuses a name that is not there, and no name when there are several or none.
    """
    if name is not None:
        found = queries.get_partnership_by_name_or_none(session=session, name=name)
        if found is None:
            raise TenancyRefused(f"There is no partnership called {name!r}")
        return found
    every = queries.list_partnerships(session=session)
    if len(every) == 1:
        return every[0]
    if not every:
        raise TenancyRefused(
            "There is no partnership yet: create one with `sendsight users create-admin`"
        )
    names = ", ".join(repr(p.name) for p in every)
    raise TenancyRefused(f"Say which partnership with --partnership: one of {names}")


def get_partnership(session: Session, partnership_id: str) -> Partnership:
    """The partnership with ``partnership_id``; raises ``NotFound``."""
    found = session.get(Partnership, partnership_id)
    if found is None:
        raise NotFound(f"No partnership {partnership_id}")
    return found


def create_administrator(
    session: Session, *, email: str, name: str, partnership_name: str, la_code: str,
    password_hash: str,
) -> User:  # fmt: skip
    """The first administrator of a partnership, working for the council of ``la_code``.

    The partnership is created when there is none of that name, and comes to cover
    ``la_code``. Refused (``TenancyRefused``) for a code that is not a local authority, current
    or former, and for an LA that belongs to another partnership.
    """
    if queries.user_exists(session=session, email=email):
        raise TenancyRefused(f"An account already uses {queries.normalise_email(email)}")
    check_la_codes_known(session, [la_code])
    partnership = queries.get_partnership_by_name_or_none(session=session, name=partnership_name)
    if partnership is None:
        partnership = queries.create_partnership(
            session=session, name=partnership_name, la_codes=[la_code]
        )
    elif la_code not in (partnership.la_codes or []):
        codes = [*(partnership.la_codes or []), la_code]
        queries.set_partnership_la_codes(session=session, partnership=partnership, la_codes=codes)
    council = _council(session, partnership, la_code)
    user = queries.create_user(
        session=session, email=email, name=name, organisation=council, role=Role.ADMIN,
        password_hash=password_hash,
    )  # fmt: skip
    record(
        session, actor=SYSTEM, action="permission.change", object_type="user",
        object_id=user.id, la_code=la_code, partnership_id=partnership.id,
        detail={"change": "created administrator", "via": "cli"},
    )  # fmt: skip
    return user


def _council(session: Session, partnership: Partnership, la_code: str) -> Organisation:
    """The partnership's organisation for the council of ``la_code`` (made when missing)."""
    for organisation in queries.list_organisations(session=session, partnership_id=partnership.id):
        if (
            organisation.kind == OrganisationKind.LOCAL_AUTHORITY
            and organisation.la_code == la_code
        ):
            return organisation
    la = next(
        la
        for la in list_local_authorities(session=session, current_only=False)
        if la.dfe_code == la_code
    )
    return queries.create_organisation(
        session=session, partnership=partnership, name=f"{la.name} Council", la_code=la_code,
        kind=OrganisationKind.LOCAL_AUTHORITY,
    )  # fmt: skip
