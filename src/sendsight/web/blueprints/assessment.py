"""The partnership's maturity self-assessment: frameworks, rounds, blind ratings and results.

Any signed-in person whose organisation takes part in a round rates for that organisation;
administrators open and close rounds, moderate and export frameworks. Who sees whose ratings is
decided by the domain (``assessment.rounds.sees_all_ratings``).
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, Response, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from markupsafe import Markup
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import (
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from sendsight.access.audit import record
from sendsight.access.permissions import Permission
from sendsight.access.queries import list_organisations
from sendsight.areas.context import statistics_version
from sendsight.assessment import actions, evidence, export, frameworks, queries, rounds
from sendsight.assessment.dotplot import PlotRow, dot_plot
from sendsight.assessment.models import Rating, Round
from sendsight.assessment.report import RoundResults, build_results
from sendsight.core.errors import InputRejected, SendsightError
from sendsight.outcomes import queries as outcomes_queries
from sendsight.web import current
from sendsight.web.access import requires
from sendsight.web.db import db
from sendsight.web.downloads import csv_download
from sendsight.web.params import choice_arg

bp = Blueprint("assessment", __name__, url_prefix="/self-assessment")
LONDON = ZoneInfo("Europe/London")
YES_NO = [SelectChoice("yes", "Yes, the duty is met"), SelectChoice("no", "No, it is not met yet")]
CONFIDENCE = [SelectChoice(k, k.capitalize()) for k in ("low", "medium", "high")]


def _choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _today() -> date:
    return datetime.now(LONDON).date()


def _own() -> dict[str, str]:
    return {"partnership_id": current.principal().partnership_id}


def _as_date(text: str | None) -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise ValidationError("Enter the date as YYYY-MM-DD, for example 2027-03-31") from None


def _date_field(label: str) -> StringField:
    return StringField(
        label, widget=GovTextInput(), validators=[InputRequired(f"Enter the {label.lower()}")]
    )


# --- forms --------------------------------------------------------------------------------------


class RoundForm(FlaskForm):  # type: ignore[misc]
    """A new round."""

    name = StringField(
        "Name of the round",
        widget=GovTextInput(),
        validators=[InputRequired("Enter a name"), Length(max=200)],
    )
    framework = SelectField("Framework", widget=GovSelect(), validate_choice=False)
    opens_on = _date_field("Opening date")
    closes_on = _date_field("Closing date")
    target_level = SelectField(
        "The level the partnership aims for", widget=GovSelect(), validate_choice=False
    )
    organisations = SelectMultipleField(
        "Organisations taking part",
        widget=GovCheckboxesInput(),
        validators=[InputRequired("Choose at least one")],
    )
    submit = SubmitField("Open the round", widget=GovSubmitInput())

    def validate_opens_on(self, field: StringField) -> None:
        _as_date(field.data)

    def validate_closes_on(self, field: StringField) -> None:
        _as_date(field.data)


class RatingForm(FlaskForm):  # type: ignore[misc]
    """One organisation's rating of one statement."""

    level = RadioField(
        "Level",
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[InputRequired("Choose a level")],
    )
    duty_met = RadioField(
        "Is the statutory duty met?",
        widget=GovRadioInput(),
        choices=YES_NO,
        validators=[Optional()],
    )
    confidence = RadioField(
        "How confident are you in this rating?",
        widget=GovRadioInput(),
        choices=CONFIDENCE,
        validators=[InputRequired("Choose a confidence")],
    )
    comment = TextAreaField(
        "Why this level (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=4000)]
    )
    measures = SelectMultipleField(
        "Scorecard evidence (optional)", widget=GovCheckboxesInput(), validate_choice=False
    )
    document_title = StringField(
        "Document title (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=300)]
    )
    document_url = StringField(
        "Document link (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=500)]
    )
    submit = SubmitField("Save rating", widget=GovSubmitInput())


class ConsensusForm(FlaskForm):  # type: ignore[misc]
    """The level agreed at moderation."""

    level = SelectField("Agreed level", widget=GovSelect(), validate_choice=False)
    duty_met = SelectField(
        "Statutory duty (statutory statements)",
        widget=GovSelect(),
        choices=[SelectChoice("", "Not a statutory statement"), *YES_NO],
    )
    reason = TextAreaField(
        "Why the partnership agreed this level",
        widget=GovTextArea(),
        validators=[InputRequired("Enter the reason"), Length(max=4000)],
    )
    submit = SubmitField("Save agreed level", widget=GovSubmitInput())


