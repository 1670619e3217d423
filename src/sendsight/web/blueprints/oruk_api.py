"""The Local Offer as an Open Referral UK 3.0 read API at ``/api/oruk/`` (decision 0901).

Anonymous (ORUK's openness rule), every response carries ``Access-Control-Allow-Origin: *``,
errors are JSON (``{"error": {"status", "message"}}``) and each client address is throttled by
a token bucket held in memory (per process).
"""

from __future__ import annotations

import json
import os
import threading
import time
from functools import cache
from importlib import resources
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request, url_for

from sendsight.access.permissions import Permission
from sendsight.core.errors import InputRejected, NotFound
from sendsight.directory import filters, oruk, publish, queries
from sendsight.web import current
from sendsight.web.access import requires
from sendsight.web.db import db

bp = Blueprint("oruk_api", __name__, url_prefix="/api/oruk")
PREFIX = "/api/oruk"
# Burst of 300 requests, refilled at 50 a second, per client address. The app config key
# ``ORUK_RATE_LIMIT`` = (burst, per second) changes it and None turns it off; the serve command
# reads it from the environment variable below (decision 0901).
RATE_LIMIT = (300.0, 50.0)
RATE_ENV = "SENDSIGHT_ORUK_RATE_LIMIT"


class TokenBucket:
    """Per-key token buckets: each request takes a token; tokens come back at ``rate``/s."""

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, burst: float, rate: float) -> bool:
        """True when ``key`` may make a request now."""
        now = time.monotonic()
        with self._lock:
            tokens, at = self._buckets.get(key, (burst, now))
            tokens = min(burst, tokens + (now - at) * rate)
            allowed = tokens >= 1
            self._buckets[key] = (tokens - 1 if allowed else tokens, now)
            if len(self._buckets) > 10_000:
                self._buckets.clear()
            return allowed


BUCKETS_KEY = "sendsight.oruk_buckets"  # one set of buckets per app


def _viewer() -> str | None:
    principal = current.principal_or_none()
    if principal is not None:
        return principal.partnership_id
    return queries.published_partnership_id(session=db())


def _json(payload: dict[str, Any], status: int = 200) -> Response:
    response = jsonify(payload)
    response.status_code = status
    response.headers["Cache-Control"] = "public, max-age=60" if status == 200 else "no-store"
    return response


def _error(status: int, message: str) -> Response:
    return _json({"error": {"status": status, "message": message}}, status)


@bp.before_request
def _throttle() -> Response | None:
    limit = current_app.config.get("ORUK_RATE_LIMIT", RATE_LIMIT)
    buckets: TokenBucket = current_app.extensions.setdefault(BUCKETS_KEY, TokenBucket())
    if limit is None or buckets.take(request.remote_addr or "-", *limit):
        return None
    response = _error(429, "Too many requests. Wait a few seconds and try again")
    response.headers["Retry-After"] = "5"
    return response


@bp.errorhandler(InputRejected)
def _bad_request(error: InputRejected) -> Response:
    return _error(400, error.summary)


@bp.errorhandler(NotFound)
def _not_found(error: NotFound) -> Response:
    return _error(404, "There is no record with this id in the directory")


@bp.get("/")
@requires(Permission.PUBLIC)
def root() -> Response:
    """The API's version, profile and where its OpenAPI description is."""
    return _json({
        "version": oruk.VERSION, "profile": oruk.PROFILE,
        "openapi_url": current.settings().public_base_url.rstrip("/")
        + url_for("oruk_api.openapi_json"),
    })  # fmt: skip


@bp.get("/openapi.json")
@requires(Permission.PUBLIC)
def openapi_json() -> Response:
    """This API's OpenAPI 3.0.3 description (ORUK 3.0's, made self-contained)."""
    return _json(openapi_document())


@bp.get("/services")
@requires(Permission.PUBLIC)
def services() -> Response:
    """A page of services; the filters combine with AND."""
    query, paging = filters.oruk_query(request.args), filters.paging(request.args)
    return _json(publish.services_page(db(), partnership_id=_viewer(), query=query, paging=paging))


@bp.get("/services/<service_id>")
@requires(Permission.PUBLIC)
def service(service_id: str) -> Response:
    """One fully nested service."""
    return _json(publish.service_document(db(), service_id, partnership_id=_viewer()))


@bp.get("/taxonomies")
@requires(Permission.PUBLIC)
def taxonomies() -> Response:
    """A page of the taxonomies the directory's services are tagged from."""
    paging = filters.paging(request.args)
    return _json(publish.taxonomies_page(db(), partnership_id=_viewer(), paging=paging))


@bp.get("/taxonomies/<oruk_taxonomy_id>")
@requires(Permission.PUBLIC)
def taxonomy(oruk_taxonomy_id: str) -> Response:
    """One taxonomy."""
    return _json(publish.taxonomy_document(db(), oruk_taxonomy_id, partnership_id=_viewer()))


@bp.get("/taxonomy_terms")
@requires(Permission.PUBLIC)
def taxonomy_terms() -> Response:
    """A page of taxonomy terms (``taxonomy_id`` narrows it to one taxonomy)."""
    paging = filters.paging(request.args)
    taxonomy_id = filters.oruk_query(request.args).taxonomy_id
    return _json(
        publish.terms_page(db(), partnership_id=_viewer(), paging=paging, taxonomy_id=taxonomy_id)
    )


@bp.get("/taxonomy_terms/<oruk_term_id>")
@requires(Permission.PUBLIC)
def taxonomy_term(oruk_term_id: str) -> Response:
    """One taxonomy term."""
    return _json(publish.term_document(db(), oruk_term_id, partnership_id=_viewer()))


@bp.get("/service_at_locations")
@requires(Permission.PUBLIC)
def service_at_locations() -> Response:
    """A page of services at their locations; the service filters apply."""
    query, paging = filters.oruk_query(request.args), filters.paging(request.args)
    return _json(publish.sals_page(db(), partnership_id=_viewer(), query=query, paging=paging))


@bp.get("/service_at_locations/<oruk_sal_id>")
@requires(Permission.PUBLIC)
def service_at_location(oruk_sal_id: str) -> Response:
    """One service at a location, with its location and service."""
    return _json(publish.sal_document(db(), oruk_sal_id, partnership_id=_viewer()))


@cache
def openapi_document() -> dict[str, Any]:
    """The served OpenAPI document (built by ``scripts/build_oruk_openapi.py``)."""
    data = resources.files("sendsight.directory").joinpath("data", "oruk_openapi.json")
    return dict(json.loads(data.read_text(encoding="utf-8")))


def _cors(response: Response) -> Response:
    # ORUK compliance: every response of the API is readable from any web page.
    if request.path.startswith(PREFIX):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def rate_limit_from(text: str | None) -> tuple[float, float] | None:
    """``SENDSIGHT_ORUK_RATE_LIMIT``: ``off``, or ``burst/per-second`` (default ``300/50``)."""
    if not text:
        return RATE_LIMIT
    if text.strip().lower() == "off":
        return None
    burst, _, rate = text.partition("/")
    return float(burst), float(rate)


def register(app: Flask) -> None:
    """Attach the ORUK API and its CORS header."""
    app.config.setdefault("ORUK_RATE_LIMIT", rate_limit_from(os.environ.get(RATE_ENV)))
    app.register_blueprint(bp)
    app.after_request(_cors)
