"""The alliance scorecard, turn-the-curve pages, board report, editing forms and the JSON API.

Reading needs ``VIEW_AGGREGATES`` (figures pass disclosure control unless the user sees case-level
data); editing needs ``EDIT_OUTCOMES``. Views parse, call ``sendsight.outcomes`` and render.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import Blueprint, Flask, g, jsonify, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from sendsight.access.permissions import Permission
from sendsight.access.roles import sees_case_level
from sendsight.core.errors import InputRejected
from sendsight.core.safe_io import read_upload, write_csv
from sendsight.disclosure import explain_symbols
from sendsight.outcomes import api, pages, periods, queries, scorecard, value_import
from sendsight.outcomes.vocab import KIND_LABELS, NOTE_LABELS, SOURCE_LABELS, ActionStatus
from sendsight.web import charts
from sendsight.web.access import requires
from sendsight.web.db import db

bp = Blueprint("outcomes", __name__)
POLARITY = {"up": "high_is_good", "down": "low_is_good", "neither": "neither"}
UNIT = {"percent": "%", "count": "", "rate": "", "score": ""}


def _today() -> date:
    return datetime.now(UTC).date()


def _case_level() -> bool:
    return sees_case_level(g.get("current_user"))


def _author() -> str:
    user = g.get("current_user")
    return str(getattr(user, "email", "")) or "unknown"


def _globals() -> dict[str, Any]:
    return {"kind_labels": KIND_LABELS, "note_labels": NOTE_LABELS, "source_labels": SOURCE_LABELS,
            "spark": _spark, "freq_labels": periods.FREQUENCY_LABELS}  # fmt: skip


def _spark(row: scorecard.Row) -> Markup:
    # charts escapes every text it writes, so its SVG is trusted markup.
    return Markup(charts.sparkline(
        list(row.spark), title=f"Recent trend: {row.measure.name}",
        polarity=POLARITY[row.measure.polarity], unit=UNIT[row.measure.unit],  # type: ignore[arg-type]
    ))  # fmt: skip


# --- reading -------------------------------------------------------------------------------


@bp.get("/scorecard", endpoint="scorecard")
@requires(Permission.VIEW_AGGREGATES)
def scorecard_page() -> str:
    """The alliance scorecard: outcomes, their indicators and performance measures."""
    groups = scorecard.build_scorecard(db(), today=_today(), case_level=_case_level())
    rows = [r for grp in groups for r in grp.rows]
    return render_template("outcomes/scorecard.html", title="Alliance scorecard", groups=groups,
                           health=scorecard.health(rows), **_globals())  # fmt: skip


@bp.get("/scorecard/report")
@requires(Permission.VIEW_AGGREGATES)
def report() -> str:
    """The whole scorecard as a printable board report (A4)."""
    groups = scorecard.build_scorecard(db(), today=_today(), case_level=_case_level())
    rows = [r for grp in groups for r in grp.rows]
    return render_template("outcomes/report.html", title="Scorecard board report", groups=groups,
                           health=scorecard.health(rows), today=_today(), **_globals())  # fmt: skip


@bp.get("/scorecard/services")
@requires(Permission.VIEW_AGGREGATES)
def services() -> str:
    """Performance measures grouped by service, then by Friedman's three questions."""
    groups = scorecard.build_scorecard(db(), today=_today(), case_level=_case_level())
    by_service: dict[str, dict[str, list[scorecard.Row]]] = {}
    for row in (r for grp in groups for r in grp.rows if r.measure.level == "performance"):
        kinds = by_service.setdefault(row.measure.service or "Other", {})
        kinds.setdefault(row.measure.kind or "how_much", []).append(row)
    return render_template("outcomes/services.html", title="Service performance",
                           services=dict(sorted(by_service.items())), **_globals())  # fmt: skip


@bp.get("/scorecard/health")
@requires(Permission.VIEW_AGGREGATES)
def health() -> str:
    """Accountability health: is the scorecard being used, not just filled in?"""
    groups = scorecard.build_scorecard(db(), today=_today(), case_level=_case_level())
    rows = [r for grp in groups for r in grp.rows]
    return render_template("outcomes/health.html", title="Accountability health",
                           health=scorecard.health(rows), rows=rows, **_globals())  # fmt: skip


