"""Forecast pages: EHC plan caseload forecasts per LA, scenarios, goal-seek and sufficiency.

Every forecast figure a page, chart or CSV shows comes from ``forecasting.pages``: whole plans
for readers with case-level access, through disclosure control (rounded) for everyone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput, GovTextInput
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse
from wtforms import StringField, SubmitField
from wtforms.validators import Length

from sendsight.access.audit import record
from sendsight.access.permissions import Permission
from sendsight.access.principal import Principal
from sendsight.access.roles import has_permission, sees_case_level
from sendsight.core.errors import InputRejected, PermissionDenied
from sendsight.core.safe_io import read_upload, write_csv
from sendsight.forecasting import pages, queries, report
from sendsight.forecasting.capacity_files import MAX_NOTE, row_problems
from sendsight.forecasting.capacity_import import import_capacity
from sendsight.forecasting.models import PlaceCapacity
from sendsight.forecasting.scenario_compare import compare_scenarios, lever_years
from sendsight.forecasting.scenario_files import (
    Scenario,
    example_scenarios,
    parse_scenarios_csv,
    read_scenario_file,
    scenarios_csv,
    scenarios_yaml,
)
from sendsight.forecasting.scenarios import LEVERS, TOTAL_LEVERS, ScenarioError
from sendsight.reference.codes import need_label, placement_label
from sendsight.web import params, settings_of
from sendsight.web.access import requires
from sendsight.web.db import db
from sendsight.web.downloads import csv_download
from sendsight.web.forecast_charts import forecast_chart, scenario_chart
from sendsight.web.own_area import own_la_code

bp = Blueprint("forecasts", __name__, url_prefix="/forecasts")
LEVER_LABELS = {
    "slower_new_plans": "New plans grow more slowly (percent a year)",
    "more_ceasing_19plus": "More plans cease at 19 and over (percentage points a year)",
    "resourced_mainstream": "New special-school placements made in resourced mainstream provision"
    " instead (percent)",
}
CSV_HEADER = ("Year", "Forecast plans", "80% lower", "80% upper", "95% lower", "95% upper")


def _figures() -> pages.Figures:
    """How this reader sees modelled figures: exact with case-level access, else rounded."""
    settings = settings_of(current_app)
    return pages.Figures(
        protect=not sees_case_level(g.get("current_user")),
        threshold=settings.disclosure_threshold,
        round_to=settings.disclosure_modelled_round_to,
    )


@bp.get("")
@requires(Permission.VIEW_AGGREGATES)
def index() -> str | BaseResponse:
    """Choose an LA; England's total forecast."""
    chosen = params.choice_arg(
        "la_code",
        dict(report.la_names(session=db())),
        "",
        expected="Choose a local area from the list",
    )
    if chosen:
        return redirect(url_for("forecasts.area", la_code=chosen))
    figures = _figures()
    national = pages.forecast_rows(report.national_summary(session=db()), figures)
    return render_template(
        "forecasts/index.html",
        title="Forecasts of EHC plans",
        las=report.la_names(session=db()),
        own_la=own_la_code(),
        national=national,
        notes=figures.notes(f for row in national for f in row.figures),
        rounded=figures.summary,
        origin=report.latest_year(session=db()),
    )


@bp.get("/<la_code>")
@requires(Permission.VIEW_AGGREGATES)
def area(la_code: str) -> str:
    """One LA: fan chart, table, accuracy, breakdowns, scenario, goal-seek and sufficiency."""
    levers, errors = _levers()
    capacity = queries.capacity_for(db(), la_code, partnership_id=_partnership_id())
    found = report.area_report(la_code, levers, capacity, session=db())
    if found is None:
        abort(404)
    figures = _figures()
    page = pages.area_page(found, figures)
    seek = _seek(la_code, levers.from_year, errors, figures)
    return render_template(
        "forecasts/area.html",
        title=f"Forecast of EHC plans: {found.la_name}",
        r=found,
        page=page,
        rounded=figures.summary,
        chart=Markup(forecast_chart(found, page.forecast)),
        levers=levers,
        labels=LEVER_LABELS,
        errors=errors,
        error_title_prefix=bool(errors),
        seek=seek,
        total_levers=TOTAL_LEVERS,
        origin=report.latest_year(session=db()),
        args=request.args,
        capacity_notes=_notes(capacity),
        may_enter_places=_may_enter(la_code),
        tried=_tried(found, levers, errors, figures),
        sought=_sought(found, seek, figures),
        file_form=ScenarioFileForm(),
    )


