"""The OpenAPI 3.0.3 description of sendsight's JSON API, served at ``/api/v1/openapi.json``.

Written by hand rather than generated from the views, so that the document is a promise the
tests hold the code to (schemathesis checks every response against it), not a mirror of
whatever the code happens to do. The outcomes domain's scorecard paths are merged in when that
domain is installed.
"""

from __future__ import annotations

import copy
from typing import Any

from sendsight.disclosure import SYMBOLS

# Path parameter and query patterns, shared with the views so that both refuse the same text.
LA_CODE_PATTERN = r"^[0-9]{3}$"
INDICATOR_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PERIOD_PATTERN = r"^[0-9]{4}([/-][0-9]{2})?$"

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: Schema) -> Schema:
    # OpenAPI 3.0 ignores siblings of $ref, so a nullable reference is wrapped in allOf.
    if "$ref" in schema:
        return {"allOf": [schema], "nullable": True}
    return {**schema, "nullable": True}


def _object(properties: dict[str, Schema], description: str = "") -> Schema:
    schema: Schema = {"type": "object", "required": sorted(properties), "properties": properties}
    if description:
        schema["description"] = description
    return schema


def _string(description: str = "", **extra: Any) -> Schema:
    return {"type": "string", **({"description": description} if description else {}), **extra}


def _list(item: Schema) -> Schema:
    return {"type": "array", "items": item}


INTEGER: Schema = {"type": "integer"}
UNITS = ["count", "percent", "rate", "score"]
POLARITIES = ["high_is_good", "low_is_good", "neither"]
PERIOD_KINDS = ["calendar_year", "academic_year", "financial_year", "january_census", "multi_year"]


def _cell() -> Schema:
    return _object(
        {
            "value": {"type": "number", "nullable": True,
                      "description": "The figure, rounded as published; null when a symbol "
                                     "stands in for it"},
            "symbol": {"type": "string", "enum": [*SYMBOLS, None], "nullable": True,
                       "description": "The GSS symbol shown instead of a figure, if any"},
            "text": _string("The figure as a page shows it (46.4%, 1,234 or the symbol)"),
        },
        "A figure after disclosure control: a value or a GSS symbol, never both.",
    )  # fmt: skip


def _indicator_ref() -> Schema:
    return _object({
        "id": _string(pattern=INDICATOR_ID_PATTERN),
        "title": _string(),
        "unit": _string(enum=UNITS),
        "polarity": _string("Which way is better", enum=POLARITIES),
        "decimals": {**INTEGER, "minimum": 0},
    })  # fmt: skip


def _indicator() -> Schema:
    schema = _indicator_ref()
    schema["properties"] |= {
        "short_title": _string(),
        "description": _string("What the figure means"),
        "period_kind": _string(enum=PERIOD_KINDS),
        "quartile_bands": {"type": "boolean",
                           "description": "Whether areas are put in quartile bands A to D"},
        "source": _object({"name": _string(), "url": _string(format="uri"), "owner": _string()}),
        "last_update": _nullable(_string("When the source was last published")),
        "next_update": _nullable(_string("When the source is next due")),
        "links": _object({"areas": _string("Every area's figure, rank and band")}),
    }  # fmt: skip
    schema["required"] = sorted(schema["properties"])
    return schema


def _area() -> Schema:
    return _object({
        "la_code": _string("DfE three-digit local authority code", pattern=LA_CODE_PATTERN),
        "la_name": _string(),
        "region_code": _string("ONS region code"),
        "region_name": _string(),
        "links": _object({"self": _string(), "indicators": _string()}),
    })  # fmt: skip


def _change() -> Schema:
    return _object({
        "previous": _ref("Cell"),
        "previous_period": _ref("Period"),
        "direction": _string(enum=["up", "down", "flat"]),
        "judgement": _string(enum=["better", "worse", "no_judgement"]),
        "text": _string(),
    }, "Change since the previous period; flat means a change of 5% or less.")  # fmt: skip


def _snapshot() -> Schema:
    return _object({
        "indicator": _ref("IndicatorRef"),
        "period": _nullable(_ref("Period")),
        "value": _ref("Cell"),
        "england": _ref("Cell"),
        "region": _ref("Cell"),
        "statistical_neighbour_mean": _ref("Cell"),
        "statistical_neighbour_median": _ref("Cell"),
        "statistical_neighbours_label": _string(
            "What the neighbours' mean is of, as LAIT shows it: Statistical neighbours (mean "
            "of 10)"),
        "rank": _nullable({**INTEGER, "minimum": 1, "description": "1 is the best (or highest)"}),
        "rank_of": _nullable({**INTEGER, "minimum": 0}),
        "rank_sentence": _nullable(_string()),
        "quartile_band": _nullable(_string(enum=["A", "B", "C", "D"])),
        "change": _nullable(_ref("Change")),
        "links": _object({"series": _string()}),
    }, "An indicator's latest figure for an area, with its benchmarks.")  # fmt: skip


