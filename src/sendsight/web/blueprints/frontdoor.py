"""The front door's pages: the request form, the referrer's list, the triage queue, CSV intake,
panels and their meetings, decisions with printable letters, and the analytics page.

Views parse, call one domain function (``frontdoor.service``, ``frontdoor.reports``) and
render. Object-level rules (who sees which request) live in ``frontdoor.access``; anything
not visible is a 404. Counts on the analytics page pass through disclosure control for anyone
without case-level access.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from flask import Blueprint, Flask, Response, redirect, render_template, request, url_for
from markupsafe import Markup
from werkzeug.wrappers.response import Response as BaseResponse

from sendsight.access.permissions import Permission
from sendsight.access.roles import has_permission
from sendsight.core.errors import InputRejected, NotFound, Problem
from sendsight.core.safe_io import write_csv
from sendsight.disclosure import Viewpoint
from sendsight.frontdoor import access as fd_access
from sendsight.frontdoor import (
    funnel,
    intake,
    panels,
    queries,
    reports,
    service,
    triage,
    vocab,
)
from sendsight.frontdoor.errors import Refused
from sendsight.notify.reminders import london_today
from sendsight.web import current, params
from sendsight.web.access import requires
from sendsight.web.db import db
from sendsight.web.downloads import csv_download

bp = Blueprint("frontdoor", __name__, url_prefix="/frontdoor")
QUEUE_SHOWN = 50  # the longest-waiting requests: the ones due first
LABELS: dict[str, dict[str, str]] = {
    "source": vocab.SOURCES,
    "need_area": vocab.NEED_AREAS,
    "asked_for": vocab.ASKED_FOR,
    "route": vocab.ROUTES,
    "status": vocab.STATUSES,
    "question": vocab.PANEL_TYPES,
    "agency": vocab.AGENCIES,
}


def _render(template: str, title: str, **context: Any) -> str:
    return render_template(
        f"frontdoor/{template}", title=title, labels=LABELS, vocab=vocab, **context
    )


def _can(permission: Permission) -> bool:
    return has_permission(current.principal(), permission)


@bp.get("/")
@requires(Permission.FRONTDOOR_FOLLOW)
def index() -> str:
    """The front door: what the signed-in person can do here."""
    links = {
        "submit": _can(Permission.FRONTDOOR_SUBMIT),
        "triage": _can(Permission.FRONTDOOR_TRIAGE),
        "panel": _can(Permission.FRONTDOOR_PANEL),
        "analytics": _can(Permission.VIEW_AGGREGATES),
    }
    return _render("index.html", "Requests for support", links=links)


# --- Making a request and following it ------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.FRONTDOOR_SUBMIT)
def new_request() -> str | BaseResponse:
    """One request for support: the child, their needs, what was tried, what is asked for."""
    form = {k: v for k, v in request.form.items() if k != "csrf_token"}
    errors: dict[str, dict[str, str]] = {}
    if request.method == "POST":
        try:
            created = service.submit(db(), current.principal(), form, london_today())
        except InputRejected as rejected:
            errors = {p.column or "": {"text": p.message} for p in reversed(rejected.problems)}
        else:
            db().commit()
            return redirect(url_for("frontdoor.request_page", fd_request_id=created.id))
    error_list = [{"text": e["text"], "href": f"#{k}"} for k, e in errors.items()]
    return _render(
        "new.html",
        "Make a request for support",
        form=form,
        errors=errors,
        error_list=error_list,
        school=current.principal().urn,
        family=service.is_family(current.principal()),
    )


@bp.get("/mine")
@requires(Permission.FRONTDOOR_SUBMIT)
def mine() -> str:
    """The requests this person (or, for a school, the school) made, their stage and what
    happens next."""
    viewer = current.principal()
    rows = queries.list_requests(
        session=db(),
        partnership_id=viewer.partnership_id,
        la_codes=viewer.la_codes,
        urn=viewer.urn,
        submitted_by=None if viewer.urn else viewer.email,
    )
    return _render("mine.html", "Your requests for support", rows=rows[::-1])


@bp.get("/requests/<fd_request_id>")
@requires(Permission.FRONTDOOR_FOLLOW)
def request_page(fd_request_id: str) -> str:
    """One request: the child's details, its progress (each change timestamped), likely
    duplicates and the route, for triage."""
    viewer, session = current.principal(), db()
    found = service.view_request(session, viewer, fd_request_id)
    is_triage = _can(Permission.FRONTDOOR_TRIAGE)
    others = (
        queries.list_for_person(
            session=session, partnership_id=viewer.partnership_id, request=found
        )
        if is_triage
        else []
    )
    targets = queries.get_targets(session=session, partnership_id=viewer.partnership_id)
    session.commit()
    return _render(
        "request.html",
        f"Request {found.reference}",
        r=found,
        is_triage=is_triage,
        changes=queries.list_status_changes(session=session, request=found),
        decisions=queries.list_decisions(
            session=session, partnership_id=viewer.partnership_id, request_id=found.id
        ),
        duplicates=others,
        due=triage.due_dates(found.received_on, targets),
        next_step=vocab.NEXT_STEP.get(found.status, ""),
    )


@bp.post("/requests/<fd_request_id>/acknowledge")
@requires(Permission.FRONTDOOR_TRIAGE)
def acknowledge(fd_request_id: str) -> BaseResponse:
    """Triage: record that the request was acknowledged today."""
    service.acknowledge(db(), current.principal(), fd_request_id, london_today())
    db().commit()
    return redirect(url_for("frontdoor.request_page", fd_request_id=fd_request_id))


@bp.post("/requests/<fd_request_id>/route")
@requires(Permission.FRONTDOOR_TRIAGE)
def route(fd_request_id: str) -> BaseResponse:
    """Triage: decide the route (a statutory assessment starts the EHC request)."""
    service.route(db(), current.principal(), fd_request_id, request.form, london_today())
    db().commit()
    return redirect(url_for("frontdoor.request_page", fd_request_id=fd_request_id))


# --- Triage ---------------------------------------------------------------------------------


@bp.get("/triage")
@requires(Permission.FRONTDOOR_TRIAGE)
def triage_queue() -> str:
    """The requests waiting longest (least time left first); filter by source, need or those
    overdue or breaching soon."""
    viewer, session = current.principal(), db()
    source = params.choice_arg("source", [*vocab.SOURCES, ""], "")
    need = params.choice_arg("need", [*vocab.NEED_AREAS, ""], "")
    soon = params.choice_arg("soon", ["yes", ""], "")
    waiting = queries.waiting_requests(
        session=session,
        partnership_id=viewer.partnership_id,
        la_codes=viewer.la_codes,
        source=source or None,
        need_area=need or None,
        limit=QUEUE_SHOWN,
    )
    targets = queries.get_targets(session=session, partnership_id=viewer.partnership_id)
    rows = triage.queue(waiting, targets, london_today(), soon_only=soon == "yes")
    total = queries.count_open(
        session=session, partnership_id=viewer.partnership_id, la_codes=viewer.la_codes
    )
    return _render(
        "triage.html",
        "Triage queue",
        rows=rows,
        targets=targets,
        total=total,
        shown=QUEUE_SHOWN,
        filters=_triage_filters(source, need, soon),
        request_base=url_for("frontdoor.request_page", fd_request_id="_")[:-1],
    )


# (source, need, soon) -> the queue's filter form: the same for everyone, and GOV.UK's select
# macros are a large share of the page's time.
_FILTERS: dict[tuple[str, str, str], Markup] = {}


def _triage_filters(source: str, need: str, soon: str) -> Markup:
    key = (source, need, soon)
    if key not in _FILTERS:
        chosen = {"source": source, "need": need, "soon": soon}
        _FILTERS[key] = Markup(
            render_template("frontdoor/_triage_filters.html", vocab=vocab, chosen=chosen)
        )
    return _FILTERS[key]


@bp.route("/import", methods=["GET", "POST"])
@requires(Permission.FRONTDOOR_TRIAGE)
def import_requests() -> str:
    """Triage: bulk intake of requests from a CSV file (all rows, or none)."""
    problems: list[Any] = []
    result = None
    if request.method == "POST":
        upload = request.files.get("file")
        try:
            if upload is None or not upload.filename:
                raise Refused("Select a CSV file")
            result = service.import_upload(
                db(), current.principal(), upload.read(), upload.filename, london_today()
            )
            db().commit()
        except InputRejected as rejected:
            problems = list(rejected.problems)
        except Refused as refused:
            problems = [Problem("upload", str(refused), None, "file")]
    return _render(
        "import.html",
        "Import requests for support",
        problems=problems,
        result=result,
        columns=intake.COLUMNS,
    )


# --- Panels ---------------------------------------------------------------------------------


@bp.get("/panels")
@requires(Permission.FRONTDOOR_PANEL)
def panels_page() -> str:
    """The panels this person sits on (all, for triage) and their meetings."""
    viewer, session = current.principal(), db()
    ids = fd_access.panel_ids(session, viewer)
    own_panels = [
        p
        for p in queries.list_panels(session=session, partnership_id=viewer.partnership_id)
        if p.id in ids
    ]
    meetings = queries.list_meetings(
        session=session, partnership_id=viewer.partnership_id, panel_ids=ids
    )
    today = london_today()
    upcoming = sorted((m for m in meetings if m.meets_on >= today), key=lambda m: m.meets_on)
    past = [m for m in meetings if m.meets_on < today][:20]
    names = {p.id: p.name for p in own_panels}
    members = {p.id: queries.list_members(session=session, panel=p) for p in own_panels}
    return _render(
        "panels.html",
        "Panels",
        panels=own_panels,
        upcoming=upcoming,
        past=past,
        names=names,
        members=members,
    )


@bp.get("/meetings/<fd_meeting_id>")
@requires(Permission.FRONTDOOR_PANEL)
def meeting(fd_meeting_id: str) -> str:
    """A meeting: who is present, the agenda with decisions, and (for triage) requests ready."""
    viewer, session = current.principal(), db()
    shown = service.view_meeting(session, viewer, fd_meeting_id)
    panel = queries.get_panel(
        session=session, partnership_id=viewer.partnership_id, panel_id=shown.meeting.panel_id
    )
    members = queries.list_members(session=session, panel=panel)
    present = [m.agency for m in members if m.id in shown.meeting.present_member_ids]
    session.commit()
    return _render(
        "meeting.html",
        f"{panel.name}, {shown.meeting.meets_on:%-d %B %Y}",
        shown=shown,
        panel=panel,
        members=members,
        quorum=panels.quorum_problem(panel, present),
        is_triage=_can(Permission.FRONTDOOR_TRIAGE),
    )


@bp.post("/meetings/<fd_meeting_id>/attendance")
@requires(Permission.FRONTDOOR_TRIAGE)
def attendance(fd_meeting_id: str) -> BaseResponse:
    """Triage: record who is present."""
    service.set_attendance(
        db(), current.principal(), fd_meeting_id, request.form.getlist("present")
    )
    db().commit()
    return redirect(url_for("frontdoor.meeting", fd_meeting_id=fd_meeting_id))


@bp.post("/meetings/<fd_meeting_id>/agenda")
@requires(Permission.FRONTDOOR_TRIAGE)
def agenda(fd_meeting_id: str) -> BaseResponse:
    """Triage: add a request that is ready for this panel to the agenda."""
    service.add_to_agenda(
        db(), current.principal(), fd_meeting_id, request.form.get("fd_request_id", "")
    )
    db().commit()
    return redirect(url_for("frontdoor.meeting", fd_meeting_id=fd_meeting_id))


@bp.route("/meetings/<fd_meeting_id>/decide/<fd_request_id>", methods=["GET", "POST"])
@requires(Permission.FRONTDOOR_PANEL)
def decide(fd_meeting_id: str, fd_request_id: str) -> str | BaseResponse:
    """Panel: the decision on one request, against the question's criteria, with reasons."""
    viewer, session = current.principal(), db()
    shown = service.view_meeting(session, viewer, fd_meeting_id)
    item = next((i for i in shown.agenda if i[1].id == fd_request_id), None)
    if item is None:
        raise NotFound("That request is not on this meeting's agenda")
    refused = None
    if request.method == "POST":
        try:
            made = service.decide(session, viewer, fd_meeting_id, fd_request_id, request.form)
        except Refused as error:
            refused = str(error)
        else:
            session.commit()
            return redirect(url_for("frontdoor.letter", fd_decision_id=made.id))
    session.commit()
    return _render(
        "decide.html",
        f"Decision on {item[1].reference}",
        shown=shown,
        item=item,
        criteria=vocab.CRITERIA[item[0]],
        refused=refused,
        form=request.form,
    )