class ActionForm(FlaskForm):  # type: ignore[misc]
    """A scorecard action from a statement."""

    measure = SelectField(
        "Scorecard measure the action serves", widget=GovSelect(), validate_choice=False
    )
    title = StringField(
        "Action",
        widget=GovTextInput(),
        validators=[InputRequired("Enter what will be done"), Length(max=300)],
    )
    owner_organisation = StringField(
        "Owner organisation",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the owner"), Length(max=200)],
    )
    due_on = _date_field("Due date")
    submit = SubmitField("Create action", widget=GovSubmitInput())

    def validate_due_on(self, field: StringField) -> None:
        _as_date(field.data)


class ImportForm(FlaskForm):  # type: ignore[misc]
    """A framework file to import."""

    file = FileField(
        "Framework file (YAML)",
        widget=GovFileInput(),
        validators=[FileRequired("Select a YAML file")],
    )
    submit = SubmitField("Import framework", widget=GovSubmitInput())


class ButtonForm(FlaskForm):  # type: ignore[misc]
    """Only a button and its CSRF token."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


# --- frameworks and rounds ---------------------------------------------------------------------


@bp.get("/")
@requires(Permission.SIGNED_IN)
def index() -> str:
    """Frameworks and rounds, with where the signed-in person's organisation has got to."""
    own, today = _own(), _today()
    every = queries.list_rounds(session=db(), **own)
    return render_template(
        "assessment/index.html",
        title="Self-assessment",
        frameworks=queries.list_frameworks(session=db(), **own),
        rounds=[(r, rounds.status(r, today)) for r in reversed(every)],
        is_admin=rounds.is_admin(current.principal()),
    )


@bp.route("/frameworks/import", methods=["GET", "POST"])
@requires(Permission.ADMIN)
def import_framework() -> str | WerkzeugResponse:
    """Load a framework from a YAML file: all or nothing, every problem listed by line."""
    form, problems = ImportForm(), []
    if form.validate_on_submit():
        upload = form.file.data
        name = upload.filename or "framework.yaml"
        try:
            text = frameworks.read_framework_upload(upload.read(), name)
            done = frameworks.import_framework(
                db(), text, filename=name, actor=current.principal(), **_own()
            )
        except InputRejected as exc:
            problems = list(exc.problems)
        else:
            db().commit()
            return redirect(
                url_for("assessment.framework", assessment_framework_id=done.framework.id)
            )
    return render_template(
        "assessment/import.html", title="Import a framework", form=form, problems=problems
    )


@bp.get("/frameworks/<assessment_framework_id>")
@requires(Permission.SIGNED_IN)
def framework(assessment_framework_id: str) -> str:
    """A framework's themes and statements, with the level descriptors (or plain wording)."""
    found = queries.get_framework(session=db(), framework_id=assessment_framework_id, **_own())
    wording = choice_arg("wording", ("standard", "plain"), "standard")
    return render_template(
        "assessment/framework.html",
        title=found.name,
        framework=found,
        wording=wording,
        themes=found.content["themes"],
        is_admin=rounds.is_admin(current.principal()),
    )


