"""Editing the outcomes framework: outcomes, measures, values, targets, notes and actions.

Every route needs ``EDIT_OUTCOMES``; on top of that each change is checked against the item's
owner (``sendsight.access.policy.can_edit_org_item``): a partner changes only its own
organisation's measures (and their values, targets, notes and actions); outcomes and
partnership-wide measures (no owning organisation) are changed by administrators. Every change
is written to the audit log. The routes are attached to the ``outcomes`` blueprint.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from sendsight.access import queries as access_queries
from sendsight.access.audit import record
from sendsight.access.permissions import Permission
from sendsight.access.policy import can_edit_org_item, require_edit_org_item
from sendsight.core.errors import InputRejected, NotFound, PermissionDenied, Problem
from sendsight.core.safe_io import read_upload
from sendsight.outcomes import editing, periods, queries, value_import
from sendsight.outcomes.models import Measure
from sendsight.outcomes.scorecard import MeasureView
from sendsight.outcomes.vocab import NOTE_LABELS, ActionStatus
from sendsight.statistics.registry import list_indicators
from sendsight.web import current
from sendsight.web.access import requires
from sendsight.web.db import db

# --- who may change what -----------------------------------------------------------------------


def may_edit(measure: Measure | MeasureView) -> bool:
    """True when the signed-in person may change ``measure`` and what hangs off it."""
    return can_edit_org_item(current.principal_or_none(), measure.owner_organisation_id or "")


def _require_edit(measure: Measure) -> None:
    require_edit_org_item(current.principal_or_none(), measure.owner_organisation_id or "")


def _audit(action: str, object_type: str, object_id: str, **detail: Any) -> None:
    record(db(), actor=current.principal(), action=f"outcomes.{action}", object_type=object_type,
           object_id=object_id, detail={k: str(v) for k, v in detail.items()})  # fmt: skip


def _own() -> dict[str, str]:
    """The keyword every outcomes query takes: the signed-in person's partnership."""
    return {"partnership_id": current.principal().partnership_id}


def _author() -> str:
    return current.principal().email or "unknown"


def _today() -> date:
    return datetime.now(UTC).date()


# --- forms ------------------------------------------------------------------------------------


def _text(label: str, **kw: Any) -> StringField:
    return StringField(label, widget=GovTextInput(), **kw)


def _select(label: str, choices: list[SelectChoice] | None = None) -> SelectField:
    return SelectField(label, widget=GovSelect(), choices=choices or [], validate_choice=False)


class OutcomeForm(FlaskForm):  # type: ignore[misc]
    """An outcome: an I statement agreed with children, young people and families."""

    statement = _text("Outcome, as an I statement")
    description = TextAreaField("Plain description (optional)", widget=GovTextArea())
    theme = _text("Theme (optional)")
    coproduced_with = _text("Co-produced with (optional)")
    coproduced_on = _text("Date agreed (optional), as YYYY-MM-DD")
    submit = SubmitField("Save outcome", widget=GovSubmitInput())


def _pairs(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class MeasureForm(FlaskForm):  # type: ignore[misc]
    """An indicator or performance measure with its definition and where its values come from."""

    name = _text("Name")
    outcome_id = _select("Outcome")
    level = _select(
        "Level",
        _pairs(
            {
                "indicator": "Population indicator (shared by all partners)",
                "performance": "Performance measure (one service)",
            }
        ),
    )
    kind = _select(
        "Which question it answers (performance measures)",
        _pairs(
            {
                "": "Not a performance measure",
                "how_much": "How much did we do?",
                "how_well": "How well did we do it?",
                "better_off": "Is anyone better off?",
            }
        ),
    )
    service = _text("Service or programme (performance measures)")
    definition = TextAreaField("Definition", widget=GovTextArea())
    unit = _select(
        "Unit",
        _pairs({"percent": "Percentage", "count": "Count", "rate": "Rate", "score": "Score"}),
    )
    decimals = _text("Decimal places shown (0 to 3)")
    polarity = _select(
        "Which way is better",
        _pairs(
            {"up": "Higher is better", "down": "Lower is better", "neither": "Neither (context)"}
        ),
    )
    frequency = _select(
        "How often it is reported",
        _pairs({f.value: label for f, label in periods.FREQUENCY_LABELS.items()}),
    )
    source_kind = _select(
        "Where the values come from",
        _pairs(
            {
                "manual": "Entered by hand",
                "survey": "Local survey",
                "dfe_statistic": "Published DfE statistic",
                "fact": "Calculated from case records",
            }
        ),
    )
    source_key = _select("Published statistic (for a published DfE statistic)")
    la_code = _text("Local authority DfE code (for a published DfE statistic)")
    source = _text("Source (optional)")
    survey_question = _text("Survey question (for a local survey)")
    owner = _select("Owning organisation")
    next_update_on = _text("Next update due (optional), as YYYY-MM-DD")
    submit = SubmitField("Save measure", widget=GovSubmitInput())


class ValueForm(FlaskForm):  # type: ignore[misc]
    """A value for one period (a correction if the period already has one)."""

    period = _text("Period", validators=[InputRequired("Enter the period")])
    value = _text("Value", validators=[InputRequired("Enter the value")])
    numerator = _text("Numerator (optional)", validators=[Optional()])
    denominator = _text("Denominator (optional)", validators=[Optional()])
    note = TextAreaField("Note (optional)", widget=GovTextArea(), validators=[Length(max=2000)])
    submit = SubmitField("Save value", widget=GovSubmitInput())


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


class TargetForm(FlaskForm):  # type: ignore[misc]
    """The target for one period."""

    period = _text("Period", validators=[InputRequired("Enter the period")])
    value = _text("Target", validators=[InputRequired("Enter the target")])
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

    title = _text("Action", validators=[InputRequired("Enter what will be done"), Length(max=300)])
    owner_organisation = _text(
        "Owner organisation", validators=[InputRequired("Enter the owner organisation")]
    )
    owner_person = _text("Owner (person or post)", validators=[Optional(), Length(max=200)])
    start_on = _text("Start date", validators=[Optional()])
    due_on = _text("Due date", validators=[InputRequired("Enter the due date")])
    submit = SubmitField("Add action", widget=GovSubmitInput())

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
        choices=_pairs({s.value: s.value.replace("_", " ").capitalize() for s in ActionStatus}),
    )
    submit = SubmitField("Add update", widget=GovSubmitInput())


