"""Keeping the framework's measures up to date: values, targets, notes, actions and their updates,
and value files. Each change is checked against the measure's owner and audited (see
``outcomes_edit``); the routes are attached to the ``outcomes`` blueprint with its others."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import redirect, render_template, url_for
from werkzeug.wrappers import Response

from sendsight.access.permissions import Permission
from sendsight.core.errors import InputRejected, NotFound
from sendsight.core.safe_io import read_upload
from sendsight.outcomes import periods, queries, value_import
from sendsight.outcomes.vocab import NOTE_LABELS
from sendsight.web.access import requires
from sendsight.web.blueprints.outcomes_edit import (
    audit,
    author,
    form_page,
    may_edit,
    own,
    require_edit,
    show_problems,
    today,
)
from sendsight.web.db import db
from sendsight.web.outcomes_forms import (
    ActionForm,
    ImportForm,
    NoteForm,
    TargetForm,
    UpdateForm,
    ValueForm,
    as_date,
    as_number,
)


@requires(Permission.EDIT_OUTCOMES)
def edit_value(measure_id: str) -> str | Response:
    """Add or correct a value; a correction keeps the old value in history."""
    m = queries.get_measure(session=db(), measure_id=measure_id, **own())
    require_edit(m)
    form = ValueForm()
    if m.source_kind == "dfe_statistic":
        form.period.errors = ["This measure shows a published statistic: its figures come from "
                              "the statistics store and cannot be typed in"]  # fmt: skip
    elif form.validate_on_submit():
        try:
            row = value_import.check_form_value(m, form.data, filename="form")
            saved, replaced = queries.record_value(
                session=db(), measure=m, new=row, entered_by=author()
            )
            audit("value.correct" if replaced else "value.add", "measure", m.id,
                   period=saved.period, value=saved.value)  # fmt: skip
            db().commit()
            return redirect(url_for("outcomes.measure", measure_id=m.id))
        except InputRejected as exc:
            show_problems(form, list(exc.problems), "value")
    hint = periods.EXPECTED[periods.Frequency(m.frequency)]
    return form_page(
        form,
        f"Add or correct a value: {m.name}",
        url_for("outcomes.edit_value", measure_id=m.id),
        m,
        hint=hint,
    )


@requires(Permission.EDIT_OUTCOMES)
def edit_target(measure_id: str) -> str | Response:
    """Set the target for a period."""
    m = queries.get_measure(session=db(), measure_id=measure_id, **own())
    require_edit(m)
    form = TargetForm()
    if form.validate_on_submit():
        try:
            period = periods.parse(form.period.data, m.frequency).code
            target = queries.set_target(session=db(), measure=m, period=period,
                                        value=as_number(form.value.data))  # fmt: skip
            audit("target.set", "measure", m.id, period=period, value=target.value)
            db().commit()
            return redirect(url_for("outcomes.measure", measure_id=m.id))
        except periods.PeriodMismatch as exc:
            form.period.errors = [*form.period.errors, exc.expected]
    hint = periods.EXPECTED[periods.Frequency(m.frequency)]
    return form_page(
        form,
        f"Set a target: {m.name}",
        url_for("outcomes.edit_target", measure_id=m.id),
        m,
        hint=hint,
    )


@requires(Permission.EDIT_OUTCOMES)
def edit_note(measure_id: str, section: str) -> str | Response:
    """Save a new version of a turn-the-curve section (earlier versions are kept)."""
    m = queries.get_measure(session=db(), measure_id=measure_id, **own())
    require_edit(m)
    label = next((v for k, v in NOTE_LABELS.items() if k.value == section), None)
    if label is None:
        raise NotFound(section)
    current = queries.current_notes(session=db(), measure_id=m.id, **own()).get(section)
    form = NoteForm(data={"body": current.body if current else ""})
    if form.validate_on_submit():
        note = queries.save_note(session=db(), measure=m, section=section, body=form.body.data,
                                 author=author())  # fmt: skip
        audit("note.save", "measure", m.id, section=section, version=note.version)
        db().commit()
        return redirect(url_for("outcomes.measure", measure_id=m.id, _anchor="notes"))
    return form_page(
        form,
        f"{label}: {m.name}",
        url_for("outcomes.edit_note", measure_id=m.id, section=section),
        m,
    )


@requires(Permission.EDIT_OUTCOMES)
def new_action(measure_id: str) -> str | Response:
    """Add an action to a measure's plan."""
    m = queries.get_measure(session=db(), measure_id=measure_id, **own())
    require_edit(m)
    form = ActionForm()
    if form.validate_on_submit():
        action = queries.create_action(
            session=db(),
            measure=m,
            key=f"act_{datetime.now(UTC):%Y%m%d%H%M%S%f}",
            title=form.title.data,
            owner_organisation=form.owner_organisation.data,
            owner_person=form.owner_person.data or "",
            start_on=as_date(form.start_on.data),
            due_on=as_date(form.due_on.data),
        )
        audit("action.create", "action", action.id, title=action.title)
        db().commit()
        return redirect(url_for("outcomes.measure", measure_id=m.id, _anchor="actions"))
    return form_page(
        form, f"Add an action: {m.name}", url_for("outcomes.new_action", measure_id=m.id), m
    )


@requires(Permission.EDIT_OUTCOMES)
def action_update(action_id: str) -> str | Response:
    """Record dated progress on an action."""
    action = queries.get_action(session=db(), action_id=action_id, **own())
    m = queries.get_measure(session=db(), measure_id=action.measure_id, **own())
    require_edit(m)
    form = UpdateForm(data={"status": action.status})
    if form.validate_on_submit():
        queries.add_action_update(session=db(), action=action, on=today(), text=form.text.data,
                                  author=author(), status=form.status.data)  # fmt: skip
        audit("action.update", "action", action.id, status=action.status)
        db().commit()
        return redirect(url_for("outcomes.measure", measure_id=m.id, _anchor="actions"))
    return form_page(
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
                db(), sniffed.text or "", filename=sniffed.filename, entered_by=author(),
                may_change=may_edit, **own(),
            )  # fmt: skip
            audit("values.import", "values_file", sniffed.filename, added=summary.added,
                   corrected=summary.corrected)  # fmt: skip
            db().commit()
        except InputRejected as exc:
            db().rollback()
            problems = list(exc.problems)
    return render_template(
        "outcomes/import.html", title="Import values", form=form, problems=problems, summary=summary
    )


ROUTES: tuple[tuple[str, str, Any], ...] = (
    ("/scorecard/measures/<measure_id>/values", "edit_value", edit_value),
    ("/scorecard/measures/<measure_id>/targets", "edit_target", edit_target),
    ("/scorecard/measures/<measure_id>/notes/<section>", "edit_note", edit_note),
    ("/scorecard/measures/<measure_id>/actions", "new_action", new_action),
    ("/scorecard/actions/<action_id>/updates", "action_update", action_update),
    ("/scorecard/values/import", "import_values", import_values),
)
