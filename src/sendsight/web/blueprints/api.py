"""The read-only JSON API over published local-area statistics, its OpenAPI description and guide.

The API shows exactly what the area pages show: the same domain functions, the same disclosure
control (every figure is a cell that has been through ``sendsight.disclosure``), the same
permissions. Errors under ``/api/`` are JSON in one shape, ``{"error": {"status", "message"}}``.
"""

from __future__ import annotations

import re
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    jsonify,
    render_template_string,
    request,
    url_for,
)
from werkzeug.exceptions import MethodNotAllowed

from sendsight.access.permissions import Permission
from sendsight.areas import exports, profile
from sendsight.areas.cells import Cell, published_cell
from sendsight.areas.context import area_context
from sendsight.core.errors import NotFound
from sendsight.core.periods import EXPECTED_PERIOD, Period, PeriodError
from sendsight.core.rounding import round_half_up
from sendsight.disclosure import SYMBOLS
from sendsight.statistics.registry import IndicatorDef
from sendsight.web.access import API_PREFIX, declared_permission, requires
from sendsight.web.db import db
from sendsight.web.openapi import PERIOD_PATTERN, openapi_document

bp = Blueprint("api", __name__)

# Published statistics change only when a release is imported; five minutes of caching spares
# the database when a partner's dashboard polls, and is short enough not to mislead.
PUBLIC_CACHE = "public, max-age=300"
MESSAGES = {
    400: "The request was not understood. Check it against /api/v1/openapi.json",
    401: "Sign in to use this part of the API",
    403: "You do not have permission to see this",
    404: "There is nothing at this address. The addresses are listed at /api/v1/openapi.json",
    405: "Use GET: this API is read-only",
    413: "The request is too big",
    429: "Too many requests. Wait a minute and try again",
    500: "Sorry, there is a problem with the service. Try again later",
}


class ApiProblem(Exception):
    """A request the API refuses, with the status and the message to send back."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# --- Endpoints -------------------------------------------------------------------------------


@bp.get("/api/v1/openapi.json")
@requires(Permission.PUBLIC)
def openapi_json() -> Response:
    """The OpenAPI 3.0.3 description of this API."""
    return _public(openapi_document())


@bp.get("/api/v1/indicators")
@requires(Permission.PUBLIC)
def indicators() -> Response:
    """Every published indicator, in registry order."""
    return _public({"indicators": [indicator_json(i) for i in profile.indicators()]})


@bp.get("/api/v1/indicators/<indicator_id>/areas")
@requires(Permission.PUBLIC)
def indicator_areas(indicator_id: str) -> Response:
    """Every local area's figure, rank and band for one period (best rank first), among the
    authorities of that period, with England's and each region's figure."""
    view = exports.all_areas_view(db(), indicator_id, {"period": _period_argument() or ""})
    totals = [total_json(t) for t in view.totals]
    return _public(_with_symbols({
        "indicator": indicator_ref_json(view.indicator),
        "period": period_json(view.period),
        "periods": [period_json(p) for p in view.periods],
        "areas": [ranked_area_json(row) for row in view.rows],
        "england": next((t for t in totals if t["level"] == "england"), None),
        "regions": [t for t in totals if t["level"] == "region"],
    }))  # fmt: skip


@bp.get("/api/v1/areas")
@requires(Permission.PUBLIC)
def areas() -> Response:
    """Every current local authority, in DfE code order."""
    las = area_context(db()).las.sort("la_code")
    return _public({"areas": [area_json(row) for row in las.iter_rows(named=True)]})


@bp.get("/api/v1/areas/<la_code>")
@requires(Permission.PUBLIC)
def area(la_code: str) -> Response:
    """One area's key figures with their benchmarks, as on its overview page."""
    snapshots = profile.overview(db(), la_code)
    row = _area_row(la_code)
    return _public(_with_symbols({
        "la_code": la_code, "la_name": row["la_name"], "region_code": row["region_code"],
        "region_name": row["region_name"],
        "figures": [snapshot_json(la_code, s) for s in snapshots],
    }))  # fmt: skip


