"""The ORUK 3.0 read API at /api/oruk/: every response validates against the vendored ORUK
schemas (JSON Schema 2020-12, formats checked), pages are consistent, filters combine with AND,
empty fields are left out, errors are JSON, and anyone may call it from anywhere."""

from __future__ import annotations

import json
from functools import cache
from math import ceil
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import TEST_DATA

SCHEMAS = TEST_DATA / "oruk" / "schema"
API = "/api/oruk"


def _retrieve(uri: str) -> Any:
    return json.loads(Path(uri.removeprefix("file://")).read_text(encoding="utf-8"))


@cache
def _validator(name: str) -> Any:
    path = SCHEMAS / name
    return jsonschema_rs.Draft202012Validator(
        json.loads(path.read_text(encoding="utf-8")), validate_formats=True,
        base_uri=path.as_uri(), retriever=_retrieve,
    )  # fmt: skip


def _valid(document: Any, name: str) -> None:
    errors = [str(e) for e in _validator(name).iter_errors(document)]
    assert errors == [], errors[:3]
    assert _nulls_or_empties(document) == []


def _nulls_or_empties(value: Any, where: str = "$") -> list[str]:
    if value is None or value == "" or value == []:
        return [where]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _nulls_or_empties(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _nulls_or_empties(v, f"{where}[{i}]")]
    return []


def _page(client: FlaskClient, path: str, item_schema: str) -> dict[str, Any]:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert body["size"] == len(body["contents"])
    assert body["empty"] is (body["size"] == 0)
    assert body["first_page"] is (body["page_number"] == 1)
    for item in body["contents"]:
        _valid(item, item_schema)
    return dict(body)


def test_the_root_names_the_version_profile_and_openapi_document(client: FlaskClient) -> None:
    response = client.get(f"{API}/")
    body = response.get_json()
    assert body["version"] == "HSDS-UK-3.0"
    assert body["openapi_url"].endswith("/api/oruk/openapi.json")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/oruk/openapi.json").get_json()["openapi"] == "3.0.3"


def test_every_page_of_services_is_consistent_and_valid(client: FlaskClient) -> None:
    first = _page(client, f"{API}/services?per_page=40", "compiled/service_list.json")
    total = first["total_items"]
    assert total >= 150 and first["total_pages"] == ceil(total / 40)
    seen = []
    for number in range(1, first["total_pages"] + 1):
        body = _page(client, f"{API}/services?per_page=40&page={number}",
                     "compiled/service_list.json")  # fmt: skip
        assert body["last_page"] is (number == first["total_pages"])
        assert body["size"] == (40 if number < first["total_pages"] else total - 40 * (number - 1))
        seen += [s["id"] for s in body["contents"]]
    assert len(seen) == len(set(seen)) == total
    beyond = client.get(f"{API}/services?per_page=40&page={first['total_pages'] + 1}").get_json()
    assert beyond["empty"] is True and beyond["contents"] == []


def test_a_full_service_is_nested_and_valid(client: FlaskClient) -> None:
    listed = client.get(f"{API}/services?per_page=5").get_json()["contents"]
    for summary in listed:
        service = client.get(f"{API}/services/{summary['id']}").get_json()
        _valid(service, "compiled/service.json")
        assert service["attributes"] and service["schedules"] and service["service_at_locations"]
        assert 0 < service["minimum_age"] <= service["maximum_age"]


def test_taxonomies_terms_and_places_are_valid(client: FlaskClient) -> None:
    taxonomies = _page(client, f"{API}/taxonomies", "taxonomy.json")
    need = next(t for t in taxonomies["contents"] if t["name"] == "Special educational need")
    _valid(client.get(f"{API}/taxonomies/{need['id']}").get_json(), "taxonomy.json")
    terms = _page(client, f"{API}/taxonomy_terms?taxonomy_id={need['id']}", "taxonomy_term.json")
    assert terms["total_items"] == 12
    _valid(client.get(f"{API}/taxonomy_terms/{terms['contents'][0]['id']}").get_json(),
           "taxonomy_term.json")  # fmt: skip
    places = _page(client, f"{API}/service_at_locations?per_page=3",
                   "compiled/service_at_location_list.json")  # fmt: skip
    single = client.get(f"{API}/service_at_locations/{places['contents'][0]['id']}").get_json()
    _valid(single, "compiled/service_at_location.json")


