"""EHC pages: who sees what, disclosure for aggregate-only roles, audit of case-level views."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.audit import NamedActor
from sendsight.access.models import AuditEvent
from sendsight.db.session import session_factory
from sendsight.ehc import imports
from tests.conftest import DEMO_PASSWORD, TEST_DATA, CheckedClient, sign_in, sign_out

TEMPLATE = TEST_DATA / "ehc" / "template"


@pytest.fixture(scope="module")
def ehc_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A seeded demo database of its own, with the six-request template imported for LA 354.

    Its own, because the pages commit: case counts of 1 and 2 test disclosure control.
    """
    from sendsight.cli.setup import load_shipped_data
    from sendsight.db.migrate import upgrade
    from sendsight.db.session import transaction
    from sendsight.demo.build import build_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('ehc_pages') / 'ehc.db'}"
    upgrade(url)
    with transaction(url) as session:
        load_shipped_data(session)
        build_demo(session, la_code="354", password=DEMO_PASSWORD, with_cases=False)
        for la_code in ("354", "355"):
            imports.import_template(
                session, la_code=la_code, requests=TEMPLATE / "requests.csv",
                advice=TEMPLATE / "advice.csv", reviews=TEMPLATE / "reviews.csv",
                actor=NamedActor(email="seed"),
            )  # fmt: skip
    return url


@pytest.fixture
def client(ehc_url: str) -> FlaskClient:
    from sendsight.config import Settings
    from sendsight.web import create_app

    app = create_app(Settings(database_url=ehc_url, environment="test", secret_key="test-key"))
    app.config.update(TESTING=True)
    app.test_client_class = CheckedClient
    return app.test_client()


@pytest.fixture
def session(ehc_url: str) -> Iterator[Session]:
    with session_factory(ehc_url)() as found:
        yield found


def _audit(session: Session, action: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.at_utc)
    return list(session.scalars(query))


def _cells(body: str) -> list[str]:
    import re

    return re.findall(r'govuk-table__cell--numeric">([^<]*)<', body)


def test_analyst_sees_counts_and_partner_sees_them_suppressed(
    client: FlaskClient, session: Session
) -> None:
    sign_in(client, "analyst")
    analyst = client.get("/ehc/?la=354").get_data(as_text=True)
    assert "c = confidential" not in analyst
    assert _cells(analyst)[:3] == ["6", "2", "100.0"]  # requests, plans, % within 20 weeks
    sign_out(client)
    sign_in(client, "partner")
    partner = client.get("/ehc/?la=354")
    body = partner.get_data(as_text=True)
    assert partner.status_code == 200
    assert _cells(body)[:3] == ["6", "c", "c"]  # 2 plans is a small count; so is its rate
    assert "c = confidential" in body


def test_overview_shows_dfe_published_figure_and_explains_the_difference(
    client: FlaskClient, session: Session
) -> None:
    sign_in(client, "analyst")
    body = client.get("/ehc/?la=354").get_data(as_text=True)
    assert "DfE published" in body and "Where our figure and DfE" in body
    csv = client.get("/ehc/timeliness.csv?la=354").get_data(as_text=True).lstrip("\ufeff")
    assert csv.splitlines()[0].startswith("Year,Requests received,Plans issued")
    # DfE published 42.2% for Rochdale in 2024; the six test requests give 100.0%.
    assert csv.splitlines()[1].startswith("2024,6,2,100.0,42.2,57.8,")


def test_at_risk_list_is_for_case_roles_only_and_every_view_is_audited(
    client: FlaskClient, session: Session
) -> None:
    sign_in(client, "partner")
    assert client.get("/ehc/at-risk?la=354").status_code == 403
    sign_out(client)
    sign_in(client, "caseworker")
    page = client.get("/ehc/at-risk?la=354&as_of=2024-10-20")
    assert page.status_code == 200 and "T-R005" in page.get_data(as_text=True)
    export = client.get("/ehc/at-risk.csv?la=354&as_of=2024-10-20")
    assert (
        export.get_data(as_text=True)
        .splitlines()[1]
        .startswith("T-R005,2024-10-01,decision,decision,2024-11-12,23")
    )
    assert [e.object_type for e in _audit(session, "case.view")][-1:] == ["ehc_at_risk"]
    assert _audit(session, "case.export")[-1].actor_email == "caseworker@demo.sendsight.test"


def test_identifiers_show_only_to_roles_that_may_see_them(
    client: FlaskClient, session: Session
) -> None:
    sign_in(client, "analyst")
    pseudonymised = client.get("/ehc/cases/T-R001?la=354").get_data(as_text=True)
    assert "T-P001" in pseudonymised and "J999900019001" not in pseudonymised
    sign_out(client)
    sign_in(client, "caseworker")
    identifiable = client.get("/ehc/cases/T-R001?la=354").get_data(as_text=True)
    assert "J999900019001" in identifiable and "2015-03-02" in identifiable
    views = [(e.actor_role, e.detail) for e in _audit(session, "case.view")
             if e.object_id == "T-R001"]  # fmt: skip
    assert views[-2:] == [("analyst", {"identifiable": False}),
                          ("caseworker", {"identifiable": True})]  # fmt: skip


def test_another_las_case_is_not_found(client: FlaskClient, session: Session) -> None:
    sign_in(client, "caseworker")
    assert client.get("/ehc/cases/T-R001?la=355").status_code == 404  # stored, not theirs
    assert client.get("/ehc/cases/T-R999?la=354").status_code == 404


def test_pinch_points_and_imports_pages_render_with_csv(
    client: FlaskClient, session: Session
) -> None:
    sign_in(client, "analyst")
    pinch = client.get("/ehc/pinch-points?la=354&year=2024").get_data(as_text=True)
    assert "Request to final plan (whole process)" in pinch and "Educational psychology" in pinch
    csv = client.get("/ehc/pinch-points.csv?la=354&year=2024").get_data(as_text=True)
    assert "Draft plan to final plan" in csv
    assert "requests: 6 added" in client.get("/ehc/imports?la=354").get_data(as_text=True)


def test_school_users_cannot_see_ehc_pages(client: FlaskClient) -> None:
    sign_in(client, "school")
    assert client.get("/ehc/").status_code == 403
