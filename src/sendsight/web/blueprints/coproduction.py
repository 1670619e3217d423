"""Co-production: the engagement log, responses to "you said", coverage, and the public
"You said, we did" page (decision 1002 says which partnership an anonymous visitor sees)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Flask, abort, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import SubmitField

from sendsight.access import queries as access
from sendsight.access.permissions import Permission
from sendsight.access.roles import has_permission
from sendsight.coproduction import files, pages, queries, responses, vocab
from sendsight.coproduction.models import SaidItem
from sendsight.core.errors import InputRejected, NotFound
from sendsight.core.safe_io import read_upload, write_csv
from sendsight.web import charts, current
from sendsight.web.access import requires
from sendsight.web.db import db
from sendsight.web.downloads import csv_download
from sendsight.web.params import text_arg

bp = Blueprint("coproduction", __name__, url_prefix="/coproduction")
public = Blueprint("you_said", __name__, url_prefix="/you-said-we-did")
WORDS = {
    "methods": vocab.METHODS,
    "ladder": vocab.LADDER,
    "types": vocab.TYPES,
    "adjustments": vocab.ADJUSTMENTS,
    "responses": vocab.RESPONSES,
    "statuses": vocab.STATUSES,
    "gap_kinds": pages.GAP_KINDS,
    "needs": vocab.NEEDS,
}


def _own() -> str:
    return current.principal().partnership_id


def _today() -> datetime:
    return datetime.now(UTC)


@bp.get("/")
@requires(Permission.VIEW_AGGREGATES)
def index() -> str:
    """The engagement log: every activity, who took part and how much has been answered."""
    user = current.principal()
    rows = pages.log_rows(db(), partnership_id=user.partnership_id, viewpoint=current.viewpoint())
    may_import = has_permission(user, Permission.EDIT_COPRODUCTION)
    return render_template(
        "coproduction/index.html",
        title="Co-production",
        rows=rows,
        may_import=may_import,
        threshold=current.viewpoint().threshold,
        **WORDS,
    )


@bp.get("/activities/<engagement_id>")
@requires(Permission.VIEW_AGGREGATES)
def activity(engagement_id: str) -> str:
    """One activity: how it was run, who took part (counts only) and what was said."""
    return activity_page(engagement_id)


def activity_page(
    engagement_id: str, form: dict[str, str] | None = None, problems: dict[str, str] | None = None
) -> str:
    """The activity's page, with the "you said" form's values and problems when it was
    refused."""
    user = current.principal()
    try:
        found = queries.get_activity(
            session=db(), activity_id=engagement_id, partnership_id=user.partnership_id
        )
    except NotFound:
        abort(404)
    measures, actions = pages.links(db(), partnership_id=user.partnership_id)
    return render_template(
        "coproduction/activity.html",
        title=found.title,
        activity=found,
        counts=pages.count_table(found, viewpoint=current.viewpoint()),
        adjustment_text=pages.adjustment_text(found),
        measures=measures,
        actions=actions,
        may_edit=has_permission(user, Permission.EDIT_COPRODUCTION),
        threshold=current.viewpoint().threshold,
        form=form or {},
        **error_words(problems or {}),
        **WORDS,
    )


def error_words(
    problems: dict[str, str], anchors: dict[str, str] | None = None
) -> dict[str, object]:
    """A form's problems (field → message) as the error summary and the fields show them;
    ``anchors`` names the element a field's summary link goes to when it is not the field's
    own id (the day box of a date)."""
    go = anchors or {}
    return {
        "problems": problems,
        "error_list": [
            {"text": m, "href": f"#{go.get(name, name)}"} for name, m in problems.items()
        ],
        "errors": {name: {"text": m} for name, m in problems.items()},
    }


@bp.route("/items/<said_id>/response", methods=["GET", "POST"])
@requires(Permission.EDIT_COPRODUCTION)
def response(said_id: str) -> str | Response:
    """Answer one "you said" item: we did, we will by a date, or we could not and why."""
    try:
        item = queries.get_theme(session=db(), theme_id=said_id, partnership_id=_own())
    except NotFound:
        abort(404)
    problems: dict[str, str] = {}
    form = {k: v for k, v in request.form.items() if k != "csrf_token"}
    if request.method == "POST":
        try:
            responses.change_response(
                db(),
                item_id=item.id,
                partnership_id=_own(),
                form=form,
                actor=current.principal(),
                today=_today().date(),
            )
            db().commit()
            return redirect(url_for("coproduction.activity", engagement_id=item.activity_id))
        except InputRejected as exc:
            db().rollback()
            problems = {str(p.column): p.message for p in exc.problems}
    return _response_form(said_id, form, problems)


def _response_form(said_id: str, form: dict[str, str], problems: dict[str, str]) -> str:
    item = queries.get_theme(session=db(), theme_id=said_id, partnership_id=_own())
    measures, actions = pages.links(db(), partnership_id=_own())
    values = form or _current_values(item)
    return render_template(
        "coproduction/response.html",
        title="Respond to what was said",
        item=item,
        form=values,
        problems=problems,
        error_list=[{"text": m, "href": f"#{name}"} for name, m in problems.items()],
        errors={name: {"text": m} for name, m in problems.items()},
        response_items=_items(vocab.RESPONSES, values.get("response_kind"), checked=True),
        status_items=_items(vocab.STATUSES, values.get("status")),
        measure_items=[{"value": "", "text": "None"}, *_items(measures, values.get("measure_id"))],
        action_items=[{"value": "", "text": "None"}, *_items(actions, values.get("action_id"))],
    )


def _items(
    labels: dict[str, str], chosen: str | None, *, checked: bool = False
) -> list[dict[str, object]]:
    mark = "checked" if checked else "selected"
    return [{"value": k, "text": v, mark: k == chosen} for k, v in labels.items()]


def _current_values(item: SaidItem) -> dict[str, str]:
    return {
        "response_kind": item.response_kind or "",
        "response": item.response,
        "will_by_on": item.will_by_on.isoformat() if item.will_by_on else "",
        "owner": item.owner,
        "status": item.status,
        "publish": "yes" if item.published_on else "",
        "measure_id": item.measure_id or "",
        "action_id": item.action_id or "",
    }


class ImportForm(FlaskForm):  # type: ignore[misc]
    """A co-production CSV to import."""

    file = FileField(
        "Co-production file (CSV)",
        widget=GovFileInput(),
        validators=[FileRequired("Select a CSV file")],
    )
    submit = SubmitField("Import activities", widget=GovSubmitInput())


@bp.route("/import", methods=["GET", "POST"])
@requires(Permission.EDIT_COPRODUCTION)
def import_file() -> str:
    """Import activities and "you said" items from a CSV; any problem refuses the whole file."""
    form, problems, summary = ImportForm(), [], None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            sniffed = read_upload(upload.read(), upload.filename or "log.csv", allowed=("csv",))
            summary = files.import_csv(
                db(),
                sniffed.text or "",
                filename=sniffed.filename,
                partnership_id=_own(),
                actor=current.principal(),
            )
            db().commit()
        except InputRejected as exc:
            db().rollback()
            problems = list(exc.problems)
    return render_template(
        "coproduction/import.html",
        title="Import co-production activities",
        form=form,
        problems=problems,
        summary=summary,
    )


@bp.get("/coverage")
@requires(Permission.VIEW_AGGREGATES)
def coverage() -> str:
    """Who took part in the last twelve months, and the groups and partners nobody reached."""
    found = _coverage()
    return render_template(
        "coproduction/coverage.html",
        title="Co-production coverage",
        coverage=found,
        need_chart=_need_chart(found),
        threshold=found.threshold,
        **WORDS,
    )


def _coverage() -> pages.Coverage:
    return pages.coverage(
        db(), partnership_id=_own(), today=_today().date(), viewpoint=current.viewpoint()
    )


def _need_chart(found: pages.Coverage) -> Markup:
    rows = found.by_need
    return Markup(
        charts.bar_chart(
            [r.label for r in rows],
            [r.per_100_plans.value for r in rows],
            title="Children and young people taking part per 100 with an EHC plan, by primary need",
            sort="none",
        )
    )


@bp.get("/coverage/by-need.csv")
@requires(Permission.VIEW_AGGREGATES)
def coverage_by_need_csv() -> Response:
    """Reach by primary need against the EHC plans by primary need, as CSV."""
    body = write_csv(pages.need_csv_rows(_coverage()), header=pages.NEED_CSV_HEADER)
    return csv_download(body, "co-production-reach-by-need.csv")


def _public_partnership() -> str:
    """Whose page this is: the signed-in person's own partnership; for anyone else, the
    installation's partnership when it holds only one (decision 1002)."""
    user = current.principal_or_none()
    if user is not None:
        return user.partnership_id
    every = access.list_partnerships(session=db())
    if len(every) != 1:
        abort(404)
    return every[0].id


