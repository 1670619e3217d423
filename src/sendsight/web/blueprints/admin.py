"""Partnership administration: invite users, change roles, deactivate, search the audit log.

Every page needs ``Permission.ADMIN``; an administrator manages only their own partnership, so
asking for a user in another partnership is "page not found".
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from werkzeug.wrappers import Response
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from sendsight.access import accounts, grants, queries
from sendsight.access.audit import (
    AuditFilter,
    AuditPage,
    audit_csv,
    list_audit,
    record,
    search_audit,
)
from sendsight.access.audit_actions import AUDIT_ACTIONS
from sendsight.access.grants import GrantRules, RoleChangeRefused
from sendsight.access.models import RoleGrant, User
from sendsight.access.permissions import Permission
from sendsight.access.roles import ROLE_DESCRIPTIONS, Role
from sendsight.core.errors import InputRejected, NotFound
from sendsight.notify import outbox, sending
from sendsight.web import current
from sendsight.web.access import requires
from sendsight.web.blueprints.auth import now
from sendsight.web.db import db
from sendsight.web.paging import page_arg

bp = Blueprint("admin", __name__, url_prefix="/admin")
EMAIL_TOO_LONG = "Email address must be 254 characters or fewer"
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ROLE_CHOICES = [SelectChoice(role.value, role.value.capitalize()) for role in Role]
WAITS = " Giving this role needs another administrator's approval."


def _rules() -> GrantRules:
    settings = current.settings()
    return GrantRules(
        second_admin=settings.case_role_grants_need_second_admin,
        valid_for=timedelta(days=settings.role_grant_valid_days),
    )


def _role_items() -> list[dict[str, Any]]:
    """The role radios, each with what it allows and whether it waits for a second admin."""
    rules = _rules()
    hints = {r: ROLE_DESCRIPTIONS[r] + (WAITS if rules.needs_approval(r) else "") for r in Role}
    return [
        {"value": role.value, "text": role.value.capitalize(), "hint": {"text": hints[role]}}
        for role in Role
    ]


def _valid_email(_form: Any, field: StringField) -> None:
    if not EMAIL_PATTERN.match((field.data or "").strip()):
        raise ValidationError("Enter an email address in the correct format, like name@example.com")


class InviteForm(FlaskForm):  # type: ignore[misc]
    """Who to invite, for which organisation, in which role."""

    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the person's full name"),
            Length(max=200, message="Name must be 200 characters or fewer"),
        ],
    )
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the person's email address"),
            Length(max=254, message=EMAIL_TOO_LONG),
            _valid_email,
        ],
    )
    organisation = SelectField(
        "Organisation",
        widget=GovSelect(),
        validators=[InputRequired("Select the person's organisation")],
    )
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=ROLE_CHOICES,
        validators=[InputRequired("Select a role")],
    )
    submit = SubmitField("Invite user", widget=GovSubmitInput())


class RoleForm(FlaskForm):  # type: ignore[misc]
    """A new role for an existing user."""

    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=ROLE_CHOICES,
        validators=[InputRequired("Select a role")],
    )
    submit = SubmitField("Change role", widget=GovSubmitInput())


class ButtonForm(FlaskForm):  # type: ignore[misc]
    """A form that is only a button (and its CSRF token)."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


def _valid_date(_form: Any, field: StringField) -> None:
    try:
        date.fromisoformat((field.data or "").strip())
    except ValueError as exc:
        raise ValidationError("Enter a date as YYYY-MM-DD, for example 2025-01-31") from exc


class AuditSearchForm(FlaskForm):  # type: ignore[misc]
    """Filters for the audit log (sent by GET, so no CSRF token)."""

    class Meta:
        csrf = False

    actor = StringField(
        "Who (email address or part of it)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=254)],
    )
    action = SelectField(
        "What",
        widget=GovSelect(),
        choices=[SelectChoice("", "Any action"), *(SelectChoice(a) for a in AUDIT_ACTIONS)],
        validators=[Optional()],
    )
    object_type = StringField("Record type", widget=GovTextInput(), validators=[Optional()])
    object_id = StringField("Record id", widget=GovTextInput(), validators=[Optional()])
    from_on = StringField(
        "From (YYYY-MM-DD)", widget=GovTextInput(), validators=[Optional(), _valid_date]
    )
    to_on = StringField(
        "To (YYYY-MM-DD)", widget=GovTextInput(), validators=[Optional(), _valid_date]
    )
    submit = SubmitField("Search", widget=GovSubmitInput())

    def criteria(self) -> AuditFilter:
        """The filter these answers describe."""
        return AuditFilter(
            actor=(self.actor.data or "").strip() or None,
            action=self.action.data or None,
            object_type=(self.object_type.data or "").strip() or None,
            object_id=(self.object_id.data or "").strip() or None,
            from_on=date.fromisoformat(self.from_on.data.strip()) if self.from_on.data else None,
            to_on=date.fromisoformat(self.to_on.data.strip()) if self.to_on.data else None,
        )


