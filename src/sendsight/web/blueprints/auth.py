"""Signing in and out, setting a password from an invitation, and single sign-on.

Also loads the signed-in user for every request: the session cookie holds only the user's id,
their session version and when they were last seen, so "sign out everywhere", deactivation and
a password change end every session at once, and ``session_idle_minutes`` without a request ends
one too. Signing out (a POST from the header's button) ends this browser's session only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from sendsight.access import accounts, oidc, queries, sessions
from sendsight.access.audit import NamedActor, record
from sendsight.access.passwords import MAX_PASSWORD_LENGTH, hasher, password_problem
from sendsight.access.permissions import Permission
from sendsight.access.principal import Principal
from sendsight.access.signin import FailureWindow, LockoutRule, Outcome, authenticate
from sendsight.config import Settings
from sendsight.core.errors import NotFound
from sendsight.db.base import utcnow
from sendsight.web import current
from sendsight.web.access import requires
from sendsight.web.db import db
from sendsight.web.redirects import safe_redirect_target

bp = Blueprint("auth", __name__)
CLOCK_KEY = "sendsight.clock"
THROTTLE_KEY = "sendsight.sign_in_failures"
SEEN_REFRESH_SECONDS = 60
WRONG_CREDENTIALS = "Enter a correct email address and password"
PENDING_SSO = "oidc_pending"
RESET_THROTTLE_KEY = "sendsight.reset_requests"
# Reset emails asked for from one network address in RESET_WINDOW before it is told to wait.
RESET_REQUESTS_PER_ADDRESS = 10
RESET_WINDOW = timedelta(minutes=15)


def now() -> datetime:
    """The current time for this app (tests put a controllable clock in ``app.extensions``)."""
    clock: Callable[[], datetime] = current_app.extensions.get(CLOCK_KEY, utcnow)
    return clock()


def _ph() -> Any:
    settings = current.settings()
    return hasher(settings.argon2_time_cost, settings.argon2_memory_kib)


def client_ip() -> str:
    """The requesting address (the client's, behind ``trusted_proxy_hops`` reverse proxies)."""
    return request.remote_addr or "unknown"


class SignInForm(FlaskForm):  # type: ignore[misc]
    """Email and password."""

    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter your email address"),
            Length(max=254, message=WRONG_CREDENTIALS),
        ],
    )
    password = PasswordField(
        "Password", widget=GovPasswordInput(), validators=[InputRequired("Enter your password")]
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class SetPasswordForm(FlaskForm):  # type: ignore[misc]
    """A new password, typed twice."""

    password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter a new password")],
    )
    confirm = PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired("Enter the new password again"),
            EqualTo("password", "Enter the same password twice"),
        ],
    )
    submit = SubmitField("Save password", widget=GovSubmitInput())

    def __init__(self, email: str, min_length: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._email = email
        self._min_length = min_length

    def validate_password(self, field: PasswordField) -> None:
        """NCSC-style rules: long enough, not common, not the email address."""
        problem = password_problem(field.data or "", self._email, self._min_length)
        if problem:
            raise ValidationError(problem)


def load_current_user() -> None:
    """Set ``g.current_user`` (a :class:`Principal` or None) from the session cookie."""
    g.current_user = None
    user_id = session.get("uid")
    if request.endpoint == "static" or not isinstance(user_id, str):
        return
    moment = now()
    seen = session.get("seen")
    idle = timedelta(minutes=current.settings().session_idle_minutes)
    if not isinstance(seen, int | float) or moment.timestamp() - seen > idle.total_seconds():
        _end_session(
            "You were signed out because you had not used the service for "
            f"{current.settings().session_idle_minutes} minutes. Sign in again."
        )
        return
    started, session_id = session.get("start"), session.get("sid")
    limit = timedelta(hours=current.settings().session_absolute_hours)
    too_old = (
        moment.timestamp() - started >= limit.total_seconds()
        if isinstance(started, int | float)
        else True
    )
    if too_old:
        _end_session("You were signed out because you signed in a long time ago. Sign in again.")
        return
    holder = (
        sessions.holder(db(), user_id=user_id, session_id=session_id)
        if isinstance(session_id, str)
        else None
    )
    if (
        holder is None
        or holder.ended
        or not holder.active
        or holder.session_version != session.get("ver")
    ):
        _end_session("You have been signed out. Sign in again.")
        return
    g.current_user = holder.principal
    g.is_demo = holder.demo
    if moment.timestamp() - seen >= SEEN_REFRESH_SECONDS:
        session["seen"] = int(moment.timestamp())


def _end_session(message: str) -> None:
    session.clear()
    flash(message, "signed_out")


def _start_session(user_id: str, version: int) -> None:
    session.clear()
    session.permanent = True
    session["uid"] = user_id
    session["ver"] = version
    session["sid"] = sessions.new_session_id()
    session["seen"] = session["start"] = int(now().timestamp())


def _safe_next() -> str:
    return safe_redirect_target(request.args.get("next"), url_for("core.home"))


def _throttle() -> FailureWindow:
    window: FailureWindow = current_app.extensions[THROTTLE_KEY]
    return window


@bp.route("/sign-in", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
def sign_in() -> Response | str | tuple[str, int]:
    """Sign in with an email address and password."""
    if g.current_user is not None and request.method == "GET":
        return redirect(_safe_next())
    form = SignInForm()
    if form.validate_on_submit():
        if _throttle().blocked(client_ip(), now()):
            record(
                db(),
                actor=NamedActor(email=form.email.data[:254]),
                action="sign_in.throttled",
                ip=client_ip(),
            )
            db().commit()
            return _too_many_attempts()
        response = _attempt(form)
        if response is not None:
            return response
    return _render_sign_in(form)


def _attempt(form: SignInForm) -> Response | None:
    settings = current.settings()
    rule = LockoutRule(
        settings.sign_in_max_failures, timedelta(minutes=settings.sign_in_lockout_minutes)
    )
    result = authenticate(
        db(),
        email=form.email.data,
        password=form.password.data or "",
        ph=_ph(),
        rule=rule,
        now=now(),
        ip=client_ip(),
    )
    if result.outcome is not Outcome.SUCCESS or result.user is None:
        _throttle().add_failure(client_ip(), now())
        db().commit()
        # One message whatever went wrong, so the page never says which accounts exist.
        form.email.errors = [WRONG_CREDENTIALS]
        return None
    _start_session(result.user.id, result.user.session_version)
    db().commit()
    return redirect(_safe_next())


def _render_sign_in(form: SignInForm) -> str:
    settings = current.settings()
    return render_template(
        "auth/sign_in.html",
        title="Sign in",
        form=form,
        sso=bool(settings.oidc_issuer),
        max_failures=settings.sign_in_max_failures,
        lockout_minutes=settings.sign_in_lockout_minutes,
        error_title_prefix=bool(form.errors),
    )


def _too_many_attempts() -> tuple[str, int]:
    minutes = current.settings().sign_in_ip_window_minutes
    page = render_template(
        "errors/429.html",
        title="Too many attempts",
        detail=f"There have been too many failed attempts to sign in from "
        f"your network. Wait {minutes} minutes, then try again.",
    )
    return page, 429


class ButtonForm(FlaskForm):  # type: ignore[misc]
    """A button that changes something: only its CSRF token is checked."""


@bp.get("/sign-out")
@requires(Permission.PUBLIC)
def sign_out_page() -> Response | str:
    """Ask before signing out: a link (or another site) must not sign anyone out."""
    if g.current_user is None:
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/sign_out.html", title="Sign out", form=ButtonForm())


@bp.post("/sign-out")
@requires(Permission.PUBLIC)
def sign_out() -> Response:
    """Sign out of this browser: other devices the person is signed in on stay signed in."""
    _end_this_session("sign_out", "You have been signed out.")
    return redirect(url_for("auth.sign_in"))


@bp.get("/account")
@requires(Permission.OWN_ACCOUNT)
def account() -> str:
    """Who is signed in, and a way to sign out on every device."""
    return render_template("auth/account.html", title="Your account", form=ButtonForm())


@bp.post("/account/sign-out-everywhere")
@requires(Permission.OWN_ACCOUNT)
def sign_out_everywhere() -> Response:
    """End every session of this person: any copy of any of their cookies stops working."""
    principal: Principal = g.current_user
    accounts.end_sessions(queries.get_user(session=db(), user_id=principal.id))
    _end_this_session("sign_out.everywhere", "You have been signed out on every device.")
    return redirect(url_for("auth.sign_in"))


def _end_this_session(action: str, message: str) -> None:
    principal: Principal | None = g.current_user
    session_id, started = session.get("sid"), session.get("start")
    if principal is not None:
        if isinstance(session_id, str) and isinstance(started, int | float):
            # This session's cookie, and any copy of it, is refused from now on (ADR 0601).
            limit = timedelta(hours=current.settings().session_absolute_hours)
            sessions.end_session(
                db(), session_id=session_id, user_id=principal.id,
                partnership_id=principal.partnership_id, now=now(),
                until=datetime.fromtimestamp(started, UTC) + limit,
            )  # fmt: skip
        record(
            db(),
            actor=principal,
            action=action,
            object_type="user",
            object_id=principal.id,
            ip=client_ip(),
        )
        db().commit()
    session.clear()
    flash(message, "signed_out")


class ForgottenPasswordForm(FlaskForm):  # type: ignore[misc]
    """The email address to send a reset link to."""

    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter your email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )
    submit = SubmitField("Send a reset link", widget=GovSubmitInput())


@bp.route("/forgotten-password", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
def forgotten_password() -> str | tuple[str, int]:
    """Ask for an email with a link to choose a new password (the same answer for any address)."""
    from sendsight.notify.password_reset import request_password_reset

    form = ForgottenPasswordForm()
    if not form.validate_on_submit():
        return render_template(
            "auth/forgotten_password.html",
            title="Reset your password",
            form=form,
            error_title_prefix=bool(form.errors),
        )
    window: FailureWindow = current_app.extensions[RESET_THROTTLE_KEY]
    if window.blocked(client_ip(), now()):
        detail = "There have been too many requests to reset a password from your network."
        page = render_template("errors/429.html", title="Too many attempts", detail=detail)
        return page, 429
    window.add_failure(client_ip(), now())
    email = form.email.data.strip()
    request_password_reset(db(), email=email, settings=current.settings(), now=now())
    db().commit()
    minutes = current.settings().password_reset_valid_minutes
    return render_template(
        "auth/reset_sent.html", title="Check your email", email=email, minutes=minutes
    )


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
def set_password(token: str) -> Response | str:
    """Choose a password from an invitation link (the link works until it expires or is used)."""
    try:
        user = accounts.user_for_invitation(db(), token, now())
    except NotFound:
        abort(404)
    form = SetPasswordForm(user.email, current.settings().password_min_length)
    if form.validate_on_submit():
        accounts.set_password(db(), user=user, password=form.password.data, ph=_ph())
        db().commit()
        session.clear()
        flash("Your password has been saved. Sign in with it now.", "signed_out")
        return redirect(url_for("auth.sign_in"))
    return render_template(
        "auth/set_password.html",
        title="Choose your password",
        form=form,
        email=user.email,
        min_length=current.settings().password_min_length,
        max_length=MAX_PASSWORD_LENGTH,
        error_title_prefix=bool(form.errors),
    )


def _oidc_client() -> oidc.OidcClient:
    settings = current.settings()
    if not settings.oidc_issuer or not settings.oidc_client_id:
        abort(404)
    return oidc.OidcClient(
        settings.oidc_issuer, settings.oidc_client_id, settings.oidc_client_secret
    )


@bp.get("/sign-in/sso")
@requires(Permission.PUBLIC)
def sso_start() -> Response:
    """Send the user to the organisation's identity provider."""
    url, pending = oidc.begin(_oidc_client(), url_for("auth.sso_callback", _external=True))
    session[PENDING_SSO] = {
        "state": pending.state,
        "nonce": pending.nonce,
        "code_verifier": pending.code_verifier,
    }
    return redirect(url)


@bp.get("/sign-in/sso/callback")
@requires(Permission.PUBLIC)
def sso_callback() -> Response | tuple[str, int]:
    """Come back from the identity provider: match the verified email to an invited account."""
    client = _oidc_client()
    saved = session.pop(PENDING_SSO, None)
    if not isinstance(saved, dict):
        return _sso_refused("This sign-in link has already been used or has expired.", None)
    try:
        claims = oidc.complete(
            client,
            redirect_uri=url_for("auth.sso_callback", _external=True),
            params=request.args.to_dict(),
            now=now(),
            pending=oidc.PendingSignIn(**saved),
        )
    except oidc.SingleSignOnFailed as exc:
        return _sso_refused(str(exc), None)
    return _sso_sign_in(claims)


def _sso_sign_in(claims: dict[str, Any]) -> Response | tuple[str, int]:
    email = oidc.email_of(claims)
    user = queries.get_user_by_email_or_none(session=db(), email=email) if email else None
    subject = str(claims.get("sub", ""))
    if user is None or not user.active or (user.oidc_subject not in (None, subject)):
        return _sso_refused(
            "There is no active sendsight account for the account you signed "
            "in with. Ask your partnership administrator to invite you.",
            email,
        )
    user.oidc_subject = subject
    user.last_sign_in_at = now()
    record(
        db(),
        actor=user,
        action="sign_in.success",
        object_type="user",
        object_id=user.id,
        detail={"method": "sso"},
        ip=client_ip(),
    )
    _start_session(user.id, user.session_version)
    db().commit()
    return redirect(url_for("core.home"))


def _sso_refused(reason: str, email: str | None) -> tuple[str, int]:
    record(
        db(),
        actor=NamedActor(email=email or "unknown"),
        action="sign_in.failure",
        detail={"method": "sso", "reason": reason},
        ip=client_ip(),
    )
    db().commit()
    page = render_template(
        "errors/403.html", title="You cannot sign in with that account", detail=reason
    )
    return page, 403


def register(app: Flask) -> None:
    """Attach the blueprint, the user loader and the per-address failure window."""
    settings: Settings = app.config["SENDSIGHT_SETTINGS"]
    app.extensions[THROTTLE_KEY] = FailureWindow(
        limit=settings.sign_in_ip_max_failures,
        window=timedelta(minutes=settings.sign_in_ip_window_minutes),
    )
    app.extensions[RESET_THROTTLE_KEY] = FailureWindow(
        limit=RESET_REQUESTS_PER_ADDRESS, window=RESET_WINDOW
    )
    app.before_request(load_current_user)
    app.register_blueprint(bp)
