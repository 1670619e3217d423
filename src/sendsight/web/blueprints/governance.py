"""Board and inspection: board packs (HTML and PDF), owners' commentary, the decisions log, the
inspection context and the person-level lists inspectors ask for (Annex A).

Aggregate pages need ``VIEW_AGGREGATES`` and show figures after disclosure control (a pack is
built as for a reader without case-level access). The Annex A page needs ``VIEW_CASES`` for
the LA asked for: another LA is "not found" and the refusal is audited; every view of the
data-quality report and every export is audited, the export with its stated purpose.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Flask, Response, abort, redirect, render_template, request, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from sendsight.access import policy
from sendsight.access.audit import record
from sendsight.access.permissions import Permission
from sendsight.access.roles import has_permission
from sendsight.core.errors import NotFound, PermissionDenied
from sendsight.core.safe_io import write_csv
from sendsight.governance import (
    annex_a,
    board,
    commentary,
    inspections,
    lists,
    pack,
    plan,
    queries,
)
from sendsight.web import current, governance_charts, params
from sendsight.web.access import requires
from sendsight.web.blueprints import governance_census, governance_edit
from sendsight.web.charts import bar_chart
from sendsight.web.db import db
from sendsight.web.downloads import DOWNLOAD_CACHE_CONTROL, csv_download

bp = Blueprint("governance", __name__, url_prefix="/governance")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS_WORDS = board.STATUSES


def _partnership() -> str:
    return current.principal().partnership_id


def _audit(
    action: str,
    object_type: str,
    la_code: str | None,
    detail: dict[str, Any],
    purpose: str | None = None,
) -> None:
    record(
        db(),
        actor=current.principal(),
        action=action,
        object_type=object_type,
        la_code=la_code,
        detail=detail,
        purpose=purpose,
        ip=request.remote_addr,
    )
    db().commit()


@bp.get("/")
@requires(Permission.VIEW_AGGREGATES)
def index() -> str:
    """Board meetings and their packs, the decisions log and the inspection tools."""
    meetings = queries.list_meetings(session=db(), partnership_id=_partnership())
    user = current.principal()
    la_codes = [c for c in user.la_codes if policy.can_view_cases(user, c)]
    return render_template(
        "governance/index.html",
        title="Board and inspection",
        meetings=meetings,
        la_codes=la_codes,
        decisions=queries.list_decisions(session=db(), partnership_id=_partnership())[:5],
        status_words=STATUS_WORDS,
        may_edit=has_permission(user, Permission.EDIT_OUTCOMES),
    )


def _render_pack(built: dict[str, Any], meeting: Any, template: str, public: bool) -> str:
    return render_template(
        template,
        title=built["title"],
        pack=built,
        meeting=meeting,
        charts=governance_charts.pack_charts(
            built,
            printing=template.endswith("_print.html"),
            digest=meeting.pack_digest if meeting is not None and meeting.pack else None,
        ),
        curve_tables=governance_charts.curve_tables(built),
        public=public,
        status_words=STATUS_WORDS,
        digest=meeting.pack_digest if meeting is not None else None,
        optional_empty=pack.NOT_RECORDED,
    )


def _meeting_pack(meeting_id: str) -> tuple[Any, dict[str, Any]]:
    meeting = queries.get_meeting(
        session=db(), meeting_id=meeting_id, partnership_id=_partnership()
    )
    if meeting.pack is not None:
        return meeting, meeting.pack
    principal = current.principal()
    built = pack.build_pack(
        db(),
        partnership_id=_partnership(),
        la_codes=list(principal.la_codes),
        meeting_on=meeting.meeting_on,
        title=meeting.title,
        threshold=current.settings().disclosure_threshold,
    )
    return meeting, built


@bp.get("/meetings/<meeting_id>")
@requires(Permission.VIEW_AGGREGATES)
def meeting(meeting_id: str) -> str:
    """A meeting's pack: as issued (archived), or a draft built now from today's records."""
    found, built = _meeting_pack(meeting_id)
    return _render_pack(built, found, "governance/pack.html", public=False)


@bp.get("/meetings/<meeting_id>/public")
@requires(Permission.VIEW_AGGREGATES)
def public_summary(meeting_id: str) -> str:
    """The pack's public summary: scorecard and EHC figures after disclosure control, the
    decisions; no commentary, owners or actions."""
    found, built = _meeting_pack(meeting_id)
    return _render_pack(built, found, "governance/pack.html", public=True)


def _pdf_only(fmt: str) -> None:
    """Downloads are named ``….pdf``; any other format is not found."""
    if fmt != "pdf":
        abort(404)


@bp.get("/meetings/<meeting_id>/pack.<fmt>")
@requires(Permission.VIEW_AGGREGATES)
def meeting_pdf(meeting_id: str, fmt: str) -> Response:
    """The pack as a tagged PDF (page numbers, contents, charts)."""
    from sendsight.governance.pdf import html_to_pdf

    _pdf_only(fmt)
    found, built = _meeting_pack(meeting_id)
    html = _render_pack(built, found, "governance/pack_print.html", public=False)
    return Response(
        html_to_pdf(html),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="board-pack-{found.meeting_on}.pdf"',
            "Cache-Control": DOWNLOAD_CACHE_CONTROL,
        },
    )


@bp.post("/meetings/<meeting_id>/issue")
@requires(Permission.EDIT_OUTCOMES)
def issue(meeting_id: str) -> BaseResponse:
    """Issue (archive) the pack as it stands: from now on it never changes."""
    found, built = _meeting_pack(meeting_id)
    if found.pack is not None:
        abort(409)
    try:
        pack.issue(db(), meeting=found, pack=built, issued_by=current.principal().email)
    except pack.PackRefused:
        abort(409)
    _audit(
        "edit",
        "governance_pack",
        None,
        {"meeting_on": found.meeting_on.isoformat(), "digest": found.pack_digest},
    )
    return redirect(url_for("governance.meeting", meeting_id=found.id))


@bp.get("/pack")
@requires(Permission.VIEW_AGGREGATES)
def pack_for_date() -> str:
    """A draft pack for any date (``?date=YYYY-MM-DD``): says so when there is no data."""
    day = params.date_arg("date", date.today())
    built = pack.build_pack(
        db(),
        partnership_id=_partnership(),
        la_codes=list(current.principal().la_codes),
        meeting_on=day,
        title=f"Board pack for {day.strftime('%-d %B %Y')}",
        threshold=current.settings().disclosure_threshold,
    )
    return _render_pack(built, None, "governance/pack.html", public=False)


@bp.route("/commentary/<commentary_id>", methods=["GET", "POST"])
@requires(Permission.SIGNED_IN)
def answer(commentary_id: str) -> str | BaseResponse:
    """The page an owner answers a commentary request on (the person asked, or an admin)."""
    user = current.principal()
    try:
        found = queries.get_commentary(
            session=db(), commentary_id=commentary_id, partnership_id=user.partnership_id
        )
    except NotFound:
        abort(404)
    if found.owner_email != user.email and not has_permission(user, Permission.ADMIN):
        abort(404)
    error = None
    if request.method == "POST":
        text = request.form.get("commentary", "").strip()
        if not text:
            error = "Enter your commentary"
        else:
            try:
                commentary.answer(db(), commentary=found, text=text, by_email=user.email)
            except PermissionDenied:
                abort(409)
            db().commit()
            return redirect(url_for("governance.answer", commentary_id=found.id, saved=1))
    meeting = queries.get_meeting(
        session=db(), meeting_id=found.meeting_id, partnership_id=user.partnership_id
    )
    return render_template(
        "governance/answer.html",
        title="Commentary for the board",
        item=found,
        meeting=meeting,
        error=error,
        saved=request.args.get("saved") == "1",
    ), 400 if error else 200  # type: ignore[return-value]


@bp.get("/decisions")
@requires(Permission.VIEW_AGGREGATES)
def decisions() -> str:
    """The board's decisions log, latest first."""
    rows = queries.list_decisions(session=db(), partnership_id=_partnership())
    return render_template(
        "governance/decisions.html",
        title="Decisions log",
        rows=rows,
        status_words=STATUS_WORDS,
        may_edit=has_permission(current.principal(), Permission.EDIT_OUTCOMES),
    )


