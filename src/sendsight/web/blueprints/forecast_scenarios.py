"""Forecast scenarios side by side: the lever form, goal-seek and scenario files (routes on
the ``forecasts`` blueprint)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import (
    Response,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from markupsafe import Markup
from wtforms import SubmitField

from sendsight.access.permissions import Permission
from sendsight.core.errors import InputRejected
from sendsight.forecasting import pages, report
from sendsight.forecasting.scenario_compare import compare_scenarios
from sendsight.forecasting.scenario_files import (
    Scenario,
    example_scenarios,
    parse_scenarios_csv,
    read_scenario_file,
    scenarios_csv,
    scenarios_yaml,
)
from sendsight.forecasting.scenarios import LEVERS
from sendsight.web import current
from sendsight.web.access import requires
from sendsight.web.blueprints.forecasts import (
    LEVER_LABELS,
    _baseline_report,
    _csv_download,
    _download,
    _lever_years,
    bp,
)
from sendsight.web.db import db
from sendsight.web.forecast_charts import scenario_chart

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


def tried(
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


def sought(
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
    figures = pages.Figures.seen_from(current.viewpoint())
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
    figures = pages.Figures.seen_from(current.viewpoint())
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