@bp.get("/<la_code>.csv")
@requires(Permission.VIEW_AGGREGATES)
def area_csv(la_code: str) -> Response:
    """The forecast table exactly as shown on the page, with its notes."""
    found = _baseline_report(la_code)
    figures = _figures()
    rows = pages.forecast_rows(found.forecast, figures)
    notes = figures.file_notes(figures.notes(f for row in rows for f in row.figures))
    return _csv_download([row.csv() for row in rows], CSV_HEADER, notes, f"forecast-{la_code}")


def _baseline_report(la_code: str) -> report.AreaReport:
    """The LA's forecast with no lever set and no places (404 for an unknown LA)."""
    found = report.area_report(la_code, report.Levers(), None, session=db())
    if found is None:
        abort(404)
    return found


def _csv_download(
    rows: list[tuple[object, ...]], header: tuple[str, ...], notes: pages.Notes, name: str
) -> Response:
    """A CSV file of ``rows`` followed by a line for each note (as the page shows them)."""
    lines: list[tuple[object, ...]] = [*rows, *((f"Note: {line}",) for line in notes.lines)]
    return _download(write_csv(lines, header=header), name)


def _download(text: str, name: str) -> Response:
    return csv_download(text, f"{name}.csv")


def _number(name: str, low: float, high: float, errors: dict[str, str], message: str) -> float:
    text = request.args.get(name, "").strip()
    if not text:
        return 0.0
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not low <= value <= high:
        errors[name] = message
        return 0.0
    return value


def _levers() -> tuple[report.Levers, dict[str, str]]:
    errors: dict[str, str] = {}
    values = {
        name: _number(name, 0, 100, errors, "Enter a number from 0 to 100") for name in LEVERS
    }
    first, last = _lever_years()
    year = _number("from_year", first, last, errors, f"Enter a year from {first} to {last}")
    return report.Levers(values, int(year) or first + 1), errors


def _lever_years() -> tuple[int, int]:
    return lever_years(report.latest_year(session=db()), report.HORIZON)


def _seek(
    la_code: str, from_year: int, errors: dict[str, str], figures: pages.Figures
) -> dict[str, object] | None:
    lever = params.choice_arg("seek_lever", TOTAL_LEVERS, "")
    if not lever:
        return None
    origin = report.latest_year(session=db())
    year = _number(
        "seek_year",
        origin + 1,
        origin + report.HORIZON,
        errors,
        f"Enter a year from {origin + 1} to {origin + report.HORIZON}",
    )
    goal = _number("seek_goal", 1, 10_000_000, errors, "Enter the number of plans, like 2500")
    if "seek_year" in errors or "seek_goal" in errors or not year or not goal:
        return None
    try:
        sought = figures.seek_goal(goal)
        value = report.seek(la_code, lever, int(year), sought, from_year, session=db())
    except ScenarioError as error:
        errors["seek_lever"] = str(error)
        return None
    rounded_to = figures.round_to if figures.protect else None
    return {"lever": lever, "year": int(year), "goal": goal, "value": value,
            "from_year": from_year, "rounded_to": rounded_to}  # fmt: skip


# --- scenarios side by side: the lever form, goal-seek and scenario files ----------------------

LEVER_SHORT = {
    "slower_new_plans": "new plans grow more slowly",
    "more_ceasing_19plus": "more plans cease at 19 and over",
    "resourced_mainstream": "special-school placements in resourced mainstream",
}
COMPARISON_HEADER = (
    "Scenario",
    "Change starts (calendar year)",
    "New plans grow more slowly (percent a year)",
    "More plans cease at 19 and over (percentage points a year)",
    "New special-school placements in resourced mainstream (percent)",
    "January",
    "Forecast plans",
    "80% lower",
    "80% upper",
    "95% lower",
    "95% upper",
    "Difference from baseline",
    "Plans in special schools",
)


class ScenarioFileForm(FlaskForm):  # type: ignore[misc]
    """A scenario file to compare with the baseline (not stored)."""

    file = FileField(
        "Scenario file (CSV or YAML)",
        widget=GovFileInput(),
        validators=[FileRequired("Select a scenario file")],
    )
    submit = SubmitField("Compare scenarios", widget=GovSubmitInput())


@dataclass(frozen=True)
class Comparison:
    """Scenarios beside the baseline as a page shows them: rows as in the CSV, the central
    forecasts as one row per scenario, a chart, the notes and the CSV link."""

    rows: list[pages.ComparisonRow]
    years: list[int]
    central: list[tuple[str, list[pages.Figure]]]
    chart: Markup
    notes: pages.Notes
    csv_url: str


