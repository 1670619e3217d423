"""Joint commissioning pages: the cycle in one view, needs against provision, who pays for what,
contracts and their measures, personal budgets and the cost ahead.

Everything is the signed-in person's partnership's, for its first local authority. Counts of
plan packages and personal budgets pass through disclosure control for anyone without
case-level access; importing files that name EHC plans needs case-level import rights.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Flask, abort, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovSubmitInput, GovTextInput
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice

from sendsight.access.audit import record
from sendsight.access.permissions import Permission
from sendsight.access.roles import has_permission
from sendsight.commissioning import budgets, costs, files, imports, ledger, needs, queries
from sendsight.commissioning.money import pounds, year_label
from sendsight.commissioning.vocab import (
    AGE_BANDS,
    AGENCIES,
    ARRANGEMENTS,
    BUDGET_HOLDING,
    CATEGORIES,
    ELEMENTS,
    LEVELS,
)
from sendsight.core.errors import InputRejected, NotFound
from sendsight.core.safe_io import read_upload, write_csv
from sendsight.disclosure.scalars import protect_count
from sendsight.outcomes import queries as outcomes
from sendsight.web import charts, current, params
from sendsight.web.access import requires
from sendsight.web.db import db
from sendsight.web.downloads import csv_download

bp = Blueprint("commissioning", __name__, url_prefix="/commissioning")
#: Rows of the needs table on the page (every row is in the CSV file).
TABLE_ROWS = 40
SEEK_LEVERS = {"to_special": "Maintained special places", "to_resourced": "Resourced provision"}


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


def _la() -> tuple[str, str]:
    """The partnership id and its first LA (404 for an account with no LA)."""
    who = current.principal()
    if not who.la_codes:
        abort(404)
    return who.partnership_id, who.la_codes[0]


def _sees_cases() -> bool:
    return has_permission(current.principal(), Permission.VIEW_CASES)


def _count(n: int) -> str:
    """A count of plans as shown to this person (suppressed below 5 without case access)."""
    return str(n) if _sees_cases() else str(protect_count(n))


def _labels() -> dict[str, Any]:
    return {
        "agencies": AGENCIES,
        "arrangements": ARRANGEMENTS,
        "categories": CATEGORIES,
        "elements": ELEMENTS,
        "holding": BUDGET_HOLDING,
        "levels": LEVELS,
        "age_bands": AGE_BANDS,
        "need_labels": needs.NEED_LABELS,
        "pounds": pounds,
        "year_label": year_label,
        "count": _count,
    }


@bp.get("/")
@requires(Permission.VIEW_AGGREGATES)
def index() -> str:
    """The commissioning cycle in one view: for each priority (a commissioned service), the
    needs evidence, the money, the contracts and their measures."""
    partnership_id, la_code = _la()
    session = db()
    services = queries.list_services(session=session, partnership_id=partnership_id)
    contracts = queries.list_contracts(session=session, partnership_id=partnership_id)
    rows = queries.list_contributions(
        session=session, partnership_id=partnership_id, subject_kind="service"
    )
    money = {r.subject_id: r for r in rows}
    cycle = []
    for service in services:
        mine = [c for c in contracts if c.service_key == service.service_key]
        measures = {
            m.id: m
            for c in mine
            for m in queries.contract_measures(
                session=session, contract_id=c.id, partnership_id=partnership_id
            )
        }
        cycle.append(
            {
                "service": service,
                "contracts": mine,
                "money": money.get(service.service_key),
                "measures": list(measures.values()),
            }
        )
    return render_template(
        "commissioning/index.html",
        title="Joint commissioning",
        cycle=cycle,
        la_code=la_code,
        **_labels(),
    )


@bp.get("/needs")
@requires(Permission.VIEW_AGGREGATES)
def needs_page() -> str:
    """Needs against provision: ranked gaps with their evidence, chart and table."""
    partnership_id, la_code = _la()
    found = needs.matrix(db(), partnership_id=partnership_id, la_code=la_code, today=date.today())
    top = [c for c in found.cells if c.has_demand][:10]
    chart = charts.bar_chart(
        [_cell_label(c) for c in top],
        [round(c.gap) for c in top],
        title="The ten largest gaps between need and provision",
        desc="Demand (plans, forecast or local cases) less places, for the ten largest gaps.",
        sort="none",
        decimals=0,
    )
    return render_template(
        "commissioning/needs.html",
        title="Needs against provision",
        matrix=found,
        chart=Markup(chart),
        shown=_shown_cells(found)[:TABLE_ROWS],
        **_labels(),
    )


def _cell_label(cell: needs.Cell) -> str:
    return (
        f"{needs.NEED_LABELS.get(cell.need, cell.need)}, "
        f"{AGE_BANDS.get(cell.age_band, cell.age_band)}, "
        f"{cell.locality}, {LEVELS.get(cell.level, 'all levels')}"
    )


def _hidden(cell: needs.Cell) -> bool:
    """Whether the cell's gap would reveal a suppressed count of local plans."""
    return not _sees_cases() and 1 <= cell.local_plans < 5 and cell.demand == 0


def _shown_cells(found: needs.Matrix) -> list[dict[str, Any]]:
    return [
        {"cell": c, "label": _cell_label(c), "local": _count(c.local_plans),
         "gap": "c" if _hidden(c) else f"{c.gap:,.0f}"}
        for c in found.cells
    ]  # fmt: skip


