"""An OpenAPI 3.0.3 fragment describing the scorecard API (merged into the service's)."""

from __future__ import annotations

from typing import Any

_JSON = {"content": {"application/json": {"schema": {"type": "object"}}}}


def openapi_fragment() -> dict[str, Any]:
    """Paths for ``/api/v1/scorecard`` and ``/api/v1/scorecard/measures/{key}``."""
    return {
        "paths": {
            "/api/v1/scorecard": {
                "get": {
                    "summary": "The alliance scorecard",
                    "description": "The signed-in person's partnership's outcomes with their "
                    "indicators and performance measures (never another partnership's): "
                    "latest figure (after disclosure control unless the caller may see "
                    "case-level data), trend, status against target and baseline, comparators, "
                    "baseline forecast, and accountability health.",
                    "tags": ["outcomes"],
                    "responses": {"200": {"description": "The scorecard", **_JSON}},
                }
            },
            "/api/v1/scorecard/measures/{key}": {
                "get": {
                    "summary": "One indicator or performance measure",
                    "tags": ["outcomes"],
                    "parameters": [
                        {"name": "key", "in": "path", "required": True,
                         "schema": {"type": "string"}, "description": "The measure's id"}
                    ],
                    "responses": {
                        "200": {"description": "Definition, series, targets and baseline", **_JSON},
                        "404": {"description": "No such measure in your partnership"},
                    },
                }
            },
        }
    }  # fmt: skip