@bp.get("/decisions.csv")
@requires(Permission.VIEW_AGGREGATES)
def decisions_csv() -> Response:
    """The decisions log as CSV."""
    rows = queries.list_decisions(session=db(), partnership_id=_partnership())
    table = [
        [
            d.decided_on.isoformat(),
            d.summary,
            d.owner,
            d.concerns_kind,
            d.concerns_ref or "",
            STATUS_WORDS.get(d.status, d.status),
            d.due_on.isoformat() if d.due_on else "",
        ]
        for d in rows
    ]
    header = ["Decided on", "Decision", "Owner", "Concerns", "Reference", "Status", "Due"]
    return csv_download(write_csv(table, header=header), "decisions-log.csv")


@bp.get("/inspection")
@requires(Permission.VIEW_AGGREGATES)
def inspection() -> str:
    """The area SEND inspection context: own outcome and countdown, neighbours, national mix."""
    from sendsight.reference.queries import statistical_neighbours

    user = current.principal()
    la_code = request.args.get("la", user.la_codes[0] if user.la_codes else "")
    if la_code not in user.la_codes:
        abort(404)
    neighbours = tuple(n.dfe_code for n in statistical_neighbours(la_code, session=db()))
    found = inspections.context_for(la_code, date.today(), neighbours)
    mix = found.national
    chart = bar_chart(
        list(mix),
        [float(v) for v in mix.values()],
        title="Outcomes of area SEND inspections under the 2023 framework",
        desc="Number of local areas with each outcome; the table has each.",
        sort="none",
    )
    return render_template(
        "governance/inspection.html",
        title="Inspection context",
        context=found,
        chart=Markup(chart),
        source=inspections.SOURCE,
        la_code=la_code,
        asked=plan.plan_asked_for(found.own),
        plan_kinds=plan.PLAN_KINDS,
        tracked=plan.track(
            db(),
            partnership_id=_partnership(),
            la_code=la_code,
            today=date.today(),
            viewpoint=current.viewpoint(),
        ),  # fmt: skip
        may_edit=has_permission(user, Permission.EDIT_OUTCOMES),
    )