@bp.get("/needs.csv")
@requires(Permission.VIEW_AGGREGATES)
def needs_csv() -> Response:
    """The needs-against-provision matrix as CSV."""
    partnership_id, la_code = _la()
    found = needs.matrix(db(), partnership_id=partnership_id, la_code=la_code, today=date.today())
    frame = needs.matrix_frame(found)
    rows = frame.rows(named=True)
    for row, cell in zip(rows, found.cells, strict=True):
        row["local_plans"] = _count(cell.local_plans)
        row["gap"] = "c" if _hidden(cell) else row["gap"]
    body = [tuple(row.values()) for row in rows]
    return csv_download(write_csv(body, header=frame.columns), f"needs-{la_code}.csv")


@bp.get("/ledger")
@requires(Permission.VIEW_AGGREGATES)
def ledger_page() -> str:
    """Who pays for what: totals by agency and year, reconciled to the high-needs categories."""
    partnership_id, la_code = _la()
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
        **_labels(),
    )


@bp.get("/ledger.csv")
@requires(Permission.VIEW_AGGREGATES)
def ledger_csv() -> Response:
    """Ledger totals by financial year and agency as CSV."""
    partnership_id, la_code = _la()
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
    body = [(year_label(y.year), *(round(y.by_agency[a] / 100) for a in AGENCIES),
             round(y.total / 100), _count(y.plans), y.services) for y in years]  # fmt: skip
    return csv_download(write_csv(body, header=header), f"ledger-{la_code}.csv")


def _upload(kind: str, title: str, template_columns: str) -> str:
    form = UploadForm()
    problems: list[Any] = []
    summary = None
    if form.validate_on_submit():
        partnership_id, la_code = _la()
        upload = form.file.data
        reader = {"ledger": imports.import_ledger, "budgets": imports.import_budgets,
                  "contracts": imports.import_contracts}[kind]  # fmt: skip
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
        partnership_id, la_code = _la()
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
    partnership_id, _ = _la()
    found = queries.list_contracts(session=db(), partnership_id=partnership_id)
    soon = costs_soon(found)
    return render_template(
        "commissioning/contracts.html", title="Contracts", contracts=found, soon=soon, **_labels()
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
    partnership_id, _ = _la()
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
        chart = charts.line_chart(
            [v.period for v in values], [charts.Series(measure.name, [v.value for v in values])],
            title=measure.name, unit="%" if measure.unit == "percent" else "",
        ) if values else ""  # fmt: skip
        curves.append({"measure": measure, "points": values, "chart": Markup(chart)})
    return render_template(
        "commissioning/contract.html", title=found.title, contract=found, curves=curves, **_labels()
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
    partnership_id, la_code = _la()
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
        **_labels(),
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


def _levers() -> costs.Levers:
    return costs.Levers(
        to_resourced=params.int_arg("to_resourced", 0, low=0, high=10_000),
        to_special=params.int_arg("to_special", 0, low=0, high=10_000),
        growth_pct=float(params.int_arg("growth", 0, low=0, high=50)),
    )


@bp.get("/costs")
@requires(Permission.VIEW_AGGREGATES)
def costs_page() -> str:
    """The cost ahead: projected high-needs spend for three years, scenario levers, goal-seek."""
    partnership_id, la_code = _la()
    levers = _levers()
    use_ledger = params.choice_arg("unit_costs", ("settings", "ledger"), "settings") == "ledger"
    unit = costs.resolve_unit_costs(
        db(), partnership_id=partnership_id, la_code=la_code, use_ledger=use_ledger
    )
    forecast = costs.placement_forecast(db(), la_code=la_code)
    if forecast.is_empty():
        abort(404)
    base = costs.project(forecast, unit, costs.Levers(growth_pct=levers.growth_pct), la_code)
    scenario = costs.project(forecast, unit, levers, la_code)
    seek = None
    target = params.int_arg("target", 0, low=0, high=10_000_000_000)
    if target:
        lever = params.choice_arg("seek_lever", tuple(SEEK_LEVERS), "to_special")
        seek = costs.goal_seek(
            forecast,
            unit,
            target=float(target),
            lever=lever,
            growth_pct=levers.growth_pct,
            la_code=la_code,
        )
    years = [str(y) for y in scenario.totals.get_column("target_year").to_list()]
    chart = charts.line_chart(
        years,
        [
            charts.Series(
                "No change", base.totals.get_column("cost_point").to_list(), "comparison"
            ),
            charts.Series(
                "Scenario", scenario.totals.get_column("cost_point").to_list(), "forecast"
            ),
        ],
        title="Projected high-needs spend (£)",
        bands=[
            charts.Band(
                "Scenario, 80% interval",
                scenario.totals.get_column("cost_lower_80").to_list(),
                scenario.totals.get_column("cost_upper_80").to_list(),
            )
        ],
        decimals=0,
    )
    return render_template(
        "commissioning/costs.html",
        title="The cost ahead",
        levers=levers,
        unit=unit,
        base=base,
        scenario=scenario,
        seek=seek,
        target=target,
        chart=Markup(chart),
        seek_levers=SEEK_LEVERS,
        placement_labels=costs.PLACEMENT_LABELS,
        **_labels(),
    )


@bp.get("/costs.csv")
@requires(Permission.VIEW_AGGREGATES)
def costs_csv() -> Response:
    """The scenario's places and spend by year and placement as CSV."""
    partnership_id, la_code = _la()
    found = costs.projection(db(), partnership_id=partnership_id, la_code=la_code, levers=_levers())
    frame = found.frame.select(
        "target_year",
        "placement",
        "point",
        "lower_80",
        "upper_80",
        "unit_cost",
        "cost_point",
        "cost_lower_80",
        "cost_upper_80",
    )
    rows = [tuple(round(v) if isinstance(v, float) else v for v in row) for row in frame.rows()]
    return csv_download(write_csv(rows, header=frame.columns), f"costs-{la_code}.csv")


def register(app: Flask) -> None:
    """Attach the commissioning pages to the app."""
    app.register_blueprint(bp)