@bp.get("/decisions/<fd_decision_id>/letter")
@requires(Permission.FRONTDOOR_FOLLOW)
def letter(fd_decision_id: str) -> str:
    """The printable decision letter: the decision, the reasons, and what happens next."""
    decision, found = service.view_letter(db(), current.principal(), fd_decision_id)
    db().commit()
    return _render(
        "letter.html", f"Decision letter for request {found.reference}", decision=decision, r=found
    )


# --- Analytics ------------------------------------------------------------------------------


def _years() -> list[int]:
    this = london_today().year
    return list(range(this - 5, this + 1))


def _figures() -> tuple[int, reports.YearView]:
    viewer = current.principal()
    year = params.year_arg("year", _years(), london_today().year - 1)
    la_code = viewer.la_codes[0] if viewer.la_codes else ""
    found = reports.year_view(
        db(), la_code=la_code, year=year, partnership_id=viewer.partnership_id
    )
    return year, found


def _shown(n: int) -> str:
    return str(current.viewpoint().count(n))


def _rate(top: int, bottom: int) -> str:
    return str(current.viewpoint().rate(top, bottom))


def _breakdowns(found: reports.YearView) -> dict[str, list[tuple[str, str]]]:
    return {
        name: [(label, _shown(n)) for label, n in rows] for name, rows in found.breakdowns.items()
    }


