"""EHC pages: timeliness overview, pinch points, at-risk list, one child's timeline, imports.

Aggregate pages read the fact tables and need ``VIEW_AGGREGATES``; their counts pass through
disclosure control for anyone without case-level access. Case-level pages need ``VIEW_CASES``
for the user's own LA only (another LA's cases are "not found"), show UPN and date of birth only
with ``VIEW_IDENTIFIABLE``, and every view or export of them is written to the audit log.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Flask, Response, abort, render_template, request
from markupsafe import Markup

from sendsight.access import policy
from sendsight.access.audit import record
from sendsight.access.permissions import Permission
from sendsight.core.safe_io import write_csv
from sendsight.ehc import atrisk, pages, queries, timeline
from sendsight.ehc.facts import band_labels
from sendsight.web import at_risk_form, current, params
from sendsight.web.access import requires
from sendsight.web.charts import Series, bar_chart, line_chart
from sendsight.web.db import db
from sendsight.web.downloads import csv_download

bp = Blueprint("ehc", __name__, url_prefix="/ehc")


def _la_code() -> str:
    """The LA asked for (``?la=``), which must be one of the user's; else their first."""
    codes = current.principal().la_codes
    chosen = request.args.get("la", codes[0] if codes else "")
    if chosen not in codes:
        abort(404)
    return chosen


def _csv(rows: list[list[object]] | list[tuple[object, ...]], header: Any, name: str) -> Response:
    return csv_download(write_csv(rows, header=list(header)), name)


def _year(years: list[int]) -> int:
    return params.year_arg("year", years, years[-1] if years else date.today().year)


def _as_of() -> date:
    return params.date_arg("as_of", date.today())


@bp.get("/")
@requires(Permission.VIEW_AGGREGATES)
def overview() -> str:
    """Timeliness by month and year, beside DfE's published figure."""
    la_code, guard = _la_code(), pages.Guard.seen_from(current.viewpoint())
    timeliness = queries.read_facts(session=db(), la_code=la_code, table="timeliness")
    yearly = pages.yearly_rows(timeliness, pages.published_by_year(db(), la_code), guard)
    monthly = pages.monthly_rows(queries.read_facts(session=db(), la_code=la_code,
                                                    table="monthly"), guard,
                                 pages.known_totals(timeliness, guard))  # fmt: skip
    return render_template("ehc/overview.html", title="EHC plan timeliness", la_code=la_code,
                           yearly=yearly, monthly=monthly[-36:], notes=guard.notes(),
                           difference_note=pages.DIFFERENCE_NOTE,
                           year_chart=Markup(_year_chart(yearly)),
                           month_chart=Markup(_month_chart(monthly[-36:])),
                           can_see_cases=_sees_cases(la_code))  # fmt: skip


def _year_chart(yearly: list[dict[str, Any]]) -> str:
    def values(key: str) -> list[float | None]:
        return [_number(r[key]) for r in yearly]

    return line_chart([str(r["year"]) for r in yearly],
                      [Series("Ours (from imported cases)", values("ours_excl")),
                       Series("DfE published", values("published"), "comparison")],
                      title="Plans issued within 20 weeks, excluding exceptions, by year",
                      desc="Our figure beside DfE's published figure; the table below has both.",
                      y_label="Per cent", unit="%", include_zero=True)  # fmt: skip


def _month_chart(monthly: list[dict[str, Any]]) -> str:
    return line_chart([r["month"] for r in monthly],
                      [Series("Within 20 weeks", [r["value"] for r in monthly])],
                      title="Plans issued within 20 weeks, excluding exceptions, by month",
                      desc="Monthly percentage; hidden months are gaps. The table has each value.",
                      y_label="Per cent", unit="%", include_zero=True)  # fmt: skip


def _cell(value: object) -> object:
    """A figure as a number in CSV (so a signed difference is not taken for a formula)."""
    text = str(value).replace(",", "")
    try:
        return int(text)
    except ValueError:
        number = _number(text)
        return text if number is None else number


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _known(la_code: str, guard: pages.Guard) -> pages.KnownTotals:
    """The yearly totals this reader sees on the overview: known margins for other tables."""
    timeliness = queries.read_facts(session=db(), la_code=la_code, table="timeliness")
    return pages.known_totals(timeliness, guard)


