"""The alliance scorecard, turn-the-curve pages, board report and the JSON API.

Reading needs ``VIEW_AGGREGATES`` (figures pass disclosure control unless the user sees case-level
data); the editing routes (``outcomes_edit``) need ``EDIT_OUTCOMES`` and the item's owner. Views
parse, call ``sendsight.outcomes`` and render. Trusted markup (charts, sparklines) is built in
Python by ``sendsight.web.charts``, which escapes every text it writes; templates never use
``|safe``.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from typing import Any

from flask import Blueprint, Flask, g, jsonify, render_template, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from sendsight.access.permissions import Permission
from sendsight.access.policy import can_edit_org_item
from sendsight.access.roles import has_permission
from sendsight.core.errors import NotFound
from sendsight.core.safe_io import write_csv
from sendsight.disclosure import explain_symbols
from sendsight.outcomes import api, pages, periods, scorecard
from sendsight.outcomes.vocab import KIND_LABELS, NOTE_LABELS, SOURCE_LABELS
from sendsight.web import charts, current
from sendsight.web.access import requires
from sendsight.web.blueprints import outcomes_edit, outcomes_timeline
from sendsight.web.charts.lines import EventMark
from sendsight.web.db import db
from sendsight.web.downloads import csv_download
from sendsight.web.paging import page_arg
from sendsight.wiring import optional_module

bp = Blueprint("outcomes", __name__)
POLARITY = {"up": "high_is_good", "down": "low_is_good", "neither": "neither"}
UNIT = {"percent": "%", "count": "", "rate": "", "score": ""}


def _today() -> date:
    return datetime.now(UTC).date()


def _partnership() -> str:
    """The signed-in person's partnership: every scorecard figure, note and action is its own."""
    user = current.principal_or_none()
    if user is None:
        raise NotFound("Sign in to see a partnership's scorecard")
    return user.partnership_id


def _globals() -> dict[str, Any]:
    return {"kind_labels": KIND_LABELS, "note_labels": NOTE_LABELS, "source_labels": SOURCE_LABELS,
            "spark": _spark, "freq_labels": periods.FREQUENCY_LABELS,
            "may_edit": outcomes_edit.may_edit}  # fmt: skip


def _contracts() -> dict[str, list[tuple[str, str]]]:
    """Which contracts each measure is a KPI of, as (contract id, title) by measure id, when
    joint commissioning is installed (one query; decision 1403)."""
    found = optional_module("sendsight.commissioning.queries")
    reader = getattr(found, "contracts_for_measures", None)
    return reader(session=db(), partnership_id=_partnership()) if callable(reader) else {}


def _spark(row: scorecard.Row) -> Markup:
    # charts escapes every text it writes, so its SVG is trusted markup.
    return Markup(charts.sparkline(
        list(row.spark), title=f"Recent trend: {row.measure.name}",
        polarity=POLARITY[row.measure.polarity], unit=UNIT[row.measure.unit],  # type: ignore[arg-type]
        decimals=0 if row.measure.unit == "count" else row.measure.decimals,
    ))  # fmt: skip


# --- reading -------------------------------------------------------------------------------