@bp.get("/api/v1/areas/<la_code>/indicators/<indicator_id>")
@requires(Permission.PUBLIC)
def area_indicator(la_code: str, indicator_id: str) -> Response:
    """One indicator over time for one area, as on its indicator page."""
    detail = profile.detail(db(), la_code, indicator_id)
    return _public(_with_symbols({
        "la_code": la_code, "la_name": detail.la_name, "region_name": detail.region_name,
        "indicator": indicator_json(detail.indicator),
        "latest": snapshot_json(la_code, detail.snapshot),
        "series": [
            {"period": period_json(r.period), "area": cell_json(r.area),
             "region": cell_json(r.region), "england": cell_json(r.england),
             "statistical_neighbour_mean": cell_json(r.sn_mean),
             "statistical_neighbour_median": cell_json(r.sn_median), "notes": list(r.notes)}
            for r in detail.rows
        ],
        "corrections": list(detail.corrections),
    }))  # fmt: skip


@bp.get("/api")
@requires(Permission.PUBLIC)
def guide() -> str:
    """A page for people: what the API offers and how to call it."""
    paths = openapi_document()["paths"]
    endpoints = [(path, item["get"]) for path, item in paths.items() if "get" in item]
    return render_template_string(
        GUIDE,
        title="sendsight JSON API",
        endpoints=endpoints,
        symbols=SYMBOLS,
        example=url_for("api.area", la_code="354"),
    )


def _period_argument() -> str | None:
    text = request.args.get("period")
    if text is None:
        return None
    if not re.fullmatch(PERIOD_PATTERN, text):
        raise ApiProblem(400, EXPECTED_PERIOD)
    try:
        return Period.parse(text).code
    except PeriodError as error:
        # Well formed but no such period (2024/26, 0001): there are no figures for it to show.
        raise ApiProblem(404, f"There is no period {text}. {error.expected}") from None


def _area_row(la_code: str) -> dict[str, Any]:
    las = area_context(db()).las
    return las.row(las["la_code"].to_list().index(la_code), named=True)


def _public(payload: dict[str, Any]) -> Response:
    response = jsonify(payload)
    response.headers["Cache-Control"] = PUBLIC_CACHE
    return response


def _with_symbols(payload: dict[str, Any]) -> dict[str, Any]:
    """``payload`` with every GSS symbol it uses and its meaning, as pages explain them under
    their tables (a symbol is never shown without its explanation)."""
    used = set(_symbols_in(payload))
    notes = [{"symbol": s, "meaning": m} for s, m in SYMBOLS.items() if s in used]
    return {**payload, "symbols": notes}


def _symbols_in(value: Any) -> list[str]:
    if isinstance(value, dict):
        own = [value["symbol"]] if value.keys() == CELL_KEYS and value["symbol"] else []
        return own + [s for v in value.values() for s in _symbols_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in _symbols_in(v)]
    return []


# --- JSON shapes (described in sendsight.web.openapi) -----------------------------------------

CELL_KEYS = {"value", "symbol", "text"}


def cell_json(cell: Cell) -> dict[str, Any]:
    """A figure after disclosure control: its value rounded as a page shows it, or its symbol."""
    value = cell.value
    if value is not None:
        decimals = cell.protected.decimals
        # Rounded exactly as the CSV exports write it, so the API and the files agree.
        value = round_half_up(value, decimals)
        value = int(value) if decimals == 0 else value
    return {"value": value, "symbol": cell.symbol, "text": cell.text}


def period_json(period: Period) -> dict[str, str]:
    """A period's canonical code (``2024/25``) and its label (``2024/25 academic year``)."""
    return {"code": period.code, "label": period.label}


