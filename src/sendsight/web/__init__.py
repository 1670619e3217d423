"""The web application: GOV.UK Frontend pages over the sendsight domains."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader, Undefined
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.middleware.proxy_fix import ProxyFix

from sendsight.config import Settings, get_settings, require_safe_secret
from sendsight.core.rounding import format_number
from sendsight.db.session import session_factory
from sendsight.web.db import init_db
from sendsight.web.errors import init_errors
from sendsight.web.security import init_security_headers
from sendsight.web.wording import init_wording
from sendsight.wiring import wire

STATIC_DIR = Path(__file__).parent / "static"


def create_app(
    settings: Settings | None = None, *, sessions: sessionmaker[Session] | None = None
) -> Flask:
    """Build the app for ``settings`` (default: the environment's) and a session factory."""
    settings = settings or get_settings()
    require_safe_secret(settings)
    wire()
    app = Flask(__name__, static_folder=str(STATIC_DIR), static_url_path="/static")
    _configure(app, settings)
    if sessions is not None:
        init_db(app, sessions)
    else:
        url = settings.database_url
        init_db(app, session_factory(url), session_factory(url, write_intent=False))
    init_security_headers(app, hsts=settings.environment == "production")
    init_errors(app)
    CSRFProtect(app)
    WTFormsHelpers(app)
    _register_blueprints(app)
    if settings.trusted_proxy_hops:
        # Behind a reverse proxy the client's address (sign-in throttling, audit) and the
        # scheme (secure cookies, single sign-on return address) come from X-Forwarded-*.
        hops = settings.trusted_proxy_hops
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
    return app


class TestableStrictUndefined(Undefined):
    """Strict where it matters: printing a missing variable, or reading an attribute of one, is an
    error. But it may be tested in an ``if`` and iterated as empty, because the GOV.UK Frontend
    macros test their optional parameters that way."""

    __slots__ = ()

    def __str__(self) -> str:
        self._fail_with_undefined_error()


def _configure(app: Flask, settings: Settings) -> None:
    production = settings.environment == "production"
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SENDSIGHT_SETTINGS=settings,
        MAX_CONTENT_LENGTH=settings.max_upload_mb * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=production,
        SESSION_COOKIE_NAME="sendsight_session",
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.session_idle_minutes),
        WTF_CSRF_TIME_LIMIT=None,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("sendsight.web", "templates"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.undefined = TestableStrictUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["number"] = format_number
    init_wording(app)


def _register_blueprints(app: Flask) -> None:
    from sendsight.web.blueprints import register_all

    register_all(app)


def settings_of(app: Flask) -> Settings:
    """The settings an app was built with."""
    value: Any = app.config["SENDSIGHT_SETTINGS"]
    assert isinstance(value, Settings)
    return value
