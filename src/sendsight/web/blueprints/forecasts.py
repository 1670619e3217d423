"""Forecast pages: EHC plan caseload forecasts per LA, scenarios, goal-seek and sufficiency.

Every forecast figure a page, chart or CSV shows comes from ``forecasting.pages``: whole plans
for readers with case-level access, through disclosure control (rounded) for everyone else.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from sendsight.access.permissions import Permission
from sendsight.core.safe_io import write_csv
from sendsight.forecasting import pages, queries, report
from sendsight.forecasting.scenario_compare import lever_years
from sendsight.forecasting.scenarios import LEVERS, TOTAL_LEVERS, ScenarioError
from sendsight.web import current, params
from sendsight.web.access import requires
from sendsight.web.db import db
from sendsight.web.downloads import csv_download
from sendsight.web.forecast_charts import forecast_chart
from sendsight.web.own_area import own_la_code

bp = Blueprint("forecasts", __name__, url_prefix="/forecasts")
LEVER_LABELS = {
    "slower_new_plans": "New plans grow more slowly (percent a year)",
    "more_ceasing_19plus": "More plans cease at 19 and over (percentage points a year)",
    "resourced_mainstream": "New special-school placements made in resourced mainstream provision"
    " instead (percent)",
}
CSV_HEADER = ("Year", "Forecast plans", "80% lower", "80% upper", "95% lower", "95% upper")


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
    figures = pages.Figures.seen_from(current.viewpoint())
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
    capacity = queries.capacity_for(
        session=db(), la_code=la_code, partnership_id=current.principal().partnership_id
    )
    found = report.area_report(la_code, levers, capacity, session=db())
    if found is None:
        abort(404)
    figures = pages.Figures.seen_from(current.viewpoint())
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
        capacity_notes=forecast_places.capacity_notes(capacity),
        may_enter_places=forecast_places.may_enter(la_code),
        tried=forecast_scenarios.tried(found, levers, errors, figures),
        sought=forecast_scenarios.sought(found, seek, figures),
        file_form=forecast_scenarios.ScenarioFileForm(),
    )


@bp.get("/<la_code>.csv")
@requires(Permission.VIEW_AGGREGATES)
def area_csv(la_code: str) -> Response:
    """The forecast table exactly as shown on the page, with its notes."""
    found = _baseline_report(la_code)
    figures = pages.Figures.seen_from(current.viewpoint())
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


def register(app: Flask) -> None:
    """Attach this blueprint (with the routes of its scenario and places modules)."""
    app.register_blueprint(bp)


# The scenario and places routes are on ``bp`` too: imported last, once ``bp`` and the helpers
# above exist (Flask's usual pattern for a blueprint spread over modules).
from sendsight.web.blueprints import forecast_places, forecast_scenarios  # noqa: E402