def _series_row() -> Schema:
    return _object({
        "period": _ref("Period"), "area": _ref("Cell"), "region": _ref("Cell"),
        "england": _ref("Cell"), "statistical_neighbour_mean": _ref("Cell"),
        "statistical_neighbour_median": _ref("Cell"),
        "notes": _list(_string("Why a total is not the sum of the local areas' figures shown, "
                               "or of how many neighbours the mean is")),
    })  # fmt: skip


def _ranked_area() -> Schema:
    return _object({
        "la_code": _string(pattern=LA_CODE_PATTERN), "la_name": _string(),
        "region_code": _string(), "region_name": _string(), "value": _ref("Cell"),
        "rank": _nullable({**INTEGER, "minimum": 1}), "rank_of": {**INTEGER, "minimum": 0},
        "tied": {"type": "boolean"},
        "quartile_band": _nullable(_string(enum=["A", "B", "C", "D"])),
        "direction": _nullable(_string(enum=["up", "down", "flat"])),
        "judgement": _nullable(_string(enum=["better", "worse", "no_judgement"])),
    })  # fmt: skip


def _symbols() -> Schema:
    return _list(_object({"symbol": _string(enum=list(SYMBOLS)), "meaning": _string()}))


def _responses() -> dict[str, Schema]:
    return {
        "IndicatorList": _object({"indicators": _list(_ref("Indicator"))}),
        "AreaList": _object({"areas": _list(_ref("Area"))}),
        "AreaOverview": _object({
            "la_code": _string(pattern=LA_CODE_PATTERN), "la_name": _string(),
            "region_code": _string(), "region_name": _string(),
            "figures": _list(_ref("Snapshot")), "symbols": _ref("Symbols"),
        }),
        "AreaIndicator": _object({
            "la_code": _string(pattern=LA_CODE_PATTERN), "la_name": _string(),
            "region_name": _string(), "indicator": _ref("Indicator"), "latest": _ref("Snapshot"),
            "series": _list(_ref("SeriesRow")), "corrections": _list(_string()),
            "symbols": _ref("Symbols"),
        }),
        "IndicatorAreas": _object({
            "indicator": _ref("IndicatorRef"), "period": _ref("Period"),
            "periods": _list(_ref("Period")), "areas": _list(_ref("RankedArea")),
            "symbols": _ref("Symbols"),
        }),
        "Error": _object({"error": _object({
            "status": {**INTEGER, "minimum": 400, "maximum": 599},
            "message": _string("What went wrong and what to do, in plain English"),
        })}),
    }  # fmt: skip


def _schemas() -> dict[str, Schema]:
    return {
        "Cell": _cell(),
        "Period": _object({
            "code": _string("Canonical form: 2024, 2024/25, 2024-25, 2025-01 or 2014-16"),
            "label": _string("As a page shows it, such as January 2025"),
        }),
        "IndicatorRef": _indicator_ref(),
        "Indicator": _indicator(),
        "Area": _area(),
        "Change": _change(),
        "Snapshot": _snapshot(),
        "SeriesRow": _series_row(),
        "RankedArea": _ranked_area(),
        "Symbols": _symbols(),
        **_responses(),
    }  # fmt: skip


CACHE_HEADER: Schema = {
    "Cache-Control": {"description": "Public data may be cached for 5 minutes",
                      "schema": {"type": "string"}},
}  # fmt: skip
ERROR_TEXT = {
    400: "The request was not understood; the message says what is expected",
    401: "Not signed in",
    403: "Signed in, but not allowed to see this",
    404: "Nothing here: an unknown area, indicator or period",
    405: "Only GET is allowed",
}


def _error(status: int) -> Schema:
    return {"description": ERROR_TEXT[status],
            "content": {"application/json": {"schema": _ref("Error")}}}  # fmt: skip


def _ok(description: str, schema: str) -> Schema:
    return {"description": description, "headers": CACHE_HEADER,
            "content": {"application/json": {"schema": _ref(schema)}}}  # fmt: skip


def _parameter(
    name: str, where: str, pattern: str, description: str, example: str, **extra: Any
) -> Schema:
    return {"name": name, "in": where, "required": where == "path", "description": description,
            "example": example,
            "schema": {"type": "string", "pattern": pattern, **extra}}  # fmt: skip


