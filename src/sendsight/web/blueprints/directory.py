"""The Local Offer pages: family search and service pages (public), "you said, we did", the
directory team's queues (stale listings, edits to review, comments) and providers' edits."""

from __future__ import annotations

from datetime import date
from math import ceil
from typing import Any

from flask import Blueprint, Flask, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from sendsight.access.permissions import Permission
from sendsight.core.errors import NotFound, PermissionDenied
from sendsight.directory import family, feedback, freshness, moderation, queries, supply
from sendsight.directory.family import FamilyFilters
from sendsight.web import current, params
from sendsight.web.access import requires
from sendsight.web.db import db
from sendsight.web.paging import page_arg

bp = Blueprint("directory", __name__, url_prefix="/local-offer")


def _viewer() -> str | None:
    principal = current.principal_or_none()
    if principal is not None:
        return principal.partnership_id
    return queries.published_partnership_id(session=db())


def _owner() -> str:
    return current.principal().partnership_id


def _today() -> date:
    return date.today()


def _filters() -> FamilyFilters:
    options = family.choices()
    pick = {k: params.choice_arg(k, [c for c, _ in v] + [""], "") for k, v in options.items()}
    return FamilyFilters(
        words=params.text_arg("q")[:200], need=pick["need"], age=_age(),
        locality=pick["locality"], level=pick["level"], day=pick["day"], time=pick["time"],
        free=params.text_arg("free") == "yes",
    )  # fmt: skip


def _age() -> int | None:
    if not params.text_arg("age"):
        return None
    return params.int_arg("age", 0, low=0, high=25)


@bp.get("/")
@requires(Permission.PUBLIC)
def search() -> str:
    """Search the Local Offer by need, age, place, day, time, cost and words."""
    filters, page = _filters(), page_arg()
    owner = _viewer()
    results, total = (
        family.search(db(), partnership_id=owner, filters=filters, page=page) if owner else ([], 0)
    )
    pages = max(1, ceil(total / family.PER_PAGE))
    return render_template(
        "directory/search.html", title="Find support for children with SEND", filters=filters,
        options=family.choices(), results=results, total=total, published=owner is not None,
        pager=_pager(page, pages),
    )  # fmt: skip


def _pager(page: int, pages: int) -> dict[str, Any] | None:
    if pages <= 1:
        return None
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "page"}

    def href(n: int) -> str:
        return url_for("directory.search", **(args | {"page": n}))

    pager: dict[str, Any] = {"items": [
        {"number": n, "current": n == page, "href": href(n)}
        for n in range(max(1, page - 2), min(pages, page + 2) + 1)
    ]}  # fmt: skip
    if page > 1:
        pager["previous"] = {"href": href(page - 1)}
    if page < pages:
        pager["next"] = {"href": href(page + 1)}
    return pager


@bp.get("/services/<service_id>")
@requires(Permission.PUBLIC)
def service(service_id: str) -> str:
    """A service's page: what it offers, for whom, when, where, cost and how to start."""
    owner = _viewer()
    if owner is None:
        abort(404)
    found = family.service_page(db(), service_id, partnership_id=owner)
    return render_template(
        "directory/service.html",
        title=found.service.name,
        page=found,
        thanks=params.text_arg("thanks") == "1",
    )


@bp.post("/services/<service_id>/feedback")
@requires(Permission.PUBLIC)
def give_feedback(service_id: str) -> Response:
    """ "Is this information right?": keep the comment and tell the team and the provider."""
    owner = _viewer()
    if owner is None:
        abort(404)
    feedback.give(db(), partnership_id=owner, service_id=service_id,
                  body=request.form.get("body", ""), today=_today())  # fmt: skip
    db().commit()
    return redirect(url_for("directory.service", service_id=service_id, thanks=1) + "#feedback")


@bp.get("/you-said-we-did")
@requires(Permission.PUBLIC)
def you_said() -> str:
    """Comments about the Local Offer and what was done about them."""
    owner = _viewer()
    items = feedback.list_feedback(db(), partnership_id=owner, published_only=True) if owner else []
    return render_template("directory/you_said.html", title="You said, we did", items=items)


# --- The directory team -----------------------------------------------------------------------


@bp.get("/manage")
@requires(Permission.MANAGE_DIRECTORY)
def manage() -> str:
    """The team's queues: edits to review, stale listings, comments to answer."""
    owner, today = _owner(), _today()
    return render_template(
        "directory/manage.html", title="Run the Local Offer",
        pending=moderation.list_pending(db(), partnership_id=owner),
        stale=freshness.list_stale(db(), partnership_id=owner, today=today),
        due=freshness.list_due_soon(db(), partnership_id=owner, today=today),
        share=freshness.share_assured(db(), partnership_id=owner, today=today),
        comments=[c for c in feedback.list_feedback(db(), partnership_id=owner)
                  if c.response is None],
        cycle=queries.settings_for(session=db(), partnership_id=owner).review_cycle_months,
    )  # fmt: skip


