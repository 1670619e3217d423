"""Preparing for adulthood: the cohort page (figures after disclosure control for everyone
without case access), young people's records (case roles only, every view audited), a form to
record a review and a CSV import."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Flask, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from sendsight.access.permissions import Permission
from sendsight.access.roles import has_permission
from sendsight.adulthood import codes, imports, pages, service
from sendsight.core.errors import InputRejected, NotFound
from sendsight.core.safe_io import read_upload
from sendsight.web import adulthood_views, current
from sendsight.web.access import requires
from sendsight.web.db import db
from sendsight.web.downloads import csv_download
from sendsight.web.paging import page_arg
from sendsight.web.params import choice_arg

bp = Blueprint("adulthood", __name__, url_prefix="/adulthood")
WORDS: dict[str, Any] = {
    "pathways": codes.PATHWAYS,
    "progress": codes.PROGRESS,
    "areas": codes.AREAS,
    "themes": codes.THEMES,
    "ceased_reasons": codes.CEASED_REASONS,
}
KINDS = tuple(imports.COLUMNS)


def _today() -> date:
    return date.today()


def _cohort() -> pages.CohortView:
    return pages.cohort_view(db(), principal=current.principal(), viewpoint=current.viewpoint())


@bp.get("/")
@requires(Permission.VIEW_AGGREGATES)
def index() -> str:
    """The cohort page: young people aged 14 to 25, flags, destinations, internships and the
    commissioning signal."""
    user = current.principal()
    view = _cohort()
    return render_template(
        "adulthood/index.html",
        title="Preparing for adulthood",
        view=view,
        figures=adulthood_views.cohort_figures(view),
        benchmark=adulthood_views.neet_benchmark(db(), view.la_code),
        may_list=has_permission(user, Permission.VIEW_CASES),
        may_import=has_permission(user, Permission.IMPORT_CASES),
        published=pages.published_indicators(),
    )


@bp.get("/cohort.csv")
@requires(Permission.VIEW_AGGREGATES)
def cohort_csv() -> Response:
    """Every table of the cohort page as one CSV file."""
    return csv_download(adulthood_views.cohort_csv(_cohort()), "preparing-for-adulthood.csv")


@bp.get("/young-people")
@requires(Permission.VIEW_CASES)
def young_people() -> str:
    """The young people aged 14 to 25 with a plan (case roles; the view is audited)."""
    page = page_arg()
    listed = pages.young_people_list(
        db(), principal=current.principal(), today=_today(), ip=request.remote_addr, page=page
    )
    if page > listed.pages:
        abort(404)
    db().commit()
    return render_template(
        "adulthood/young_people.html", title="Young people", listed=listed, pager=_pager(listed)
    )


def _pager(listed: pages.PersonPage) -> dict[str, Any] | None:
    if listed.pages <= 1:
        return None

    def href(n: int) -> str:
        return url_for("adulthood.young_people", page=n)

    # GOV.UK pagination for many pages: the first, the last, and those next to this one.
    near = sorted({1, listed.page - 1, listed.page, listed.page + 1, listed.pages})
    items: list[dict[str, Any]] = []
    for n in (n for n in near if 1 <= n <= listed.pages):
        if items and n > items[-1]["number"] + 1:
            items.append({"ellipsis": True, "number": n - 1})
        items.append({"number": n, "current": n == listed.page, "href": href(n)})
    pager: dict[str, Any] = {"items": items}
    if listed.page > 1:
        pager["previous"] = {"href": href(listed.page - 1)}
    if listed.page < listed.pages:
        pager["next"] = {"href": href(listed.page + 1)}
    return pager


@bp.get("/young-people/<young_person_id>")
@requires(Permission.VIEW_CASES)
def young_person(young_person_id: str) -> str:
    """One young person's record: aspirations, goals, destinations statement over time,
    activities and internships (the view is audited)."""
    try:
        view = pages.young_person_view(
            db(),
            young_person_id,
            principal=current.principal(),
            today=_today(),
            ip=request.remote_addr,
        )
    except NotFound:
        abort(404)
    db().commit()
    user = current.principal()
    return render_template(
        "adulthood/young_person.html",
        title=f"Young person {view.person.person_id}",
        view=view,
        may_edit=has_permission(user, Permission.EDIT_ADULTHOOD),
        **WORDS,
    )


@bp.route("/young-people/<young_person_id>/reviews/new", methods=["GET", "POST"])
@requires(Permission.EDIT_ADULTHOOD)
def new_review(young_person_id: str) -> str | Response:
    """Record the preparing-for-adulthood part of an annual review."""
    form = {k: v.strip() for k, v in request.form.items() if k != "csrf_token"}
    problems: dict[str, str] = {}
    if request.method == "POST":
        try:
            service.record_review(
                db(),
                young_person_id,
                form,
                principal=current.principal(),
                today=_today(),
                ip=request.remote_addr,
            )
            db().commit()
            return redirect(url_for("adulthood.young_person", young_person_id=young_person_id))
        except InputRejected as exc:
            db().rollback()
            problems = {str(p.column or "review_on"): p.message for p in exc.problems}
        except NotFound:
            abort(404)
    return _review_form(young_person_id, form, problems)


def _review_form(young_person_id: str, form: dict[str, str], problems: dict[str, str]) -> str:
    try:
        view = pages.young_person_view(
            db(),
            young_person_id,
            principal=current.principal(),
            today=_today(),
            ip=request.remote_addr,
        )
    except NotFound:
        abort(404)
    return render_template(
        "adulthood/review_form.html",
        title="Record a preparing-for-adulthood review",
        view=view,
        form=form,
        problems=problems,
        error_list=[{"text": m, "href": f"#{name}"} for name, m in problems.items()],
        errors={name: {"text": m} for name, m in problems.items()},
        **WORDS,
        theme_items=_items(codes.THEMES, form.get("aspiration_theme"), blank=True),
        pathway_items=_items(codes.PATHWAYS, form.get("pathway"), mark="checked"),
        progress_items={
            area: _items(codes.PROGRESS, form.get(f"{area}_progress"), blank=True)
            for area in codes.AREAS
        },
    )


def _items(
    labels: dict[str, str], chosen: str | None, *, mark: str = "selected", blank: bool = False
) -> list[dict[str, object]]:
    items: list[dict[str, object]] = [{"value": "", "text": "Choose"}] if blank else []
    return items + [{"value": k, "text": v, mark: k == chosen} for k, v in labels.items()]


@bp.route("/import", methods=["GET", "POST"])
@requires(Permission.IMPORT_CASES)
def import_records() -> str:
    """Import reviews, activities or supported internships from a CSV file (all or nothing)."""
    user = current.principal()
    kind = choice_arg("kind", KINDS, "reviews") if request.method == "GET" else ""
    problems: list[str] = []
    result = None
    if request.method == "POST":
        kind = request.form.get("kind", "")
        upload = request.files.get("file")
        try:
            if upload is None or not upload.filename:
                raise InputRejected([], "Select a CSV file")
            sniffed = read_upload(upload.read(), upload.filename, allowed=("csv",))
            la_code = user.la_codes[0] if user.la_codes else ""
            result = service.import_file(
                db(),
                sniffed.text or "",
                principal=user,
                la_code=la_code,
                kind=kind,
                filename=upload.filename,
                today=_today(),
                ip=request.remote_addr,
            )
            db().commit()
        except InputRejected as exc:
            db().rollback()
            problems = [str(p) for p in exc.problems] or [exc.summary]
    return render_template(
        "adulthood/import.html",
        title="Import preparing-for-adulthood records",
        kind=kind,
        kinds=KINDS,
        columns=imports.COLUMNS,
        problems=problems,
        result=result,
        kind_items=_items({k: k.capitalize() for k in KINDS}, kind),
    )


def register(app: Flask) -> None:
    """Attach this blueprint."""
    app.register_blueprint(bp)
