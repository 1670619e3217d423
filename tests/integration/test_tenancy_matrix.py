"""Partnerships are kept apart, route by route (ADR 0602).

Two partnerships share the seeded database: the demo partnership (LA 354) and "Other" (LA 350),
each with an outcome, a measure with a value, target, note and action, a place-capacity row with
a note, and audit events, all made through the domain services. Then, for every route in the
app's URL map and every role of one partnership, the test asks for the other partnership's
objects: path parameters are filled with the other partnership's ids and LA code, every GET
carries ``?la=`` and ``?la_code=`` of the other's LA, and every route that accepts POST is
posted to with a valid CSRF token. A route that names an object by id must answer 403 or 404;
no response (page, CSV, JSON or redirect) may contain any of the other partnership's unique
strings; and nothing the other partnership holds may change.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from sendsight.access import queries as access
from sendsight.access.audit import record
from sendsight.access.models import AuditEvent, OrganisationKind, User
from sendsight.access.passwords import hash_password, hasher
from sendsight.access.principal import principal_of
from sendsight.access.roles import Role
from sendsight.access.tenancy import create_administrator
from sendsight.ehc.models import EhcRequest
from sendsight.forecasting import queries as forecasting
from sendsight.forecasting.capacity_import import import_capacity
from sendsight.outcomes import queries as outcomes
from tests.conftest import DEMO_PASSWORD
from tests.partnerships import demo_partnership_id
from tests.tenancy import domain_modules

OTHER_LA = "350"
DEMO_LA = "354"
OTHER_DOMAIN = "other.example.test"
# Object-id parameters: asking for another partnership's object must be refused outright.
OBJECT_ARGUMENTS = {
    "measure_id", "outcome_id", "action_id", "row_id", "user_id", "request_id", "import_id",
    "grant_id", "key",
}.union(*(m.OBJECT_ARGUMENTS for m in domain_modules()))  # fmt: skip
# Posting to these would end the probing person's own session (or start another's).
SESSION_ENDPOINTS = {"auth.sign_in", "auth.sign_out", "auth.sign_out_everywhere"}
PROBE_FORM = {
    "statement": "Tenancy probe", "name": "Tenancy probe", "body": "Tenancy probe",
    "period": "2025/26", "value": "1", "title": "Tenancy probe", "owner_organisation": "Probe",
    "due_on": "2026-01-01", "text": "Tenancy probe", "status": "on_track", "places": "1",
    "note": "Tenancy probe", "role": "analyst", "level": "indicator", "unit": "count",
    "frequency": "academic_year", "polarity": "up", "source_kind": "manual", "decimals": "0",
    "email": "probe@probe.example.test", "reason": "Tenancy probe", "password": "x",
}  # fmt: skip


@dataclass
class Side:
    """One partnership as the test sees it: its objects, its people and its unique strings."""

    name: str
    partnership_id: str
    la_code: str
    ids: dict[str, str]
    secrets: list[str]
    people: dict[str, tuple[str, str]] = field(default_factory=dict)  # role -> email, password


def _framework(session: Session, partnership_id: str, tag: str, author: str) -> dict[str, str]:
    """An outcome and a measure with a value, target, note, action and quote, all ``tag``ged."""
    own = {"partnership_id": partnership_id}
    outcome = outcomes.create_outcome(
        session=session, key=f"{tag.lower()}_outcome", statement=f"{tag} outcome statement", **own
    )
    measure = outcomes.create_measure(
        session=session,
        key=f"{tag.lower()}_measure",
        name=f"{tag} measure name",
        level="indicator",
        frequency="academic_year",
        unit="count",
        outcome_id=outcome.id,
        **own,
    )
    outcomes.record_value(
        session=session,
        measure=measure,
        new=outcomes.NewValue("2024/25", 7.0, note=f"{tag} value"),
        entered_by=author,
    )
    outcomes.set_target(session=session, measure=measure, period="2025/26", value=9.0)
    outcomes.save_note(
        session=session, measure=measure, section="story", body=f"{tag} note text", author=author
    )
    action = outcomes.create_action(
        session=session, measure=measure, key=f"{tag.lower()}_action", title=f"{tag} action title",
        owner_organisation=f"{tag} owner", due_on=date(2026, 3, 31),
    )  # fmt: skip
    outcomes.add_action_update(
        session=session, action=action, on=date(2025, 10, 1), text=f"{tag} update", author=author
    )
    outcomes.create_quote(
        session=session, outcome=outcome, text=f"{tag} quote", speaker="Young person"
    )
    return {"outcome_id": outcome.id, "measure_id": measure.id, "action_id": action.id,
            "key": measure.key}  # fmt: skip


def _places_and_log(session: Session, side_id: str, la_code: str, admin: User, tag: str) -> str:
    """A capacity row with a ``tag``ged note (imported as the admin) and a logged case view."""
    text = f"la_code,setting,need,year,places,note\n{la_code},special,all,2031,77,{tag} places\n"
    import_capacity(
        session, text, partnership_id=side_id, filename="places.csv", la_codes=[la_code],
        actor=principal_of(admin), ip="203.0.113.9",
    )  # fmt: skip
    record(
        session, actor=principal_of(admin), action="case.view", object_type="case",
        object_id=f"{tag}-case", la_code=la_code, purpose=f"{tag} audit purpose",
    )  # fmt: skip
    [row] = [
        r
        for r in forecasting.list_capacity(session=session, la_code=la_code, partnership_id=side_id)
        if r.year == 2031
    ]
    return row.id


def _domain_objects(
    session: Session, partnership_id: str, la_code: str, admin: User, tag: str
) -> dict[str, str]:
    """One of each later domain's objects for the partnership (``tests/tenancy``)."""
    ids: dict[str, str] = {}
    for module in domain_modules():
        made = module.make(
            session, partnership_id=partnership_id, la_code=la_code, admin=admin, tag=tag
        )
        clash = set(made) & set(ids)
        assert not clash, f"{module.__name__} reuses URL parameters {sorted(clash)}"
        ids.update(made)
    return ids


