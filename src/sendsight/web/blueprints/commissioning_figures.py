"""Joint commissioning figures: needs against provision (with the ICB's community health
waits) and the cost ahead, on the commissioning blueprint.

The matrix, the projections and the goal-seek are cached in the domain; what a page builds
from them (the rows as this reader may see them and the charts) is kept per matrix and
viewpoint, so a repeated request renders and does little else.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from flask import abort, render_template
from markupsafe import Markup
from werkzeug.wrappers import Response

from sendsight.access.permissions import Permission
from sendsight.commissioning import costs, health_waits, needs
from sendsight.commissioning.vocab import AGE_BANDS, LEVELS
from sendsight.core.safe_io import write_csv
from sendsight.disclosure import Viewpoint
from sendsight.web import charts, current, params
from sendsight.web.access import requires
from sendsight.web.blueprints.commissioning_common import bp, la, labels
from sendsight.web.db import db
from sendsight.web.downloads import csv_download

#: Rows of the needs table on the page (every row is in the CSV file).
TABLE_ROWS = 40
SEEK_LEVERS = {"to_special": "Maintained special places", "to_resourced": "Resourced provision"}
_views: dict[int, tuple[needs.Matrix, Viewpoint, dict[str, Any]]] = {}
_views_lock = threading.Lock()


def _matrix() -> needs.Matrix:
    partnership_id, la_code = la()
    return needs.matrix(db(), partnership_id=partnership_id, la_code=la_code, today=date.today())


@bp.get("/needs")
@requires(Permission.VIEW_AGGREGATES)
def needs_page() -> str:
    """Needs against provision: ranked gaps with their evidence, chart and table, and the ICB's
    community health waits against England and the other ICBs."""
    found = _matrix()
    return render_template(
        "commissioning/needs.html",
        title="Needs against provision",
        matrix=found,
        health_source=health_waits.SOURCE,
        month_label=health_waits.month_label,
        **_needs_view(found, current.viewpoint()),
        **labels(),
    )


def _needs_view(found: needs.Matrix, seen: Viewpoint) -> dict[str, Any]:
    """The page's charts and rows for this matrix and reader, built once for each."""
    with _views_lock:
        held = _views.get(id(found))
        if held is not None and held[0] is found and held[1] == seen:
            return held[2]
    top = [c for c in found.cells if c.has_demand][:10]
    chart = charts.bar_chart(
        [_cell_label(c) for c in top],
        [round(c.gap) for c in top],
        title="The ten largest gaps between need and provision",
        desc="Demand (plans, forecast or local cases) less places, for the ten largest gaps.",
        sort="none",
        decimals=0,
    )
    shown = [_shown(c, seen) for c in found.cells[:TABLE_ROWS]]
    table = render_template("commissioning/_needs_table.html", matrix=found, shown=shown)
    view = {
        "chart": Markup(chart),
        "needs_table": Markup(table),
        "health_chart": _health_chart(found),
        "health": _health_rows(found.health, seen),
    }
    with _views_lock:
        if len(_views) >= 32:
            _views.clear()
        _views[id(found)] = (found, seen, view)  # the matrix is kept, so its id stays unique
    return view


def _health_chart(found: needs.Matrix) -> Markup:
    """The share waiting over 18 weeks, the ICB beside England, service by service."""
    names, values, ours = [], [], []
    for wait in found.health:
        names += [f"{wait.label}: NHS {found.icb}", f"{wait.label}: England"]
        values += [wait.over_18_weeks_pct, wait.england_pct]
        ours.append(names[-2])
    return Markup(
        charts.bar_chart(
            names,
            values,
            title="Children waiting over 18 weeks (%)",
            unit="%",
            highlight=ours,
            sort="none",
            desc="The share of children on each community health waiting list who had "
            "waited over 18 weeks, the partnership's ICB beside England.",
        )
    )


def _health_rows(
    waits: tuple[health_waits.ServiceWait, ...], seen: Viewpoint
) -> list[dict[str, Any]]:
    """Each service's waits with the counts as this reader may see them."""
    return [
        {
            "wait": w,
            "waiting": seen.count(w.waiting),
            "over_52": seen.count(w.over_52_weeks),
            "over_18_pct": seen.rate(w.over_18_weeks, w.waiting),
        }
        for w in waits
    ]