@bp.get("/scorecard/measures/<measure_id>")
@requires(Permission.VIEW_AGGREGATES)
def measure(measure_id: str) -> str:
    """Turn the curve: history, baseline forecast, target, comparators, notes and actions."""
    page = pages.measure_page(db(), measure_id, today=_today(), case_level=_case_level())
    return render_template(
        "outcomes/measure.html", title=page.row.measure.name, page=page, chart=_chart(page),
        symbol_notes=explain_symbols(page.symbols), today=_today(), **_globals(),
    )  # fmt: skip


def _chart(page: pages.MeasurePage) -> Markup:
    m, lines = page.row.measure, page.lines
    series = [charts.Series("This area", [ln.value for ln in lines], emphasis=True)]
    if any(ln.england is not None for ln in lines):
        series.append(charts.Series("England", [ln.england for ln in lines], kind="comparison"))
    if any(ln.sn_median is not None for ln in lines):
        series.append(charts.Series("Statistical neighbours (median)",
                                    [ln.sn_median for ln in lines], kind="comparison"))  # fmt: skip
    bands = []
    if page.row.baseline:
        series.append(charts.Series("Baseline forecast", [ln.baseline for ln in lines],
                                    kind="forecast"))  # fmt: skip
        bands.append(charts.Band("Forecast range (80%)", [ln.lower for ln in lines],
                                 [ln.upper for ln in lines]))  # fmt: skip
    targets = [charts.TargetPoint(ln.period, ln.target) for ln in lines if ln.target is not None]
    return Markup(charts.line_chart([ln.period for ln in lines], series, title=m.name,
                                    bands=bands, targets=targets, unit=UNIT[m.unit]))  # fmt: skip


