"""Import EHC case files on the web: upload, read the check, then confirm (POST-redirect-GET).

The same service as ``sendsight ehc import``: all-or-nothing, audited, and importing the same
files again changes nothing. An upload is checked first; the files are kept on the server
(:mod:`sendsight.web.ehc_staging`) while the user reads the check, and confirming checks them
again before importing. Only users with ``IMPORT_CASES`` may import, and only for a local
authority they work for.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response as BaseResponse
from wtforms import SelectField, StringField, SubmitField

from sendsight.access.audit import record
from sendsight.access.permissions import Permission
from sendsight.access.principal import Principal
from sendsight.access.roles import has_permission
from sendsight.core.errors import InputRejected, NotFound, Problem
from sendsight.core.safe_io import UploadLimits, read_upload
from sendsight.ehc import imports, queries, upload_check
from sendsight.web import current, ehc_staging, params, settings_of
from sendsight.web.access import requires
from sendsight.web.db import db
from sendsight.web.downloads import csv_download
from sendsight.web.errors import render_error
from sendsight.web.form_checks import optional_iso_date, own_la, with_own_las

bp = Blueprint("ehc_import", __name__, url_prefix="/ehc/import")
SESSION_KEY = "ehc_import_upload"
TEMPLATE_PARTS = ("requests", "advice", "reviews")
PROBLEMS_SHOWN = 200


class TemplateForm(FlaskForm):  # type: ignore[misc]
    """The CSV template files: requests (required), advice and reviews (optional)."""

    la_code = SelectField(
        "Local authority", widget=GovSelect(), validate_choice=False, validators=[own_la]
    )
    requests = FileField(
        "Requests file (CSV)",
        widget=GovFileInput(),
        validators=[FileRequired("Select the requests file")],
    )
    advice = FileField("Advice file (CSV, optional)", widget=GovFileInput())
    reviews = FileField("Annual reviews file (CSV, optional)", widget=GovFileInput())
    submit = SubmitField("Check the files", widget=GovSubmitInput())


class Sen2Form(FlaskForm):  # type: ignore[misc]
    """A SEN2 COLLECT (Blade) export (one CSV file per module) or the XML return, and the
    reference date."""

    la_code = SelectField(
        "Local authority", widget=GovSelect(), validate_choice=False, validators=[own_la]
    )
    files = MultipleFileField(
        "SEN2 export files (CSV) or XML return",
        widget=GovFileInput(),
        validators=[FileRequired("Select the SEN2 export files")],
    )
    reference_on = StringField(
        "Reference date (optional)",
        widget=GovTextInput(),
        validators=[optional_iso_date("reference date", "2025-01-16")],
    )
    submit = SubmitField("Check the files", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):  # type: ignore[misc]
    """Import the checked files, or cancel and delete them."""

    confirm = SubmitField("Import these files", widget=GovSubmitInput())
    cancel = SubmitField("Cancel and delete the files", widget=GovSubmitInput())


@bp.get("")
@requires(Permission.IMPORT_CASES)
def start() -> str:
    """Upload the CSV template files (or go to the SEN2 upload); download blank templates."""
    return _template_page(with_own_las(TemplateForm()), [])


@bp.post("")
@requires(Permission.IMPORT_CASES)
def upload_template() -> str | BaseResponse:
    """Check the uploaded template files; if they can be imported, keep them and show the check."""
    form = with_own_las(TemplateForm())
    if not form.validate_on_submit():
        return _template_page(form, [])
    uploads = [(part, getattr(form, part).data) for part in TEMPLATE_PARTS]
    chosen = [(part, f) for part, f in uploads if isinstance(f, FileStorage) and f.filename]
    return _check_upload(form, chosen, "template", None, _template_page)


@bp.route("/sen2", methods=["GET", "POST"])
@requires(Permission.IMPORT_CASES)
def upload_sen2() -> str | BaseResponse:
    """Upload a SEN2 export's module files; if they can be imported, keep them, show the check."""
    form = with_own_las(Sen2Form())
    if not form.validate_on_submit():
        return _sen2_page(form, [])
    chosen = [("sen2", f) for f in form.files.data if isinstance(f, FileStorage) and f.filename]
    reference_on = (form.reference_on.data or "").strip() or date.today().isoformat()
    return _check_upload(form, chosen, "sen2", reference_on, _sen2_page)