@public.get("/")
@requires(Permission.PUBLIC)
def page() -> str:
    """ "You said, we did": every published response, by topic and date (the Local Offer's
    annual feedback report)."""
    partnership_id, today = _public_partnership(), _today().date()
    topic = text_arg("topic") or None
    found = pages.public_page(
        db(), partnership_id=partnership_id, today=today, viewpoint=current.viewpoint(), topic=topic
    )
    if topic is not None and topic not in found.topics:
        abort(404)
    return render_template(
        "coproduction/public.html",
        title="You said, we did",
        topic=topic,
        page=found,
        threshold=current.viewpoint().threshold,
        **WORDS,
    )


@public.get("/download.csv")
@requires(Permission.PUBLIC)
def download() -> Response:
    """Every published response as CSV."""
    items = pages.public_items(db(), partnership_id=_public_partnership(), today=_today().date())
    body = write_csv(pages.public_csv_rows(items), header=pages.PUBLIC_CSV_HEADER)
    return csv_download(body, "you-said-we-did.csv")


def register(app: Flask) -> None:
    """Attach the staff pages (with the activity form's routes) and the public page."""
    from sendsight.web.blueprints import coproduction_entry

    coproduction_entry.attach()
    app.register_blueprint(bp)
    app.register_blueprint(public)
