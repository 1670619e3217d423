"""DEMONSTRATION DATA: a made-up Local Offer for the demo area.

About 40 invented organisations offer 160 invented services across the SEND needs, ages,
levels of support and five localities, with weekly sessions, costs, contacts (job titles, never
people), places and tags. Most listings were checked in the last six months; a few are stale
and a few have a provider's edit waiting for review. Nothing here describes a real body or
person. Ids are derived from the partnership, so the same demo always has the same ids.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.models import Organisation
from sendsight.directory import moderation, queries
from sendsight.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Language,
    ListingFeedback,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from sendsight.directory.store import Package, ensure_taxonomies, store
from sendsight.directory.taxonomies import LOCALITY, bands_for, term_id

NAMESPACE: Final = uuid.UUID("0b7e5a1c-2d3f-4e5a-8b9c-1d2e3f4a5b6c")
SERVICES: Final = 160
STALE: Final = 6
PENDING: Final = 4
PREFIXES: Final = (
    "Brightwater", "Kestrel", "Moorside", "Larkfield", "Hollin", "Ashworth Vale", "Cobblestone",
    "Riverbend", "Meadowlark", "Thornbank", "Greenacre", "Pennine Edge", "Wardle Brook",
    "Castleton Green", "Bluebell", "Oakridge", "Sparrow Hill", "Millstone", "Foxglove",
    "Harbour Lane",
)  # fmt: skip
KINDS: Final = ("Family Support", "Therapy Collective")
# (name, description, needs, level, pathway, minimum age, maximum age, costs money)
OFFERS: Final[tuple[tuple[str, str, tuple[str, ...], str, str, int, int, bool], ...]] = (
    ("Autism family workshops", "Evening workshops for parents of autistic children: sensory "
     "needs, routines and talking with school.", ("ASD",), "targeted", "early_help", 2, 16, False),
    ("Speech and language drop-in", "Bring your child to talk to a speech and language "
     "therapist, no appointment needed.", ("SLCN",), "universal", "information", 1, 11, False),
    ("Sensory play sessions", "Play sessions in a calm sensory room for young children with "
     "additional needs.", ("ASD", "PMLD", "MSI"), "universal", "early_help", 0, 5, True),
    ("Wellbeing mentoring", "One-to-one mentoring for young people who feel anxious or low.",
     ("SEMH",), "targeted", "sen_support", 11, 19, False),
    ("Specialist swimming", "Small-group swimming lessons with trained instructors and hoists.",
     ("PD", "SLD", "PMLD"), "targeted", "sen_support", 4, 25, True),
    ("Short breaks club", "Saturday activities and short breaks for disabled children.",
     ("SLD", "PMLD", "ASD", "PD"), "specialist", "ehc_plan", 5, 18, False),
    ("Reading support programme", "Structured literacy help for children with dyslexia.",
     ("SPLD", "MLD"), "targeted", "sen_support", 6, 16, True),
    ("Deaf children's youth group", "A youth group using British Sign Language.",
     ("HI", "MSI"), "targeted", "early_help", 8, 19, False),
    ("Sight loss mobility training", "Mobility and independence training for children with "
     "sight loss.", ("VI", "MSI"), "specialist", "ehc_plan", 4, 25, False),
    ("Supported internships", "A year of work placements with a job coach.",
     ("MLD", "SLD", "ASD"), "specialist", "adulthood", 16, 25, False),
    ("Independent travel training", "Learning to travel safely by bus and train.",
     ("MLD", "ASD", "SLD"), "targeted", "adulthood", 14, 25, False),
    ("Parent carer advice line", "Impartial advice about SEN support, EHC needs assessments and "
     "plans.", ("OTH", "ASD", "SEMH", "SLCN"), "universal", "assessment", 0, 25, False),
)  # fmt: skip
DAYS: Final = ("MO", "TU", "WE", "TH", "FR", "SA")
STREETS: Final = ("Mill Lane", "Church Street", "Station Road", "Market Place", "Park View")
POSTCODES: Final = {"north": "OL12 6AA", "south": "OL11 3BB", "heywood": "OL10 1CC",
                    "middleton": "M24 4DD", "pennines": "OL15 8EE"}  # fmt: skip


def _id(partnership_id: str, *parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join([partnership_id, *map(str, parts)])))


def seed(session: Session, *, la_code: str, partnership_id: str, today: date) -> None:
    """Give the demo partnership its Local Offer (does nothing when it already has one)."""
    settings = queries.settings_for(session=session, partnership_id=partnership_id)
    settings.publishes = True
    settings.team_email = "local-offer@demo.sendsight.test"
    ensure_taxonomies(session, partnership_id=partnership_id)
    first = _id(partnership_id, "service", 0)
    if session.get(Service, first) is not None:
        return
    package = build_package(partnership_id, today=today, owner=_provider_org(session))
    store(session, partnership_id=partnership_id, package=package)
    _pending_edits(session, partnership_id, package)
    _comments(session, partnership_id, package, today)


def _provider_org(session: Session) -> str | None:
    query = select(Organisation.id).where(Organisation.name == "Demo Therapy Services")
    return session.scalar(query.order_by(Organisation.id))


def build_package(
    partnership_id: str,
    *,
    today: date,
    owner: str | None = None,
    count: int = SERVICES,
    salt: str = "",
) -> Package:
    """The demo Local Offer (or ``count`` services like it) as rows to store; a ``salt`` gives
    the records other ids (to add a second generated set, as the benchmark does)."""
    rng = random.Random(f"{partnership_id}:{today.isoformat()}:{count}{salt}")
    package = Package()
    stamp = datetime.combine(today, time(8, 0), tzinfo=UTC)
    ids = partnership_id + salt
    organisations = _organisations(package, ids, owner, stamp)
    locations = _locations(package, ids, stamp)
    for n in range(count):
        organisation = organisations[n % len(organisations)]
        _service(package, (partnership_id, ids), n, organisation, locations, rng, today)
    return package


def _organisations(
    package: Package, partnership_id: str, owner: str | None, stamp: datetime
) -> list[tuple[str, str]]:
    found = []
    for n, (prefix, kind) in enumerate((p, k) for p in PREFIXES for k in KINDS):
        name = f"{prefix} {kind}"
        slug = name.lower().replace(" ", "-").replace("'", "")
        oid = package.add(
            Organization, id=_id(partnership_id, "organization", n), name=name,
            description=f"{name} is a made-up organisation in the demonstration Local Offer.",
            email=f"hello@{slug}.example.org", website=f"https://{slug}.example.org/",
            owner_organisation_id=owner if n == 0 else None, created_at_utc=stamp,
            updated_at_utc=stamp,
        )  # fmt: skip
        found.append((oid, name))
    return found


def _locations(package: Package, partnership_id: str, stamp: datetime) -> list[tuple[str, str]]:
    found = []
    for n, (code, name, _) in enumerate(LOCALITY.terms):
        for k, street in enumerate(STREETS[:3]):
            lid = package.add(
                Location, id=_id(partnership_id, "location", n, k), location_type="physical",
                name=f"{name} {('Family Hub', 'Community Centre', 'Library')[k]}",
                description=None, latitude=53.6 + n / 100, longitude=-2.15 - k / 100,
                created_at_utc=stamp, updated_at_utc=stamp,
            )  # fmt: skip
            package.add(
                Address, id=_id(partnership_id, "address", n, k), location_id=lid,
                address_1=f"{10 + k} {street}", city=name, state_province="Greater Manchester",
                postal_code=POSTCODES[code], country="GB", address_type="physical",
            )  # fmt: skip
            package.add(
                Accessibility, id=_id(partnership_id, "access", n, k), location_id=lid,
                description="Step-free entrance, accessible toilet and a quiet room.",
            )  # fmt: skip
            found.append((lid, code))
    return found


def _service(
    package: Package,
    owners: tuple[str, str],
    n: int,
    organisation: tuple[str, str],
    locations: list[tuple[str, str]],
    rng: random.Random,
    today: date,
) -> None:
    term_owner, partnership_id = owners
    name, description, needs, level, pathway, low, high, paid = OFFERS[n % len(OFFERS)]
    location_id, locality = locations[(n * 7) % len(locations)]
    locality_name = next(t[1] for t in LOCALITY.terms if t[0] == locality)
    sid = _id(partnership_id, "service", n)
    minimum = max(1, low + rng.randint(0, 2)) if low or n % 2 else low + 1
    maximum = max(minimum + 2, high - rng.randint(0, 2))
    stale = n % (SERVICES // STALE) == 5
    assured = today - timedelta(days=rng.randint(230, 400) if stale else rng.randint(3, 170))
    stamp = datetime.combine(assured, time(9, 0), tzinfo=UTC)
    package.add(
        Service, id=sid, organization_id=organisation[0],
        name=f"{name}, {organisation[1]} ({locality_name})", alternate_name=None,
        description=f"{description} Run by {organisation[1]}.",
        url=f"https://services.example.org/{sid}", email=f"bookings{n}@services.example.org",
        status="active" if n % 37 else "temporarily closed",
        fees_description="There is a small charge for each session." if paid else "Free.",
        eligibility_description=f"Children and young people aged {minimum} to {maximum} "
        f"living in {locality_name}.",
        minimum_age=minimum, maximum_age=maximum,
        application_process="Ring or email us; a parent, carer or professional can refer.",
        assured_on=assured, assured_by="local-offer@demo.sendsight.test",
        send_support=f"Staff adapt every session for {', '.join(needs)} needs.",
        staff_training="Every staff member has SEND awareness training each year.",
        parent_involvement="Parents and carers plan goals with us at the first meeting.",
        progress_sharing="We share a short progress note every half term.",
        environment_access="Step-free access, quiet space and visual timetables.",
        next_steps="After the first contact we offer a visit within two weeks.",
        deleted_at_utc=None, created_at_utc=stamp, updated_at_utc=stamp,
    )  # fmt: skip
    _children(package, partnership_id, n, sid, rng, paid)
    package.add(
        ServiceAtLocation, id=_id(partnership_id, "sal", n), service_id=sid,
        location_id=location_id, description=None,
    )  # fmt: skip
    package.add(ServiceArea, id=_id(partnership_id, "area", n), service_id=sid,
                name=locality_name)  # fmt: skip
    tags = [("need", c) for c in needs] + [("age_band", b) for b in bands_for(minimum, maximum)]
    tags += [("level", level), ("pathway", pathway), ("locality", locality)]
    for k, (key, code) in enumerate(tags):
        package.add(
            Attribute, id=_id(partnership_id, "attribute", n, k), link_id=sid,
            taxonomy_term_id=term_id(term_owner, key, code),
        )  # fmt: skip


def _children(
    package: Package, partnership_id: str, n: int, sid: str, rng: random.Random, paid: bool
) -> None:
    day = DAYS[n % len(DAYS)]
    opens = rng.choice(("09:00", "10:00", "13:00", "16:00", "18:00"))
    closes = f"{int(opens[:2]) + rng.choice((1, 2)):02d}:{opens[3:]}"
    package.add(
        Schedule, id=_id(partnership_id, "schedule", n), service_id=sid, freq="WEEKLY",
        byday=day if n % 3 else f"{day},{DAYS[(n + 2) % len(DAYS)]}", opens_at=opens,
        closes_at=closes, description="Term time only" if n % 4 == 0 else None,
    )  # fmt: skip
    if paid:
        package.add(
            CostOption, id=_id(partnership_id, "cost", n), service_id=sid, option="Per session",
            amount=float(rng.choice((3, 5, 8, 12))), amount_description="Per child, per session",
        )  # fmt: skip
    package.add(Contact, id=_id(partnership_id, "contact", n), service_id=sid,
                name="Duty coordinator", title="Service coordinator", email=None)  # fmt: skip
    package.add(Phone, id=_id(partnership_id, "phone", n), service_id=sid,
                number=f"01706 {500000 + n:06d}", description=None)  # fmt: skip
    package.add(Language, id=_id(partnership_id, "language", n), service_id=sid,
                name="English", code="en")  # fmt: skip


def _pending_edits(session: Session, partnership_id: str, package: Package) -> None:
    services = package.of(Service)
    for row in services[1 : 1 + PENDING * 40 : 40]:
        changed: dict[str, Any] = {
            "description": row["description"] + " Sessions now also run in the school holidays.",
        }
        moderation.propose(
            session, partnership_id=partnership_id, service_id=row["id"], changes=changed,
            submitted_by="provider@demo.sendsight.test",
        )  # fmt: skip


# Made-up comments on listings: (days ago, comment, answer or None, published).
COMMENTS: Final = (
    (
        40,
        "The Saturday session has moved to the leisure centre.",
        "Thank you. The provider has updated the listing with the new place.",
        True,
    ),
    (
        25,
        "The phone number on this page rings out.",
        "We checked with the provider and corrected the number.",
        True,
    ),
    (
        12,
        "Please say whether siblings can come too.",
        "The provider will add this when they next check the listing.",
        False,
    ),
    (3, "Is there a waiting list for this group?", None, False),
)


def _comments(session: Session, partnership_id: str, package: Package, today: date) -> None:
    services = package.of(Service)
    for n, (days, body, answer, published) in enumerate(COMMENTS):
        session.add(
            ListingFeedback(
                id=_id(partnership_id, "comment", n),
                partnership_id=partnership_id,
                service_id=services[5 + n * 7]["id"],
                body=body,
                received_on=today - timedelta(days=days),
                response=answer,
                answered_on=today - timedelta(days=days - 2) if answer else None,
                published=published,
            )
        )
