"""Schemathesis against the ORUK API's own OpenAPI document: generated requests, valid and
invalid, never get a 5xx, and every response matches the document (status, content type,
body schema)."""

from __future__ import annotations

from typing import Any

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.core.result import Ok

EXAMPLES_PER_OPERATION = 15


def _operations(app: Flask) -> list[Any]:
    schema = schemathesis.openapi.from_wsgi("/api/oruk/openapi.json", app)
    results = list(schema.get_all_operations())
    assert all(isinstance(result, Ok) for result in results), results
    return [result.ok() for result in results if isinstance(result, Ok)]


def _known_ids(app: Flask) -> list[str]:
    client = app.test_client()
    ids = [
        client.get(f"/api/oruk/{kind}?per_page=2").get_json()["contents"][0]["id"]
        for kind in ("services", "taxonomies", "taxonomy_terms", "service_at_locations")
    ]
    return ids  # fmt: skip


def test_the_document_describes_every_oruk_endpoint(app: Flask) -> None:
    paths = {operation.path for operation in _operations(app)}
    assert paths == {
        "/api/oruk/", "/api/oruk/services", "/api/oruk/services/{id}", "/api/oruk/taxonomies",
        "/api/oruk/taxonomies/{id}", "/api/oruk/taxonomy_terms", "/api/oruk/taxonomy_terms/{id}",
        "/api/oruk/service_at_locations", "/api/oruk/service_at_locations/{id}",
    }  # fmt: skip


def test_no_generated_request_gets_a_server_error_or_an_undocumented_response(app: Flask) -> None:
    app.config["ORUK_RATE_LIMIT"] = None
    known = _known_ids(app)
    for operation in _operations(app):

        @given(case=operation.as_strategy(), data=st.data())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                   HealthCheck.function_scoped_fixture],
        )  # fmt: skip
        def check(case: Any, data: st.DataObject) -> None:
            if case.path_parameters and data.draw(st.booleans()):
                case.path_parameters["id"] = data.draw(st.sampled_from(known))
            case.call_and_validate()

        check()
