"""Email that arrives: a real SMTP server (aiosmtpd) on 127.0.0.1 receives what sendsight sends.

Invitations and password resets are asked for through the web, sent by ``send_pending`` (what
``sendsight mail send`` runs) or by the command itself, and read back from the server.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from sendsight.access import queries as access
from sendsight.cli import cli
from sendsight.config import Settings, get_settings
from sendsight.db.migrate import upgrade
from sendsight.db.session import get_engine, transaction
from sendsight.ehc.models import EhcRequest
from sendsight.notify import queries
from sendsight.notify.models import MailMessage
from sendsight.notify.password_reset import request_password_reset
from sendsight.notify.reminders import queue_reminders
from sendsight.notify.sending import send_pending
from sendsight.outcomes import queries as outcomes
from tests.conftest import DEMO_TODAY, POSTGRES_URL, sign_in
from tests.integration import test_access_support as support
from tests.integration.test_access_support import World, post_form, seed_world
from tests.partnerships import new_partnership_id

clock, make_app, world = support.clock, support.make_app, support.world
BASE = "https://sendsight.example.test"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
UPN = re.compile(r"\b[A-Z][0-9]{11}[0-9A-Z]\b")


class Inbox:
    """An aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    """A real SMTP server on a free local port, and what it has received."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


def mail_settings(port: int) -> dict[str, object]:
    return {
        "mail_transport": "smtp",
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_starttls": False,
        "public_base_url": BASE,
        "mail_from": "SEND partnership <no-reply@example.test>",
    }


def _body(message: EmailMessage) -> str:
    return str(message.get_content())


def _link(body: str) -> str:
    match = re.search(re.escape(BASE) + r"(/set-password/[\w-]+)", body)
    assert match, body
    return match.group(1)


def test_an_invitation_made_on_the_web_arrives_with_a_link_that_works(
    make_app: Callable[..., Flask], world: World, db_session: Session, smtp: tuple[int, Inbox]
) -> None:
    port, inbox = smtp
    settings = mail_settings(port)
    client = make_app(**settings).test_client()
    support.sign_in(client, "admin@example.test")
    form = {"name": "New Person", "email": "new.person@example.test", "role": "partner"}
    page = post_form(
        client,
        "/admin/users/invite",
        "/admin/users/invite",
        {**form, "organisation": world.orgs["icb"].id},
    )
    html = page.get_data(as_text=True)  # type: ignore[attr-defined]
    assert "Invitation sent" in html and "/set-password/" not in html  # the link is in the email
    report = send_pending(db_session, settings=support.settings_for("x", **settings))
    assert (report.sent, report.failed) == (1, 0)
    [arrived] = inbox.messages
    assert arrived["To"] == "new.person@example.test"
    assert arrived["From"] == "SEND partnership <no-reply@example.test>"
    assert arrived["Subject"] == "You have been invited to use sendsight"
    assert "Test Partnership" in _body(arrived) and "72 hours" in _body(arrived)
    link = _link(_body(arrived))
    assert make_app(**settings).test_client().get(link).status_code == 200
    stored = db_session.scalars(select(MailMessage)).one()
    assert stored.sent_at_utc is not None and link not in stored.body  # the secret is not kept


def test_a_password_reset_arrives_and_the_page_never_says_whether_an_account_exists(
    make_app: Callable[..., Flask], world: World, db_session: Session, smtp: tuple[int, Inbox]
) -> None:
    port, inbox = smtp
    settings = mail_settings(port)
    client = make_app(**settings).test_client()
    assert "Forgotten your password?" in client.get("/sign-in").get_data(as_text=True)
    pages = []
    for email in ("analyst@example.test", "nobody@example.test"):
        page = post_form(client, "/forgotten-password", "/forgotten-password", {"email": email})
        html = page.get_data(as_text=True)  # type: ignore[attr-defined]
        pages.append(re.sub(r'nonce="[^"]+"', "", html.replace(email, "EMAIL")))
    assert pages[0] == pages[1] and "Check your email" in pages[0]
    send_pending(db_session, settings=support.settings_for("x", **settings))
    [arrived] = inbox.messages
    assert (arrived["To"], arrived["Subject"]) == (
        "analyst@example.test",
        "Reset your sendsight password",
    )
    link = _link(_body(arrived))
    new = "marmalade kettle lighthouse"
    saved = post_form(client, link, link, {"password": new, "confirm": new})
    assert saved.status_code == 302  # type: ignore[attr-defined]
    assert support.sign_in(client, "analyst@example.test", new) == "/"
    assert client.get(link).status_code == 404  # one use only


def test_reset_emails_to_one_address_are_limited(world: World, db_session: Session) -> None:
    settings = Settings(environment="test", public_base_url=BASE)
    now = support.Clock().now
    sent = [
        request_password_reset(db_session, email="analyst@example.test", settings=settings, now=now)
        for _ in range(5)
    ]
    assert sent == [True, True, True, False, False]


def test_a_single_sign_on_account_gets_no_reset_email(world: World, db_session: Session) -> None:
    partner = world.users["partner"]
    partner.oidc_subject, partner.password_hash = "sso-subject", None
    settings = Settings(environment="test", public_base_url=BASE)
    now = support.Clock().now
    assert not request_password_reset(db_session, email=partner.email, settings=settings, now=now)
    assert partner.invitation_token_hash is None


def test_a_failed_send_keeps_the_message_with_its_error_and_it_is_sent_next_time(
    world: World, db_session: Session, smtp: tuple[int, Inbox]
) -> None:
    port, inbox = smtp
    request_password_reset(
        db_session,
        email="partner@example.test",
        settings=Settings(environment="test"),
        now=support.Clock().now,
    )
    closed = support.settings_for("x", **{**mail_settings(free_port())})
    assert send_pending(db_session, settings=closed).failed == 1
    kept = db_session.scalars(select(MailMessage)).one()
    assert kept.sent_at_utc is None and kept.attempts == 1 and kept.error
    assert "/set-password/" in kept.body  # nothing lost
    report = send_pending(db_session, settings=support.settings_for("x", **mail_settings(port)))
    assert report.sent == 1 and len(inbox.messages) == 1
    assert kept.attempts == 2 and kept.error is None and kept.sent_at_utc is not None


# --- Reminders and what no email may carry ------------------------------------------------


def test_reminders_twice_in_a_week_queue_nothing_new(seeded_session: Session) -> None:
    settings = Settings(environment="test", public_base_url=BASE)
    next_week = DEMO_TODAY + timedelta(days=7)
    first = queue_reminders(seeded_session, settings=settings, today=next_week)
    assert first["overdue_actions"] >= 1 and first["at_risk_digest"] >= 1
    again = queue_reminders(seeded_session, settings=settings, today=next_week + timedelta(days=2))
    assert sum(again.values()) == 0


def test_no_email_body_carries_personal_data(client: Any, seeded_session: Session) -> None:
    settings = Settings(environment="test", public_base_url=BASE)
    measure = outcomes.list_measures(
        session=seeded_session, partnership_id=_demo_id(seeded_session)
    )[0]
    measure.next_update_on = DEMO_TODAY + timedelta(days=9)
    queue_reminders(seeded_session, settings=settings, today=DEMO_TODAY + timedelta(days=7))
    request_password_reset(
        seeded_session,
        email="analyst@demo.sendsight.test",
        settings=settings,
        now=support.Clock().now,
    )
    seeded_session.commit()  # the web's own rollbacks keep it
    sign_in(client, "admin")
    council = access.get_organisation_by_name_or_none(
        session=seeded_session, partnership_id=_demo_id(seeded_session), name="Demo Borough Council"
    )
    assert council is not None
    post_form(
        client,
        "/admin/users/invite",
        "/admin/users/invite",
        {
            "name": "Robin Example",
            "email": "robin@example.test",
            "role": "partner",
            "organisation": council.id,
        },
    )
    messages = list(seeded_session.scalars(select(MailMessage)))
    assert {m.kind for m in messages} == {
        "invitation",
        "password_reset",
        "overdue_actions",
        "measures_due",
        "at_risk_digest",
        "commentary_request",
    }
    forbidden = _personal_strings(seeded_session) | {"Robin Example"}
    for message in messages:
        words = f"{message.subject}\n{message.body}"
        # A commentary request links to the owner's page by the request's own id (a board
        # paper, not a person): that one id may appear, no other.
        words = re.sub(rf"/governance/commentary/{UUID.pattern}", "/governance/commentary/", words)
        assert not UUID.search(words) and not UPN.search(words), (message.kind, words)
        assert not [s for s in forbidden if s in words], (message.kind, words)
    digest = next(m for m in messages if m.kind == "at_risk_digest")
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    assert not re.search(rf"\d{{4}}-\d\d-\d\d|\d+ ({months})", digest.body)


def _personal_strings(session: Session) -> set[str]:
    """Names of people, request and person ids, UPNs and dates of birth in the database."""
    found: set[str] = set()
    for partnership in access.list_partnerships(session=session):
        found |= {u.name for u in access.list_users(session=session, partnership_id=partnership.id)}
    for request in session.scalars(select(EhcRequest)):
        found |= {request.request_id, request.person_id, request.upn or ""}
        if request.date_of_birth:
            born = request.date_of_birth
            found |= {born.isoformat(), f"{born.day} {born:%B %Y}", f"{born:%d/%m/%Y}"}
    return {s for s in found if s}


# --- The outbox page ------------------------------------------------------------------------


def test_the_outbox_shows_the_demos_messages_to_its_admin_only(
    client: Any, seeded_session: Session
) -> None:
    sign_in(client, "admin")
    page = client.get("/admin/outbox/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "This week&#39;s EHC requests at risk" in html
    own = queries.list_messages(session=seeded_session, partnership_id=_demo_id(seeded_session))[0][
        0
    ]
    shown = client.get(f"/admin/outbox/{own.id}").get_data(as_text=True)
    assert "https://" in shown or "http://" in shown  # outbox mode: the text is read here
    for role in ("analyst", "caseworker", "partner", "school"):
        other = client.application.test_client()
        sign_in(other, role)
        assert other.get("/admin/outbox/").status_code == 403


def test_another_partnerships_message_is_not_found(client: Any, seeded_session: Session) -> None:
    elsewhere = new_partnership_id(seeded_session, "Elsewhere Alliance")
    theirs = queries.create_message(
        session=seeded_session,
        partnership_id=elsewhere,
        to_address="someone@elsewhere.test",
        subject="Elsewhere only",
        body="Not for the demo",
        kind="measures_due",
    )
    sign_in(client, "admin")
    assert client.get(f"/admin/outbox/{theirs.id}").status_code == 404
    assert "Elsewhere only" not in client.get("/admin/outbox/").get_data(as_text=True)


def _demo_id(session: Session) -> str:
    from tests.partnerships import demo_partnership_id

    return demo_partnership_id(session)


# --- The commands, on a committed database ------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def committed_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database whose writes are committed (the command opens its own session)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'mail.db'}"
    else:
        if not POSTGRES_URL:
            pytest.skip("PostgreSQL tests need SENDSIGHT_TEST_POSTGRES_URL")
        url = _own_postgres(POSTGRES_URL, "_mail")
    upgrade(url)
    with transaction(url) as session:
        seed_world(session)
    return url


def _own_postgres(base_url: str, suffix: str) -> str:
    base = make_url(base_url)
    name = f"{base.database}{suffix}"
    with get_engine(base_url).execution_options(isolation_level="AUTOCOMMIT").connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    with get_engine(url).begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    return url


def _command(monkeypatch: pytest.MonkeyPatch, url: str, port: int, *args: str) -> Any:
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", url)
    for name, value in mail_settings(port).items():
        monkeypatch.setenv(f"SENDSIGHT_{name.upper()}", str(value))
    get_settings.cache_clear()
    return CliRunner().invoke(cli, ["mail", *args])


def test_mail_send_command_delivers_and_keeps_failures_to_try_again(
    committed_url: str, smtp: tuple[int, Inbox], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, inbox = smtp
    with transaction(committed_url) as session:
        request_password_reset(
            session,
            email="caseworker@example.test",
            settings=Settings(environment="test"),
            now=support.Clock().now,
        )
    failed = _command(monkeypatch, committed_url, free_port(), "send")
    assert failed.exit_code == 1 and "0 sent, 1 failed" in failed.output
    sent = _command(monkeypatch, committed_url, port, "send")
    assert sent.exit_code == 0 and "1 sent, 0 failed" in sent.output, sent.output
    [arrived] = inbox.messages
    assert arrived["To"] == "caseworker@example.test" and "/set-password/" in _body(arrived)
    with transaction(committed_url) as session:
        kept = session.scalars(select(MailMessage)).one()
        assert (kept.attempts, kept.error) == (2, None)


def test_mail_reminders_command_queues_once_a_week(
    committed_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _command(monkeypatch, committed_url, 25, "reminders", "--today", "2026-12-03")
    assert first.exit_code == 0 and "1 at risk digest" in first.output, first.output
    again = _command(monkeypatch, committed_url, 25, "reminders", "--today", "2026-12-04")
    assert "0 at risk digest" in again.output
    with transaction(committed_url) as session:
        [digest] = session.scalars(select(MailMessage)).all()
        assert digest.to_address == "caseworker@example.test"
        assert "Open requests past a statutory deadline: 0." in digest.body
    assert date(2026, 12, 3).isocalendar()[1] == date(2026, 12, 4).isocalendar()[1]