@bp.get("/")
@requires(Permission.ADMIN)
def index() -> str:
    """Administration start page."""
    waiting = grants.list_waiting(db(), actor=current.principal(), now=now())
    return render_template("admin/index.html", title="Administration", waiting=len(waiting))


@bp.get("/users")
@requires(Permission.ADMIN)
def users() -> str:
    """Everyone with an account in this partnership."""
    people = queries.list_users(session=db(), partnership_id=current.principal().partnership_id)
    return render_template("admin/users.html", title="Users", users=people)


@bp.route("/users/invite", methods=["GET", "POST"])
@requires(Permission.ADMIN)
def invite() -> str:
    """Invite someone: their account is made now and they choose a password from the link."""
    form = InviteForm()
    organisations = queries.list_organisations(
        session=db(), partnership_id=current.principal().partnership_id
    )
    form.organisation.choices = [SelectChoice("", "Choose an organisation")] + [
        SelectChoice(o.id, o.name) for o in organisations
    ]
    if form.validate_on_submit():
        try:
            return _invite(form)
        except InputRejected as rejected:
            form.email.errors = [rejected.summary]
    return render_template(
        "admin/invite.html",
        title="Invite a user",
        form=form,
        role_items=_role_items(),
        error_title_prefix=bool(form.errors),
    )


def _invite(form: InviteForm) -> str:
    organisation = queries.get_organisation(session=db(), organisation_id=form.organisation.data)
    if organisation.partnership_id != current.principal().partnership_id:
        abort(404)
    user, token, grant = grants.invite(
        db(),
        actor=current.principal(),
        email=form.email.data,
        name=form.name.data,
        organisation=organisation,
        role=Role(form.role.data),
        valid_for=timedelta(hours=current.settings().invitation_valid_hours),
        rules=_rules(),
        now=now(),
    )
    _email_invitation(user, token)
    db().commit()
    return _show_link(user, token, grant)


def _email_invitation(user: User, token: str) -> None:
    settings = current.settings()
    outbox.queue_invitation(
        db(),
        user=user,
        token=token,
        base_url=settings.public_base_url,
        valid_hours=settings.invitation_valid_hours,
    )


def _show_link(user: User, token: str, grant: RoleGrant | None = None) -> str:
    """Where mail is sent, say so (the link is in the email only); where it is kept in the
    outbox, show the link as well."""
    if sending.sends_mail(db(), current.settings()):
        hours = current.settings().invitation_valid_hours
        return render_template(
            "mail/invitation_sent.html",
            title="Invitation sent",
            user=user,
            hours=hours,
            grant=grant,
        )
    link = url_for("auth.set_password", token=token, _external=True)
    return render_template(
        "admin/invited.html",
        title="Invitation link",
        user=user,
        link=link,
        hours=current.settings().invitation_valid_hours,
        grant=grant,
    )


def _user_in_partnership(user_id: str) -> User:
    try:
        user = queries.get_user(session=db(), user_id=user_id)
    except NotFound:
        abort(404)
    if user.organisation.partnership_id != current.principal().partnership_id:
        abort(404)
    return user


@bp.get("/users/<user_id>")
@requires(Permission.ADMIN)
def user(user_id: str) -> str:
    """One user's account: role, status, and what can be changed."""
    person = _user_in_partnership(user_id)
    return _user_page(person, RoleForm(data={"role": person.role}))


def _user_page(person: User, form: RoleForm) -> str:
    return render_template(
        "admin/user.html",
        title=person.name,
        person=person,
        form=form,
        button=ButtonForm(),
        role_items=_role_items(),
        waiting=grants.waiting_for(db(), user=person, now=now()),
        is_self=person.id == current.principal().id,
        error_title_prefix=bool(form.errors),
    )


