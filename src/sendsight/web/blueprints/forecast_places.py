"""Specialist places: the LA's places as entered, their import and their editing (routes on
the ``forecasts`` blueprint). Only people who hold ``IMPORT_DATA`` and work for the LA may
change them."""

from __future__ import annotations

from typing import Any

import polars as pl
from flask import (
    abort,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput, GovTextInput
from werkzeug.wrappers import Response as BaseResponse
from wtforms import StringField, SubmitField
from wtforms.validators import Length

from sendsight.access.audit import record
from sendsight.access.permissions import Permission
from sendsight.access.roles import has_permission
from sendsight.core.errors import InputRejected, PermissionDenied
from sendsight.core.safe_io import read_upload
from sendsight.forecasting import queries, report
from sendsight.forecasting.capacity_files import MAX_NOTE, row_problems
from sendsight.forecasting.capacity_import import import_capacity
from sendsight.forecasting.models import PlaceCapacity
from sendsight.reference.codes import need_label, placement_label
from sendsight.web import current
from sendsight.web.access import requires
from sendsight.web.blueprints.forecasts import bp
from sendsight.web.db import db


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


def _partnership_id() -> str:
    """The signed-in person's partnership: places are read only from its own rows."""
    return current.principal().partnership_id


def may_enter(la_code: str) -> bool:
    """True when the signed-in person may import or change places for ``la_code``: they hold
    ``IMPORT_DATA`` and work for that LA (or a partnership covering it)."""
    user = current.principal_or_none()
    return (
        user is not None
        and has_permission(user, Permission.IMPORT_DATA)
        and la_code in user.la_codes
    )


def _audit(action: str, object_id: str, la_code: str | None, detail: dict[str, Any]) -> None:
    record(db(), actor=current.principal(), action=f"forecast.capacity.{action}",
           object_type="forecast_capacity", object_id=object_id, la_code=la_code,
           detail=detail, ip=request.remote_addr)  # fmt: skip


def capacity_notes(capacity: pl.DataFrame | None) -> list[str]:
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
        rows=queries.list_capacity(session=db(), la_code=la_code, partnership_id=_partnership_id()),
        may_enter=may_enter(la_code),
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
            reader = current.principal()
            summary = import_capacity(db(), sniffed.text or "", filename=sniffed.filename,
                                      la_codes=reader.la_codes, actor=reader,
                                      partnership_id=reader.partnership_id,
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
    row = queries.get_capacity(session=db(), row_id=row_id, partnership_id=_partnership_id())
    if not may_enter(row.la_code):
        raise PermissionDenied("You can only change places for an LA you work for")
    form = CapacityEditForm(data={"places": str(row.places), "note": row.note})
    if form.validate_on_submit() and _checked_places(form, row):
        change = queries.update_capacity(
            session=db(),
            row=row,
            places=int(form.places.data),
            note=(form.note.data or "").strip(),
            updated_by=current.principal().email,
        )
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
