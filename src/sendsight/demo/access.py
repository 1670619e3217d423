"""The demo partnership's organisations and one user for every role (made-up people and URNs)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sendsight.access import queries
from sendsight.access.models import Organisation, OrganisationKind, Partnership, User
from sendsight.access.passwords import hash_password, hasher
from sendsight.access.roles import Role
from sendsight.access.signin import DEMO_EMAIL_DOMAIN
from sendsight.config import get_settings

PARTNERSHIP_NAME = "Demo SEND Alliance"
# Made-up URNs in a range no real establishment uses (real URNs are 6 digits from 100000).
DEMO_SCHOOLS = (
    ("Brookfield Primary School (demo)", "990001"),
    ("Hollins Lane Academy (demo)", "990002"),
    ("Millbrook High School (demo)", "990003"),
    ("Oakwood Special School (demo)", "990004"),
)
DEMO_USERS = (
    (Role.ADMIN, "Alex Admin", "council"),
    (Role.ANALYST, "Ana Analyst", "council"),
    (Role.CASEWORKER, "Casey Caseworker", "council"),
    (Role.PARTNER, "Pat Partner", "icb"),
    (Role.SCHOOL, "Sam School", "school"),
    (Role.PROVIDER, "Priya Provider", "provider"),
    (Role.TRIAGE, "Toby Triage", "council"),
    (Role.PANEL, "Pene Panel", "council"),
    # A family member's account is issued by the council's front door (frontdoor, ADR 1102).
    (Role.FAMILY, "Frankie Family", "council"),
)


def seed_demo_access(session: Session, *, la_code: str, password: str) -> list[tuple[str, str]]:
    """Create (or refresh) the demo partnership and its users; returns (email, role) pairs.

    Idempotent: running it again resets each demo user's role and password and reactivates them.
    A system path for demo databases only: roles are set directly, without the second
    administrator a case-level role otherwise waits for (``sendsight.access.grants``).
    """
    partnership = demo_partnership(session, la_code=la_code)
    organisations = _organisations(session, partnership, la_code)
    settings = get_settings()
    password_hash = hash_password(
        password, hasher(settings.argon2_time_cost, settings.argon2_memory_kib)
    )
    accounts = []
    for role, name, home in DEMO_USERS:
        email = f"{role.value}@{DEMO_EMAIL_DOMAIN}"
        _upsert_user(session, email, name, organisations[home], role, password_hash)
        accounts.append((email, role.value))
    session.flush()
    return accounts


def demo_partnership(session: Session, *, la_code: str) -> Partnership:
    """The demo partnership, covering ``la_code`` (made when missing). Refused when another
    partnership covers the LA: a local authority belongs to at most one (ADR 0602)."""
    partnership = queries.get_partnership_by_name_or_none(session=session, name=PARTNERSHIP_NAME)
    if partnership is None:
        return queries.create_partnership(
            session=session, name=PARTNERSHIP_NAME, la_codes=[la_code]
        )
    queries.set_partnership_la_codes(session=session, partnership=partnership, la_codes=[la_code])
    return partnership


def _organisations(
    session: Session, partnership: Partnership, la_code: str
) -> dict[str, Organisation]:
    wanted: list[tuple[str, str, OrganisationKind, str | None, str | None]] = [
        ("council", "Demo Borough Council", OrganisationKind.LOCAL_AUTHORITY, la_code, None),
        ("icb", "Demo Integrated Care Board", OrganisationKind.ICB, None, None),
        ("forum", "Demo Parent Carer Forum", OrganisationKind.PARENT_CARER_FORUM, None, None),
        ("provider", "Demo Therapy Services", OrganisationKind.PROVIDER, None, None),
    ]
    wanted += [
        (f"school{i}", name, OrganisationKind.SCHOOL, la_code, urn)
        for i, (name, urn) in enumerate(DEMO_SCHOOLS)
    ]
    found: dict[str, Organisation] = {}
    for key, name, kind, code, urn in wanted:
        organisation = queries.get_organisation_by_name_or_none(
            session=session, partnership_id=partnership.id, name=name
        )
        if organisation is None:
            organisation = queries.create_organisation(
                session=session,
                partnership=partnership,
                name=name,
                kind=kind,
                la_code=code,
                urn=urn,
            )
        organisation.la_code = code
        found[key] = organisation
    found["school"] = found["school0"]
    return found


def _upsert_user(
    session: Session,
    email: str,
    name: str,
    organisation: Organisation,
    role: Role,
    password_hash: str,
) -> User:
    user = queries.get_user_by_email_or_none(session=session, email=email)
    if user is None:
        return queries.create_user(
            session=session,
            email=email,
            name=name,
            organisation=organisation,
            role=role,
            password_hash=password_hash,
        )
    user.name, user.organisation_id, user.role = name, organisation.id, role.value
    user.password_hash, user.active = password_hash, True
    user.failed_attempts, user.locked_until = 0, None
    return user
