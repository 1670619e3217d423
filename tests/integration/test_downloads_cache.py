"""Downloads that hold case rows or identifiers are never kept by a browser or shared cache."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.conftest import sign_in

DOWNLOADS = [
    ("caseworker", "/ehc/at-risk.csv?la=354&as_of=2024-10-20"),
    ("analyst", "/ehc/timeliness.csv?la=354"),
    ("partner", "/ehc/timeliness.csv?la=354"),
]


@pytest.mark.parametrize(("role", "url"), DOWNLOADS)
def test_a_csv_download_says_private_no_store(client: FlaskClient, role: str, url: str) -> None:
    sign_in(client, role)
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv", url
    assert response.headers["Cache-Control"] == "private, no-store"


def test_the_audit_log_download_is_not_stored_either(client: FlaskClient) -> None:
    sign_in(client, "admin")
    assert "no-store" in client.get("/admin/audit.csv").headers["Cache-Control"]
