"""The board's forms: plan a meeting, record a decision, change a decision's status.

Every route needs ``EDIT_OUTCOMES`` (administrators, analysts and partners: the roles that issue
packs); ``governance.board`` checks it again, checks the partnership and writes the audit log.
The routes are attached to the ``governance`` blueprint (``attach``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from sendsight.access.permissions import Permission
from sendsight.core.errors import InputRejected, NotFound
from sendsight.governance import board, plan, queries
from sendsight.web import current
from sendsight.web.access import requires
from sendsight.web.db import db
from sendsight.web.form_checks import optional_iso_date

_iso_day = optional_iso_date()


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text.strip()) if text and text.strip() else None


def _choices(words: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in words.items()]


class MeetingForm(FlaskForm):  # type: ignore[misc]
    """A board meeting to plan: its date and title."""

    meeting_on = StringField(
        "Meeting date",
        description="As YYYY-MM-DD, for example 2027-01-21",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the meeting date"), _iso_day],
    )
    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the meeting's title"), Length(max=200)],
    )
    submit = SubmitField("Plan the meeting", widget=GovSubmitInput())


class DecisionForm(FlaskForm):  # type: ignore[misc]
    """A decision of the board for the log."""

    decided_on = StringField(
        "Date of the decision",
        description="As YYYY-MM-DD",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the date of the decision"), _iso_day],
    )
    meeting_id = SelectField("Meeting (optional)", widget=GovSelect(), validate_choice=False)
    summary = TextAreaField(
        "What the board decided",
        widget=GovTextArea(),
        validators=[InputRequired("Enter what the board decided"), Length(max=500)],
    )
    owner = StringField(
        "Owner",
        description="The person, team or organisation that carries it out",
        widget=GovTextInput(),
        validators=[InputRequired("Enter who owns the decision"), Length(max=200)],
    )
    concerns_kind = SelectField(
        "What it concerns", widget=GovSelect(), choices=_choices(board.CONCERNS)
    )
    concerns_ref = StringField(
        "Which one (optional)",
        description="The measure, action or contract, for example plans_20_weeks",
        widget=GovTextInput(),
        validators=[Length(max=200)],
    )
    status = SelectField("Status", widget=GovSelect(), choices=_choices(board.STATUSES))
    due_on = StringField(
        "Due date (optional)", description="As YYYY-MM-DD", widget=GovTextInput(),
        validators=[_iso_day],
    )  # fmt: skip
    submit = SubmitField("Record the decision", widget=GovSubmitInput())


class StatusForm(FlaskForm):  # type: ignore[misc]
    """Where a decision stands now."""

    status = SelectField("Status", widget=GovSelect(), choices=_choices(board.STATUSES))
    submit = SubmitField("Save the status", widget=GovSubmitInput())


_NUMBER = "Enter the priority's number, like 1"


def _number(_form: Any, field: StringField) -> None:
    if not (field.data or "").strip().isdigit():
        raise ValidationError(_NUMBER)


class PriorityForm(FlaskForm):  # type: ignore[misc]
    """A priority of the post-inspection plan and the scorecard action that carries it out."""

    plan_kind = SelectField("Plan", widget=GovSelect(), choices=_choices(plan.PLAN_KINDS))
    number = StringField(
        "Priority number", widget=GovTextInput(), validators=[InputRequired(_NUMBER), _number]
    )
    priority = TextAreaField(
        "Priority, as the plan words it",
        widget=GovTextArea(),
        validators=[InputRequired("Enter the priority"), Length(max=500)],
    )
    title = StringField(
        "Action that carries it out",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the action"), Length(max=300)],
    )
    measure_id = SelectField(
        "Impact measure",
        description="The scorecard measure that will show whether it worked",
        widget=GovSelect(),
        validate_choice=False,
    )
    owner = StringField("Owner", widget=GovTextInput(), validators=[Length(max=200)])
    due_on = StringField(
        "Due date (optional)", description="As YYYY-MM-DD", widget=GovTextInput(),
        validators=[_iso_day],
    )  # fmt: skip
    submit = SubmitField("Add the priority", widget=GovSubmitInput())


def _page(form: FlaskForm, title: str, action: str, hint: str, status: int = 200) -> Any:
    return render_template(
        "governance/form.html", title=title, form=form, action=action, hint=hint
    ), (400 if form.errors else status)


def _show(form: FlaskForm, rejected: InputRejected) -> None:
    """Put each problem the domain found on its field (a problem with no field on the first)."""
    for problem in rejected.problems:
        field = getattr(form, problem.column or "", None) or next(iter(form))
        field.errors = [*field.errors, problem.message]


def _with_meetings(form: DecisionForm) -> DecisionForm:
    meetings = queries.list_meetings(
        session=db(), partnership_id=current.principal().partnership_id
    )
    form.meeting_id.choices = [SelectChoice("", "Not decided at a meeting")] + [
        SelectChoice(m.id, f"{m.meeting_on.strftime('%-d %B %Y')}: {m.title}") for m in meetings
    ]
    return form


def new_meeting() -> Any:
    """Plan a board meeting."""
    form = MeetingForm()
    action = url_for("governance.new_meeting")
    if form.validate_on_submit():
        try:
            meeting = board.plan_meeting(
                db(), actor=current.principal(), meeting_on=_day(form.meeting_on.data) or
                date.today(), title=form.title.data or "",
            )  # fmt: skip
            db().commit()
            return redirect(url_for("governance.meeting", meeting_id=meeting.id))
        except InputRejected as rejected:
            db().rollback()
            _show(form, rejected)
    return _page(form, "Plan a board meeting", action, "Its pack is drafted from the records "
                 "as they stand until you issue it")  # fmt: skip


def new_decision() -> Any:
    """Record a decision of the board."""
    form = _with_meetings(DecisionForm())
    if form.validate_on_submit():
        fields = board.DecisionFields(
            decided_on=_day(form.decided_on.data) or date.today(),
            summary=form.summary.data or "", owner=form.owner.data or "",
            concerns_kind=form.concerns_kind.data, concerns_ref=form.concerns_ref.data or "",
            status=form.status.data, due_on=_day(form.due_on.data),
            meeting_id=form.meeting_id.data or None,
        )  # fmt: skip
        try:
            board.record_decision(db(), actor=current.principal(), fields=fields)
            db().commit()
            return redirect(url_for("governance.decisions"))
        except InputRejected as rejected:
            db().rollback()
            _show(form, rejected)
    action = url_for("governance.new_decision")
    return _page(form, "Record a decision", action, "It is added to the decisions log")


def decision_status(decision_id: str) -> Any:
    """Change where a decision stands."""
    found = queries.get_decision(
        session=db(), decision_id=decision_id, partnership_id=current.principal().partnership_id
    )
    form = StatusForm(data={"status": found.status})
    if form.validate_on_submit():
        board.update_status(
            db(), actor=current.principal(), decision_id=found.id, status=form.status.data
        )
        db().commit()
        return redirect(url_for("governance.decisions"))
    action = url_for("governance.decision_status", decision_id=found.id)
    return _page(form, "Change a decision's status", action, f"The decision: {found.summary}")


def _with_measures(form: PriorityForm) -> PriorityForm:
    from sendsight.outcomes import queries as oq

    measures = oq.list_measures(session=db(), partnership_id=current.principal().partnership_id)
    form.measure_id.choices = [SelectChoice(m.id, m.name) for m in measures]
    return form


def new_priority() -> Any:
    """Add a priority of the post-inspection plan, carried out as a scorecard action."""
    la_code = request.args.get("la", "")
    if la_code not in current.principal().la_codes:
        raise NotFound("No such local authority")
    form = _with_measures(PriorityForm())
    if form.validate_on_submit():
        new = plan.NewPriority(
            la_code, form.plan_kind.data, int(form.number.data), form.priority.data or "",
            form.title.data or "", form.measure_id.data, form.owner.data or "",
            _day(form.due_on.data),
        )  # fmt: skip
        try:
            plan.add_priority(db(), actor=current.principal(), new=new)
            db().commit()
            return redirect(url_for("governance.inspection", la=la_code) + "#plan")
        except InputRejected as rejected:
            db().rollback()
            _show(form, rejected)
    action = url_for("governance.new_priority", la=la_code)
    return _page(form, "Add a plan priority", action, f"For local authority {la_code}")


def attach(bp: Blueprint) -> None:
    """Add the form routes to the governance blueprint."""
    edit = requires(Permission.EDIT_OUTCOMES)
    methods = ["GET", "POST"]
    bp.add_url_rule("/meetings/new", view_func=edit(new_meeting), methods=methods)
    bp.add_url_rule("/decisions/new", view_func=edit(new_decision), methods=methods)
    bp.add_url_rule(
        "/decisions/<decision_id>/status", view_func=edit(decision_status), methods=methods
    )
    bp.add_url_rule("/plan/new", view_func=edit(new_priority), methods=methods)
