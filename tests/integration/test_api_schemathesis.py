"""Schemathesis against the running app, in process: for every operation in the served OpenAPI
description, generated requests (valid and invalid) never get a 5xx, and every response matches
the description (status, content type, headers and body schema)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import APIOperation, Case
from schemathesis.core.result import Ok

from sendsight.statistics.registry import list_indicators
from sendsight.web.openapi import merge_fragment, openapi_document
from tests.conftest import sign_in

# Bounded so that the whole run takes seconds per backend, not minutes.
EXAMPLES_PER_OPERATION = 30
TIMELINESS = "pct-20-weeks-excl-exceptions"


@dataclass(frozen=True)
class Known:
    """Identifiers that exist, so that generated requests reach real figures, not only 404s."""

    la_codes: list[str]
    indicator_ids: list[str]
    periods: list[str]


def _known(app: Flask) -> Known:
    client = app.test_client()
    areas = client.get("/api/v1/areas").get_json()["areas"]
    periods = client.get(f"/api/v1/indicators/{TIMELINESS}/areas").get_json()["periods"]
    return Known([a["la_code"] for a in areas], [i.id for i in list_indicators()],
                 [p["code"] for p in periods])  # fmt: skip


# schemathesis's generic classes, with their parameters left open.
Operation = APIOperation[Any, Any, Any, Any]
AnyCase = Case[Any]


def _operations(app: Flask) -> list[Operation]:
    """Every operation in the served description (an unreadable one fails the test)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    results = list(schema.get_all_operations())
    assert all(isinstance(result, Ok) for result in results), results
    return [result.ok() for result in results if isinstance(result, Ok)]


def _use_known(case: AnyCase, draw: Any, known: Known) -> None:
    """Swap in a real area, indicator and (sometimes) period half the time."""
    if not draw(st.booleans()):
        return
    path = case.path_parameters if case.path_parameters is not None else {}
    if "la_code" in path:
        path["la_code"] = draw(st.sampled_from(known.la_codes))
    if "indicator_id" in path:
        path["indicator_id"] = draw(st.sampled_from(known.indicator_ids))
    if case.query is not None and "period" in case.query:
        case.query["period"] = draw(st.sampled_from(known.periods))


def _run(operation: Operation, known: Known, **call: Any) -> None:
    @given(case=operation.as_strategy(), data=st.data())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                               HealthCheck.function_scoped_fixture],
    )  # fmt: skip
    def check(case: AnyCase, data: st.DataObject) -> None:
        _use_known(case, data.draw, known)
        case.call_and_validate(**call)

    check()


def test_the_description_covers_the_public_api_and_the_scorecard(app: Flask) -> None:
    paths = {operation.path for operation in _operations(app)}
    assert {"/api/v1/areas", "/api/v1/areas/{la_code}", "/api/v1/indicators",
            "/api/v1/areas/{la_code}/indicators/{indicator_id}",
            "/api/v1/indicators/{indicator_id}/areas"} <= paths  # fmt: skip


def test_no_generated_request_gets_a_server_error_or_a_response_off_the_description(
    app: Flask,
) -> None:
    known = _known(app)
    for operation in _operations(app):
        _run(operation, known)


def test_signed_in_requests_to_every_operation_also_stay_on_the_description(app: Flask) -> None:
    client = app.test_client()
    sign_in(client, "partner")
    cookie = client.get_cookie("sendsight_session")
    assert cookie is not None
    known = _known(app)
    for operation in _operations(app):
        _run(operation, known, cookies={"sendsight_session": cookie.value})


def test_the_served_description_is_valid_openapi_3_0_3(app: Flask) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    schema.validate()
    assert schema.raw_schema["openapi"] == "3.0.3"


def test_a_merged_fragment_needs_signing_in_and_cannot_replace_a_public_path() -> None:
    document = openapi_document()
    public = copy.deepcopy(document["paths"]["/api/v1/areas"])
    merge_fragment(document, {"paths": {
        "/api/v1/areas": {"get": {"responses": {"200": {"description": "replaced"}}}},
        "/api/v1/extra": {"get": {"tags": ["extra"],
                                  "responses": {"200": {"description": "extra"}}}},
    }})  # fmt: skip
    assert document["paths"]["/api/v1/areas"] == public
    extra = document["paths"]["/api/v1/extra"]["get"]
    assert extra["security"] == [{"session": []}]
    assert {"401", "403", "405"} <= set(extra["responses"])
    assert {"name": "extra"} in document["tags"]