@bp.get("/frameworks/<assessment_framework_id>/framework.yaml")
@requires(Permission.ADMIN)
def framework_yaml(assessment_framework_id: str) -> Response:
    """The framework as YAML, ready to edit and import again."""
    text = frameworks.export_framework(db(), assessment_framework_id, **_own())
    return Response(
        text,
        mimetype="application/yaml",
        headers={
            "Content-Disposition": 'attachment; filename="framework.yaml"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.route("/rounds/new", methods=["GET", "POST"])
@requires(Permission.ADMIN)
def new_round() -> str | WerkzeugResponse:
    """Open a round: framework, dates, target level and the organisations taking part."""
    own = _own()
    form = RoundForm()
    options = queries.list_frameworks(session=db(), **own)
    form.framework.choices = [SelectChoice(f.id, f.name) for f in options]
    scale = options[0].scale if options else []
    form.target_level.choices = [SelectChoice(s["key"], s["label"]) for s in scale]
    form.organisations.choices = [
        SelectChoice(o.id, o.name) for o in list_organisations(session=db(), **own)
    ]
    if form.validate_on_submit():
        new = rounds.NewRound(
            form.framework.data,
            form.name.data,
            _as_date(form.opens_on.data),
            _as_date(form.closes_on.data),
            form.target_level.data,
            form.organisations.data,
        )
        try:
            made = rounds.open_round(db(), new, actor=current.principal(), **own)
        except SendsightError as exc:
            form.name.errors = [*form.name.errors, str(exc)]
        else:
            db().commit()
            return redirect(url_for("assessment.round_page", round_id=made.id))
    return render_template(
        "assessment/form.html",
        title="Open a round",
        form=form,
        action=url_for("assessment.new_round"),
    )


def _round(round_id: str) -> Round:
    return queries.get_round(session=db(), round_id=round_id, **_own())


@bp.get("/rounds/<round_id>")
@requires(Permission.SIGNED_IN)
def round_page(round_id: str) -> str:
    """A round: who takes part and has submitted, and the signed-in organisation's ratings."""
    found, principal, today = _round(round_id), current.principal(), _today()
    mine = rounds.participant_for(db(), found, principal.organisation_id)
    own_results = _own_only(round_id, principal.organisation_id)
    everyone = (
        build_results(db(), round_id, today=today, **_own()) if rounds.is_admin(principal) else None
    )
    return render_template(
        "assessment/round.html",
        title=found.name,
        round=found,
        results=own_results,
        everyone=everyone,
        status=rounds.status(found, today),
        participant=mine,
        counts=Counter(
            r.organisation_id
            for row in (everyone.statements if everyone else [])
            for r in row.ratings
        ),
        is_admin=rounds.is_admin(principal),
        button=ButtonForm(),
    )


def _own_only(round_id: str, organisation_id: str) -> RoundResults:
    """Results limited to one organisation's own ratings, as of today."""
    return build_results(
        db(), round_id, only_organisation=organisation_id, today=_today(), **_own()
    )


@bp.route("/rounds/<round_id>/rate/<assessment_statement_id>", methods=["GET", "POST"])
@requires(Permission.SIGNED_IN)
def rate(round_id: str, assessment_statement_id: str) -> str | WerkzeugResponse:
    """Rate one statement for the signed-in person's organisation."""
    found, own, principal = _round(round_id), _own(), current.principal()
    statement = queries.get_statement(session=db(), statement_id=assessment_statement_id, **own)
    fw = queries.get_framework(session=db(), framework_id=found.framework_id, **own)
    existing = queries.get_rating_or_none(
        session=db(),
        round_id=found.id,
        statement_id=statement.id,
        organisation_id=principal.organisation_id,
    )
    form = RatingForm(data=_prefill(existing))
    form.level.choices = [SelectChoice(s["key"], s["label"]) for s in fw.scale]
    form.measures.choices = _choices(evidence.measure_choices(db(), **own))
    if form.validate_on_submit():
        new = rounds.NewRating(
            statement.id,
            principal.organisation_id,
            form.level.data,
            form.confidence.data,
            {"yes": True, "no": False}.get(form.duty_met.data or ""),
            form.comment.data or "",
            form.measures.data or [],
            form.document_title.data or "",
            form.document_url.data or "",
        )
        try:
            rounds.rate(db(), found.id, new, actor=principal, today=_today(), **own)
        except SendsightError as exc:
            form.level.errors = [*form.level.errors, str(exc)]
        else:
            db().commit()
            return redirect(
                url_for("assessment.round_page", round_id=found.id, _anchor=f"s-{statement.key}")
            )
    return render_template(
        "assessment/rate.html",
        title=f"Rate: {statement.key}",
        form=form,
        round=found,
        statement=statement,
        framework=fw,
        action=url_for("assessment.rate", round_id=found.id, assessment_statement_id=statement.id),
    )


def _prefill(rating: Rating | None) -> dict[str, object]:
    """The organisation's rating so far, to change it (evidence is given afresh)."""
    if rating is None:
        return {}
    duty = None if rating.duty_met is None else ("yes" if rating.duty_met else "no")
    return {
        "level": rating.level,
        "confidence": rating.confidence,
        "comment": rating.comment,
        "duty_met": duty,
    }


@bp.post("/rounds/<round_id>/submit")
@requires(Permission.SIGNED_IN)
def submit(round_id: str) -> WerkzeugResponse:
    """Submit the organisation's ratings; it then sees every organisation's."""
    found, principal = _round(round_id), current.principal()
    if ButtonForm().validate_on_submit():
        rounds.submit(
            db(),
            found.id,
            organisation_id=principal.organisation_id,
            actor=principal,
            today=_today(),
            **_own(),
        )
        db().commit()
    return redirect(url_for("assessment.round_page", round_id=found.id))


@bp.post("/rounds/<round_id>/close")
@requires(Permission.ADMIN)
def close(round_id: str) -> WerkzeugResponse:
    """Close the round now."""
    found = _round(round_id)
    if ButtonForm().validate_on_submit():
        rounds.close_round(db(), found.id, actor=current.principal(), **_own())
        db().commit()
    return redirect(url_for("assessment.results", round_id=found.id))


# --- results ----------------------------------------------------------------------------------


def _visible_results(round_id: str) -> RoundResults:
    found, principal, today = _round(round_id), current.principal(), _today()
    if rounds.sees_all_ratings(db(), found, principal, today):
        return build_results(db(), round_id, today=today, **_own())
    return _own_only(round_id, principal.organisation_id)


def _theme_plot(found: RoundResults) -> Markup:
    rows = [
        PlotRow(t.theme.title, [lvl for lvl in t.by_organisation.values() if lvl], t.level)
        for t in found.themes
    ]
    labels = [s["label"] for s in found.framework.scale]
    return Markup(
        dot_plot(
            f"Theme levels by organisation, {found.round.name}", rows, labels, ring_name="overall"
        )
    )


def _trend_plot(found: RoundResults) -> Markup | None:
    rows = [
        PlotRow(t.theme.title, [lvl for _, lvl in t.history[:-1] if lvl], t.level)
        for t in found.themes
    ]
    if not any(row.levels for row in rows):
        return None
    labels = [s["label"] for s in found.framework.scale]
    title = f"Theme levels in earlier rounds and in {found.round.name}"
    return Markup(
        dot_plot(title, rows, labels, ring_name="this round", dot_name="an earlier round")
    )


@bp.get("/rounds/<round_id>/results")
@requires(Permission.SIGNED_IN)
def results(round_id: str) -> str:
    """Each theme's level and trend, each statement's spread, consensus and flags."""
    found = _round(round_id)
    return render_template(
        "assessment/results.html",
        title=f"Results: {found.name}",
        round_name=found.name,
        round_id=found.id,
        body=_results_body(found),
    )


def _results_body(round_: Round) -> Markup:
    """The results page's content, built once for each round, viewpoint and version of the
    data: a round of 12 organisations and 45 statements costs a fingerprint query after that."""
    principal, today, own = current.principal(), _today(), _own()
    sees_all = rounds.sees_all_ratings(db(), round_, principal, today)
    key = (
        str(db().get_bind().engine.url),
        round_.partnership_id,
        round_.id,
        None if sees_all else principal.organisation_id,
        today,
        queries.data_version(session=db(), **own),
        outcomes_queries.data_version(session=db(), **own),
        statistics_version(db()),
    )
    with _lock:
        if key in _cache:
            return _cache[key]
    found = _visible_results(round_.id)
    body = Markup(
        render_template(
            "assessment/_results_body.html",
            title=f"Results: {round_.name}",
            found=found,
            chart=_theme_plot(found) if found.sees_all else None,
            trend_chart=_trend_plot(found) if found.sees_all else None,
        )
    )
    with _lock:
        if len(_cache) >= _MAX_CACHED:
            _cache.clear()
        _cache[key] = body
    return body


_lock = threading.Lock()
_cache: dict[tuple[object, ...], Markup] = {}
_MAX_CACHED = 64


@bp.get("/rounds/<round_id>/results.csv")
@requires(Permission.SIGNED_IN)
def results_csv(round_id: str) -> Response:
    """Every rating in the round (as the signed-in person may see them) as CSV."""
    found = _visible_results(round_id)
    record(
        db(),
        actor=current.principal(),
        action="assessment.results.export",
        object_type="assessment_round",
        object_id=found.round.id,
    )
    db().commit()
    return csv_download(export.results_csv(found), "self-assessment-results.csv")


@bp.get("/rounds/<round_id>/trends.csv")
@requires(Permission.SIGNED_IN)
def trends_csv(round_id: str) -> Response:
    """Each theme's level across rounds and by organisation, as CSV."""
    return csv_download(export.trends_csv(_visible_results(round_id)), "self-assessment-themes.csv")


@bp.get("/rounds/<round_id>/statements/<assessment_statement_id>")
@requires(Permission.SIGNED_IN)
def statement(round_id: str, assessment_statement_id: str) -> str:
    """One statement's ratings as a dot plot and table, its evidence, consensus and actions."""
    return _rerender(round_id, assessment_statement_id)


def _statement_page(found: RoundResults, row: Any, **forms: Any) -> str:
    labels = [s["label"] for s in found.framework.scale]
    plot_rows = [
        PlotRow(found.organisations.get(r.organisation_id, "?"), [r.level_index])
        for r in row.ratings
    ]
    if row.consensus:
        plot_rows.append(PlotRow("Agreed at moderation", [], row.consensus.level_index))
    chart = (
        Markup(dot_plot(f"Ratings of {row.statement.key}", plot_rows, labels))
        if row.ratings
        else None
    )
    consensus_form = forms.get("consensus_form") or ConsensusForm(prefix="c")
    consensus_form.level.choices = [
        SelectChoice(s["key"], s["label"]) for s in found.framework.scale
    ]
    action_form = forms.get("action_form") or ActionForm(prefix="a")
    action_form.measure.choices = _choices(evidence.measure_choices(db(), **_own()))
    return render_template(
        "assessment/statement.html",
        title=row.statement.text[:80],
        found=found,
        row=row,
        chart=chart,
        consensus_form=consensus_form,
        action_form=action_form,
        is_admin=rounds.is_admin(current.principal()),
        may_act=Permission.EDIT_OUTCOMES in _permissions(),
    )


def _permissions() -> set[Permission]:
    from sendsight.access.roles import has_permission

    return {p for p in Permission if has_permission(current.principal(), p)}


@bp.post("/rounds/<round_id>/statements/<assessment_statement_id>/consensus")
@requires(Permission.ADMIN)
def consensus(round_id: str, assessment_statement_id: str) -> str | WerkzeugResponse:
    """Record the level agreed at moderation and why."""
    found, own = _round(round_id), _own()
    statement = queries.get_statement(session=db(), statement_id=assessment_statement_id, **own)
    form = ConsensusForm(prefix="c")
    fw = queries.get_framework(session=db(), framework_id=found.framework_id, **own)
    form.level.choices = [SelectChoice(s["key"], s["label"]) for s in fw.scale]
    if form.validate_on_submit():
        try:
            rounds.set_consensus(
                db(),
                found.id,
                statement.id,
                level=form.level.data,
                reason=form.reason.data,
                duty_met={"yes": True, "no": False}.get(form.duty_met.data or ""),
                actor=current.principal(),
                **own,
            )
        except SendsightError as exc:
            form.reason.errors = [*form.reason.errors, str(exc)]
        else:
            db().commit()
            return redirect(
                url_for(
                    "assessment.statement", round_id=found.id, assessment_statement_id=statement.id
                )
            )
    return _rerender(found.id, statement.id, consensus_form=form)


@bp.post("/rounds/<round_id>/statements/<assessment_statement_id>/action")
@requires(Permission.EDIT_OUTCOMES)
def create_action(round_id: str, assessment_statement_id: str) -> str | WerkzeugResponse:
    """Create a scorecard action from the statement; the round's report lists it."""
    found, own = _round(round_id), _own()
    statement = queries.get_statement(session=db(), statement_id=assessment_statement_id, **own)
    form = ActionForm(prefix="a")
    form.measure.choices = _choices(evidence.measure_choices(db(), **own))
    if form.validate_on_submit():
        new = actions.NewAction(
            form.measure.data,
            form.title.data,
            form.owner_organisation.data,
            _as_date(form.due_on.data),
        )
        try:
            actions.create_from_statement(
                db(), found.id, statement.id, new, actor=current.principal(), **own
            )
        except SendsightError as exc:
            form.title.errors = [*form.title.errors, str(exc)]
        else:
            db().commit()
            return redirect(
                url_for(
                    "assessment.statement",
                    round_id=found.id,
                    assessment_statement_id=statement.id,
                    _anchor="actions",
                )
            )
    return _rerender(found.id, statement.id, action_form=form)


def _rerender(round_id: str, statement_id: str, **forms: Any) -> str:
    found = _visible_results(round_id)
    row = next((r for r in found.statements if r.statement.id == statement_id), None)
    if row is None:
        queries.get_statement(
            session=db(), statement_id=statement_id, **_own()
        )  # 404 for another partnership's
        raise SendsightError("That statement is not in this round's framework")
    return _statement_page(found, row, **forms)


def register(app: Flask) -> None:
    """Attach this blueprint."""
    app.register_blueprint(bp)