def _demo_side(session: Session) -> Side:
    partnership_id = demo_partnership_id(session)
    admin = access.get_user_by_email_or_none(session=session, email="admin@demo.sendsight.test")
    assert admin is not None
    ids = _framework(session, partnership_id, "Alpha", "analyst@demo.sendsight.test")
    ids["row_id"] = _places_and_log(session, partnership_id, DEMO_LA, admin, "Alpha")
    ids["user_id"] = admin.id
    case = session.scalars(
        select(EhcRequest).where(EhcRequest.la_code == DEMO_LA).order_by(EhcRequest.id)
    ).first()
    ids["request_id"] = case.request_id if case else "DEMO-R000001"
    ids.update(_domain_objects(session, partnership_id, DEMO_LA, admin, "Alpha"))
    people = {role.value: (f"{role.value}@demo.sendsight.test", DEMO_PASSWORD) for role in Role}
    secrets = ["Alpha ", "demo.sendsight.test", "DEMO-R0", "DEMO-P0"]
    return Side("demo", partnership_id, DEMO_LA, ids, secrets, people)


def _other_side(session: Session) -> Side:
    ph = hasher(1, 8)
    password = "other partnership password 42"
    admin = create_administrator(
        session, email=f"admin@{OTHER_DOMAIN}", name="Olive Admin", partnership_name="Other",
        la_code=OTHER_LA, password_hash=hash_password(password, ph),
    )  # fmt: skip
    partnership = admin.organisation.partnership
    icb = access.create_organisation(
        session=session, partnership=partnership, name="Other ICB", kind=OrganisationKind.ICB
    )
    school = access.create_organisation(
        session=session, partnership=partnership, name="Other School", kind=OrganisationKind.SCHOOL,
        la_code=OTHER_LA, urn="990101",
    )  # fmt: skip
    provider = access.create_organisation(
        session=session,
        partnership=partnership,
        name="Other Provider",
        kind=OrganisationKind.PROVIDER,
    )
    homes = {Role.ANALYST: admin.organisation, Role.CASEWORKER: admin.organisation,
             Role.PARTNER: icb, Role.SCHOOL: school, Role.PROVIDER: provider,
             Role.TRIAGE: admin.organisation, Role.PANEL: admin.organisation,
             Role.FAMILY: admin.organisation}  # fmt: skip
    people = {"admin": (admin.email, password)}
    for role, organisation in homes.items():
        user = access.create_user(
            session=session, email=f"{role.value}@{OTHER_DOMAIN}", name=f"Other {role.value}",
            organisation=organisation, role=role, password_hash=hash_password(password, ph),
        )  # fmt: skip
        people[role.value] = (user.email, password)
    ids = _framework(session, partnership.id, "Beta", f"analyst@{OTHER_DOMAIN}")
    ids["row_id"] = _places_and_log(session, partnership.id, OTHER_LA, admin, "Beta")
    ids["user_id"] = admin.id
    ids["request_id"] = "OTHER-R000001"
    ids.update(_domain_objects(session, partnership.id, OTHER_LA, admin, "Beta"))
    return Side("other", partnership.id, OTHER_LA, ids, ["Beta ", OTHER_DOMAIN], people)


@pytest.fixture
def sides(seeded_session: Session) -> dict[str, Side]:
    """The demo partnership and a second one, committed where the app's requests see them."""
    found = {"demo": _demo_side(seeded_session), "other": _other_side(seeded_session)}
    seeded_session.commit()
    return found


