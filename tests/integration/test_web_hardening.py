"""Findings of the outside security test: HSTS in production only, page numbers checked, and an
audit search that can find every action the service records."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from sendsight.access.audit_actions import AUDIT_ACTIONS
from tests.integration import test_access_support as support
from tests.integration.test_access_support import World, sign_in

app, client, clock, make_app, world = (
    support.app,
    support.client,
    support.clock,
    support.make_app,
    support.world,
)
HSTS = "max-age=31536000; includeSubDomains"


def test_production_tells_browsers_to_use_https_only(make_app, world: World) -> None:  # type: ignore[no-untyped-def]
    production = make_app(environment="production").test_client()
    for url in ("/", "/sign-in", "/no-such-page", "/healthz"):
        assert production.get(url).headers.get("Strict-Transport-Security") == HSTS, url


@pytest.mark.parametrize("environment", ["development", "test"])
def test_development_and_test_servers_over_http_send_no_hsts(
    make_app,
    world: World,
    environment: str,  # type: ignore[no-untyped-def]
) -> None:
    local = make_app(environment=environment).test_client()
    assert "Strict-Transport-Security" not in local.get("/").headers


# Every paged view (grep `page` in web/blueprints) and who may see it.
PAGED_VIEWS = [("/admin/audit", "admin@example.test"), ("/scorecard", "analyst@example.test")]
BAD_PAGES = ["99999999999999999999", "1" * 5000, "-1", "0", "abc", "1.5", "²", "100001"]


@pytest.mark.parametrize(("view", "email"), PAGED_VIEWS)
def test_a_page_number_out_of_range_is_a_400_page_not_a_failure(
    client: FlaskClient, world: World, view: str, email: str
) -> None:
    sign_in(client, email)
    for page in BAD_PAGES:
        response = client.get(f"{view}?page={page}")
        assert response.status_code == 400, (view, page)
        assert "Give a whole number from 1 to 100000" in response.get_data(as_text=True)


def test_a_page_past_the_last_is_an_empty_page(client: FlaskClient, world: World) -> None:
    sign_in(client, "admin@example.test")
    assert client.get("/admin/audit?page=100000").status_code == 200


@pytest.mark.parametrize("action", AUDIT_ACTIONS)
def test_the_audit_search_accepts_every_action_the_service_records(
    client: FlaskClient, world: World, action: str
) -> None:
    sign_in(client, "admin@example.test")
    response = client.get(f"/admin/audit?action={action}")
    assert response.status_code == 200
    assert "govuk-error-summary" not in response.get_data(as_text=True), action
