"""The start page, health check and the service's own information pages."""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, render_template
from sqlalchemy import text
from werkzeug.wrappers import Response

from sendsight.access.permissions import Permission
from sendsight.web.access import requires
from sendsight.web.db import db

bp = Blueprint("core", __name__)


@bp.get("/")
@requires(Permission.PUBLIC)
def home() -> str:
    """Start page."""
    return render_template("pages/home.html", title="SEND partnership outcomes")


@bp.get("/healthz")
@requires(Permission.PUBLIC)
def healthz() -> tuple[Response, int]:
    """Liveness and database reachability, for load balancers and monitoring."""
    db().execute(text("SELECT 1"))
    return jsonify(status="ok"), 200


@bp.get("/accessibility")
@requires(Permission.PUBLIC)
def accessibility() -> str:
    """Accessibility statement."""
    return render_template("pages/accessibility.html", title="Accessibility statement")


@bp.get("/cookies")
@requires(Permission.PUBLIC)
def cookies() -> str:
    """Cookies used by the service."""
    return render_template("pages/cookies.html", title="Cookies")


@bp.get("/privacy")
@requires(Permission.PUBLIC)
def privacy() -> str:
    """Privacy notice."""
    return render_template("pages/privacy.html", title="Privacy notice")


@bp.get("/data-sources")
@requires(Permission.PUBLIC)
def data_sources() -> str:
    """The published statistics loaded, their licence and any corrections we applied."""
    from sendsight.statistics import queries as statistics

    session = db()
    return render_template(
        "pages/data_sources.html",
        title="Data sources and licence",
        releases=statistics.list_releases(session=session),
        corrections=statistics.corrections(session=session).to_dicts(),
    )


def register(app: Flask) -> None:
    """Attach this blueprint."""
    app.register_blueprint(bp)
