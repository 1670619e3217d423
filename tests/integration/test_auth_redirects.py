"""``/sign-in?next=…`` never sends anyone to another site and never fails, signed in or not."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.data.security.open_redirect_payloads import PAYLOADS, SAFE_TARGETS, stays_on_site
from tests.integration import test_access_support as support
from tests.integration.test_access_support import World, csrf_from, sign_in

app, client, clock, make_app, world = (
    support.app,
    support.client,
    support.clock,
    support.make_app,
    support.world,
)
PAGE = "http://localhost/sign-in"


def _sign_in_to(client: FlaskClient, target: str) -> tuple[int, str]:
    """Sign in through a form reached at /sign-in?next=target; the answer's status and
    Location (blank when it is not a redirect)."""
    page = client.get("/sign-in?next=" + target)
    assert page.status_code < 500, (target, page.status_code)
    response = client.post(
        "/sign-in?next=" + target,
        data={
            "email": "admin@example.test",
            "password": support.PASSWORD,
            "csrf_token": csrf_from(page.get_data(as_text=True)),
        },
    )
    return response.status_code, response.headers.get("Location", "")


def _off_site(results: dict[str, tuple[int, str]]) -> dict[str, tuple[int, str]]:
    return {
        target: (status, location)
        for target, (status, location) in results.items()
        if status >= 500 or (300 <= status < 400 and not stays_on_site(location, PAGE))
    }


def test_signing_in_with_an_open_redirect_payload_stays_on_this_site(
    app: Flask, world: World
) -> None:
    results = {target: _sign_in_to(app.test_client(), target) for target in PAYLOADS}
    assert _off_site(results) == {}
    assert {location for _status, location in results.values()} == {"/"}


def test_a_signed_in_visit_with_an_open_redirect_payload_stays_on_this_site(
    client: FlaskClient, world: World
) -> None:
    sign_in(client, "admin@example.test")
    results = {}
    for target in PAYLOADS:
        response = client.get("/sign-in?next=" + target)
        results[target] = (response.status_code, response.headers.get("Location", ""))
    assert _off_site(results) == {}
    assert {location for _status, location in results.values()} == {"/"}


def test_the_reported_tab_payload_goes_home_not_to_the_other_site(
    client: FlaskClient, world: World
) -> None:
    sign_in(client, "admin@example.test")
    assert client.get("/sign-in?next=/%09/evil.example").headers["Location"] == "/"


def test_a_newline_in_next_is_not_a_server_error(client: FlaskClient, world: World) -> None:
    assert _sign_in_to(client, "/%0A/admin") == (302, "/")


@pytest.mark.parametrize("target", SAFE_TARGETS)
def test_signing_in_returns_to_the_page_on_this_site_that_was_asked_for(
    client: FlaskClient, world: World, target: str
) -> None:
    from urllib.parse import quote

    assert _sign_in_to(client, quote(target, safe="/")) == (302, target)