def _funnel_rows(found: reports.YearView, unit: str) -> list[dict[str, Any]]:
    return [
        {
            **row,
            "shown_decisions": _shown(row["decisions"]),
            "shown_rate": _rate(row["agreed"], row["decisions"]),
        }
        for row in found.units[unit]
    ]


# A year's figures -> the page below its year picker, per viewpoint: rendered once, as the
# figures change only when requests do (the entry goes when the year's figures are rebuilt).
_BODIES: WeakKeyDictionary[reports.YearView, dict[Viewpoint, Markup]] = WeakKeyDictionary()


def _analytics_body(year: int, found: reports.YearView) -> Markup:
    viewpoint = current.viewpoint()
    held = _BODIES.setdefault(found, {})
    if viewpoint not in held:
        units = {unit: _funnel_rows(found, unit) for unit in reports.FUNNEL_UNITS}
        held[viewpoint] = Markup(
            render_template(
                "frontdoor/_analytics_body.html",
                labels=LABELS,
                year=year,
                figures=found.figures,
                breakdowns=_breakdowns(found),
                units=units,
                chart=Markup(funnel_svg(units["panel_name"], "Panel")),
                shown=_shown,
                rate=_rate,
            )
        )
    return held[viewpoint]


@bp.get("/analytics")
@requires(Permission.VIEW_AGGREGATES)
def analytics_page() -> str:
    """What the requests tell us: volumes, triage times, routes, panel decisions on funnel
    plots, re-requests and unmet need."""
    year, found = _figures()
    return _render(
        "analytics.html",
        f"Requests for support in {year}",
        year=year,
        years=_years(),
        body=_analytics_body(year, found),
    )


