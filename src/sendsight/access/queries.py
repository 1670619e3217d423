"""The only place the access tables are read or written (the audit log has ``audit.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from sendsight.access.errors import TenancyRefused
from sendsight.access.models import Organisation, OrganisationKind, Partnership, User
from sendsight.access.roles import Role
from sendsight.core.errors import NotFound


def normalise_email(email: str) -> str:
    """An email address as stored: trimmed and lower-cased (addresses are matched case-blind)."""
    return email.strip().lower()


def get_partnership_by_name_or_none(*, session: Session, name: str) -> Partnership | None:
    """The partnership called ``name``, or None."""
    return session.scalar(select(Partnership).where(Partnership.name == name))


def list_partnerships(*, session: Session) -> list[Partnership]:
    """Every partnership, by name."""
    return list(session.scalars(select(Partnership).order_by(Partnership.name, Partnership.id)))


def partnership_for_la_or_none(*, session: Session, la_code: str) -> Partnership | None:
    """The partnership covering ``la_code``, or None (there is at most one: ADR 0602)."""
    return next(
        (p for p in list_partnerships(session=session) if la_code in (p.la_codes or [])), None
    )


def create_partnership(*, session: Session, name: str, la_codes: Sequence[str]) -> Partnership:
    """A new partnership for the local authorities ``la_codes``.

    Refused (``TenancyRefused``) when one of them already belongs to another partnership.
    """
    _check_la_codes_free(session, la_codes, None)
    partnership = Partnership(name=name, la_codes=sorted(la_codes))
    session.add(partnership)
    session.flush()
    return partnership


def set_partnership_la_codes(
    *, session: Session, partnership: Partnership, la_codes: Sequence[str]
) -> None:
    """Change the LAs a partnership covers (refused for an LA in another partnership)."""
    _check_la_codes_free(session, la_codes, partnership.id)
    partnership.la_codes = sorted(la_codes)
    session.flush()


def _check_la_codes_free(
    session: Session, la_codes: Sequence[str], partnership_id: str | None
) -> None:
    """A local authority belongs to at most one partnership: its case records are kept apart
    by LA code, so an LA in two partnerships would show one's children to the other."""
    for code in la_codes:
        holder = partnership_for_la_or_none(session=session, la_code=code)
        if holder is not None and holder.id != partnership_id:
            raise TenancyRefused(
                f"Local authority {code} already belongs to the partnership {holder.name!r}; "
                "a local authority can be in only one partnership"
            )


def create_organisation(
    *,
    session: Session,
    partnership: Partnership,
    name: str,
    kind: OrganisationKind,
    la_code: str | None = None,
    urn: str | None = None,
) -> Organisation:
    """A new member organisation of ``partnership``; its LA, if any, must be one the
    partnership covers (its users see that LA's case records: ADR 0602)."""
    if la_code is not None and la_code not in (partnership.la_codes or []):
        raise TenancyRefused(
            f"The partnership {partnership.name!r} does not cover local authority {la_code}"
        )
    organisation = Organisation(
        partnership_id=partnership.id, name=name, kind=kind.value, la_code=la_code, urn=urn
    )
    session.add(organisation)
    session.flush()
    return organisation


def get_organisation(*, session: Session, organisation_id: str) -> Organisation:
    """The organisation with ``organisation_id``; raises NotFound."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(f"No organisation {organisation_id}")
    return organisation


def get_organisation_by_name_or_none(
    *, session: Session, partnership_id: str, name: str
) -> Organisation | None:
    """The organisation called ``name`` in a partnership, or None."""
    return session.scalar(
        select(Organisation).where(
            Organisation.partnership_id == partnership_id, Organisation.name == name
        )
    )


def organisation_names_by_urn(
    *, session: Session, partnership_id: str, urns: Sequence[str]
) -> dict[str, str]:
    """The names of the partnership's organisations with these URNs (schools and settings), by
    URN; where two share a URN, the name that sorts first."""
    query = select(Organisation.urn, Organisation.name).where(
        Organisation.urn.in_(list(urns)), Organisation.partnership_id == partnership_id
    )
    rows = session.execute(query.order_by(Organisation.name.desc(), Organisation.id)).all()
    return {str(urn): name for urn, name in rows}


def list_organisations(*, session: Session, partnership_id: str) -> list[Organisation]:
    """The partnership's organisations by name."""
    query = select(Organisation).where(Organisation.partnership_id == partnership_id)
    return list(session.scalars(query.order_by(Organisation.name, Organisation.id)))


def create_user(
    *,
    session: Session,
    email: str,
    name: str,
    organisation: Organisation,
    role: Role | None,
    password_hash: str | None = None,
    invited_at: datetime | None = None,
) -> User:
    """A new active user (email stored lower-cased); ``role`` None stores no role (no access)."""
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        organisation_id=organisation.id,
        role=role.value if role is not None else "",
        password_hash=password_hash,
        invited_at=invited_at,
        active=True,
        failed_attempts=0,
        session_version=1,
    )
    session.add(user)
    session.flush()
    return user


def get_user(*, session: Session, user_id: str) -> User:
    """The user with ``user_id`` (with organisation and partnership loaded); raises NotFound."""
    user = get_user_or_none(session=session, user_id=user_id)
    if user is None:
        raise NotFound(f"No user {user_id}")
    return user


def get_user_or_none(*, session: Session, user_id: str) -> User | None:
    """The user with ``user_id``, or None."""
    query = (
        select(User)
        .where(User.id == user_id)
        .options(joinedload(User.organisation).joinedload(Organisation.partnership))
    )
    return session.scalar(query)


def get_user_by_email_or_none(*, session: Session, email: str) -> User | None:
    """The user whose (lower-cased) email is ``email``, or None."""
    query = (
        select(User)
        .where(User.email == normalise_email(email))
        .options(joinedload(User.organisation).joinedload(Organisation.partnership))
    )
    return session.scalar(query)


def get_user_by_invitation_or_none(*, session: Session, token_hash: str) -> User | None:
    """The user holding the invitation whose token hashes to ``token_hash``, or None."""
    return session.scalar(select(User).where(User.invitation_token_hash == token_hash))


def user_exists(*, session: Session, email: str) -> bool:
    """True when an account uses ``email``."""
    return get_user_by_email_or_none(session=session, email=email) is not None


def list_users(*, session: Session, partnership_id: str) -> list[User]:
    """Every user in a partnership's organisations, by name then email."""
    query = (
        select(User)
        .join(User.organisation)
        .where(Organisation.partnership_id == partnership_id)
        .options(joinedload(User.organisation))
        .order_by(User.name, User.email, User.id)
    )
    return list(session.scalars(query))
