"""Derive the directory's served ORUK OpenAPI document from the vendored ORUK 3.0 files.

Reads ``tests/data/oruk/`` (copied from the ORUK repositories, see its README) and writes
``src/sendsight/directory/data/oruk_openapi.json``: the ORUK 3.0 API document with every
``$ref`` to a remote schema inlined (so it works offline), the time parameters typed as
strings, the filters sendsight supports, and JSON error responses. Run it after updating
the vendored files: ``python scripts/build_oruk_openapi.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "tests" / "data" / "oruk"
TARGET = ROOT / "src" / "sendsight" / "directory" / "data" / "oruk_openapi.json"
REMOTE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
BASE = "/api/oruk"
# Table-schema keys that are not JSON Schema keywords.
DROP = {"name", "core", "constraints", "datapackage_metadata", "path"}
SINGLE_SAL = "compiled/service_at_location.json"  # see tests/data/oruk/README.md
TIME = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"}
DAYS = (
    "MO",
    "TU",
    "WE",
    "TH",
    "FR",
    "SA",
    "SU",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
ERROR = {
    "description": "A JSON error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def _schema(relative: str) -> dict[str, Any]:
    return _clean(json.loads((SOURCE / "schema" / relative).read_text(encoding="utf-8")))


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        if "$ref" in value and not value["$ref"].startswith("#"):
            return _schema(value["$ref"].removeprefix(REMOTE))
        keep = "in" in value  # a parameter object: its "name" is OpenAPI's, not table schema's
        return {
            k: _clean(v) for k, v in value.items() if keep or k not in DROP or _is_property(k, v)
        }
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _is_property(key: str, value: Any) -> bool:
    # "name", "path" ... can also be property names inside "properties".
    return isinstance(value, dict) and "type" in value and key in {"name", "path"}


def build() -> dict[str, Any]:
    """The served document."""
    raw = json.loads((SOURCE / "openapi.json").read_text(encoding="utf-8"))
    raw["paths"]["/service_at_locations/{id}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"] = {"$ref": REMOTE + SINGLE_SAL}
    document = _clean(raw)
    document["openapi"] = "3.0.3"
    document["info"]["description"] = (
        "The Local Offer published by sendsight in Open Referral UK 3.0 (HSDS-UK-3.0). "
        "Derived from the ORUK 3.0 OpenAPI document (CC BY-SA 4.0, Open Referral UK)."
    )
    parameters = document["components"]["parameters"]
    parameters["start_time"]["schema"] = TIME
    parameters["end_time"]["schema"] = TIME
    parameters["modified_after"]["schema"] = {"type": "string", "format": "date-time"}
    # The values sendsight accepts (anything else is a 400 with a JSON body).
    parameters["day"]["schema"] = {"type": "string", "enum": list(DAYS)}
    parameters["page"]["schema"] = {"type": "integer", "minimum": 1, "maximum": 1_000_000}
    parameters["per_page"]["schema"] = {"type": "integer", "minimum": 1, "maximum": 200}
    parameters["search"]["schema"] = {"type": "string", "maxLength": 200}
    for name in ("minimum_age", "maximum_age"):
        parameters[name]["schema"] = {"type": "number", "minimum": 0, "maximum": 999}
    for name in ("taxonomy_term_id", "taxonomy_id", "organization_id"):
        parameters[name]["schema"] = {"type": "string", "format": "uuid"}
    document["components"].setdefault("schemas", {})["Error"] = {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "message"],
                "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
            }
        },
    }
    paths = {}
    for path, item in document["paths"].items():
        operation = item["get"]
        operation["parameters"] = [
            p
            for p in operation.get("parameters", [])
            if p.get("$ref", "").rsplit("/", 1)[-1] not in {"postcode", "proximity"}
        ]
        if path == "/services":
            operation["parameters"] += [
                {"$ref": "#/components/parameters/organization_id"},
                {"$ref": "#/components/parameters/modified_after"},
            ]
        for status in ("400", "404", "429"):
            operation["responses"][status] = ERROR
        paths[BASE + path.rstrip("/") + ("/" if path == "/" else "")] = item
    document["paths"] = paths
    return document


def main() -> None:
    """Write the served document."""
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(build(), indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