@bp.get("/timeliness.csv")
@requires(Permission.VIEW_AGGREGATES)
def overview_csv() -> Response:
    """The yearly timeliness table as shown on the overview."""
    la_code, guard = _la_code(), pages.Guard.seen_from(current.viewpoint())
    yearly = pages.yearly_rows(queries.read_facts(session=db(), la_code=la_code,
                                                  table="timeliness"),
                               pages.published_by_year(db(), la_code), guard)  # fmt: skip
    rows = [[_cell(r[key]) for key, _ in pages.YEARLY_CSV] for r in yearly]
    return _csv(rows, [label for _, label in pages.YEARLY_CSV], f"ehc-timeliness-{la_code}.csv")


@bp.get("/monthly.csv")
@requires(Permission.VIEW_AGGREGATES)
def monthly_csv() -> Response:
    """Plans issued and % within 20 weeks by month, as shown on the overview."""
    la_code, guard = _la_code(), pages.Guard.seen_from(current.viewpoint())
    monthly = pages.monthly_rows(queries.read_facts(session=db(), la_code=la_code,
                                                    table="monthly"), guard,
                                 _known(la_code, guard))  # fmt: skip
    rows = [[r["month"], _cell(r["plans"]), _cell(r["pct"])] for r in monthly]
    return _csv(
        rows,
        ["Month", "Plans issued", "% within 20 weeks excl. exceptions"],
        f"ehc-monthly-{la_code}.csv",
    )


@bp.get("/pinch-points")
@requires(Permission.VIEW_AGGREGATES)
def pinch_points() -> str:
    """How long each stage takes, and how late advice is by agency."""
    la_code, guard = _la_code(), pages.Guard.seen_from(current.viewpoint())
    stages = queries.read_facts(session=db(), la_code=la_code, table="stages")
    advice = queries.read_facts(session=db(), la_code=la_code, table="advice")
    years = sorted(set(stages.get_column("year").to_list()) if stages.height else [])
    year = _year(years)
    known = _known(la_code, guard)
    stage_rows = pages.stage_rows(stages, year, guard, known) if stages.height else []
    advice_rows = pages.advice_rows(advice, year, guard) if advice.height else []
    chart = bar_chart([r["agency"] for r in advice_rows], [r["value"] for r in advice_rows],
                      title=f"Advice returned within 6 weeks by agency, {year}",
                      desc="Percentage of advice returned within 6 weeks; the table has each.",
                      unit="%", sort="none")  # fmt: skip
    return render_template("ehc/pinch_points.html", title="EHC pinch points", la_code=la_code,
                           year=year, years=years, bands=band_labels(), stage_rows=stage_rows,
                           advice_rows=advice_rows, advice_chart=Markup(chart),
                           notes=guard.notes(),
                           can_see_cases=_sees_cases(la_code))  # fmt: skip


@bp.get("/pinch-points.csv")
@requires(Permission.VIEW_AGGREGATES)
def pinch_points_csv() -> Response:
    """The stage-duration table for one year, as shown on the pinch points page."""
    la_code, guard = _la_code(), pages.Guard.seen_from(current.viewpoint())
    stages = queries.read_facts(session=db(), la_code=la_code, table="stages")
    years = sorted(set(stages.get_column("year").to_list()) if stages.height else [])
    year = _year(years)
    shown = pages.stage_rows(stages, year, guard, _known(la_code, guard))
    rows = [[r["stage"], *map(_cell, r["counts"])] for r in shown]
    return _csv(rows, ["Stage", *band_labels()], f"ehc-stages-{la_code}-{year}.csv")


@bp.get("/at-risk")
@requires(Permission.VIEW_CASES)
def at_risk() -> tuple[str, int]:
    """Open requests, their stage and next statutory deadline, filtered and sorted by a GET form
    (case level, audited); a wrong filter value is shown as a form error."""
    la_code = _case_la_code("ehc_at_risk")
    form = at_risk_form.read_form(date.today())
    rows = [] if form.errors else _at_risk_rows(la_code, form)
    if not form.errors:
        _audit("case.view", "ehc_at_risk", la_code, _at_risk_detail(form, rows))
    return render_template("ehc/at_risk.html", title="Requests at risk of missing a deadline",
                           la_code=la_code, form=form, rows=rows, can_see_cases=True,
                           la_codes=current.principal().la_codes, stages=atrisk.STAGES,
                           deadlines=atrisk.DEADLINES, error_title_prefix=bool(form.errors),
                           error_summary=at_risk_form.error_summary(form),
                           ), 400 if form.errors else 200  # fmt: skip