@bp.post("/users/<user_id>/role")
@requires(Permission.ADMIN)
def change_role(user_id: str) -> Response | str:
    """Give a user another role."""
    person = _user_in_partnership(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _user_page(person, form)
    role = Role(form.role.data)
    try:
        grant = grants.change_role(
            db(), actor=current.principal(), user=person, role=role, rules=_rules(), now=now()
        )
    except RoleChangeRefused as refused:
        db().commit()  # keeps the refusal in the audit log
        flash(str(refused), "error")
        return redirect(url_for("admin.user", user_id=user_id))
    db().commit()
    if grant is not None:
        flash(f"{person.name} will be {role} when another administrator approves it.", "success")
    else:
        flash(f"{person.name} is now {role}.", "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/users/<user_id>/deactivate")
@requires(Permission.ADMIN)
def deactivate(user_id: str) -> Response:
    """Stop a user signing in (and end their sessions)."""
    return _set_active(user_id, active=False)


@bp.post("/users/<user_id>/reactivate")
@requires(Permission.ADMIN)
def reactivate(user_id: str) -> Response:
    """Let a deactivated user sign in again."""
    return _set_active(user_id, active=True)


def _set_active(user_id: str, *, active: bool) -> Response:
    person = _user_in_partnership(user_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        accounts.set_active(db(), actor=current.principal(), user=person, active=active)
    except InputRejected as rejected:
        flash(rejected.summary, "error")
        return redirect(url_for("admin.user", user_id=user_id))
    db().commit()
    flash(f"{person.name} has been {'reactivated' if active else 'deactivated'}.", "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/users/<user_id>/invitation")
@requires(Permission.ADMIN)
def reinvite(user_id: str) -> str:
    """Make a new invitation link (the old one stops working)."""
    person = _user_in_partnership(user_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    token = accounts.reissue_invitation(
        db(),
        actor=current.principal(),
        user=person,
        valid_for=timedelta(hours=current.settings().invitation_valid_hours),
    )
    _email_invitation(person, token)
    db().commit()
    return _show_link(person, token)


@bp.get("/audit")
@requires(Permission.ADMIN)
def audit() -> str:
    """Search the audit log."""
    form = AuditSearchForm(formdata=request.args)
    valid = form.validate() if request.args else True
    results = None
    if valid:
        number = page_arg()
        results = search_audit(
            db(), form.criteria(), partnership_id=current.principal().partnership_id, page=number
        )
    query = {k: v for k, v in request.args.items() if k not in ("page", "submit") and v}
    return render_template(
        "admin/audit.html",
        title="Audit log",
        form=form,
        results=results,
        query=query,
        pager=_pager(results, query),
        error_title_prefix=not valid,
    )


def _pager(results: AuditPage | None, query: dict[str, str]) -> dict[str, Any] | None:
    if results is None or results.pages <= 1:
        return None

    def link(number: int) -> dict[str, Any]:
        values: dict[str, Any] = {**query, "page": number}
        return {"href": url_for("admin.audit", **values)}

    pager: dict[str, Any] = {
        "items": [
            {"number": n, "current": n == results.page, **link(n)}
            for n in range(max(1, results.page - 3), min(results.pages, results.page + 3) + 1)
        ]
    }
    if results.page > 1:
        pager["previous"] = link(results.page - 1)
    if results.page < results.pages:
        pager["next"] = link(results.page + 1)
    return pager


@bp.get("/audit.csv")
@requires(Permission.ADMIN)
def audit_export() -> Response:
    """Download the matching audit entries as CSV (the download is itself audited)."""
    form = AuditSearchForm(formdata=request.args)
    if request.args and not form.validate():
        abort(400)
    criteria = form.criteria()
    events = list_audit(db(), criteria, partnership_id=current.principal().partnership_id)
    body = audit_csv(events)
    record(
        db(),
        actor=current.principal(),
        action="audit.export",
        object_type="audit",
        detail={"filters": {k: v for k, v in request.args.items() if v}, "rows": len(events)},
        ip=request.remote_addr,
    )
    db().commit()
    response = current_app.response_class(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=audit-log.csv"
    response.headers["Cache-Control"] = "no-store"
    return response


def register(app: Flask) -> None:
    """Attach this blueprint (and the role changes waiting for approval)."""
    from sendsight.web.blueprints import admin_roles

    app.register_blueprint(bp)
    admin_roles.register(app)