@bp.get("/scorecard", endpoint="scorecard")
@requires(Permission.VIEW_AGGREGATES)
def scorecard_page() -> str:
    """The alliance scorecard: outcomes, their indicators and performance measures, a page of
    ``OUTCOMES_PER_PAGE`` outcomes at a time (a small framework fits on one page)."""
    groups = scorecard.build_scorecard(
        db(), partnership_id=_partnership(), today=_today(), viewpoint=current.viewpoint(),
    )  # fmt: skip
    rows = [r for grp in groups for r in grp.rows]
    pages_count = max(1, -(-len(groups) // OUTCOMES_PER_PAGE))
    number = page_arg()
    if not 1 <= number <= pages_count:
        raise NotFound(f"The scorecard has {pages_count} pages")
    shown = groups[(number - 1) * OUTCOMES_PER_PAGE : number * OUTCOMES_PER_PAGE]
    user = g.get("current_user")
    tables = _tables(groups, _contracts())
    return render_template(
        "outcomes/scorecard.html", title="Alliance scorecard",
        sections=[(grp, tables[id(grp)]) for grp in shown], health=scorecard.health(rows),
        can_edit=has_permission(user, Permission.EDIT_OUTCOMES),
        can_edit_outcomes=can_edit_org_item(user, ""), pager=_pager(number, pages_count),
        **_globals(),
    )  # fmt: skip


# 600 rows of HTML cost more to render than to compute, and a megabyte page is hard to use:
# ten outcomes a page, and each outcome's table rendered once per cached scorecard.
OUTCOMES_PER_PAGE = 10
_Served = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
_fragments: dict[int, tuple[list[scorecard.Group], _Served, dict[int, Markup]]] = {}
_fragments_lock = threading.Lock()


def _tables(
    groups: list[scorecard.Group], contracts: dict[str, list[tuple[str, str]]]
) -> dict[int, Markup]:
    """Each group's rendered table by ``id(group)``, rendered once per cached scorecard and
    set of contract links."""
    served = tuple((k, tuple(v)) for k, v in sorted(contracts.items()))
    with _fragments_lock:
        held = _fragments.get(id(groups))
        if held is not None and held[0] is groups and held[1] == served:
            return held[2]
    tables = {
        id(grp): Markup(
            render_template(
                "outcomes/_group_table.html", group=grp, contracts=contracts, **_globals()
            )
        )  # fmt: skip
        for grp in groups
    }
    with _fragments_lock:
        if len(_fragments) >= 32:
            _fragments.clear()
        _fragments[id(groups)] = (groups, served, tables)  # the list is kept: its id stays unique
    return tables


def _pager(number: int, count: int) -> dict[str, Any] | None:
    if count == 1:
        return None

    def link(n: int) -> str:
        return url_for("outcomes.scorecard", page=n)

    pager: dict[str, Any] = {"items": [{"number": n, "href": link(n), "current": n == number}
                                       for n in range(1, count + 1)]}  # fmt: skip
    if number > 1:
        pager["previous"] = {"href": link(number - 1)}
    if number < count:
        pager["next"] = {"href": link(number + 1)}
    return pager


@bp.get("/scorecard/report")
@requires(Permission.VIEW_AGGREGATES)
def report() -> str:
    """The whole scorecard as a printable board report (A4)."""
    groups = scorecard.build_scorecard(
        db(), partnership_id=_partnership(), today=_today(), viewpoint=current.viewpoint(),
    )  # fmt: skip
    rows = [r for grp in groups for r in grp.rows]
    return render_template("outcomes/report.html", title="Scorecard board report", groups=groups,
                           health=scorecard.health(rows), today=_today(), **_globals())  # fmt: skip


@bp.get("/scorecard/services")
@requires(Permission.VIEW_AGGREGATES)
def services() -> str:
    """Performance measures grouped by service, then by Friedman's three questions."""
    groups = scorecard.build_scorecard(
        db(), partnership_id=_partnership(), today=_today(), viewpoint=current.viewpoint(),
    )  # fmt: skip
    by_service: dict[str, dict[str, list[scorecard.Row]]] = {}
    for row in (r for grp in groups for r in grp.rows if r.measure.level == "performance"):
        kinds = by_service.setdefault(row.measure.service or "Other", {})
        kinds.setdefault(row.measure.kind or "how_much", []).append(row)
    return render_template("outcomes/services.html", title="Service performance",
                           services=dict(sorted(by_service.items())), **_globals())  # fmt: skip


@bp.get("/scorecard/health")
@requires(Permission.VIEW_AGGREGATES)
def health() -> str:
    """Accountability health: is the scorecard being used, not just filled in?"""
    groups = scorecard.build_scorecard(
        db(), partnership_id=_partnership(), today=_today(), viewpoint=current.viewpoint(),
    )  # fmt: skip
    rows = [r for grp in groups for r in grp.rows]
    return render_template("outcomes/health.html", title="Accountability health",
                           health=scorecard.health(rows), rows=rows, **_globals())  # fmt: skip


@bp.get("/scorecard/measures/<measure_id>")
@requires(Permission.VIEW_AGGREGATES)
def measure(measure_id: str) -> str:
    """Turn the curve: history, baseline forecast, target, comparators, notes and actions."""
    page = pages.measure_page(
        db(), measure_id, partnership_id=_partnership(), today=_today(),
        viewpoint=current.viewpoint(),
    )  # fmt: skip
    events = outcomes_timeline.timeline(db(), page, partnership_id=_partnership())
    return render_template(
        "outcomes/measure.html", title=page.row.measure.name, page=page,
        chart=_chart(page, outcomes_timeline.marks(events)), events=events,
        symbol_notes=explain_symbols(page.symbols), today=_today(),
        served=_contracts().get(page.row.measure.id, []), **_globals(),
    )  # fmt: skip


def _chart(page: pages.MeasurePage, events: list[EventMark] | None = None) -> Markup:
    m, lines = page.row.measure, page.lines
    series = [charts.Series("This area", [ln.value for ln in lines], emphasis=True)]
    if any(ln.england is not None for ln in lines):
        series.append(charts.Series("England", [ln.england for ln in lines], kind="comparison"))
    if any(ln.sn_median is not None for ln in lines):
        series.append(charts.Series("Statistical neighbours (median)",
                                    [ln.sn_median for ln in lines], kind="comparison"))  # fmt: skip
    bands = []
    if page.row.baseline:
        series.append(charts.Series("Baseline forecast", [ln.baseline for ln in lines],
                                    kind="forecast"))  # fmt: skip
        bands.append(charts.Band("Forecast range (80%)", [ln.lower for ln in lines],
                                 [ln.upper for ln in lines]))  # fmt: skip
    targets = [charts.TargetPoint(ln.period, ln.target) for ln in lines if ln.target is not None]
    return Markup(charts.line_chart([ln.period for ln in lines], series, title=m.name,
                                    bands=bands, targets=targets, unit=UNIT[m.unit],
                                    decimals=0 if m.unit == "count" else m.decimals,
                                    events=events or ()))  # fmt: skip


@bp.get("/scorecard/measures/<measure_id>.csv")
@requires(Permission.VIEW_AGGREGATES)
def measure_csv(measure_id: str) -> Response:
    """The turn-the-curve table as CSV."""
    page = pages.measure_page(
        db(), measure_id, partnership_id=_partnership(), today=_today(),
        viewpoint=current.viewpoint(),
    )  # fmt: skip
    body = write_csv(pages.csv_rows(page), header=pages.CSV_HEADER)
    return csv_download(body, f"{page.row.measure.key}.csv")


# --- JSON API -------------------------------------------------------------------------------


@bp.get("/api/v1/scorecard")
@requires(Permission.VIEW_AGGREGATES)
def api_scorecard() -> Response:
    """The scorecard as JSON for partners' own tools."""
    return jsonify(
        api.scorecard_json(
            db(),
            partnership_id=_partnership(),
            today=_today(),
            viewpoint=current.viewpoint(),
        )  # fmt: skip
    )


@bp.get("/api/v1/scorecard/measures/<key>")
@requires(Permission.VIEW_AGGREGATES)
def api_measure(key: str) -> Response:
    """One measure's series, targets and baseline as JSON."""
    return jsonify(
        api.measure_json(
            db(),
            key,
            partnership_id=_partnership(),
            today=_today(),
            viewpoint=current.viewpoint(),
        )  # fmt: skip
    )


outcomes_edit.attach(bp)


def register(app: Flask) -> None:
    """Attach this blueprint (reading, the JSON API and the editing routes)."""
    app.register_blueprint(bp)