def _compare(
    found: report.AreaReport, chosen: list[Scenario], figures: pages.Figures
) -> Comparison:
    rows = pages.comparison_rows(compare_scenarios(found.forecast, chosen, session=db()), figures)
    years = sorted({row.year for row in rows})
    central: dict[str, list[pages.Figure]] = {}
    for row in rows:
        central.setdefault(row.scenario, []).append(row.point)
    link = url_for(
        "forecasts.scenarios_download", la_code=found.la_code, scenarios=scenarios_csv(chosen)
    )
    chart = Markup(scenario_chart(found, rows))
    notes = pages.comparison_notes(rows, figures)
    return Comparison(rows, years, list(central.items()), chart, notes, link)


def _tried(
    found: report.AreaReport,
    levers: report.Levers,
    errors: dict[str, str],
    figures: pages.Figures,
) -> Comparison | None:
    """The lever form's scenario beside the baseline (None when no lever is set or one is wrong)."""
    if not levers.any or any(name in errors for name in (*LEVERS, "from_year")):
        return None
    values = {k: v for k, v in levers.values.items() if v > 0}
    return _compare(found, [Scenario("Your scenario", levers.from_year, values)], figures)


def _sought(
    found: report.AreaReport, seek: dict[str, Any] | None, figures: pages.Figures
) -> Comparison | None:
    """The forecast with the lever at the value goal-seek found, beside the baseline."""
    if seek is None or seek["value"] is None:
        return None
    lever, value = str(seek["lever"]), float(seek["value"])
    name = f"{LEVER_SHORT[lever].capitalize()}: {value:g}"
    return _compare(found, [Scenario(name, int(seek["from_year"]), {lever: value})], figures)


@bp.route("/<la_code>/scenarios", methods=["GET", "POST"])
@requires(Permission.VIEW_AGGREGATES)
def scenarios(la_code: str) -> str:
    """Upload a scenario file and see its scenarios beside the baseline; nothing is stored."""
    found = _baseline_report(la_code)
    form = ScenarioFileForm()
    figures = _figures()
    problems: list[Any] = []
    shown = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            data, name = upload.read(), upload.filename or "scenarios.csv"
            shown = _compare(found, read_scenario_file(data, name, years=_lever_years()), figures)
        except InputRejected as exc:
            problems = list(exc.problems)
    return render_template("forecasts/scenarios.html",
                           title=f"Compare scenarios from a file: {found.la_name}", r=found,
                           form=form, problems=problems, shown=shown, labels=LEVER_LABELS,
                           rounded=figures.summary,
                           error_title_prefix=bool(form.errors or problems))  # fmt: skip


@bp.get("/<la_code>/scenarios.csv")
@requires(Permission.VIEW_AGGREGATES)
def scenarios_download(la_code: str) -> Response:
    """Scenarios (given as scenario-file CSV text in ``scenarios``) beside the baseline, exactly
    as the page shows them."""
    found = _baseline_report(la_code)
    text = request.args.get("scenarios", "")
    chosen = parse_scenarios_csv("scenarios", text, years=_lever_years())
    figures = _figures()
    rows = pages.comparison_rows(compare_scenarios(found.forecast, chosen, session=db()), figures)
    notes = figures.file_notes(pages.comparison_notes(rows, figures))
    return _csv_download([row.csv() for row in rows], COMPARISON_HEADER, notes,
                         f"scenarios-{la_code}")  # fmt: skip


@bp.get("/scenarios/example.<any(csv, yaml):fmt>")
@requires(Permission.VIEW_AGGREGATES)
def example_scenario_file(fmt: str) -> Response:
    """An example scenario file to start from, as CSV or YAML."""
    chosen = example_scenarios(report.latest_year(session=db()))
    if fmt == "csv":
        return _download(scenarios_csv(chosen), "example-scenarios")
    return Response(
        scenarios_yaml(chosen),
        mimetype="application/yaml",
        headers={"Content-Disposition": 'attachment; filename="example-scenarios.yaml"'},
    )


# --- specialist place capacity: upload and edit ------------------------------------------------


class CapacityImportForm(FlaskForm):  # type: ignore[misc]
    """A CSV file of specialist places to add or replace."""

    file = FileField(
        "Places file (CSV)", widget=GovFileInput(), validators=[FileRequired("Select a CSV file")]
    )
    submit = SubmitField("Import places", widget=GovSubmitInput())


class CapacityEditForm(FlaskForm):  # type: ignore[misc]
    """One row of places: the number of places and a note on where the figure comes from."""

    places = StringField("Number of places", widget=GovTextInput())
    note = StringField(
        "Note (optional)",
        widget=GovTextInput(),
        validators=[
            Length(max=MAX_NOTE, message=f"Enter a note of {MAX_NOTE} characters or fewer")
        ],
    )
    submit = SubmitField("Save places", widget=GovSubmitInput())


