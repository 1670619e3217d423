"""Forecast pages: EHC plan caseload forecasts per LA, scenarios, goal-seek and sufficiency."""

from __future__ import annotations

import polars as pl
from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from sendsight.access.permissions import Permission
from sendsight.core.safe_io import write_csv
from sendsight.demo.capacity import demo_capacity
from sendsight.forecasting import report
from sendsight.forecasting.scenarios import LEVERS, TOTAL_LEVERS, ScenarioError
from sendsight.web import settings_of
from sendsight.web.access import requires
from sendsight.web.charts import Band, Series, line_chart

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
    chosen = request.args.get("la_code", "")
    if chosen:
        return redirect(url_for("forecasts.area", la_code=chosen))
    return render_template(
        "forecasts/index.html",
        title="Forecasts of EHC plans",
        las=report.la_names(),
        national=report.national_summary().rows(),
        origin=report.latest_year(),
    )


@bp.get("/<la_code>")
@requires(Permission.VIEW_AGGREGATES)
def area(la_code: str) -> str:
    """One LA: fan chart, table, accuracy, breakdowns, scenario, goal-seek and sufficiency."""
    levers, errors = _levers()
    found = report.area_report(la_code, levers, _capacity(la_code))
    if found is None:
        abort(404)
    seek = _seek(la_code, levers.from_year, errors)
    return render_template(
        "forecasts/area.html",
        title=f"Forecast of EHC plans: {found.la_name}",
        r=found,
        chart=Markup(_chart(found)),
        levers=levers,
        labels=LEVER_LABELS,
        errors=errors,
        seek=seek,
        total_levers=TOTAL_LEVERS,
        origin=report.latest_year(),
        args=request.args,
        rows=_table_rows(found),
        wide=report.wide,
        sufficiency_rows=_sufficiency_rows(found),
    )


@bp.get("/<la_code>.csv")
@requires(Permission.VIEW_AGGREGATES)
def area_csv(la_code: str) -> Response:
    """The forecast table exactly as shown on the page."""
    found = report.area_report(la_code, report.Levers(), None)
    if found is None:
        abort(404)
    body = "\ufeff" + write_csv(_table_rows(found), header=CSV_HEADER)
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="forecast-{la_code}.csv"'},
    )


def _table_rows(found: report.AreaReport) -> list[tuple[object, ...]]:
    """The rows of the page's forecast table: whole plans."""
    return [
        (int(r[0]), *(round(v) for v in r[1:])) for r in found.forecast.select(report.SHOWN).rows()
    ]


def _sufficiency_rows(found: report.AreaReport) -> list[tuple[object, ...]]:
    if found.sufficiency is None:
        return []
    rows = found.sufficiency.filter(pl.col("setting") == "special", pl.col("need") == "all")
    return rows.select("year", "places", "point", "surplus", "p_shortfall").sort("year").rows()


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
    origin = report.latest_year()
    year = _number(
        "from_year",
        origin,
        origin + report.HORIZON,
        errors,
        f"Enter a year from {origin} to {origin + report.HORIZON}",
    )
    return report.Levers(values, int(year) or origin + 1), errors


def _seek(la_code: str, from_year: int, errors: dict[str, str]) -> dict[str, object] | None:
    lever = request.args.get("seek_lever", "")
    if lever not in TOTAL_LEVERS:
        return None
    origin = report.latest_year()
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
        value = report.seek(la_code, lever, int(year), goal, from_year)
    except ScenarioError as error:
        errors["seek_lever"] = str(error)
        return None
    return {"lever": lever, "year": int(year), "goal": goal, "value": value}


def _capacity(la_code: str):  # type: ignore[no-untyped-def]
    settings = settings_of(current_app)
    return demo_capacity(la_code) if la_code == settings.demo_la_code else None


def _chart(found: report.AreaReport) -> str:
    history = dict(found.history.rows())
    fc = {int(r[0]): r for r in found.forecast.select(report.SHOWN).rows()}
    years = sorted(history) + sorted(fc)
    last = years[len(history) - 1]
    actual = [history.get(y) for y in years]

    def forecast_col(i: int) -> list[float | None]:
        return [fc[y][i] if y in fc else (history[y] if y == last else None) for y in years]

    return line_chart(
        [str(y) for y in years],
        [Series("Plans (published)", actual), Series("Forecast", forecast_col(1), "forecast")],
        title=f"EHC plans in {found.la_name}: published and forecast",
        desc=f"Published January counts to {last} and the forecast to {years[-1]} with 80% and "
        "95% prediction intervals.",
        y_label="EHC plans",
        bands=[
            Band("95% interval", forecast_col(4), forecast_col(5), 95),
            Band("80% interval", forecast_col(2), forecast_col(3), 80),
        ],
    )


def register(app: Flask) -> None:
    """Attach this blueprint."""
    app.register_blueprint(bp)