@bp.get("/needs/health-waits.csv")
@requires(Permission.VIEW_AGGREGATES)
def health_waits_csv() -> Response:
    """Children's community health waits for England and every ICB in the latest month, with
    each ICB's rank by the share waiting over 18 weeks (published NHS England figures)."""
    frame = health_waits.latest_benchmark()
    seen = current.viewpoint()
    counts = {frame.columns.index(c) for c in health_waits.COUNT_COLUMNS}
    rows = [
        tuple(str(seen.count(v)) if i in counts and v is not None else v for i, v in enumerate(row))
        for row in frame.rows()
    ]
    return csv_download(write_csv(rows, header=frame.columns), "health-waits.csv")


def _cell_label(cell: needs.Cell) -> str:
    return (
        f"{needs.NEED_LABELS.get(cell.need, cell.need)}, "
        f"{AGE_BANDS.get(cell.age_band, cell.age_band)}, "
        f"{cell.locality}, {LEVELS.get(cell.level, 'all levels')}"
    )


def _hidden(cell: needs.Cell, seen: Viewpoint) -> bool:
    """Whether the cell's gap would reveal a suppressed count of local plans."""
    return seen.protect and 1 <= cell.local_plans < seen.threshold and cell.demand == 0


def _shown(cell: needs.Cell, seen: Viewpoint) -> dict[str, Any]:
    return {
        "cell": cell,
        "label": _cell_label(cell),
        "local": str(seen.count(cell.local_plans)),
        "gap": "c" if _hidden(cell, seen) else f"{cell.gap:,.0f}",
    }


@bp.get("/needs.csv")
@requires(Permission.VIEW_AGGREGATES)
def needs_csv() -> Response:
    """The needs-against-provision matrix as CSV."""
    found = _matrix()
    frame = needs.matrix_frame(found)
    seen = current.viewpoint()
    rows = frame.rows(named=True)
    for row, cell in zip(rows, found.cells, strict=True):
        row["local_plans"] = str(seen.count(cell.local_plans))
        row["gap"] = "c" if _hidden(cell, seen) else row["gap"]
    body = [tuple(row.values()) for row in rows]
    return csv_download(write_csv(body, header=frame.columns), f"needs-{found.la_code}.csv")


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
    partnership_id, la_code = la()
    levers = _levers()
    use_ledger = params.choice_arg("unit_costs", ("settings", "ledger"), "settings") == "ledger"
    unit = costs.resolve_unit_costs(
        db(), partnership_id=partnership_id, la_code=la_code, use_ledger=use_ledger
    )
    if costs.placement_forecast(db(), la_code=la_code).is_empty():
        abort(404)
    common: dict[str, Any] = {"la_code": la_code, "unit_costs": unit}
    base = costs.cached_project(db(), levers=costs.Levers(growth_pct=levers.growth_pct), **common)
    scenario = costs.cached_project(db(), levers=levers, **common)
    target = params.int_arg("target", 0, low=0, high=10_000_000_000)
    seek = _seek(common, target, levers.growth_pct) if target else None
    return render_template(
        "commissioning/costs.html",
        title="The cost ahead",
        levers=levers,
        unit=unit,
        base=base,
        scenario=scenario,
        seek=seek,
        target=target,
        chart=_costs_chart(base, scenario),
        seek_levers=SEEK_LEVERS,
        placement_labels=costs.PLACEMENT_LABELS,
        **labels(),
    )


def _seek(common: dict[str, Any], target: int, growth_pct: float) -> costs.Seek:
    lever = params.choice_arg("seek_lever", tuple(SEEK_LEVERS), "to_special")
    return costs.cached_goal_seek(
        db(), target=float(target), lever=lever, growth_pct=growth_pct, **common
    )


def _costs_chart(base: costs.Projection, scenario: costs.Projection) -> Markup:
    totals = scenario.totals
    return Markup(
        charts.line_chart(
            [str(y) for y in totals.get_column("target_year").to_list()],
            [
                charts.Series(
                    "No change", base.totals.get_column("cost_point").to_list(), "comparison"
                ),
                charts.Series("Scenario", totals.get_column("cost_point").to_list(), "forecast"),
            ],
            title="Projected high-needs spend (£)",
            bands=[
                charts.Band(
                    "Scenario, 80% interval",
                    totals.get_column("cost_lower_80").to_list(),
                    totals.get_column("cost_upper_80").to_list(),
                )
            ],
            decimals=0,
        )
    )


@bp.get("/costs.csv")
@requires(Permission.VIEW_AGGREGATES)
def costs_csv() -> Response:
    """The scenario's places and spend by year and placement as CSV."""
    partnership_id, la_code = la()
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