def _principal() -> Principal:
    user = g.get("current_user")
    if not isinstance(user, Principal):
        raise PermissionDenied("Sign in to enter places")
    return user


def _partnership_id() -> str:
    """The signed-in person's partnership: places are read only from its own rows."""
    return _principal().partnership_id


def _may_enter(la_code: str) -> bool:
    """True when the signed-in person may import or change places for ``la_code``: they hold
    ``IMPORT_DATA`` and work for that LA (or a partnership covering it)."""
    user = g.get("current_user")
    return (
        isinstance(user, Principal)
        and has_permission(user, Permission.IMPORT_DATA)
        and la_code in user.la_codes
    )


def _audit(action: str, object_id: str, la_code: str | None, detail: dict[str, Any]) -> None:
    record(db(), actor=_principal(), action=f"forecast.capacity.{action}",
           object_type="forecast_capacity", object_id=object_id, la_code=la_code,
           detail=detail, ip=request.remote_addr)  # fmt: skip


def _notes(capacity: pl.DataFrame | None) -> list[str]:
    if capacity is None:
        return []
    return sorted({str(n) for n in capacity["note"].to_list() if n})


@bp.get("/<la_code>/places")
@requires(Permission.VIEW_AGGREGATES)
def places(la_code: str) -> str:
    """The LA's specialist places as entered, each with a link to change it."""
    name = report.la_name(la_code, session=db())
    if name is None:
        abort(404)
    return render_template(
        "forecasts/places.html",
        title=f"Specialist places: {name}",
        la_code=la_code,
        la_name=name,
        rows=queries.list_capacity(db(), la_code, partnership_id=_partnership_id()),
        may_enter=_may_enter(la_code),
    )


@bp.route("/places/import", methods=["GET", "POST"])
@requires(Permission.IMPORT_DATA)
def import_places() -> str:
    """Upload a CSV of places; any problem refuses the whole file."""
    form = CapacityImportForm()
    problems: list[Any] = []
    summary = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            sniffed = read_upload(upload.read(), upload.filename or "places.csv", allowed=("csv",))
            summary = import_capacity(db(), sniffed.text or "", filename=sniffed.filename,
                                      la_codes=_principal().la_codes, actor=_principal(),
                                      partnership_id=_partnership_id(),
                                      ip=request.remote_addr)  # fmt: skip
            db().commit()
        except InputRejected as exc:
            db().rollback()
            problems = list(exc.problems)
    return render_template("forecasts/import.html", title="Import specialist places",
                           form=form, problems=problems, summary=summary)  # fmt: skip


@bp.route("/places/<row_id>/edit", methods=["GET", "POST"])
@requires(Permission.IMPORT_DATA)
def edit_place(row_id: str) -> str | BaseResponse:
    """Change the places and note of one row (LA, setting, need and year stay as they are)."""
    row = queries.get_capacity(db(), row_id, partnership_id=_partnership_id())
    if not _may_enter(row.la_code):
        raise PermissionDenied("You can only change places for an LA you work for")
    form = CapacityEditForm(data={"places": str(row.places), "note": row.note})
    if form.validate_on_submit() and _checked_places(form, row):
        change = queries.update_capacity(
            db(), row, places=int(form.places.data), note=(form.note.data or "").strip(),
            updated_by=_principal().email,
        )  # fmt: skip
        _audit("edit", row.id, row.la_code, change)
        db().commit()
        return redirect(url_for("forecasts.places", la_code=row.la_code))
    return render_template(
        "forecasts/edit_place.html",
        title=_row_title(row),
        form=form,
        row=row,
        la_name=report.la_name(row.la_code, session=db()) or row.la_code,
    )


def _checked_places(form: CapacityEditForm, row: PlaceCapacity) -> bool:
    text = (form.places.data or "").strip()
    values = {"la_code": row.la_code, "setting": row.setting, "need": row.need,
              "year": str(row.year), "places": text}  # fmt: skip
    problems = [msg for column, msg in row_problems(values) if column == "places"]
    form.places.errors = [*form.places.errors, *problems]
    form.places.data = text
    return not problems


def _row_title(row: PlaceCapacity) -> str:
    need = "all needs" if row.need == "all" else need_label(row.need)
    return f"Change places: {placement_label(row.setting)}, {need}, January {row.year}"


def register(app: Flask) -> None:
    """Attach this blueprint."""
    app.register_blueprint(bp)