def _template_page(form: FlaskForm, problems: list[Problem]) -> str:
    return render_template(
        "ehc/import.html",
        title="Import EHC case files",
        form=form,
        problems=problems[:PROBLEMS_SHOWN],
        hidden=_hidden(problems),
        kinds=upload_check.TEMPLATE_KINDS,
        la_code=form.la_code.data,
    )


def _sen2_page(form: FlaskForm, problems: list[Problem]) -> str:
    return render_template(
        "ehc/import_sen2.html",
        title="Import a SEN2 return",
        form=form,
        problems=problems[:PROBLEMS_SHOWN],
        hidden=_hidden(problems),
        la_code=form.la_code.data,
    )


def _hidden(problems: list[Problem]) -> int:
    return max(len(problems) - PROBLEMS_SHOWN, 0)


def _check_upload(
    form: FlaskForm,
    chosen: list[tuple[str, FileStorage]],
    source: str,
    reference_on: str | None,
    page: Callable[[FlaskForm, list[Problem]], str],
) -> str | BaseResponse:
    """Keep the files and check them: on a problem delete them and show every problem, else
    remember them in the session and send the user to read the check."""
    la_code = form.la_code.data
    try:
        files = [_read(part, upload) for part, upload in chosen]
        staged = ehc_staging.stage(
            _root(),
            files,
            user_id=current.principal().id,
            la_code=la_code,
            source=source,
            reference_on=reference_on,
        )
    except InputRejected as rejected:
        return page(form, _refused(rejected, la_code, source))
    try:
        _check(staged)
    except InputRejected as rejected:
        ehc_staging.discard(staged)
        return page(form, _refused(rejected, la_code, source))
    session[SESSION_KEY] = staged.token
    return redirect(url_for(".review", token=staged.token))


def _read(part: str, upload: FileStorage) -> ehc_staging.StagedFile:
    """The upload's bytes, once checked to be UTF-8 CSV text within the size limits (a SEN2
    XML return: within the size limit; the SEN2 reader checks the XML itself)."""
    name = upload.filename or f"{part}.csv"
    data = upload.read()
    limits = _limits()
    if part == "sen2" and name.lower().endswith(".xml"):
        if len(data) > limits.max_bytes:
            raise InputRejected([Problem(name, "Upload a SEN2 return within the size limit")])
        return ehc_staging.StagedFile(part, name, data)
    read_upload(data, name, allowed=("csv",), limits=limits)
    return ehc_staging.StagedFile(part, name, data)


def _limits() -> UploadLimits:
    return UploadLimits(max_bytes=settings_of(current_app).max_upload_mb * 1024 * 1024)


def _root() -> Path:
    return Path(current_app.instance_path) / ehc_staging.FOLDER


def _check(staged: ehc_staging.Staged) -> upload_check.UploadCheck:
    if staged.source == "sen2":
        reference_on = date.fromisoformat(staged.reference_on or date.today().isoformat())
        return upload_check.check_sen2(staged.sen2_folder, staged.la_code, reference_on)
    requests = staged.part("requests")
    if requests is None:
        raise InputRejected([Problem("requests.csv", "Select the requests file")])
    return upload_check.check_template(
        staged.la_code, requests, staged.part("advice"), staged.part("reviews")
    )


def _refused(rejected: InputRejected, la_code: str, source: str) -> list[Problem]:
    """Write the refusal to the audit log (as the command line does) and return the problems
    without personal values."""
    record(
        db(),
        actor=current.principal(),
        action="import",
        object_type="ehc_import",
        la_code=la_code,
        detail={"outcome": "rejected", "source": source, "problems": len(rejected.problems)},
        ip=request.remote_addr,
    )
    db().commit()
    return upload_check.without_personal_values(rejected.problems)


def _staged(token: str) -> ehc_staging.Staged:
    """The user's kept upload ``token``; "not found" for anyone else's, or once it has gone."""
    staged = None
    if session.get(SESSION_KEY) == token:
        staged = ehc_staging.load(_root(), token, user_id=current.principal().id)
    if staged is None or staged.la_code not in current.principal().la_codes:
        raise NotFound("No such upload: it was imported, cancelled or has expired")
    return staged


@bp.get("/check/<token>")
@requires(Permission.IMPORT_CASES)
def review(token: str) -> str:
    """What the check found: rows read, data-quality warnings, and the button to import."""
    staged = _staged(token)
    try:
        checked, problems = _check(staged), []
    except InputRejected as rejected:
        checked, problems = None, upload_check.without_personal_values(rejected.problems)
    return _review_page(staged, checked, problems)