class ImportForm(FlaskForm):  # type: ignore[misc]
    """A CSV of values to import."""

    file = FileField(
        "Values file (CSV)", widget=GovFileInput(), validators=[FileRequired("Select a CSV file")]
    )
    submit = SubmitField("Import values", widget=GovSubmitInput())


def _form_page(form: FlaskForm, title: str, action: str, m: Any = None, **extra: Any) -> str:
    return render_template(
        "outcomes/form.html", title=title, form=form, action=action, measure=m, **extra
    )


def _show_problems(form: FlaskForm, problems: list[Any], fallback: str) -> None:
    for problem in problems:
        field = getattr(form, problem.column or fallback, None) or getattr(form, fallback)
        field.errors = [*field.errors, problem.message]


# --- outcomes and measures ----------------------------------------------------------------------


def _require_admin_edit() -> None:
    """Outcomes belong to the whole partnership: only administrators change them."""
    if not can_edit_org_item(current.principal_or_none(), ""):
        raise PermissionDenied("Only an administrator can change the partnership's outcomes")


@requires(Permission.EDIT_OUTCOMES)
def edit_outcome(outcome_id: str | None = None) -> str | Response:
    """Create an outcome, or change one."""
    _require_admin_edit()
    outcome = queries.get_outcome(db(), outcome_id, **_own()) if outcome_id else None
    form = OutcomeForm(obj=outcome)
    if form.validate_on_submit():
        try:
            fields = editing.check_outcome(form.data)
        except InputRejected as exc:
            _show_problems(form, list(exc.problems), "statement")
        else:
            if outcome is None:
                taken = {o.key for o in queries.list_outcomes(db(), **_own())}
                outcome = queries.create_outcome(
                    db(), key=editing.new_key(fields["statement"], taken),
                    position=len(taken), **_own(), **fields)  # fmt: skip
                _audit("outcome.create", "outcome", outcome.id, statement=outcome.statement)
            else:
                queries.update_object(db(), outcome, **fields)
                _audit("outcome.update", "outcome", outcome.id, **fields)
            db().commit()
            return redirect(url_for("outcomes.scorecard"))
    title = f"Change outcome: {outcome.statement}" if outcome else "Add an outcome"
    action = (
        url_for("outcomes.edit_outcome", outcome_id=outcome.id)
        if outcome
        else url_for("outcomes.new_outcome")
    )
    return _form_page(form, title, action)


def _measure_choices(form: MeasureForm, measure: Measure | None) -> None:
    form.outcome_id.choices = _pairs(
        {"": "Not linked to an outcome"}
        | {o.id: o.statement for o in queries.list_outcomes(db(), **_own())}
    )
    form.source_key.choices = _pairs(
        {"": "Not a published statistic"} | {i.id: i.title for i in list_indicators()}
    )
    user = current.principal()
    organisations = access_queries.list_organisations(db(), partnership_id=user.partnership_id)
    if not can_edit_org_item(user, ""):  # not an administrator: only their own organisation
        organisations = [o for o in organisations if o.id == user.organisation_id]
    owners = {o.id: o.name for o in organisations}
    if can_edit_org_item(user, ""):
        owners = {"": "The whole partnership (administrators edit)"} | owners
    form.owner.choices = _pairs(owners)
    if measure is not None and not form.is_submitted():
        form.owner.data = measure.owner_organisation_id or ""
        form.decimals.data = str(measure.decimals)


