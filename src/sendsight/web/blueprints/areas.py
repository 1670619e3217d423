"""Local areas: choose one, its overview, one page per indicator, all LAs, neighbours."""

from __future__ import annotations

import re

from flask import Blueprint, Flask, Response, redirect, render_template, request, url_for
from markupsafe import Markup

from sendsight.access.permissions import Permission
from sendsight.areas import directory, exports, profile
from sendsight.core.errors import NotFound
from sendsight.web import chart_views, params
from sendsight.web.access import requires
from sendsight.web.db import db
from sendsight.web.downloads import csv_download
from sendsight.web.own_area import own_la_code

bp = Blueprint("areas", __name__)


@bp.get("/areas")
@requires(Permission.PUBLIC)
def choose() -> str | Response:
    """Find a local area by name or DfE code."""
    query = request.args.get("q", "").strip()
    matches = directory.search(db(), query)
    if query and len(matches) == 1:
        return redirect(url_for("areas.overview", la_code=matches[0].la_code))  # type: ignore[return-value]
    return render_template(
        "areas/choose.html",
        title="Choose a local area",
        own=_own_area(),
        query=query,
        matches=matches,
        regions=directory.by_region(db()),
    )


@bp.get("/areas/<la_code>")
@requires(Permission.PUBLIC)
def overview(la_code: str) -> str:
    """Key SEND figures for one area with benchmarks."""
    name = profile.la_name(db(), la_code)
    return render_template(
        "areas/overview.html",
        title=f"{name}: SEND at a glance",
        la_code=la_code,
        la_name=name,
        snapshots=profile.overview(db(), la_code),
    )


@bp.get("/areas/<la_code>/indicators/<indicator_id>")
@requires(Permission.PUBLIC)
def indicator(la_code: str, indicator_id: str) -> str:
    """One indicator over time: the area against its region, England and its neighbours."""
    detail = profile.detail(db(), la_code, indicator_id)
    return render_template(
        "areas/indicator.html",
        title=f"{detail.indicator.title}: {detail.la_name}",
        d=detail,
        chart=Markup(chart_views.indicator_chart(detail)),
        symbol_lines=exports.symbol_lines(detail.symbols),
    )


@bp.get("/areas/<la_code>/indicators/<indicator_id>.csv")
@requires(Permission.PUBLIC)
def indicator_csv(la_code: str, indicator_id: str) -> Response:
    """Exactly the indicator page's table, as CSV."""
    detail = profile.detail(db(), la_code, indicator_id)
    return _csv(exports.indicator_csv(detail), f"{la_code}-{indicator_id}.csv")


@bp.get("/indicators")
@requires(Permission.PUBLIC)
def indicators() -> str:
    """Every published indicator sendsight holds."""
    return render_template(
        "areas/indicators.html", title="Published SEND indicators", indicators=profile.indicators()
    )


@bp.get("/indicators/<indicator_id>/all")
@requires(Permission.PUBLIC)
def all_areas(indicator_id: str) -> str:
    """Every local area's figure, rank and band, sortable by links."""
    view = exports.all_areas_view(db(), indicator_id, _all_areas_args())
    return render_template(
        "areas/all.html",
        title=f"{view.indicator.title}: all local areas",
        v=view,
        chart=Markup(chart_views.all_areas_chart(db(), view)),
    )


@bp.get("/indicators/<indicator_id>/all.csv")
@requires(Permission.PUBLIC)
def all_areas_csv(indicator_id: str) -> Response:
    """The all-areas table as CSV, in the order shown."""
    view = exports.all_areas_view(db(), indicator_id, _all_areas_args())
    return _csv(
        exports.all_areas_csv(view), f"{indicator_id}-{view.period.code.replace('/', '-')}.csv"
    )


@bp.get("/areas/<la_code>/neighbours")
@requires(Permission.PUBLIC)
def neighbours(la_code: str) -> str:
    """The area's 10 DfE statistical neighbours with their key figures."""
    name = profile.la_name(db(), la_code)
    return render_template(
        "areas/neighbours.html",
        title=f"{name}: statistical neighbours",
        la_code=la_code,
        la_name=name,
        table=directory.neighbour_table(db(), la_code),
    )


def _all_areas_args() -> dict[str, str]:
    """The all-areas table's choices, checked (a wrong one is a 400, not the default)."""
    highlight = params.text_arg("la")
    if highlight and not re.fullmatch(r"[0-9]{3}", highlight):
        raise params.BadQueryParameter("la", highlight, "Give a DfE 3-digit LA code, like 354")
    return {
        "period": params.text_arg("period"),
        "sort": params.choice_arg("sort", exports.SORTS, "rank"),
        "order": params.choice_arg("order", ("asc", "desc"), "asc"),
        "la": highlight,
    }


def _own_area() -> tuple[str, str] | None:
    """The signed-in person's own LA as (code, name), offered first on the picker."""
    code = own_la_code()
    try:
        return (code, profile.la_name(db(), code)) if code else None
    except NotFound:  # a former authority's code: nothing to offer
        return None


def _csv(body: str, filename: str) -> Response:
    if not filename.replace("-", "").replace(".", "").replace("_", "").isalnum():
        raise NotFound("Unknown download")
    return csv_download(body, filename)


def register(app: Flask) -> None:
    """Attach this blueprint."""
    app.register_blueprint(bp)
