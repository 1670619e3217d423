"""Joint commissioning pages: the cycle in one view, who pays for what, contracts and their
measures, personal budgets, and the uploads (needs against provision and the cost ahead are in
``commissioning_figures``, on the same blueprint).

Everything is the signed-in person's partnership's, for its first local authority. Counts of
plan packages and personal budgets pass through disclosure control for anyone without
case-level access; importing files that name EHC plans needs case-level import rights.
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

from flask import Flask, abort, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovSubmitInput, GovTextInput
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice

from sendsight.access.audit import record
from sendsight.access.permissions import Permission
from sendsight.commissioning import budgets, files, imports, ledger, queries
from sendsight.commissioning import cycle as commissioning_cycle
from sendsight.commissioning.money import year_label
from sendsight.commissioning.vocab import AGENCIES, ARRANGEMENTS, CATEGORIES
from sendsight.core.errors import InputRejected, NotFound
from sendsight.core.safe_io import read_upload, write_csv
from sendsight.outcomes import queries as outcomes
from sendsight.web import charts, current, params
from sendsight.web.access import requires
from sendsight.web.blueprints.commissioning_common import bp, count, la, labels
from sendsight.web.db import db
from sendsight.web.downloads import csv_download


class UploadForm(FlaskForm):  # type: ignore[misc]
    """One CSV file to import, all or nothing."""

    file = FileField(
        "CSV file", widget=GovFileInput(), validators=[FileRequired("Select a CSV file")]
    )
    submit = SubmitField("Import file", widget=GovSubmitInput())


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class ContributionForm(FlaskForm):  # type: ignore[misc]
    """One row of the ledger, checked exactly as a row of an imported file."""

    financial_year = StringField("Financial year, like 2025-26", widget=GovTextInput())
    subject_kind = SelectField(
        "Paid towards",
        choices=_choices({"plan": "An EHC plan package", "service": "A commissioned service"}),
        widget=GovSelect(),
    )
    subject_id = StringField("EHC plan id or service key", widget=GovTextInput())
    amount = StringField("Amount in pounds, like £12,345.60", widget=GovTextInput())
    education_share = StringField("Education share (%)", widget=GovTextInput())
    health_share = StringField("Health share (%)", widget=GovTextInput())
    social_care_share = StringField("Social care share (%)", widget=GovTextInput())
    budget_arrangement = SelectField(
        "How the budget is held", choices=_choices(ARRANGEMENTS), widget=GovSelect()
    )
    high_needs_category = SelectField(
        "High-needs category", choices=_choices(CATEGORIES), widget=GovSelect()
    )
    submit = SubmitField("Save contribution", widget=GovSubmitInput())


@bp.get("/")
@requires(Permission.VIEW_AGGREGATES)
def index() -> str:
    """The commissioning cycle in one view: for each priority (a commissioned service), the
    needs evidence, the money, the contracts, their measures and the co-production that
    shaped it."""
    partnership_id, la_code = la()
    cycle = commissioning_cycle.priorities(db(), partnership_id=partnership_id)
    return render_template(
        "commissioning/index.html",
        title="Joint commissioning",
        cycle=cycle,
        la_code=la_code,
        **labels(),
    )


@bp.get("/ledger")
@requires(Permission.VIEW_AGGREGATES)
def ledger_page() -> str:
    """Who pays for what: totals by agency and year, reconciled to the high-needs categories."""
    partnership_id, la_code = la()
    rows = queries.list_contributions(session=db(), partnership_id=partnership_id)
    years = ledger.totals_by_year(rows)
    year = params.year_arg("year", [y.year for y in years], years[-1].year) if years else None
    lines = ledger.reconcile(db(), rows, year=year, la_code=la_code) if year is not None else []
    return render_template(
        "commissioning/ledger.html",
        title="Who pays for what",
        years=years,
        year=year,
        lines=lines,
        **labels(),
    )


@bp.get("/ledger.csv")
@requires(Permission.VIEW_AGGREGATES)
def ledger_csv() -> Response:
    """Ledger totals by financial year and agency as CSV."""
    partnership_id, la_code = la()
    years = ledger.totals_by_year(
        queries.list_contributions(session=db(), partnership_id=partnership_id)
    )
    header = (
        "financial_year",
        *(f"{a}_pounds" for a in AGENCIES),
        "total_pounds",
        "plan_packages",
        "services",
    )
    body = [
        (
            year_label(y.year),
            *(round(y.by_agency[a] / 100) for a in AGENCIES),
            round(y.total / 100),
            count(y.plans),
            y.services,
        )
        for y in years
    ]
    return csv_download(write_csv(body, header=header), f"ledger-{la_code}.csv")


def _upload(kind: str, title: str, template_columns: str) -> str:
    form = UploadForm()
    problems: list[Any] = []
    summary = None
    if form.validate_on_submit():
        partnership_id, la_code = la()
        upload = form.file.data
        reader = {
            "ledger": imports.import_ledger,
            "budgets": imports.import_budgets,
            "contracts": imports.import_contracts,
        }[kind]
        try:
            sniffed = read_upload(upload.read(), upload.filename or f"{kind}.csv", allowed=("csv",))
            summary = reader(
                db(),
                sniffed.text or "",
                filename=sniffed.filename,
                partnership_id=partnership_id,
                la_code=la_code,
            )
            who = current.principal()
            record(
                db(),
                actor=who,
                action=f"commissioning.{kind}.import",
                la_code=la_code,
                partnership_id=partnership_id,
                ip=request.remote_addr,
                detail={"rows": summary.rows, "added": summary.added, "changed": summary.changed},
            )
            db().commit()
        except InputRejected as exc:
            db().rollback()
            problems = list(exc.problems)
    return render_template(
        "commissioning/import.html",
        title=title,
        form=form,
        problems=problems,
        summary=summary,
        columns=template_columns,
        action=url_for(f"commissioning.import_{kind}"),
    )


@bp.route("/ledger/import", methods=["GET", "POST"])
@requires(Permission.IMPORT_CASES)
def import_ledger() -> str:
    """Upload a contributions ledger CSV; any problem refuses the whole file."""
    return _upload(
        "ledger",
        "Import contributions",
        "financial_year, subject_kind, subject_id, amount, education_share, "
        "health_share, social_care_share, budget_arrangement, high_needs_category",
    )


@bp.route("/ledger/new", methods=["GET", "POST"])
@requires(Permission.IMPORT_CASES)
def new_contribution() -> str | Response:
    """Enter one contribution: checked exactly as a row of a ledger file, then stored."""
    form = ContributionForm()
    saved = False
    if form.validate_on_submit():
        partnership_id, la_code = la()
        text = write_csv(
            [tuple(str(form[c].data or "") for c in files.LEDGER_COLUMNS)],
            header=files.LEDGER_COLUMNS,
        )
        try:
            imports.import_ledger(
                db(), text, filename="the form", partnership_id=partnership_id, la_code=la_code
            )
            record(
                db(),
                actor=current.principal(),
                action="commissioning.ledger.edit",
                la_code=la_code,
                partnership_id=partnership_id,
                ip=request.remote_addr,
            )
            db().commit()
            saved = True
        except InputRejected as exc:
            db().rollback()
            for problem in exc.problems:
                field = form[problem.column] if problem.column in form else form.financial_year
                field.errors = [*field.errors, problem.message]
    return render_template(
        "commissioning/new_contribution.html", title="Enter a contribution", form=form, saved=saved
    )


@bp.get("/contracts")
@requires(Permission.VIEW_AGGREGATES)
def contracts_page() -> str:
    """The contracts register, soonest ending first, with those ending within six months."""
    partnership_id, _ = la()
    found = queries.list_contracts(session=db(), partnership_id=partnership_id)
    soon = costs_soon(found)
    return render_template(
        "commissioning/contracts.html", title="Contracts", contracts=found, soon=soon, **labels()
    )


def costs_soon(found: list[Any]) -> set[str]:
    """Ids of the contracts ending within the six-month alert window."""
    from sendsight.commissioning.contracts import ALERT_MONTHS, months_ahead

    today = date.today()
    edge = months_ahead(today, ALERT_MONTHS)
    return {c.id for c in found if today <= c.ends_on <= edge}


@bp.get("/contracts/<contract_id>")
@requires(Permission.VIEW_AGGREGATES)
def contract_page(contract_id: str) -> str:
    """One contract: its terms and the curves of the scorecard measures it is judged by."""
    partnership_id, _ = la()
    try:
        found = queries.get_contract(
            session=db(), contract_id=contract_id, partnership_id=partnership_id
        )
    except NotFound:
        abort(404)
    curves = []
    for measure in queries.contract_measures(
        session=db(), contract_id=contract_id, partnership_id=partnership_id
    ):
        values = [
            v
            for v in outcomes.value_history(
                session=db(), measure_id=measure.id, partnership_id=partnership_id
            )
            if v.superseded_at_utc is None
        ][-12:]
        chart = (
            charts.line_chart(
                [v.period for v in values],
                [charts.Series(measure.name, [v.value for v in values])],
                title=measure.name,
                unit="%" if measure.unit == "percent" else "",
            )
            if values
            else ""
        )
        curves.append({"measure": measure, "points": values, "chart": Markup(chart)})
    return render_template(
        "commissioning/contract.html", title=found.title, contract=found, curves=curves, **labels()
    )


@bp.route("/contracts/import", methods=["GET", "POST"])
@requires(Permission.IMPORT_DATA)
def import_contracts() -> str:
    """Upload contracts for the register; any problem refuses the whole file."""
    return _upload(
        "contracts",
        "Import contracts",
        "reference, title, provider, service_key, value, starts_on, ends_on, "
        "extension_months, commissioners",
    )


@bp.get("/budgets")
@requires(Permission.VIEW_AGGREGATES)
def budgets_page() -> str:
    """Personal budgets: local totals by element and holding, take-up, published figures."""
    partnership_id, la_code = la()
    years = budgets.by_year(queries.list_budgets(session=db(), partnership_id=partnership_id))
    plans = len(queries.issued_plan_ids(session=db(), la_codes=[la_code]))
    published = budgets.published_series(db(), la_code=la_code)
    take_up = budgets.take_up(years[-1].plans, plans) if years else None
    return render_template(
        "commissioning/budgets.html",
        title="Personal budgets",
        years=years,
        plans=plans,
        take_up=take_up,
        published=published.rows(named=True),
        la_code=la_code,
        **labels(),
    )


@bp.route("/budgets/import", methods=["GET", "POST"])
@requires(Permission.IMPORT_CASES)
def import_budgets() -> str:
    """Upload personal budgets in EHC plans; any problem refuses the whole file."""
    return _upload(
        "budgets",
        "Import personal budgets",
        "plan_id, financial_year, element, arrangement, amount",
    )


def register(app: Flask) -> None:
    """Attach the commissioning pages (these and ``commissioning_figures``) to the app."""
    importlib.import_module(f"{__package__}.commissioning_figures")  # its routes join ``bp``
    app.register_blueprint(bp)