def _owner(form: MeasureForm) -> tuple[str, str | None]:
    """(name, id) of the chosen organisation; refused unless it is one the form offered."""
    offered = {c.value: c.label for c in form.owner.choices}
    chosen = form.owner.data or ""
    if not chosen and "" not in offered:  # not an administrator: their own organisation
        chosen = current.principal().organisation_id
    if chosen not in offered:
        raise InputRejected([Problem(editing.FORM, "Choose an organisation from the list", None,
                                     "owner", chosen)])  # fmt: skip
    return ("" if not chosen else offered[chosen]), (chosen or None)


@requires(Permission.EDIT_OUTCOMES)
def edit_measure(measure_id: str | None = None) -> str | Response:
    """Create an indicator or performance measure, or change one's definition."""
    measure = queries.get_measure(db(), measure_id, **_own()) if measure_id else None
    if measure is not None:
        _require_edit(measure)
    form = MeasureForm(obj=measure)
    _measure_choices(form, measure)
    if form.validate_on_submit():
        try:
            saved = _save_measure(form, measure)
        except InputRejected as exc:
            _show_problems(form, list(exc.problems), "name")
        else:
            db().commit()
            return redirect(url_for("outcomes.measure", measure_id=saved.id))
    title = f"Change measure: {measure.name}" if measure else "Add an indicator or measure"
    action = (
        url_for("outcomes.edit_measure", measure_id=measure.id)
        if measure
        else url_for("outcomes.new_measure")
    )
    return _form_page(form, title, action, measure)


def _save_measure(form: MeasureForm, measure: Measure | None) -> Measure:
    outcome_ids = {o.id for o in queries.list_outcomes(db(), **_own())}
    fields = editing.check_measure(form.data, outcome_ids=outcome_ids)
    name, owner_id = _owner(form)
    fields.update(owner_organisation=name, owner_organisation_id=owner_id)
    if measure is None:
        taken = {m.key for m in queries.list_measures(db(), **_own())}
        key = editing.new_key(fields.pop("name"), taken)
        measure = queries.create_measure(
            db(), key=key, name=form.name.data.strip(), **_own(), **fields
        )
        _audit("measure.create", "measure", measure.id, name=measure.name)
        return measure
    queries.update_object(db(), measure, **fields)
    _audit("measure.update", "measure", measure.id, **fields)
    return measure


# --- values, targets, notes, actions -------------------------------------------------------------


@requires(Permission.EDIT_OUTCOMES)
def edit_value(measure_id: str) -> str | Response:
    """Add or correct a value; a correction keeps the old value in history."""
    m = queries.get_measure(db(), measure_id, **_own())
    _require_edit(m)
    form = ValueForm()
    if m.source_kind == "dfe_statistic":
        form.period.errors = ["This measure shows a published statistic: its figures come from "
                              "the statistics store and cannot be typed in"]  # fmt: skip
    elif form.validate_on_submit():
        try:
            row = value_import.check_form_value(m, form.data, filename="form")
            saved, replaced = queries.record_value(db(), measure=m, new=row, entered_by=_author())
            _audit("value.correct" if replaced else "value.add", "measure", m.id,
                   period=saved.period, value=saved.value)  # fmt: skip
            db().commit()
            return redirect(url_for("outcomes.measure", measure_id=m.id))
        except InputRejected as exc:
            _show_problems(form, list(exc.problems), "value")
    hint = periods.EXPECTED[periods.Frequency(m.frequency)]
    return _form_page(
        form,
        f"Add or correct a value: {m.name}",
        url_for("outcomes.edit_value", measure_id=m.id),
        m,
        hint=hint,
    )


@requires(Permission.EDIT_OUTCOMES)
def edit_target(measure_id: str) -> str | Response:
    """Set the target for a period."""
    m = queries.get_measure(db(), measure_id, **_own())
    _require_edit(m)
    form = TargetForm()
    if form.validate_on_submit():
        try:
            period = periods.parse(form.period.data, m.frequency).code
            target = queries.set_target(db(), measure=m, period=period,
                                        value=_as_number(form.value.data))  # fmt: skip
            _audit("target.set", "measure", m.id, period=period, value=target.value)
            db().commit()
            return redirect(url_for("outcomes.measure", measure_id=m.id))
        except periods.PeriodMismatch as exc:
            form.period.errors = [*form.period.errors, exc.expected]
    hint = periods.EXPECTED[periods.Frequency(m.frequency)]
    return _form_page(
        form,
        f"Set a target: {m.name}",
        url_for("outcomes.edit_target", measure_id=m.id),
        m,
        hint=hint,
    )