def indicator_ref_json(indicator: IndicatorDef) -> dict[str, Any]:
    """Enough of an indicator to read its figures: id, title, unit, which way is better."""
    return {"id": indicator.id, "title": indicator.title, "unit": indicator.unit.value,
            "polarity": indicator.polarity.value, "decimals": indicator.decimals}  # fmt: skip


def indicator_json(indicator: IndicatorDef) -> dict[str, Any]:
    """An indicator's full definition from the registry, with its source."""
    return indicator_ref_json(indicator) | {
        "short_title": indicator.short_title,
        "description": indicator.description,
        "period_kind": indicator.period_kind.value,
        "quartile_bands": not indicator.no_quartile,
        "source": {"name": indicator.source_name, "url": indicator.source_url,
                   "owner": indicator.owner},
        "last_update": indicator.last_update,
        "next_update": indicator.next_update,
        "links": {"areas": url_for("api.indicator_areas", indicator_id=indicator.id)},
    }  # fmt: skip


def area_json(row: dict[str, Any]) -> dict[str, Any]:
    """A current local authority with its region and where to find its figures."""
    code = row["la_code"]
    return {
        "la_code": code, "la_name": row["la_name"], "region_code": row["region_code"],
        "region_name": row["region_name"],
        "links": {"self": url_for("api.area", la_code=code),
                  "indicators": url_for("api.indicators")},
    }  # fmt: skip


def snapshot_json(la_code: str, snap: profile.Snapshot) -> dict[str, Any]:
    """An indicator's latest figure for an area with England, region, neighbours, rank, change."""
    mark = snap.benchmark
    return {
        "indicator": indicator_ref_json(snap.indicator),
        "period": None if snap.period is None else period_json(snap.period),
        "value": cell_json(snap.value), "england": cell_json(snap.england),
        "region": cell_json(snap.region),
        "statistical_neighbour_mean": cell_json(snap.sn_mean),
        "statistical_neighbour_median": cell_json(snap.sn_median),
        "statistical_neighbours_label": snap.sn_label,
        "rank": mark.rank if mark else None, "rank_of": mark.rank_of if mark else None,
        "rank_sentence": mark.rank_sentence if mark else None,
        "quartile_band": mark.quartile_band if mark else None,
        "change": _change_json(snap),
        "links": {"series": url_for("api.area_indicator", la_code=la_code,
                                    indicator_id=snap.indicator.id)},
    }  # fmt: skip


def _change_json(snap: profile.Snapshot) -> dict[str, Any] | None:
    change = snap.benchmark.change if snap.benchmark else None
    if change is None or snap.period is None:
        return None
    return {
        # The previous figure is published too, and goes through the same gate as the latest.
        "previous": cell_json(published_cell(change.previous, None, snap.indicator)),
        "previous_period": period_json(snap.period.previous()),
        "direction": change.direction, "judgement": change.judgement, "text": change.text,
    }  # fmt: skip


def total_json(total: dict[str, Any]) -> dict[str, Any]:
    """England's or a region's figure for the period, as published."""
    return {"level": total["level"], "area_code": total["area_code"], "name": total["name"],
            "value": cell_json(total["cell"])}  # fmt: skip


def ranked_area_json(row: dict[str, Any]) -> dict[str, Any]:
    """One row of the all-areas table: the area's figure, rank, band and direction of change."""
    return {
        "la_code": row["la_code"], "la_name": row["la_name"], "region_code": row["region_code"],
        "region_name": row["region_name"], "value": cell_json(row["cell"]),
        "rank": row["rank"], "rank_of": row["rank_of"], "tied": bool(row["tied"]),
        "quartile_band": row["quartile_band"], "direction": row["direction"],
        "judgement": row["judgement"],
    }  # fmt: skip


# --- Errors and headers -----------------------------------------------------------------------