def _case_la_code() -> str:
    """The LA whose lists are asked for (``?la=``): case roles of that LA only. Every refusal
    is audited: a role without case-level access gets 403, another LA is "not found" (404)."""
    user = current.principal()
    chosen = request.args.get("la", user.la_codes[0] if user.la_codes else "")
    if not policy.can_view_cases(user, chosen):
        known = chosen if chosen.isdigit() and len(chosen) == 3 else None
        _audit("case.refused", "annex_a", known, {"la": chosen[:20], "method": request.method})
        abort(404 if has_permission(user, Permission.VIEW_CASES) else 403)
    return chosen


# Signed in only at the door, so that a refusal (403 or 404) is decided, and audited, here.
@bp.get("/annex-a")
@requires(Permission.SIGNED_IN)
def annex_a_page() -> str:
    """The data-quality report on the Annex A lists, and the form to export them."""
    la_code = _case_la_code()
    built = lists.build_lists(
        db(), partnership_id=_partnership(), la_code=la_code, as_of=date.today()
    )
    _audit("case.view", "annex_a_quality", la_code, lists.export_detail(built))
    latest = queries.latest_census_import(
        session=db(), partnership_id=_partnership(), la_code=la_code
    )
    return render_template(
        "governance/annex_a.html",
        title="Inspection lists (Annex A)",
        la_code=la_code,
        built=built,
        checks=annex_a.check_rows(built.checks),
        census=latest,
        error=None,
        purpose=lists.DEFAULT_PURPOSE,
        current_user_can_import=has_permission(current.principal(), Permission.IMPORT_CASES),
    )


