"""No self-elevation (issue #12 item 6): own role refused; case roles wait for a second admin."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access import grants, queries
from sendsight.access.grants import GrantRules, RoleChangeRefused
from sendsight.access.models import AuditEvent, OrganisationKind, RoleGrant, User
from sendsight.access.passwords import hash_password, hasher
from sendsight.access.principal import principal_of
from sendsight.access.roles import Role
from sendsight.core.errors import NotFound
from sendsight.db.session import transaction
from tests.integration import test_access_support as support
from tests.integration.test_access_support import PASSWORD, World, post_form, sign_in

app, client, clock, make_app, world = (
    support.app,
    support.client,
    support.clock,
    support.make_app,
    support.world,
)
AT_RISK = "/ehc/at-risk?la=901"
NEW = "marmalade kettle lighthouse"


@pytest.fixture
def second_admin(world: World, db_session: Session) -> User:
    """Another administrator of the home partnership."""
    return queries.create_user(
        session=db_session,
        email="second.admin@example.test",
        name="Second Admin",
        organisation=world.orgs["la901"],
        role=Role.ADMIN,
        password_hash=hash_password(PASSWORD, hasher(1, 8192)),
    )


def _ask(client: FlaskClient, user: User, role: str) -> str:
    response = post_form(
        client, f"/admin/users/{user.id}", f"/admin/users/{user.id}/role", {"role": role}
    )
    assert response.status_code == 302  # type: ignore[attr-defined]
    return client.get(f"/admin/users/{user.id}").get_data(as_text=True)


def _signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    sign_in(client, email)
    return client


def _waiting(db_session: Session, user: User) -> RoleGrant:
    """The undecided request about ``user`` (the app's clock is in 2025, so ignore lapsing)."""
    db_session.expire_all()
    query = select(RoleGrant).where(RoleGrant.user_id == user.id, RoleGrant.decision.is_(None))
    grant = db_session.scalar(query)
    assert grant is not None
    return grant


def _decide(client: FlaskClient, grant: RoleGrant, verb: str, **data: str) -> object:
    page = f"/admin/role-changes/{grant.id}"
    return post_form(client, page, f"{page}/{verb}", data)


def _role(db_session: Session, user: User) -> str:
    db_session.expire_all()
    found = db_session.get(User, user.id)
    assert found is not None
    return found.role


def _events(db_session: Session, user: User) -> list[tuple[str, str | None, dict[str, str]]]:
    rows = db_session.execute(
        select(AuditEvent.action, AuditEvent.actor_email, AuditEvent.detail)
        .where(AuditEvent.object_id == user.id, AuditEvent.action.like("permission.%"))
        .order_by(AuditEvent.at_utc, AuditEvent.id)
    )
    return [(a, e, d) for a, e, d in rows]


@pytest.mark.parametrize("second", [True, False])
def test_an_admin_cannot_change_their_own_role_and_the_refusal_is_audited(
    make_app: Callable[..., Flask], world: World, db_session: Session, second: bool
) -> None:
    client = make_app(case_role_grants_need_second_admin=second).test_client()
    admin = world.users["admin"]
    sign_in(client, "admin@example.test")
    page = _ask(client, admin, "caseworker")
    assert "You cannot change your own role" in page
    assert _role(db_session, admin) == "admin"
    assert grants.waiting_for(db_session, user=admin) is None
    [(action, actor, detail)] = _events(db_session, admin)
    assert (action, actor) == ("permission.refused", "admin@example.test")
    assert detail["to"] == "caseworker"


def test_a_case_role_waits_and_grants_nothing_until_a_second_admin_approves(
    app: Flask, client: FlaskClient, world: World, db_session: Session, second_admin: User
) -> None:
    partner = world.users["partner"]
    partner_client = app.test_client()
    sign_in(partner_client, "partner@example.test")
    sign_in(client, "admin@example.test")
    page = _ask(client, partner, "caseworker")
    assert "waiting for approval" in page
    assert _role(db_session, partner) == "partner"
    assert partner_client.get(AT_RISK).status_code == 403
    client = _signed_in(app, "second.admin@example.test")
    listed = client.get("/admin/role-changes/").get_data(as_text=True)
    assert "Test Partner" in listed and "1 waiting" in listed
    before = _versions(db_session, partner)
    _decide(client, _waiting(db_session, partner), "approve")
    assert _role(db_session, partner) == "caseworker"
    assert _versions(db_session, partner) == before + 1
    assert partner_client.get("/sign-in").status_code == 200  # signed out: the form again
    sign_in(partner_client, "partner@example.test")
    assert partner_client.get(AT_RISK).status_code == 200


def _versions(db_session: Session, user: User) -> int:
    db_session.expire_all()
    found = db_session.get(User, user.id)
    assert found is not None
    return found.session_version


def test_the_admin_who_asked_cannot_approve(
    client: FlaskClient, world: World, db_session: Session, second_admin: User
) -> None:
    partner = world.users["partner"]
    sign_in(client, "admin@example.test")
    _ask(client, partner, "caseworker")
    grant = _waiting(db_session, partner)
    page = client.get(f"/admin/role-changes/{grant.id}").get_data(as_text=True)
    assert "You asked for this change" in page and ">Approve<" not in page
    _decide(client, grant, "approve")
    assert "cannot approve a role change you asked for" in client.get(
        f"/admin/role-changes/{grant.id}"
    ).get_data(as_text=True)
    assert _role(db_session, partner) == "partner"
    assert [a for a, _e, _d in _events(db_session, partner)][-1] == "permission.refused"


def test_the_person_a_change_is_about_cannot_approve_it(
    app: Flask, client: FlaskClient, world: World, db_session: Session, second_admin: User
) -> None:
    sign_in(client, "admin@example.test")
    _ask(client, second_admin, "caseworker")
    client = _signed_in(app, "second.admin@example.test")
    _decide(client, _waiting(db_session, second_admin), "approve")
    assert _role(db_session, second_admin) == "admin"


def test_another_partnerships_admin_cannot_see_or_decide_a_change(
    app: Flask, client: FlaskClient, world: World, db_session: Session, second_admin: User
) -> None:
    sign_in(client, "admin@example.test")
    _ask(client, world.users["partner"], "caseworker")
    grant = _waiting(db_session, world.users["partner"])
    client = _signed_in(app, "admin@elsewhere.test")
    assert "Test Partner" not in client.get("/admin/role-changes/").get_data(as_text=True)
    assert client.get(f"/admin/role-changes/{grant.id}").status_code == 404
    token = support.csrf_from(client.get("/admin/users/invite").get_data(as_text=True))
    for verb in ("approve", "reject"):
        response = client.post(f"/admin/role-changes/{grant.id}/{verb}", data={"csrf_token": token})
        assert response.status_code == 404, verb
    assert _role(db_session, world.users["partner"]) == "partner"


def test_with_the_setting_off_one_admin_grants_a_case_role_at_once(
    make_app: Callable[..., Flask], world: World, db_session: Session
) -> None:
    client = make_app(case_role_grants_need_second_admin=False).test_client()
    partner = world.users["partner"]
    sign_in(client, "admin@example.test")
    assert "Test Partner is now caseworker" in _ask(client, partner, "caseworker")
    assert _role(db_session, partner) == "caseworker"
    [(action, _actor, detail)] = _events(db_session, partner)
    assert (action, detail) == (
        "permission.change",
        {"change": "role", "from": "partner", "to": "caseworker"},
    )


def test_the_audit_log_records_the_request_and_the_approval_and_who_did_each(
    app: Flask, client: FlaskClient, world: World, db_session: Session, second_admin: User
) -> None:
    partner = world.users["partner"]
    sign_in(client, "admin@example.test")
    _ask(client, partner, "analyst")
    grant = _waiting(db_session, partner)
    client = _signed_in(app, "second.admin@example.test")
    _decide(client, grant, "approve")
    requested, approved = _events(db_session, partner)
    assert requested == (
        "permission.change",
        "admin@example.test",
        {"change": "role requested", "grant": grant.id, "from": "partner", "to": "analyst"},
    )
    assert approved == (
        "permission.change",
        "second.admin@example.test",
        {
            "change": "role approved",
            "grant": grant.id,
            "requested_by": "admin@example.test",
            "from": "partner",
            "to": "analyst",
        },
    )


def test_a_rejected_change_leaves_the_role_and_records_the_reason(
    app: Flask, client: FlaskClient, world: World, db_session: Session, second_admin: User
) -> None:
    partner = world.users["partner"]
    sign_in(client, "admin@example.test")
    _ask(client, partner, "caseworker")
    grant = _waiting(db_session, partner)
    client = _signed_in(app, "second.admin@example.test")
    _decide(client, grant, "reject", reason="Not in the casework team")
    assert _role(db_session, partner) == "partner"
    _requested, (action, actor, detail) = _events(db_session, partner)
    assert (action, actor) == ("permission.change", "second.admin@example.test")
    assert detail["change"] == "role rejected" and detail["reason"] == "Not in the casework team"
    assert grants.waiting_for(db_session, user=partner) is None


def test_a_waiting_change_lapses_after_the_set_time(
    app: Flask,
    client: FlaskClient,
    world: World,
    db_session: Session,
    second_admin: User,
    clock: support.Clock,
) -> None:
    partner = world.users["partner"]
    sign_in(client, "admin@example.test")
    _ask(client, partner, "caseworker")
    grant = _waiting(db_session, partner)
    clock.advance(days=7, seconds=1)
    client = _signed_in(app, "second.admin@example.test")
    assert "No role changes are waiting" in client.get("/admin/role-changes/").get_data(
        as_text=True
    )
    _decide(client, grant, "approve")
    assert _role(db_session, partner) == "partner"


def test_inviting_someone_as_a_caseworker_waits_for_a_second_admin(
    app: Flask, client: FlaskClient, world: World, db_session: Session, second_admin: User
) -> None:
    sign_in(client, "admin@example.test")
    response = post_form(
        client,
        "/admin/users/invite",
        "/admin/users/invite",
        {
            "name": "New Caseworker",
            "email": "new.cw@example.test",
            "organisation": world.orgs["la901"].id,
            "role": "caseworker",
        },
    )
    html = response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert "waiting for another administrator" in html
    invited = queries.get_user_by_email_or_none(session=db_session, email="new.cw@example.test")
    assert invited is not None and invited.role == ""
    grant = _waiting(db_session, invited)
    link = re.search(r"http://localhost(/set-password/[\w-]+)", html)
    assert link
    newcomer = app.test_client()
    post_form(newcomer, link.group(1), link.group(1), {"password": NEW, "confirm": NEW})
    sign_in(newcomer, "new.cw@example.test", NEW)
    assert newcomer.get(AT_RISK).status_code == 403  # no role yet: nothing to see
    client = _signed_in(app, "second.admin@example.test")
    _decide(client, grant, "approve")
    assert _role(db_session, invited) == "caseworker"


def test_a_new_request_withdraws_the_one_waiting_for_the_same_person(
    world: World, db_session: Session
) -> None:
    admin, partner = principal_of(world.users["admin"]), world.users["partner"]
    rules = GrantRules()
    first = grants.change_role(
        db_session, actor=admin, user=partner, role=Role.CASEWORKER, rules=rules
    )
    assert first is not None
    grants.change_role(db_session, actor=admin, user=partner, role=Role.SCHOOL, rules=rules)
    assert first.decision == "withdrawn" and partner.role == "school"
    assert grants.waiting_for(db_session, user=partner) is None


def test_the_domain_refuses_another_partnerships_change_as_not_found(
    world: World, db_session: Session
) -> None:
    admin, away = principal_of(world.users["admin"]), principal_of(world.users["away_admin"])
    with pytest.raises(NotFound):
        grants.change_role(
            db_session,
            actor=away,
            user=world.users["partner"],
            role=Role.CASEWORKER,
            rules=GrantRules(),
        )
    grant = grants.change_role(
        db_session,
        actor=admin,
        user=world.users["partner"],
        role=Role.CASEWORKER,
        rules=GrantRules(),
    )
    assert grant is not None
    with pytest.raises(NotFound):
        grants.approve(db_session, actor=away, grant_id=grant.id)
    assert grants.list_waiting(db_session, actor=away) == []


def test_a_lapsed_change_cannot_be_approved_in_the_domain(
    world: World, db_session: Session, second_admin: User
) -> None:
    admin, other = principal_of(world.users["admin"]), principal_of(second_admin)
    rules = GrantRules(valid_for=timedelta(days=7))
    grant = grants.change_role(
        db_session, actor=admin, user=world.users["partner"], role=Role.CASEWORKER, rules=rules
    )
    assert grant is not None
    later = grant.requested_at_utc + timedelta(days=7)
    with pytest.raises(RoleChangeRefused, match="no longer waiting"):
        grants.approve(db_session, actor=other, grant_id=grant.id, now=later)


def test_own_role_page_offers_no_role_form(client: FlaskClient, world: World) -> None:
    sign_in(client, "admin@example.test")
    page = client.get(f"/admin/users/{world.users['admin'].id}").get_data(as_text=True)
    assert "You cannot change your own role" in page
    assert not re.search(r'action="[^"]*/role"', page)


# --- The command line -------------------------------------------------------------------------


@dataclass
class CliWorld:
    """Committed accounts (unique per test) in a partnership of their own."""

    url: str
    emails: dict[str, str]


@pytest.fixture
def cli_world(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliWorld:
    """Two administrators and a partner, committed, with the command line pointed at them."""
    tag = uuid.uuid4().hex[:8]
    emails = {key: f"{key}.{tag}@cli.example.test" for key in ("admin", "second", "partner")}
    with transaction(database_url) as session:
        partnership = queries.create_partnership(session=session, name=f"CLI {tag}", la_codes=[])
        icb = queries.create_organisation(
            session=session, partnership=partnership, name="CLI ICB", kind=OrganisationKind.ICB
        )
        for key, role in (("admin", Role.ADMIN), ("second", Role.ADMIN), ("partner", Role.PARTNER)):
            queries.create_user(
                session=session, email=emails[key], name=key, organisation=icb, role=role
            )
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", database_url)
    return CliWorld(database_url, emails)


def _cli(*args: str) -> Result:
    from sendsight.cli import cli

    return CliRunner().invoke(cli, ["users", *args])


def _cli_user(world: CliWorld, key: str) -> User:
    with transaction(world.url) as session:
        user = queries.get_user_by_email_or_none(session=session, email=world.emails[key])
        assert user is not None
        session.expunge(user)
        return user


def test_the_command_line_refuses_changing_your_own_role_and_audits_it(
    cli_world: CliWorld,
) -> None:
    admin = cli_world.emails["admin"]
    result = _cli("set-role", "--email", admin, "--role", "caseworker", "--by", admin)
    assert result.exit_code != 0 and "You cannot change your own role" in result.output
    user = _cli_user(cli_world, "admin")
    assert user.role == "admin"
    with transaction(cli_world.url) as session:
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.object_id == user.id))
        assert list(actions) == ["permission.refused"]


def test_the_command_line_case_role_waits_for_a_second_admin(cli_world: CliWorld) -> None:
    emails = cli_world.emails
    asked = _cli(
        "set-role", "--email", emails["partner"], "--role", "caseworker", "--by", emails["admin"]
    )
    assert asked.exit_code == 0 and "Waiting for another administrator" in asked.output
    assert _cli_user(cli_world, "partner").role == "partner"
    listed = _cli("list-role-changes", "--by", emails["second"])
    grant_id = listed.output.split()[0]
    own = _cli("approve-role-change", grant_id, "--by", emails["admin"])
    assert own.exit_code != 0 and "cannot approve a role change you asked for" in own.output
    approved = _cli("approve-role-change", grant_id, "--by", emails["second"])
    assert approved.exit_code == 0, approved.output
    assert _cli_user(cli_world, "partner").role == "caseworker"
