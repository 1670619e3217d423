"""Import the pupil-level SEN census on the web: upload, read the check, then confirm.

The same service as ``sendsight inspection census-import`` (``governance.lists.import_census``):
the file is checked first and every problem is listed by line and column (UPNs, ULNs, ids and
dates of birth never quoted back); a file that passes is kept on the server while the user reads
what was found (``web.ehc_staging``, as the EHC import keeps its files), and confirming checks
it again and imports it all, or nothing. Size-limited by ``max_upload_mb``. Only users who may
import case files (``IMPORT_CASES``) may import, for an LA they work for; every import and every
refusal is audited. The routes are attached to the ``governance`` blueprint (``attach``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField

from sendsight.access.audit import record
from sendsight.access.permissions import Permission
from sendsight.core.errors import InputRejected, NotFound, Problem
from sendsight.core.safe_io import UploadLimits, read_upload
from sendsight.governance import lists
from sendsight.governance.census import CensusFile, read_census_text
from sendsight.web import current, ehc_staging, settings_of
from sendsight.web.access import requires
from sendsight.web.db import db
from sendsight.web.form_checks import optional_iso_date, own_la, with_own_las

FOLDER = "census-uploads"
SESSION_KEY = "governance_census_upload"
PROBLEMS_SHOWN = 200
PART = "census"


class CensusForm(FlaskForm):  # type: ignore[misc]
    """The census file and the census day it describes."""

    la_code = SelectField(
        "Local authority", widget=GovSelect(), validate_choice=False, validators=[own_la]
    )
    census_on = StringField(
        "Census date (optional)",
        description="As YYYY-MM-DD; today when left blank",
        widget=GovTextInput(),
        validators=[optional_iso_date("census date", "2026-01-15")],
    )
    file = FileField(
        "Census file (CSV)",
        widget=GovFileInput(),
        validators=[FileRequired("Select the census file")],
    )
    submit = SubmitField("Check the file", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):  # type: ignore[misc]
    """Import the checked file, or cancel and delete it."""

    confirm = SubmitField("Import this file", widget=GovSubmitInput())
    cancel = SubmitField("Cancel and delete the file", widget=GovSubmitInput())


def _root() -> Path:
    return Path(current_app.instance_path) / FOLDER


def _limits() -> UploadLimits:
    return UploadLimits(max_bytes=settings_of(current_app).max_upload_mb * 1024 * 1024)


def _page(form: CensusForm, problems: list[Problem]) -> Any:
    failed = bool(form.errors or problems)
    return render_template(
        "governance/census_upload.html",
        title="Import the SEN census",
        form=form,
        problems=problems[:PROBLEMS_SHOWN],
        hidden=max(len(problems) - PROBLEMS_SHOWN, 0),
        la_code=form.la_code.data,
    ), (400 if failed else 200)


def _refused(rejected: InputRejected, la_code: str) -> list[Problem]:
    record(
        db(),
        actor=current.principal(),
        action="import",
        object_type="governance_census",
        la_code=la_code,
        detail={"outcome": "rejected", "problems": len(rejected.problems)},
        ip=request.remote_addr,
    )
    db().commit()
    return list(rejected.problems)


def _read(staged: ehc_staging.Staged) -> CensusFile:
    found = staged.part(PART)
    if found is None:
        raise InputRejected([Problem("census.csv", "Select the census file")])
    return read_census_text(found.read_text(encoding="utf-8-sig"), found.name)


def start() -> Any:
    """Upload the census file (``?la=``)."""
    return _page(with_own_las(CensusForm()), [])


def upload() -> Any:
    """Check the file: every problem by line and column, or keep it and show what was read."""
    form = with_own_las(CensusForm())
    if not form.validate_on_submit():
        return _page(form, [])
    la_code, upload = form.la_code.data, form.file.data
    name = upload.filename or "census.csv"
    try:
        sniffed = read_upload(upload.read(), name, allowed=("csv",), limits=_limits())
        read_census_text(sniffed.text or "", name)
    except InputRejected as rejected:
        return _page(form, _refused(rejected, la_code))
    staged = ehc_staging.stage(
        _root(),
        [ehc_staging.StagedFile(PART, name, (sniffed.text or "").encode("utf-8"))],
        user_id=current.principal().id,
        la_code=la_code,
        source=PART,
        reference_on=(form.census_on.data or "").strip() or date.today().isoformat(),
    )
    session[SESSION_KEY] = staged.token
    return redirect(url_for("governance.census_check", token=staged.token))


def _staged(token: str) -> ehc_staging.Staged:
    """The user's kept upload; "not found" for anyone else's, or once it has gone."""
    staged = None
    if session.get(SESSION_KEY) == token:
        staged = ehc_staging.load(_root(), token, user_id=current.principal().id)
    if staged is None or staged.la_code not in current.principal().la_codes:
        raise NotFound("No such upload: it was imported, cancelled or has expired")
    return staged


def check(token: str) -> Any:
    """What the check found, and the button to import."""
    staged = _staged(token)
    census = _read(staged)
    kinds = Counter(str(r["sen_provision"]) for r in census.rows)
    summary = [
        ("Local authority", staged.la_code),
        ("File", ", ".join(staged.filenames)),
        ("Census date", staged.reference_on or ""),
        ("Pupils on SEN support (K)", f"{kinds['K']:,}"),
        ("Pupils with an EHC plan (E)", f"{kinds['E']:,}"),
    ]
    return render_template(
        "governance/census_check.html",
        title="Check the census before importing",
        summary=[{"key": {"text": k}, "value": {"text": v}} for k, v in summary],
        staged=staged,
        form=ConfirmForm(),
    )


def confirm(token: str) -> Any:
    """Check the kept file again and import it in one transaction (or cancel)."""
    staged = _staged(token)
    form = ConfirmForm()
    if form.validate_on_submit() and not form.cancel.data:
        lists.import_census(
            db(),
            partnership_id=current.principal().partnership_id,
            la_code=staged.la_code,
            census=_read(staged),
            census_date=date.fromisoformat(staged.reference_on or date.today().isoformat()),
            actor=current.principal(),
            ip=request.remote_addr,
        )
        db().commit()
    ehc_staging.discard(staged)
    session.pop(SESSION_KEY, None)
    return redirect(url_for("governance.annex_a_page", la=staged.la_code))


def attach(bp: Blueprint) -> None:
    """Add the census import routes to the governance blueprint."""
    imports = requires(Permission.IMPORT_CASES)
    bp.add_url_rule("/census", endpoint="census_start", view_func=imports(start))
    bp.add_url_rule(
        "/census", endpoint="census_upload", view_func=imports(upload), methods=["POST"]
    )
    bp.add_url_rule("/census/check/<token>", endpoint="census_check", view_func=imports(check))
    bp.add_url_rule(
        "/census/check/<token>",
        endpoint="census_confirm",
        view_func=imports(confirm),
        methods=["POST"],
    )