@bp.post("/annex-a")
@requires(Permission.SIGNED_IN)
def annex_a_export() -> Response | tuple[str, int]:
    """Export the workbook (sheets List_1 and List_2) with a stated purpose (audited)."""
    import io

    la_code = _case_la_code()
    purpose = request.form.get("purpose", "").strip()
    if not purpose:
        built = lists.build_lists(
            db(), partnership_id=_partnership(), la_code=la_code, as_of=date.today()
        )
        latest = queries.latest_census_import(
            session=db(), partnership_id=_partnership(), la_code=la_code
        )
        return render_template(
            "governance/annex_a.html",
            title="Inspection lists (Annex A)",
            la_code=la_code,
            built=built,
            census=latest,
            checks=annex_a.check_rows(built.checks),
            purpose="",
            current_user_can_import=has_permission(current.principal(), Permission.IMPORT_CASES),
            error="Enter why you are exporting the lists",
            error_title_prefix=True,
        ), 400
    out = io.BytesIO()
    lists.export_annex_a(
        db(),
        partnership_id=_partnership(),
        la_code=la_code,
        as_of=date.today(),
        actor=current.principal(),
        purpose=purpose,
        out=out,
        ip=request.remote_addr,
    )
    db().commit()
    return Response(
        out.getvalue(),
        mimetype=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="annex-a-{la_code}-{date.today()}.xlsx"',
            "Cache-Control": DOWNLOAD_CACHE_CONTROL,
        },
    )


@bp.get("/self-evaluation")
@requires(Permission.VIEW_AGGREGATES)
def self_evaluation() -> str:
    """The self-evaluation by the framework's areas, pre-filled with evidence."""
    from sendsight.governance import selfeval

    sections = selfeval.build(db(), partnership_id=_partnership(), today=date.today())
    return render_template(
        "governance/self_evaluation.html",
        title="Self-evaluation",
        sections=sections,
        thin=selfeval.thin_sections(sections),
        printable=False,
    )


@bp.get("/self-evaluation.<fmt>")
@requires(Permission.VIEW_AGGREGATES)
def self_evaluation_pdf(fmt: str) -> Response:
    """The self-evaluation as a tagged PDF."""
    from sendsight.governance import selfeval
    from sendsight.governance.pdf import html_to_pdf

    _pdf_only(fmt)
    sections = selfeval.build(db(), partnership_id=_partnership(), today=date.today())
    html = render_template(
        "governance/self_evaluation_print.html",
        title="Self-evaluation",
        sections=sections,
        thin=selfeval.thin_sections(sections),
        today=date.today(),
    )
    return Response(
        html_to_pdf(html),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="self-evaluation-{date.today()}.pdf"',
            "Cache-Control": DOWNLOAD_CACHE_CONTROL,
        },
    )


@bp.get("/deep-dive")
@requires(Permission.SIGNED_IN)
def deep_dive() -> str:
    """A stratified sample of cases for deep dives, each with its case bundle (case level,
    audited)."""
    from sendsight.governance import sampler

    la_code = _case_la_code()
    size = params.int_arg("size", 6, low=1, high=30)
    picked = sampler.sample(
        db(),
        partnership_id=_partnership(),
        la_code=la_code,
        as_of=date.today(),
        size=size,
        boundary=current.settings().ehc_deadline_boundary,
    )
    _audit("case.view", "deep_dive_sample", la_code, {"size": size, "sampled": len(picked)})
    return render_template(
        "governance/deep_dive.html",
        title="Deep-dive sample",
        la_code=la_code,
        picked=picked,
        size=size,
    )


governance_edit.attach(bp)
governance_census.attach(bp)


def register(app: Flask) -> None:
    """Attach this blueprint."""
    app.register_blueprint(bp)