def _term(client: FlaskClient, name: str) -> str:
    terms = client.get(f"{API}/taxonomy_terms?per_page=200").get_json()["contents"]
    return str(next(t["id"] for t in terms if t["name"] == name))


def _ids(client: FlaskClient, query: str) -> set[str]:
    body = client.get(f"{API}/services?per_page=200&{query}").get_json()
    assert body["total_items"] == len(body["contents"])
    return {s["id"] for s in body["contents"]}


def test_filters_combine_with_and_as_orUK_words_them(client: FlaskClient) -> None:
    autism = _term(client, "Autism")
    tagged, older = _ids(client, f"taxonomy_term_id={autism}"), _ids(client, "minimum_age=5")
    both = _ids(client, f"taxonomy_term_id={autism}&minimum_age=5")
    assert both == tagged & older and 0 < len(both) < len(tagged)
    for sid in both:
        service = client.get(f"{API}/services/{sid}").get_json()
        assert service["minimum_age"] >= 5
        assert autism in {a["taxonomy_term_id"] for a in service["attributes"]}
    for sid in _ids(client, "maximum_age=11"):
        assert client.get(f"{API}/services/{sid}").get_json()["maximum_age"] <= 11


def test_day_and_time_filters_hold_for_one_session(client: FlaskClient) -> None:
    found = _ids(client, "day=SA&start_time=09:00&end_time=12:00")
    assert found
    for sid in found:
        schedules = client.get(f"{API}/services/{sid}").get_json()["schedules"]
        assert any("SA" in s["byday"] and s["opens_at"] >= "09:00" and s["closes_at"] <= "12:00"
                   for s in schedules)  # fmt: skip


def test_search_ranks_stemmed_words_and_treats_syntax_as_words(client: FlaskClient) -> None:
    swimming = client.get(f"{API}/services?search=swim").get_json()
    assert swimming["total_items"] > 0
    assert all("swim" in s["name"].lower() for s in swimming["contents"][:3])
    for nasty in ["' OR 1=1 --", '"unclosed', "NEAR(a b)", "autism*", "%_\\", "a AND OR NOT"]:
        response = client.get(f"{API}/services", query_string={"search": nasty})
        assert response.status_code == 200, nasty


@pytest.mark.parametrize("per_page", ["0", "-1", "201", "abc", "1.5"])
def test_a_bad_per_page_is_a_json_400(client: FlaskClient, per_page: str) -> None:
    response = client.get(f"{API}/services?per_page={per_page}")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith("per_page")
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_an_unknown_or_malformed_id_is_a_json_404(client: FlaskClient) -> None:
    for path in ["services/00000000-0000-4000-8000-000000000000", "services/not-a-uuid",
                 "taxonomies/x", "taxonomy_terms/x", "service_at_locations/x"]:  # fmt: skip
        response = client.get(f"{API}/{path}")
        assert response.status_code == 404 and response.get_json()["error"]["status"] == 404
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_an_unknown_term_gives_an_empty_page(client: FlaskClient) -> None:
    body = client.get(f"{API}/services?taxonomy_term_id=00000000-0000-4000-8000-000000000000")
    assert body.get_json()["total_items"] == 0 and body.get_json()["empty"] is True


def test_too_many_requests_from_one_address_are_refused(app: Flask) -> None:
    app.config["ORUK_RATE_LIMIT"] = (3.0, 0.001)
    client = app.test_client()
    codes = [client.get(f"{API}/", environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code
             for _ in range(5)]  # fmt: skip
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    other = client.get(f"{API}/", environ_base={"REMOTE_ADDR": "198.51.100.8"})
    assert other.status_code == 200