@bp.get("/analytics/funnel.csv")
@requires(Permission.VIEW_AGGREGATES)
def analytics_csv() -> Response:
    """The panel decision rates with funnel limits, by panel, need, phase, locality and school."""
    year, found = _figures()
    rows = []
    for unit in reports.FUNNEL_UNITS:
        for row in _funnel_rows(found, unit):
            rows.append(
                [
                    unit,
                    row[unit],
                    row["shown_decisions"],
                    row["shown_rate"],
                    row["lower_limit"],
                    row["upper_limit"],
                    row["lower_warning"],
                    row["upper_warning"],
                ]
            )
    header = [
        "breakdown",
        "group",
        "decisions",
        "decision_rate_pct",
        "lower_limit_998",
        "upper_limit_998",
        "lower_limit_95",
        "upper_limit_95",
    ]
    return csv_download(write_csv(rows, header=header), f"frontdoor-decisions-{year}.csv")


def funnel_svg(rows: list[dict[str, Any]], unit_name: str) -> str:
    """A funnel plot: each unit's agreement rate against its number of decisions, with the
    overall rate and the 95% and 99.8% limits (escaped SVG)."""
    from html import escape

    width, height, left, bottom, top, right = 640, 320, 48, 40, 16, 16
    most = float(max([r["decisions"] for r in rows] + [10]))
    total = sum(r["decisions"] for r in rows)
    overall = float(sum(r["agreed"] for r in rows) / total) if total else 0.0

    def x(n: float) -> float:
        return left + (width - left - right) * n / (most * 1.05)

    def y(pct: float) -> float:
        return top + (height - top - bottom) * (1 - pct / 100)

    body = [
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - right}" y2="{y(0):.1f}" '
        'stroke="#0b0c0c"/>',
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{left}" y2="{top}" stroke="#0b0c0c"/>',
    ]
    for pct in (0, 25, 50, 75, 100):
        body.append(f'<text x="{left - 6}" y="{y(pct) + 4:.1f}" text-anchor="end">{pct}%</text>')
    body.append(
        f'<text x="{(width + left) / 2:.0f}" y="{height - 6}" text-anchor="middle">'
        f"Decisions in the year</text>"
    )
    for z, dash in ((funnel.Z_CONTROL, ""), (funnel.Z_WARNING, ' stroke-dasharray="4 3"')):
        for side in (0, 1):
            points = " ".join(
                f"{x(n):.1f},{y(100 * funnel.limits(overall, n, z)[side]):.1f}"
                for n in [max(1, most * k / 40) for k in range(1, 43)]
            )
            body.append(f'<polyline points="{points}" fill="none" stroke="#505a5f"{dash}/>')
    body.append(
        f'<line x1="{left}" y1="{y(100 * overall):.1f}" x2="{width - right}" '
        f'y2="{y(100 * overall):.1f}" stroke="#1d70b8"/>'
    )
    for r in rows:
        colour = "#d4351c" if r["outside_limits"] else "#1d70b8"
        body.append(
            f'<circle cx="{x(r["decisions"]):.1f}" cy="{y(r["decision_rate"]):.1f}" r="5" '
            f'fill="{colour}"><title>{escape(str(r.get("panel_name") or unit_name))}'
            f"</title></circle>"
        )
    desc = f"Overall {100 * overall:.1f}% agreed. " + "; ".join(
        f"{r.get('panel_name')}: {r['shown_rate']}% of {r['shown_decisions']}" for r in rows
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="fd-funnel-title fd-funnel-desc" '
        f'font-family="Arial, sans-serif" font-size="12" class="app-chart">'
        f'<title id="fd-funnel-title">Panel decisions agreed, by {escape(unit_name.lower())}, '
        f'with control limits</title><desc id="fd-funnel-desc">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def register(app: Flask) -> None:
    """Attach this blueprint."""
    app.register_blueprint(bp)