@bp.get("/at-risk.csv")
@requires(Permission.VIEW_CASES)
def at_risk_csv() -> Response:
    """The at-risk list as CSV, with the page's columns, filters and order (case level, audited)."""
    la_code = _case_la_code("ehc_at_risk")
    form = at_risk_form.read_form(date.today())
    form.raise_first()
    rows = _at_risk_rows(la_code, form)
    _audit("case.export", "ehc_at_risk", la_code, _at_risk_detail(form, rows))
    table = [[r[c] for c in atrisk.CSV_COLUMNS] for r in rows]
    return _csv(table, atrisk.CSV_COLUMNS,
                f"ehc-at-risk-{la_code}-{form.as_of.isoformat()}.csv")  # fmt: skip


def _case_la_code(object_type: str) -> str:
    """The LA whose case records are asked for (``?la=``, default the user's first). Another
    LA's, from a forged or stale link, is "not found", and the refusal is audited."""
    codes = current.principal().la_codes
    chosen = request.args.get("la", codes[0] if codes else "")
    if not policy.can_view_cases(current.principal(), chosen):
        known = chosen if chosen.isdigit() and len(chosen) == 3 else None
        _audit("case.refused", object_type, known, {"la": chosen[:20]})
        abort(404)
    return chosen


def _at_risk_rows(la_code: str, form: at_risk_form.AtRiskForm) -> list[dict[str, Any]]:
    requests = queries.load_requests(session=db(), la_code=la_code)
    boundary = current.settings().ehc_deadline_boundary
    frame = atrisk.at_risk(requests, form.as_of, la_code, boundary)
    return atrisk.chosen(frame, form.filters).to_dicts()


def _at_risk_detail(form: at_risk_form.AtRiskForm, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"as_of": form.as_of.isoformat(), "rows": len(rows),
            "filters": form.filter_query()}  # fmt: skip


def _sees_cases(la_code: str) -> bool:
    return policy.can_view_cases(current.principal(), la_code)


def _audit(action: str, object_type: str, la_code: str | None, detail: dict[str, Any],
           object_id: str | None = None) -> None:  # fmt: skip
    record(db(), actor=current.principal(), action=action, object_type=object_type,
           object_id=object_id, la_code=la_code, detail=detail, ip=request.remote_addr)  # fmt: skip
    db().commit()


@bp.get("/cases/<request_id>")
@requires(Permission.VIEW_CASES)
def case(request_id: str) -> str:
    """One child's EHC timeline; UPN and date of birth only for roles that may see them."""
    la_code, as_of = _case_la_code("ehc_request"), _as_of()
    found = queries.get_request(session=db(), la_code=la_code, request_id=request_id)
    identifiable = policy.can_view_identifiable(current.principal(), la_code)
    advice = queries.list_advice_for(session=db(), la_code=la_code, request_id=request_id)
    reviews = queries.list_reviews_for(session=db(), la_code=la_code, person_id=found.person_id)
    steps = timeline.timeline(found, advice, reviews, as_of,
                              current.settings().ehc_deadline_boundary)  # fmt: skip
    _audit("case.view", "ehc_request", la_code, {"identifiable": identifiable}, request_id)
    return render_template("ehc/case.html", title=f"Request {request_id}", la_code=la_code,
                           case=found, steps=steps, as_of=as_of,
                           identifiable=identifiable)  # fmt: skip


@bp.get("/imports")
@requires(Permission.VIEW_AGGREGATES)
def imports() -> str:
    """Each import of case files and its data-quality checks."""
    la_code, guard = _la_code(), pages.Guard.seen_from(current.viewpoint())
    found = queries.list_imports(session=db(), la_code=la_code)
    show_ids = policy.can_view_cases(current.principal(), la_code)
    logged = [{"at": i.imported_at_utc, "source": i.source, "files": ", ".join(i.files),
               "by": i.imported_by, "counts": i.counts,
               "checks": [{**c, "shown": guard.count(c["count"])} for c in i.checks]}
              for i in found[:20]]  # fmt: skip
    if show_ids and any(i["checks"] for i in logged):
        _audit("case.view", "ehc_import", la_code, {"imports": len(logged)})
    return render_template("ehc/imports.html", title="EHC imports and data quality",
                           la_code=la_code, imports=logged, show_ids=show_ids,
                           can_see_cases=show_ids, notes=guard.notes())  # fmt: skip


def register(app: Flask) -> None:
    """Attach this blueprint."""
    app.register_blueprint(bp)