@requires(Permission.EDIT_OUTCOMES)
def edit_note(measure_id: str, section: str) -> str | Response:
    """Save a new version of a turn-the-curve section (earlier versions are kept)."""
    m = queries.get_measure(db(), measure_id, **_own())
    _require_edit(m)
    label = next((v for k, v in NOTE_LABELS.items() if k.value == section), None)
    if label is None:
        raise NotFound(section)
    current = queries.current_notes(db(), m.id, **_own()).get(section)
    form = NoteForm(data={"body": current.body if current else ""})
    if form.validate_on_submit():
        note = queries.save_note(db(), measure=m, section=section, body=form.body.data,
                                 author=_author())  # fmt: skip
        _audit("note.save", "measure", m.id, section=section, version=note.version)
        db().commit()
        return redirect(url_for("outcomes.measure", measure_id=m.id, _anchor="notes"))
    return _form_page(
        form,
        f"{label}: {m.name}",
        url_for("outcomes.edit_note", measure_id=m.id, section=section),
        m,
    )


@requires(Permission.EDIT_OUTCOMES)
def new_action(measure_id: str) -> str | Response:
    """Add an action to a measure's plan."""
    m = queries.get_measure(db(), measure_id, **_own())
    _require_edit(m)
    form = ActionForm()
    if form.validate_on_submit():
        action = queries.create_action(
            db(), measure=m, key=f"act_{datetime.now(UTC):%Y%m%d%H%M%S%f}", title=form.title.data,
            owner_organisation=form.owner_organisation.data,
            owner_person=form.owner_person.data or "", start_on=_as_date(form.start_on.data),
            due_on=_as_date(form.due_on.data),
        )  # fmt: skip
        _audit("action.create", "action", action.id, title=action.title)
        db().commit()
        return redirect(url_for("outcomes.measure", measure_id=m.id, _anchor="actions"))
    return _form_page(
        form, f"Add an action: {m.name}", url_for("outcomes.new_action", measure_id=m.id), m
    )


@requires(Permission.EDIT_OUTCOMES)
def action_update(action_id: str) -> str | Response:
    """Record dated progress on an action."""
    action = queries.get_action(db(), action_id, **_own())
    m = queries.get_measure(db(), action.measure_id, **_own())
    _require_edit(m)
    form = UpdateForm(data={"status": action.status})
    if form.validate_on_submit():
        queries.add_action_update(db(), action=action, on=_today(), text=form.text.data,
                                  author=_author(), status=form.status.data)  # fmt: skip
        _audit("action.update", "action", action.id, status=action.status)
        db().commit()
        return redirect(url_for("outcomes.measure", measure_id=m.id, _anchor="actions"))
    return _form_page(
        form,
        f"Update progress: {action.title}",
        url_for("outcomes.action_update", action_id=action.id),
        m,
    )


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
                db(), sniffed.text or "", filename=sniffed.filename, entered_by=_author(),
                may_change=may_edit, **_own(),
            )  # fmt: skip
            _audit("values.import", "values_file", sniffed.filename, added=summary.added,
                   corrected=summary.corrected)  # fmt: skip
            db().commit()
        except InputRejected as exc:
            db().rollback()
            problems = list(exc.problems)
    return render_template(
        "outcomes/import.html", title="Import values", form=form, problems=problems, summary=summary
    )


ROUTES: tuple[tuple[str, str, Any], ...] = (
    ("/scorecard/outcomes/new", "new_outcome", edit_outcome),
    ("/scorecard/outcomes/<outcome_id>/edit", "edit_outcome", edit_outcome),
    ("/scorecard/measures/new", "new_measure", edit_measure),
    ("/scorecard/measures/<measure_id>/edit", "edit_measure", edit_measure),
    ("/scorecard/measures/<measure_id>/values", "edit_value", edit_value),
    ("/scorecard/measures/<measure_id>/targets", "edit_target", edit_target),
    ("/scorecard/measures/<measure_id>/notes/<section>", "edit_note", edit_note),
    ("/scorecard/measures/<measure_id>/actions", "new_action", new_action),
    ("/scorecard/actions/<action_id>/updates", "action_update", action_update),
    ("/scorecard/values/import", "import_values", import_values),
)


def attach(bp: Blueprint) -> None:
    """Add the editing routes to the outcomes blueprint."""
    for rule, endpoint, view in ROUTES:
        bp.add_url_rule(rule, endpoint, view, methods=["GET", "POST"])
