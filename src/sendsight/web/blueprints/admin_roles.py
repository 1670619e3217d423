"""Role changes waiting for a second administrator: the list, one request, approve, reject.

A request of another partnership is "page not found". The domain (``sendsight.access.grants``)
refuses an approval by the administrator who asked, or by the person it is about.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from werkzeug.wrappers import Response
from wtforms import StringField, SubmitField
from wtforms.validators import Length, Optional

from sendsight.access import grants
from sendsight.access.grants import RoleChangeRefused
from sendsight.access.models import RoleGrant
from sendsight.access.permissions import Permission
from sendsight.web import current
from sendsight.web.access import requires
from sendsight.web.blueprints.admin import ButtonForm
from sendsight.web.blueprints.auth import now
from sendsight.web.db import db

bp = Blueprint("admin_roles", __name__, url_prefix="/admin/role-changes")
TITLE = "Role changes waiting for approval"


class RejectForm(FlaskForm):  # type: ignore[misc]
    """Turn a request down, optionally saying why."""

    reason = StringField(
        "Reason (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=500, message="Reason must be 500 characters or fewer")],
    )
    submit = SubmitField("Reject", widget=GovSubmitInput())


@bp.get("/")
@requires(Permission.ADMIN)
def waiting() -> str:
    """Every request in this partnership still waiting for a second administrator."""
    found = grants.list_waiting(db(), actor=current.principal(), now=now())
    return render_template(
        "admin/role_changes.html", title=TITLE, grants=found, me=current.principal()
    )


@bp.get("/<grant_id>")
@requires(Permission.ADMIN)
def grant(grant_id: str) -> str:
    """One request: who asked, for whom, and the approve and reject buttons."""
    return _grant_page(
        grants.get_grant(db(), actor=current.principal(), grant_id=grant_id), RejectForm()
    )


@bp.post("/<grant_id>/approve")
@requires(Permission.ADMIN)
def approve(grant_id: str) -> Response:
    """Approve a request: the person gets the role (and signs in again)."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        decided = grants.approve(db(), actor=current.principal(), grant_id=grant_id, now=now())
    except RoleChangeRefused as refused:
        return _refused(refused, grant_id)
    db().commit()
    flash(f"{decided.user.name} is now {decided.role}.", "success")
    return redirect(url_for("admin_roles.waiting"))


@bp.post("/<grant_id>/reject")
@requires(Permission.ADMIN)
def reject(grant_id: str) -> Response | str:
    """Turn a request down: the person's role stays as it is."""
    form = RejectForm()
    if not form.validate_on_submit():
        return _grant_page(
            grants.get_grant(db(), actor=current.principal(), grant_id=grant_id), form
        )
    reason = (form.reason.data or "").strip() or None
    try:
        decided = grants.reject(
            db(), actor=current.principal(), grant_id=grant_id, reason=reason, now=now()
        )
    except RoleChangeRefused as refused:
        return _refused(refused, grant_id)
    db().commit()
    flash(f"The change to {decided.role} for {decided.user.name} was rejected.", "success")
    return redirect(url_for("admin_roles.waiting"))


def _grant_page(found: RoleGrant, form: RejectForm) -> str:
    return render_template(
        "admin/role_change.html",
        title=f"Role change for {found.user.name}",
        grant=found,
        status=grants.status_of(found, now()),
        me=current.principal(),
        button=ButtonForm(),
        form=form,
        error_title_prefix=bool(form.errors),
    )


def _refused(refused: RoleChangeRefused, grant_id: str) -> Response:
    db().commit()  # keeps the refusal in the audit log
    flash(str(refused), "error")
    return redirect(url_for("admin_roles.grant", grant_id=grant_id))


def register(app: Flask) -> None:
    """Attach this blueprint (called by the admin blueprint's ``register``)."""
    app.register_blueprint(bp)