@bp.get("/scorecard/measures/<measure_id>.csv")
@requires(Permission.VIEW_AGGREGATES)
def measure_csv(measure_id: str) -> Response:
    """The turn-the-curve table as CSV."""
    page = pages.measure_page(db(), measure_id, today=_today(), case_level=_case_level())
    body = write_csv(pages.csv_rows(page), header=pages.CSV_HEADER)
    name = f"{page.row.measure.key}.csv"
    return Response("\ufeff" + body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


# --- JSON API -------------------------------------------------------------------------------


@bp.get("/api/v1/scorecard")
@requires(Permission.VIEW_AGGREGATES)
def api_scorecard() -> Response:
    """The scorecard as JSON for partners' own tools."""
    return jsonify(api.scorecard_json(db(), today=_today(), case_level=_case_level()))


@bp.get("/api/v1/scorecard/measures/<key>")
@requires(Permission.VIEW_AGGREGATES)
def api_measure(key: str) -> Response:
    """One measure's series, targets and baseline as JSON."""
    return jsonify(api.measure_json(db(), key, today=_today(), case_level=_case_level()))


# --- editing -------------------------------------------------------------------------------


class ValueForm(FlaskForm):  # type: ignore[misc]
    """A value for one period (a correction if the period already has one)."""

    period = StringField("Period", widget=GovTextInput(),
                         validators=[InputRequired("Enter the period")])  # fmt: skip
    value = StringField("Value", widget=GovTextInput(),
                        validators=[InputRequired("Enter the value")])  # fmt: skip
    numerator = StringField("Numerator (optional)", widget=GovTextInput(), validators=[Optional()])
    denominator = StringField("Denominator (optional)", widget=GovTextInput(),
                              validators=[Optional()])  # fmt: skip
    note = TextAreaField("Note (optional)", widget=GovTextArea(), validators=[Length(max=2000)])
    submit = SubmitField("Save value", widget=GovSubmitInput())


class TargetForm(FlaskForm):  # type: ignore[misc]
    """The target for one period."""

    period = StringField("Period", widget=GovTextInput(),
                         validators=[InputRequired("Enter the period")])  # fmt: skip
    value = StringField("Target", widget=GovTextInput(),
                        validators=[InputRequired("Enter the target")])  # fmt: skip
    submit = SubmitField("Save target", widget=GovSubmitInput())

    def validate_value(self, field: StringField) -> None:
        _as_number(field.data)


class NoteForm(FlaskForm):  # type: ignore[misc]
    """A new version of one turn-the-curve section."""

    body = TextAreaField(
        "Text",
        widget=GovTextArea(),
        validators=[InputRequired("Enter the text"), Length(max=20_000)],
    )
    submit = SubmitField("Save a new version", widget=GovSubmitInput())


class ActionForm(FlaskForm):  # type: ignore[misc]
    """A new action on a measure."""

    title = StringField(
        "Action",
        widget=GovTextInput(),
        validators=[InputRequired("Enter what will be done"), Length(max=300)],
    )
    owner_organisation = StringField(
        "Owner organisation",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the owner organisation")],
    )
    owner_person = StringField(
        "Owner (person or post)", widget=GovTextInput(), validators=[Optional(), Length(max=200)]
    )
    start_on = StringField("Start date", widget=GovTextInput(), validators=[Optional()])
    due_on = StringField(
        "Due date", widget=GovTextInput(), validators=[InputRequired("Enter the due date")]
    )
    submit = SubmitField("Add action", widget=GovSubmitInput())  # fmt: skip

    def validate_start_on(self, field: StringField) -> None:
        _as_date(field.data)

    def validate_due_on(self, field: StringField) -> None:
        _as_date(field.data)


class UpdateForm(FlaskForm):  # type: ignore[misc]
    """Dated progress on an action."""

    text = TextAreaField(
        "Progress", widget=GovTextArea(), validators=[InputRequired("Enter the progress made")]
    )
    status = SelectField(
        "Status",
        widget=GovSelect(),
        choices=[(s.value, s.value.replace("_", " ").capitalize()) for s in ActionStatus],
    )
    submit = SubmitField("Add update", widget=GovSubmitInput())  # fmt: skip


class ImportForm(FlaskForm):  # type: ignore[misc]
    """A CSV of values to import."""

    file = FileField("Values file (CSV)", widget=GovFileInput(),
                     validators=[FileRequired("Select a CSV file")])  # fmt: skip
    submit = SubmitField("Import values", widget=GovSubmitInput())


def _as_number(text: str | None) -> float:
    try:
        return float((text or "").replace(",", ""))
    except ValueError:
        raise ValidationError("Enter a number, like 42 or 87.5") from None


def _as_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError("Enter a date as YYYY-MM-DD, like 2025-09-30") from None


def _form_page(form: FlaskForm, title: str, action: str, m: Any, **extra: Any) -> str:
    return render_template("outcomes/form.html", title=title, form=form, action=action,
                           measure=m, **extra)  # fmt: skip


@bp.route("/scorecard/measures/<measure_id>/values", methods=["GET", "POST"])
@requires(Permission.EDIT_OUTCOMES)
def edit_value(measure_id: str) -> str | Response:
    """Add or correct a value; a correction keeps the old value in history."""
    m = queries.get_measure(db(), measure_id)
    form = ValueForm()
    if form.validate_on_submit():
        try:
            row = value_import.check_form_value(m, form.data, filename="form")
            queries.record_value(db(), measure=m, new=row, entered_by=_author())
            db().commit()
            return redirect(url_for("outcomes.measure", measure_id=m.id))
        except InputRejected as exc:
            for problem in exc.problems:
                getattr(form, problem.column or "value").errors.append(problem.message)
    hint = periods.EXPECTED[periods.Frequency(m.frequency)]
    return _form_page(form, f"Add or correct a value: {m.name}",
                      url_for("outcomes.edit_value", measure_id=m.id), m, hint=hint)  # fmt: skip


@bp.route("/scorecard/measures/<measure_id>/targets", methods=["GET", "POST"])
@requires(Permission.EDIT_OUTCOMES)
def edit_target(measure_id: str) -> str | Response:
    """Set the target for a period."""
    m = queries.get_measure(db(), measure_id)
    form = TargetForm()
    if form.validate_on_submit():
        try:
            period = periods.parse(form.period.data, m.frequency).code
            queries.set_target(db(), measure=m, period=period, value=_as_number(form.value.data))
            db().commit()
            return redirect(url_for("outcomes.measure", measure_id=m.id))
        except periods.PeriodMismatch as exc:
            form.period.errors.append(exc.expected)
    hint = periods.EXPECTED[periods.Frequency(m.frequency)]
    return _form_page(form, f"Set a target: {m.name}",
                      url_for("outcomes.edit_target", measure_id=m.id), m, hint=hint)  # fmt: skip


@bp.route("/scorecard/measures/<measure_id>/notes/<section>", methods=["GET", "POST"])
@requires(Permission.EDIT_OUTCOMES)
def edit_note(measure_id: str, section: str) -> str | Response:
    """Save a new version of a turn-the-curve section (earlier versions are kept)."""
    m = queries.get_measure(db(), measure_id)
    label = next((v for k, v in NOTE_LABELS.items() if k.value == section), None)
    if label is None:
        from sendsight.core.errors import NotFound

        raise NotFound(section)
    current = queries.current_notes(db(), m.id).get(section)
    form = NoteForm(data={"body": current.body if current else ""})
    if form.validate_on_submit():
        queries.save_note(db(), measure=m, section=section, body=form.body.data, author=_author())
        db().commit()
        return redirect(url_for("outcomes.measure", measure_id=m.id, _anchor="notes"))
    return _form_page(
        form,
        f"{label}: {m.name}",
        url_for("outcomes.edit_note", measure_id=m.id, section=section),
        m,
    )


@bp.route("/scorecard/measures/<measure_id>/actions", methods=["GET", "POST"])
@requires(Permission.EDIT_OUTCOMES)
def new_action(measure_id: str) -> str | Response:
    """Add an action to a measure's plan."""
    m = queries.get_measure(db(), measure_id)
    form = ActionForm()
    if form.validate_on_submit():
        key = f"act_{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        queries.create_action(
            db(), measure=m, key=key, title=form.title.data,
            owner_organisation=form.owner_organisation.data,
            owner_person=form.owner_person.data or "", start_on=_as_date(form.start_on.data),
            due_on=_as_date(form.due_on.data),
        )  # fmt: skip
        db().commit()
        return redirect(url_for("outcomes.measure", measure_id=m.id, _anchor="actions"))
    return _form_page(form, f"Add an action: {m.name}",
                      url_for("outcomes.new_action", measure_id=m.id), m)  # fmt: skip