LA_CODE = _parameter(
    "la_code",
    "path",
    LA_CODE_PATTERN,
    "The DfE three-digit code of a current local authority",
    "354",
)
INDICATOR_ID = _parameter(
    "indicator_id",
    "path",
    INDICATOR_ID_PATTERN,
    "An indicator id from /api/v1/indicators",
    "pct-20-weeks-excl-exceptions",
    maxLength=64,
)
PERIOD = _parameter(
    "period",
    "query",
    PERIOD_PATTERN,
    "A period in canonical form (2024, 2024/25, 2025-01); the latest if left out",
    "2023",
)


def _get(
    summary: str, description: str, ok: Schema, *, parameters: list[Schema], errors: tuple[int, ...]
) -> Schema:
    responses = {"200": ok} | {str(code): _error(code) for code in (*errors, 405)}
    operation: Schema = {
        "summary": summary,
        "description": description,
        "tags": ["areas"],
        "security": [],
        "responses": responses,
    }
    if parameters:
        operation["parameters"] = parameters
    return {"get": operation}


def _paths() -> dict[str, Schema]:
    return {
        "/api/v1/indicators": _get(
            "Every published indicator", "The indicator registry, in registry order.",
            _ok("The indicators", "IndicatorList"), parameters=[], errors=()),
        "/api/v1/indicators/{indicator_id}/areas": _get(
            "Every local area on one indicator",
            "Each local authority's figure, rank and quartile band for one period, best rank "
            "first: ranked among the authorities of that period (a past period lists an "
            "authority since reorganised as it was).",
            _ok("The areas, ranked", "IndicatorAreas"),
            parameters=[INDICATOR_ID, PERIOD], errors=(400, 404)),
        "/api/v1/areas": _get(
            "Current local authorities", "Every current local authority, in DfE code order.",
            _ok("The local authorities", "AreaList"), parameters=[], errors=()),
        "/api/v1/areas/{la_code}": _get(
            "One local area at a glance",
            "The key SEND figures for one area, each with England, region and statistical "
            "neighbour benchmarks, rank, band and change.",
            _ok("The area's key figures", "AreaOverview"), parameters=[LA_CODE], errors=(404,)),
        "/api/v1/areas/{la_code}/indicators/{indicator_id}": _get(
            "One indicator over time for one area",
            "Every period's figure for the area, its region, England and the mean (as LAIT "
            "shows it) and median of its statistical neighbours, with notes.",
            _ok("The series", "AreaIndicator"), parameters=[LA_CODE, INDICATOR_ID],
            errors=(404,)),
    }  # fmt: skip


def openapi_document() -> Schema:
    """The whole API description: sendsight's public endpoints plus any domain fragments."""
    document: Schema = {
        "openapi": "3.0.3",
        "info": {
            "title": "sendsight JSON API",
            "version": "1.0.0",
            "description": "Read-only published SEND statistics for local areas in England, and "
            "(signed in) the partnership's scorecard. Figures are from the Department for "
            "Education under the Open Government Licence v3.0.",
            "license": {"name": "Open Government Licence v3.0 (data)",
                        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/"
                               "version/3/"},
        },
        "paths": _paths(),
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie",
                                            "name": "sendsight_session"}},
        },
        "tags": [{"name": "areas", "description": "Published statistics; no sign-in needed"}],
    }  # fmt: skip
    for fragment in _fragments():
        merge_fragment(document, fragment)
    return document


def _fragments() -> list[Schema]:
    # Domains ship their own fragments; a domain that is not installed simply adds nothing.
    try:
        from sendsight.outcomes.openapi import openapi_fragment
    except ModuleNotFoundError:
        return []
    return [openapi_fragment()]


def merge_fragment(document: Schema, fragment: Schema) -> None:
    """Add a domain's ``paths`` and ``components`` to ``document`` without replacing anything.

    Fragment operations are for signed-in users, so each gains the session security scheme and
    the 401, 403 and 405 error responses the API gives every path under ``/api/``.
    """
    fragment = copy.deepcopy(fragment)
    for path, item in sorted(fragment.get("paths", {}).items()):
        for operation in item.values():
            _signed_in(operation)
            _add_tags(document, operation.get("tags", []))
        document["paths"].setdefault(path, item)
    for kind, entries in sorted(fragment.get("components", {}).items()):
        for name, value in sorted(entries.items()):
            document["components"].setdefault(kind, {}).setdefault(name, value)


def _signed_in(operation: Schema) -> None:
    operation.setdefault("security", [{"session": []}])
    for status in (401, 403, 405):
        operation["responses"].setdefault(str(status), _error(status))


def _add_tags(document: Schema, tags: list[str]) -> None:
    known = {tag["name"] for tag in document["tags"]}
    document["tags"] += [{"name": tag} for tag in tags if tag not in known]
