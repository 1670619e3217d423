"""The JSON API's refusals: one error shape for 400, 401, 403, 404 and 405, never a page or a
sign-in redirect, never cached; and the same permissions as the pages."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from sendsight.core.periods import EXPECTED_PERIOD
from tests.conftest import sign_in

TIMELINESS = "pct-20-weeks-excl-exceptions"


def _error(client: FlaskClient, path: str, status: int, method: str = "GET") -> dict[str, Any]:
    response = client.open(path, method=method)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    error: dict[str, Any] = response.get_json()["error"]
    assert error["status"] == status and error["message"]
    return error


def test_an_unknown_area_is_a_404_that_names_the_code(client: FlaskClient) -> None:
    assert "999" in _error(client, "/api/v1/areas/999", 404)["message"]


def test_an_unknown_indicator_is_a_404_that_names_it(client: FlaskClient) -> None:
    assert (
        "no-such-thing" in _error(client, "/api/v1/indicators/no-such-thing/areas", 404)["message"]
    )


def test_an_address_outside_the_api_is_a_json_404_pointing_to_the_description(
    client: FlaskClient,
) -> None:
    assert "/api/v1/openapi.json" in _error(client, "/api/v1/nowhere", 404)["message"]


@pytest.mark.parametrize("period", ["2024/2025", "last-year", "", "%202024"])
def test_a_badly_written_period_is_a_400_saying_how_to_write_one(
    client: FlaskClient, period: str
) -> None:
    error = _error(client, f"/api/v1/indicators/{TIMELINESS}/areas?period={period}", 400)
    assert error["message"] == EXPECTED_PERIOD


def test_a_well_written_period_that_cannot_exist_is_a_404(client: FlaskClient) -> None:
    error = _error(client, f"/api/v1/indicators/{TIMELINESS}/areas?period=2024/26", 404)
    assert "2024/26" in error["message"]


def test_a_period_without_figures_is_a_404(client: FlaskClient) -> None:
    _error(client, f"/api/v1/indicators/{TIMELINESS}/areas?period=1950", 404)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_the_api_is_read_only_and_says_which_methods_it_allows(
    client: FlaskClient, method: str
) -> None:
    _error(client, "/api/v1/areas", 405, method)
    allowed = client.open("/api/v1/areas", method=method).headers["Allow"]
    assert "GET" in allowed and method not in allowed


def test_the_scorecard_api_asks_an_anonymous_caller_to_sign_in_instead_of_redirecting(
    client: FlaskClient,
) -> None:
    response = client.get("/api/v1/scorecard")
    assert "Location" not in response.headers
    _error(client, "/api/v1/scorecard", 401)
    assert response.headers["WWW-Authenticate"]


def test_the_scorecard_api_refuses_a_role_the_scorecard_page_refuses(client: FlaskClient) -> None:
    sign_in(client, "school")
    assert client.get("/scorecard").status_code == 403
    _error(client, "/api/v1/scorecard", 403)


def test_the_scorecard_api_answers_a_role_the_scorecard_page_answers_and_is_not_cached(
    client: FlaskClient,
) -> None:
    sign_in(client, "partner")
    assert client.get("/scorecard").status_code == 200
    response = client.get("/api/v1/scorecard")
    assert response.status_code == 200 and response.is_json
    assert response.headers["Cache-Control"] == "private, no-store"


def test_pages_outside_the_api_still_redirect_anonymous_users_to_sign_in(
    client: FlaskClient,
) -> None:
    response = client.get("/scorecard")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_the_guide_page_lists_every_address_in_the_description(client: FlaskClient) -> None:
    page = client.get("/api")
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    for path in client.get("/api/v1/openapi.json").get_json()["paths"]:
        assert f"<code>{path}</code>" in text
