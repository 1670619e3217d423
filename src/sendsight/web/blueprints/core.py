"""The start page, health check and the service's own information pages."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Blueprint, Flask, jsonify, render_template
from sqlalchemy import text
from werkzeug.wrappers import Response

from sendsight.access import queries as access
from sendsight.access.permissions import Permission
from sendsight.access.policy import can_view_cases
from sendsight.access.principal import Principal
from sendsight.access.roles import has_permission
from sendsight.areas.context import area_context
from sendsight.ehc import atrisk
from sendsight.ehc import queries as ehc
from sendsight.outcomes import work
from sendsight.web import current
from sendsight.web.access import requires
from sendsight.web.db import db

bp = Blueprint("core", __name__)


@bp.get("/")
@requires(Permission.PUBLIC)
def home() -> str:
    """Start page: for someone signed in, their partnership, their LA and their work."""
    user = current.principal_or_none()
    if user is None:
        return render_template("pages/home.html", title="SEND partnership outcomes")
    session, today = db(), datetime.now(UTC).date()
    organisation = access.get_organisation(session=session, organisation_id=user.organisation_id)
    return render_template(
        "pages/home_signed_in.html",
        title="Your work",
        user=user,
        organisation=organisation.name,
        partnership=organisation.partnership.name,
        las=[(code, area_context(session).names.get(code, code)) for code in user.la_codes],
        work=_work(user, today),
        at_risk=_at_risk_counts(user, today),
        soon_days=work.DUE_SOON_DAYS,
        at_risk_soon_days=atrisk.DUE_SOON_DAYS,
    )


def _work(user: Principal, today: date) -> work.Work | None:
    """The outcomes work of the user's organisation (None for a role that cannot see outcomes)."""
    if not has_permission(user, Permission.VIEW_AGGREGATES):
        return None
    return work.work_of(db(), partnership_id=user.partnership_id,
                        organisation_id=user.organisation_id, today=today)  # fmt: skip


def _at_risk_counts(user: Principal, today: date) -> list[tuple[str, atrisk.Counts]]:
    """Per LA whose cases the user may see, how many open requests are at risk (case roles
    only: nobody else is shown the count)."""
    boundary = current.settings().ehc_deadline_boundary
    return [
        (code, atrisk.counts(atrisk.at_risk(ehc.load_requests(session=db(), la_code=code),
                                            today, code, boundary)))
        for code in user.la_codes if can_view_cases(user, code)
    ]  # fmt: skip


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


@bp.get("/glossary")
@requires(Permission.PUBLIC)
def glossary() -> str:
    """The words and symbols the pages use, each explained once."""
    from sendsight.disclosure.symbols import SYMBOLS

    return render_template("pages/glossary.html", title="Glossary", symbols=SYMBOLS)


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