@bp.get("/manage/reviews/<dir_version_id>")
@requires(Permission.MANAGE_DIRECTORY)
def review(dir_version_id: str) -> str:
    """A provider's change against the listing as it is now."""
    version = moderation.get_version(db(), dir_version_id, partnership_id=_owner())
    return render_template(
        "directory/review.html",
        title="Review a change to a listing",
        version=version,
        differences=moderation.differences(db(), version),
        service=queries.get_service(
            session=db(), service_id=version.service_id, partnership_id=_owner()
        ),
    )


@bp.post("/manage/reviews/<dir_version_id>")
@requires(Permission.MANAGE_DIRECTORY)
def decide(dir_version_id: str) -> Response:
    """Approve or reject a change (a rejection needs a reason)."""
    actor = current.principal()
    if request.form.get("decision") == "approve":
        moderation.approve(db(), actor=actor, version_id=dir_version_id, today=_today())
    else:
        moderation.reject(db(), actor=actor, version_id=dir_version_id,
                          reason=request.form.get("reason", ""))  # fmt: skip
    db().commit()
    return redirect(url_for("directory.manage"))


@bp.post("/manage/services/<service_id>/assure")
@requires(Permission.MANAGE_DIRECTORY)
def assure(service_id: str) -> Response:
    """Record that a listing was checked today and is right."""
    freshness.assure(db(), partnership_id=_owner(), service_id=service_id,
                     by=current.principal().email, today=_today())  # fmt: skip
    db().commit()
    return redirect(url_for("directory.manage"))


@bp.post("/manage/feedback/<dir_feedback_id>")
@requires(Permission.MANAGE_DIRECTORY)
def answer(dir_feedback_id: str) -> Response:
    """Answer a comment and choose whether to publish it."""
    feedback.answer(
        db(), actor=current.principal(), partnership_id=_owner(), feedback_id=dir_feedback_id,
        response=request.form.get("response", ""), publish=request.form.get("publish") == "yes",
        today=_today(),
    )  # fmt: skip
    db().commit()
    return redirect(url_for("directory.manage"))


@bp.get("/supply")
@requires(Permission.VIEW_AGGREGATES)
def needs_and_supply() -> str:
    """Services per need, age band, locality and level against children with that need."""
    view = supply.needs_against_supply(
        db(), principal=current.principal(), viewpoint=current.viewpoint()
    )
    return render_template("directory/supply.html", title="Needs against supply", view=view)


# --- Providers ---------------------------------------------------------------------------------


@bp.get("/your-listings")
@requires(Permission.EDIT_OWN_LISTINGS)
def listings() -> str:
    """The listings a provider's organisation may edit."""
    principal = current.principal()
    return render_template(
        "directory/listings.html", title="Your Local Offer listings",
        services=moderation.list_editable(db(), principal),
    )  # fmt: skip


@bp.get("/your-listings/<service_id>")
@requires(Permission.EDIT_OWN_LISTINGS)
def edit(service_id: str) -> str:
    """The form to change one of your listings (reviewed before it is published)."""
    principal = current.principal()
    found = queries.get_service(
        session=db(), service_id=service_id, partnership_id=principal.partnership_id
    )
    if not moderation.may_edit(db(), principal, found):
        raise NotFound(f"No listing {service_id}")
    return render_template(
        "directory/edit.html", title=f"Change {found.name}", service=found,
        fields=moderation.fields_of(found),
        versions=moderation.list_versions(db(), partnership_id=principal.partnership_id,
                                          service_id=found.id),
    )  # fmt: skip


@bp.post("/your-listings/<service_id>")
@requires(Permission.EDIT_OWN_LISTINGS)
def propose(service_id: str) -> Response:
    """Send a change to one of your listings for review."""
    changes = {k: request.form[k] for k in moderation.EDITABLE if k in request.form}
    try:
        moderation.submit(db(), principal=current.principal(), service_id=service_id,
                          changes=changes)  # fmt: skip
    except PermissionDenied:
        raise NotFound(f"No listing {service_id}") from None
    db().commit()
    return redirect(url_for("directory.listings"))


def register(app: Flask) -> None:
    """Attach this blueprint."""
    app.register_blueprint(bp)