@bp.route("/scorecard/actions/<action_id>/updates", methods=["GET", "POST"])
@requires(Permission.EDIT_OUTCOMES)
def action_update(action_id: str) -> str | Response:
    """Record dated progress on an action."""
    action = queries.get_action(db(), action_id)
    m = queries.get_measure(db(), action.measure_id)
    form = UpdateForm(data={"status": action.status})
    if form.validate_on_submit():
        queries.add_action_update(db(), action=action, on=_today(), text=form.text.data,
                                  author=_author(), status=form.status.data)  # fmt: skip
        db().commit()
        return redirect(url_for("outcomes.measure", measure_id=m.id, _anchor="actions"))
    return _form_page(form, f"Update progress: {action.title}",
                      url_for("outcomes.action_update", action_id=action.id), m)  # fmt: skip


@bp.route("/scorecard/values/import", methods=["GET", "POST"])
@requires(Permission.EDIT_OUTCOMES)
def import_values() -> str | Response:
    """Import values from a CSV file; any problem refuses the whole file."""
    form = ImportForm()
    problems: list[Any] = []
    summary = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            sniffed = read_upload(upload.read(), upload.filename or "values.csv", allowed=("csv",))
            summary = value_import.import_values_csv(
                db(), sniffed.text or "", filename=sniffed.filename, entered_by=_author()
            )
            db().commit()
        except InputRejected as exc:
            db().rollback()
            problems = list(exc.problems)
    return render_template("outcomes/import.html", title="Import values", form=form,
                           problems=problems, summary=summary)  # fmt: skip


def register(app: Flask) -> None:
    """Attach this blueprint."""
    app.register_blueprint(bp)
