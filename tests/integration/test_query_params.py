"""A wrong query parameter is refused with a 400 naming it, never replaced by a default; an
unknown setting is "not found"."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.conftest import sign_in
from tests.integration.test_areas_pages import KEY_INDICATOR

ALL = f"/indicators/{KEY_INDICATOR}/all"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        # The at-risk page is a GET form: a wrong value is a form error beside its field.
        ("/ehc/at-risk?la=354&as_of=banana", 'href="#as_of"'),
        ("/ehc/at-risk.csv?la=354&as_of=2024-02-30", "as_of=2024-02-30"),
        ("/ehc/pinch-points?la=354&year=1999", "year=1999"),
        ("/ehc/pinch-points.csv?la=354&year=twenty", "year=twenty"),
        ("/scorecard?page=banana", "page=banana"),
        ("/scorecard?page=0", "page=0"),
        ("/forecasts?la_code=banana", "la_code=banana"),
        ("/forecasts/202?seek_lever=faster", "seek_lever=faster"),
        (f"{ALL}?order=sideways", "order=sideways"),
        (f"{ALL}?sort=colour", "sort=colour"),
        (f"{ALL}.csv?la=Rochdale", "la=Rochdale"),
    ],
)
def test_a_wrong_query_parameter_is_a_400_that_names_it(
    client: FlaskClient, url: str, shown: str
) -> None:
    sign_in(client, "analyst")
    response = client.get(url)
    assert response.status_code == 400
    assert shown in response.get_data(as_text=True)


def test_the_400_says_what_to_give_instead(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    body = client.get("/ehc/at-risk?la=354&as_of=banana").get_data(as_text=True)
    assert "Enter the as-at date as YYYY-MM-DD, for example 2025-03-31" in body
    body = client.get("/ehc/at-risk.csv?la=354&as_of=banana").get_data(as_text=True)
    assert "Give the date as YYYY-MM-DD, for example 2025-03-31" in body
    body = client.get("/ehc/pinch-points?la=354&year=1999").get_data(as_text=True)
    assert "Choose a year from 20" in body


@pytest.mark.parametrize(
    "url",
    [
        "/ehc/at-risk?la=354&as_of=2024-10-20",
        "/ehc/at-risk?la=354&as_of=",
        "/ehc/pinch-points?la=354",
        "/scorecard?page=1",
        f"{ALL}?sort=name&order=desc&la=354",
    ],
)
def test_right_or_blank_query_parameters_are_accepted(client: FlaskClient, url: str) -> None:
    sign_in(client, "analyst")
    assert client.get(url).status_code == 200


def test_an_unknown_urn_is_not_found(client: FlaskClient) -> None:
    sign_in(client, "partner")
    assert client.get("/settings/123457").status_code == 404
    assert client.get("/settings/123457/figures.csv").status_code == 404
    assert client.get("/settings/990002").status_code == 200  # a demo school's URN