def error_response(status: int, message: str | None = None) -> Response:
    """The API's error object for ``status``, never cached."""
    text = message or MESSAGES.get(status, MESSAGES[500 if status >= 500 else 400])
    response = jsonify({"error": {"status": status, "message": text}})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(ApiProblem)
def _problem(error: ApiProblem) -> Response:
    return error_response(error.status, error.message)


@bp.errorhandler(NotFound)
def _not_found(error: NotFound) -> Response:
    return error_response(404, str(error))


def _api_after_request(response: Response) -> Response:
    """Under /api/: errors the app rendered as pages become JSON, and nothing private is cached."""
    if not request.path.startswith(API_PREFIX):
        return response
    if response.status_code >= 400 and not response.is_json:
        response = error_response(response.status_code)
    if response.status_code == 405 and isinstance(request.routing_exception, MethodNotAllowed):
        response.headers["Allow"] = ", ".join(sorted(request.routing_exception.valid_methods or []))
    if response.status_code >= 400:
        response.headers["Cache-Control"] = "no-store"
    elif not _is_public_endpoint():
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _is_public_endpoint() -> bool:
    endpoint = request.endpoint
    return endpoint is not None and declared_permission(current_app, endpoint) is Permission.PUBLIC


def register(app: Flask) -> None:
    """Attach the API and its JSON error handling for every path under ``/api/``."""
    app.register_blueprint(bp)
    app.after_request(_api_after_request)


GUIDE = """{% extends "base.html" %}
{% from "components/table.html" import data_table %}
{% block page %}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">{{ title }}</h1>
<p class="govuk-body-l">Published SEND statistics for every local area in England, as JSON, for
  your own spreadsheets, dashboards and tools.</p>
<p class="govuk-body">The API is read-only and needs no sign-in. It shows exactly the figures the
  local area pages show. Try <a class="govuk-link" href="{{ example }}">{{ example }}</a>.</p>
{% set described = url_for('api.openapi_json') %}
<p class="govuk-body">The full description, in OpenAPI 3.0.3, is at
  <a class="govuk-link" href="{{ described }}">{{ described }}</a>.</p>
</div></div>
<h2 class="govuk-heading-m">Addresses</h2>
{% call data_table("addresses", "Every address accepts GET only", size="s") %}
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Address</th>
    <th scope="col" class="govuk-table__header">What it gives you</th>
    <th scope="col" class="govuk-table__header">Sign-in</th></tr></thead>
  <tbody class="govuk-table__body">
  {% for path, op in endpoints %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell"><code>{{ path }}</code></td>
      <td class="govuk-table__cell">{{ op.summary }}</td>
      <td class="govuk-table__cell">{{ "Needed" if op.security else "Not needed" }}</td>
    </tr>
  {% endfor %}
  </tbody>
{% endcall %}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h2 class="govuk-heading-m">Figures and symbols</h2>
<p class="govuk-body">Every figure is an object with a <code>value</code>, a <code>symbol</code>
  and the <code>text</code> a page would show. When a figure cannot be shown, <code>value</code> is
  null and <code>symbol</code> says why:</p>
<dl class="govuk-summary-list">
{% for symbol, meaning in symbols.items() %}
  <div class="govuk-summary-list__row">
    <dt class="govuk-summary-list__key"><code>{{ symbol }}</code></dt>
    <dd class="govuk-summary-list__value">{{ meaning }}</dd></div>
{% endfor %}
</dl>
<h2 class="govuk-heading-m">Errors</h2>
<p class="govuk-body">Errors are JSON too:
  <code>{"error": {"status": 404, "message": "..."}}</code>. The message says what went wrong
  and what to send instead.</p>
<h2 class="govuk-heading-m">Caching and licence</h2>
<p class="govuk-body">Public responses may be cached for 5 minutes. Figures are published by the
  Department for Education and may be reused under the Open Government Licence v3.0; say where they
  came from when you reuse them.</p>
</div></div>
{% endblock %}
"""