def _review_page(
    staged: ehc_staging.Staged, checked: upload_check.UploadCheck | None, problems: list[Problem]
) -> str:
    return render_template(
        "ehc/import_check.html",
        summary=_summary(staged, checked),
        title="Check the files before importing",
        staged=staged,
        checked=checked,
        problems=problems[:PROBLEMS_SHOWN],
        hidden=_hidden(problems),
        form=ConfirmForm(),
        la_code=staged.la_code,
    )


ROWS_READ = {
    "requests": "Requests read",
    "advice": "Advice records read",
    "reviews": "Annual reviews read",
}


def _summary(
    staged: ehc_staging.Staged, checked: upload_check.UploadCheck | None
) -> list[dict[str, dict[str, str]]]:
    """The summary list of what was uploaded and (when it can be imported) what was read."""
    kind = "SEN2 return" if staged.source == "sen2" else "CSV template"
    pairs = [
        ("Local authority", staged.la_code),
        ("Kind of file", kind),
        ("Files", ", ".join(staged.filenames)),
    ]
    if staged.source == "sen2":
        pairs.append(("Reference date", staged.reference_on or ""))
    if checked is not None:
        pairs += [(ROWS_READ[table], f"{count:,}") for table, count in checked.rows.items()]
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in pairs]


@bp.post("/check/<token>")
@requires(Permission.IMPORT_CASES)
def confirm(token: str) -> str | BaseResponse:
    """Check the kept files again and import them in one transaction (or cancel)."""
    staged = _staged(token)
    form = ConfirmForm()
    if not form.validate_on_submit() or form.cancel.data:
        _forget(staged)
        return redirect(url_for(".start", la=staged.la_code))
    try:
        result = _import(staged)
        db().commit()
    except InputRejected as rejected:
        db().rollback()
        return _review_page(staged, None, _refused(rejected, staged.la_code, staged.source))
    _forget(staged)
    return redirect(url_for(".done", import_id=result.import_id, la=staged.la_code))


def _forget(staged: ehc_staging.Staged) -> None:
    ehc_staging.discard(staged)
    session.pop(SESSION_KEY, None)


def _import(staged: ehc_staging.Staged) -> imports.ImportResult:
    """The same import as ``sendsight ehc import``, by the signed-in user."""
    _check(staged)
    boundary = settings_of(current_app).ehc_deadline_boundary
    if staged.source == "sen2":
        return imports.import_sen2(
            db(),
            la_code=staged.la_code,
            directory=staged.sen2_folder,
            reference_date=date.fromisoformat(staged.reference_on or ""),
            actor=current.principal(),
            boundary=boundary,
        )
    requests = staged.part("requests")
    assert requests is not None  # _check refuses an upload without one
    return imports.import_template(
        db(),
        la_code=staged.la_code,
        requests=requests,
        advice=staged.part("advice"),
        reviews=staged.part("reviews"),
        actor=current.principal(),
        boundary=boundary,
    )


@bp.get("/done/<import_id>")
@requires(Permission.IMPORT_CASES)
def done(import_id: str) -> str:
    """What the import changed, table by table."""
    la_code = params.text_arg("la")
    if la_code not in current.principal().la_codes:
        raise NotFound("No such import")
    logged = queries.get_import(session=db(), la_code=la_code, import_id=import_id)
    return render_template(
        "ehc/import_done.html", title="Case files imported", logged=logged, la_code=la_code
    )


@bp.get("/template/<any(requests, advice, reviews):kind>.csv")
@requires(Permission.IMPORT_CASES)
def template_file(kind: str) -> Response:
    """A template file: its header row and one made-up example row."""
    return csv_download(upload_check.example_csv(kind), f"ehc-{kind}-template.csv")


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error: RequestEntityTooLarge) -> tuple[str, int]:
    limit = settings_of(current_app).max_upload_mb
    return render_error(413, f"The files you upload at one time must be smaller than {limit} MB.")


def can_import_cases(la_code: str) -> bool:
    """True when the signed-in user may import case files for ``la_code`` (for links)."""
    user = current.principal_or_none()
    return (
        isinstance(user, Principal)
        and has_permission(user, Permission.IMPORT_CASES)
        and la_code in user.la_codes
    )


def register(app: Flask) -> None:
    """Attach this blueprint and the ``can_import_cases`` template function."""
    app.register_blueprint(bp)
    app.jinja_env.globals["can_import_cases"] = can_import_cases
