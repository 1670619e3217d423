"""Every response carries the headers that make pages hard to abuse, error pages look like GOV.UK
pages, and CSV exports cannot run a formula in a spreadsheet."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sendsight.access.permissions import Permission
from sendsight.areas.cells import published_cell
from sendsight.areas.exports import AllAreasView, all_areas_csv
from sendsight.core.periods import Period
from sendsight.core.safe_io import write_csv
from sendsight.statistics.registry import get_indicator
from sendsight.web.access import requires
from tests.integration.test_areas_pages import KEY_INDICATOR, LA, page_tree, text_of

# Pages, files and refusals of every kind the public can reach: HTML, CSV, JSON, a static
# file, a redirect and error pages.
RESPONSES = [
    "/", "/areas", f"/areas/{LA}", f"/areas/{LA}/neighbours", "/indicators",
    f"/areas/{LA}/indicators/{KEY_INDICATOR}", f"/areas/{LA}/indicators/{KEY_INDICATOR}.csv",
    f"/indicators/{KEY_INDICATOR}/all", f"/indicators/{KEY_INDICATOR}/all.csv",
    "/areas?q=Rochdale", "/healthz", "/static/dist/sendsight.css", "/sign-in", "/scorecard",
    "/no-such-page", "/areas/999",
]  # fmt: skip
STRICT_REFERRER = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}


def csp_directives(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: [sources]}."""
    parts = [p.split() for p in header.split(";") if p.strip()]
    return {p[0].lower(): p[1:] for p in parts}


@pytest.mark.parametrize("url", RESPONSES)
def test_every_response_has_the_security_headers(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    response.close()  # a static file is streamed from disk
    assert response.status_code in (200, 302, 404), f"{url} -> {response.status_code}"
    csp = csp_directives(response.headers["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in STRICT_REFERRER


def _nonce(response: Any) -> str:
    sources = csp_directives(response.headers["Content-Security-Policy"])["script-src"]
    nonces = [s for s in sources if s.startswith("'nonce-")]
    assert len(nonces) == 1, sources
    return nonces[0].removeprefix("'nonce-").removesuffix("'")


@pytest.mark.parametrize("url", ["/", f"/areas/{LA}", f"/indicators/{KEY_INDICATOR}/all",
                                 "/sign-in", "/no-such-page"])  # fmt: skip
def test_every_inline_script_carries_this_responses_csp_nonce(
    client: FlaskClient, url: str
) -> None:
    response = client.get(url)
    nonce = _nonce(response)
    assert len(nonce) >= 16, "a nonce must be long enough not to be guessed"
    scripts = page_tree(response.get_data(as_text=True)).findall(".//script")
    inline = [s for s in scripts if s.get("src") is None]
    assert inline, "expected the page's inline start-up script"
    assert [s.get("nonce") for s in inline] == [nonce] * len(inline)


def test_each_response_gets_a_fresh_nonce(client: FlaskClient) -> None:
    nonces = {_nonce(client.get("/")) for _ in range(3)}
    assert len(nonces) == 3


def test_pages_are_not_cached_by_shared_caches(client: FlaskClient) -> None:
    assert "no-store" in client.get(f"/areas/{LA}").headers["Cache-Control"]


# --- Error pages --------------------------------------------------------------------------------


def assert_govuk_error_page(response: Any, status: int, title: str) -> None:
    """A whole GOV.UK page: template, header, footer, the title as h1 and in <title>."""
    assert response.status_code == status and response.mimetype == "text/html"
    tree = page_tree(response.get_data(as_text=True))
    assert tree.get("lang") == "en-GB" and "govuk-template" in tree.get("class", "")
    assert tree.find(".//body").get("class", "").split().count("govuk-template__body") == 1
    classes = {c for e in tree.iter() for c in (e.get("class") or "").split()}
    assert {"govuk-header", "govuk-footer", "govuk-main-wrapper", "govuk-heading-l"} <= classes
    h1 = tree.findall(".//h1")
    assert [text_of(h) for h in h1] == [title] and "govuk-heading-l" in h1[0].get("class")
    assert text_of(tree.find(".//title")).startswith(title)
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_a_govuk_not_found_page(client: FlaskClient) -> None:
    assert_govuk_error_page(client.get("/no-such-page"), 404, "Page not found")


def test_unknown_area_is_a_govuk_not_found_page(client: FlaskClient) -> None:
    assert_govuk_error_page(client.get("/areas/999"), 404, "Page not found")


def test_wrong_method_is_a_govuk_error_page(client: FlaskClient) -> None:
    response = client.delete(f"/areas/{LA}")
    assert_govuk_error_page(response, 405, "Sorry, that is not something this page can do")


def test_a_form_sent_without_its_csrf_token_is_a_govuk_error_page(client: FlaskClient) -> None:
    response = client.post("/sign-in", data={"email": "a@example.org", "password": "x"})
    assert_govuk_error_page(response, 400, "Sorry, there is a problem with the request")
    assert "refresh the page and try again" in response.get_data(as_text=True)


def test_a_role_without_permission_gets_a_govuk_forbidden_page(client: FlaskClient) -> None:
    from tests.conftest import sign_in

    sign_in(client, "school")
    response = client.get("/scorecard")
    assert_govuk_error_page(response, 403, "You do not have permission to see this page")


def test_an_unexpected_failure_is_a_govuk_page_that_reveals_nothing(app: Flask) -> None:
    def broken() -> str:
        raise RuntimeError("secret internals: database password is hunter2")

    app.add_url_rule("/test-only/broken", view_func=requires(Permission.PUBLIC)(broken))
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/test-only/broken")
    assert_govuk_error_page(response, 500, "Sorry, there is a problem with the service")
    assert "hunter2" not in response.get_data(as_text=True)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


# --- Spreadsheet formulas in exports -------------------------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"Click\")", "+1+1", "-2+3", "@SUM(A1:A2)",
            "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]  # fmt: skip


def _parsed(body: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body), strict=True))


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_export_neutralises_a_formula_in_a_text_cell(formula: str) -> None:
    rows = _parsed(write_csv([[formula, "Rochdale", 3]], header=["note", "area", "count"]))
    assert rows[1] == ["'" + formula, "Rochdale", "3"]


def test_csv_export_neutralises_a_formula_in_a_header() -> None:
    assert _parsed(write_csv([["x"]], header=["=1+1"]))[0] == ["'=1+1"]


def _view(name: str, value: float) -> AllAreasView:
    indicator = get_indicator(KEY_INDICATOR)
    row = {"la_code": "999", "la_name": name, "region_name": "Nowhere", "value": value,
           "rank": 1, "tied": False, "rank_of": 1, "quartile_band": "A",
           "cell": published_cell(value, None, indicator)}  # fmt: skip
    period = Period.parse("2024")
    return AllAreasView(indicator, period, [period], [row], "rank", False, None)


def test_all_areas_csv_neutralises_a_formula_in_an_area_name() -> None:
    record = next(csv.DictReader(io.StringIO(all_areas_csv(_view("=1+1", 50.0)))))
    assert record["la_name"] == "'=1+1" and record["value"] == "50.0"


def test_all_areas_csv_keeps_a_negative_figure_a_number() -> None:
    # safe_io: "numbers written as numbers (such as -3) never pass through here and stay numeric".
    record = next(csv.DictReader(io.StringIO(all_areas_csv(_view("Testshire", -3.5)))))
    assert re.fullmatch(r"-3\.50*", record["value"]), record["value"]