def _sign_in(client: FlaskClient, email: str, password: str) -> str:
    """Sign in; returns a CSRF token valid for this session's forms."""
    token = _token(client.get("/sign-in").get_data(as_text=True))
    response = client.post(
        "/sign-in", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code in (302, 303), f"{email} could not sign in"
    return _token(client.get("/account").get_data(as_text=True))


def _token(body: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body)
    assert match, "no CSRF token on the page"
    return match.group(1)


def _values(victim: Side) -> dict[str, str]:
    return {
        **victim.ids, "la_code": victim.la_code, "grant_id": str(uuid.uuid4()),
        "import_id": str(uuid.uuid4()), "token": "not-a-real-token", "section": "story",
        "urn": "990001" if victim.name == "demo" else "990101",
        "indicator_id": "ehc-plans-january", "kind": "requests", "fmt": "csv",
        "filename": "app.css",
    }  # fmt: skip


def _probe(app: Flask, client: FlaskClient, token: str, victim: Side) -> tuple[int, list[str]]:
    """Every route, GET and (where accepted) POST, aimed at ``victim``; returns the number of
    requests made and what went wrong."""
    adapter = app.url_map.bind("localhost")
    values, made, wrong = _values(victim), 0, []
    query = {"la": victim.la_code, "la_code": victim.la_code}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        path = adapter.build(rule.endpoint, {a: values[a] for a in rule.arguments})
        strict = bool(rule.arguments & OBJECT_ARGUMENTS)
        methods = [m for m in ("GET", "POST") if m in (rule.methods or set())]
        for method in methods:
            if method == "POST" and rule.endpoint in SESSION_ENDPOINTS:
                continue
            if method == "GET":
                response = client.get(path, query_string=query)
            else:
                response = client.post(path, data={**PROBE_FORM, "csrf_token": token})
            made += 1
            body = _text_of(response) + response.headers.get("Location", "")
            where = f"{method} {path} -> {response.status_code}"
            if response.status_code >= 500:
                wrong.append(f"{where}: server error")
            elif strict and response.status_code not in (403, 404):
                wrong.append(f"{where}: another partnership's object was not refused")
            wrong += [f"{where}: shows {s!r}" for s in victim.secrets if s in body]
    return made, wrong


def probe_domain(
    app: Flask, email: str, password: str, victim: Side, *, prefixes: tuple[str, ...],
    form: dict[str, str],
) -> list[str]:  # fmt: skip
    """One domain's routes (endpoints starting with ``prefixes``), GET and POST with ``form``,
    as the person ``email`` aimed at ``victim``: what went wrong. For the quick per-domain
    tenancy tests run while working on a domain; the matrix above covers every route."""
    client = app.test_client()
    token = _sign_in(client, email, password)
    values = _values(victim)
    wrong: list[str] = []
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(prefixes):
            continue
        path = adapter.build(rule.endpoint, {a: values[a] for a in rule.arguments})
        for method in [m for m in ("GET", "POST") if m in (rule.methods or set())]:
            response = (
                client.get(path)
                if method == "GET"
                else client.post(path, data={**form, "csrf_token": token})
            )
            body = response.get_data(as_text=True)
            if rule.arguments & OBJECT_ARGUMENTS and response.status_code not in (403, 404):
                wrong.append(f"{method} {path} -> {response.status_code}")
            wrong += [f"{method} {path} shows {s!r}" for s in victim.secrets if s in body]
    return wrong


def _text_of(response: TestResponse) -> str:
    """What a response says, as text: a spreadsheet (a zip of XML parts) is read part by part,
    so its cells are searched like a page's."""
    data = response.get_data()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return data.decode("utf-8", "replace")


def _held(session: Session, side: Side) -> tuple[object, ...]:
    """A fingerprint of everything the partnership holds that a probe could change."""
    session.expire_all()
    own = {"partnership_id": side.partnership_id}
    places = forecasting.list_capacity(session=session, la_code=side.la_code, **own)
    logged = session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.partnership_id == side.partnership_id)
    )
    users = access.list_users(session=session, **own)
    domains = [m.held(session, **own) for m in domain_modules() if hasattr(m, "held")]
    return (
        domains,
        outcomes.data_version(session=session, **own),
        [(r.id, r.places, r.note, r.updated_by) for r in places],
        logged,
        [(u.email, u.role, u.active, u.session_version) for u in users],
    )


@pytest.mark.parametrize(("attacker", "victim"), [("other", "demo"), ("demo", "other")])
def test_no_role_of_one_partnership_reaches_the_others_data_on_any_route(
    app: Flask, seeded_session: Session, sides: dict[str, Side], attacker: str, victim: str
) -> None:
    before = _held(seeded_session, sides[victim])
    made, wrong, roles = 0, [], sides[attacker].people
    for role, (email, password) in roles.items():
        client = app.test_client()
        token = _sign_in(client, email, password)
        count, problems = _probe(app, client, token, sides[victim])
        made, wrong = made + count, wrong + [f"{role}: {p}" for p in problems]
    routes = len(list(app.url_map.iter_rules()))
    # The brief asks for the count on the test's output (pytest -s shows it).
    summary = f"{routes} routes x {len(roles)} roles, {made} requests checked"
    print(f"tenancy matrix ({attacker} probing {victim}): {summary}")  # noqa: T201
    assert not wrong, "\n".join(wrong[:60])
    assert _held(seeded_session, sides[victim]) == before
    assert made >= routes * len(roles)
