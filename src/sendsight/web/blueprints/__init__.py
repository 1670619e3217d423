"""One blueprint per domain; routes are thin: parse, call the domain, render."""

from __future__ import annotations

import importlib

from flask import Flask, g, request, url_for

from sendsight.access.roles import has_permission, role_has_permission
from sendsight.db.meta import is_demo_database
from sendsight.disclosure import explain_symbols
from sendsight.web import chrome
from sendsight.web.access import init_access
from sendsight.web.chrome import NavItems
from sendsight.web.db import db

BLUEPRINT_MODULES = (
    "sendsight.web.blueprints.core",
    "sendsight.web.blueprints.areas",
    "sendsight.web.blueprints.auth",
    "sendsight.web.blueprints.admin",
    "sendsight.web.blueprints.mail",
    "sendsight.web.blueprints.outcomes",
    "sendsight.web.blueprints.ehc",
    "sendsight.web.blueprints.ehc_import",
    "sendsight.web.blueprints.forecasts",
    "sendsight.web.blueprints.settings",
    "sendsight.web.blueprints.api",
    "sendsight.web.blueprints.directory",
    "sendsight.web.blueprints.oruk_api",
    "sendsight.web.blueprints.assessment",
    "sendsight.web.blueprints.coproduction",
    "sendsight.web.blueprints.frontdoor",
    "sendsight.web.blueprints.governance",
    "sendsight.web.blueprints.schools",
    "sendsight.web.blueprints.commissioning",
    "sendsight.web.blueprints.adulthood",
)


def register_all(app: Flask) -> None:
    """Register each domain's blueprint, the access hook and the shared template globals."""
    for name in BLUEPRINT_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(app)
    init_access(app, has_permission=has_permission)
    app.jinja_env.globals.update(
        service_navigation=lambda: chrome.service_navigation(_nav_items()),
        phase_banner=chrome.phase_banner,
        is_demo=_is_demo,
        has_endpoint=lambda name: name in app.view_functions,
        symbol_lines=lambda symbols: explain_symbols(set(symbols)),
    )


def _is_demo() -> bool:
    if "is_demo" not in g:
        g.is_demo = is_demo_database(db())
    return bool(g.is_demo)


MENUS_KEY = "sendsight.menus"
NAV = (
    ("Local areas", "areas.choose", None),
    ("Scorecard", "outcomes.scorecard", "view_aggregates"),
    ("EHC plans", "ehc.overview", "view_aggregates"),
    ("Forecasts", "forecasts.index", "view_aggregates"),
    ("Schools and settings", "settings.index", "view_aggregates"),
    ("Your setting", "settings.index", "view_own_setting"),
    # Later domains: each line shows only once its blueprint registers the endpoint.
    ("Local Offer", "directory.search", None),
    ("Self-assessment", "assessment.index", "signed_in"),
    ("Co-production", "coproduction.index", "view_aggregates"),
    ("Requests for support", "frontdoor.index", "frontdoor_follow"),
    ("School profiles", "schools.index", "view_aggregates"),
    ("Your school's profile", "schools.index", "view_own_setting"),
    ("Preparing for adulthood", "adulthood.index", "view_aggregates"),
    ("Commissioning", "commissioning.index", "view_aggregates"),
    ("Board and inspection", "governance.index", "view_aggregates"),
    ("Administration", "admin.index", "admin"),
)


def _nav_items() -> NavItems:
    """The menu for the signed-in person's role (or for someone not signed in), with the item
    for the current page marked active."""
    from flask import current_app

    user = g.get("current_user")
    role = user.role if user is not None else None
    menus: dict[str | None, tuple[tuple[str, str], ...]] = current_app.extensions.setdefault(
        MENUS_KEY, {}
    )
    shown = menus.get(role)
    if shown is None:  # worked out once per role per app
        shown = menus[role] = _menu_for(role)
    return tuple((text, href, request.path.startswith(href)) for text, href in shown)


def _menu_for(role: str | None) -> tuple[tuple[str, str], ...]:
    """(text, href) of each item a role sees (None: not signed in)."""
    from flask import current_app

    from sendsight.access.permissions import Permission

    items = []
    for text, endpoint, permission in NAV:
        if endpoint not in current_app.view_functions:
            continue
        if permission and (role is None or not role_has_permission(role, Permission(permission))):
            continue
        items.append((text, url_for(endpoint)))
    return (*items, *_account_items(role))


def _account_items(role: str | None) -> list[tuple[str, str]]:
    from flask import current_app

    from sendsight.access.permissions import Permission

    if "auth.sign_in" not in current_app.view_functions:
        return []
    if role is None:
        return [("Sign in", url_for("auth.sign_in"))]
    # Signing out is a form in the header (web/chrome.py), not a link.
    if not role_has_permission(role, Permission.OWN_ACCOUNT):
        return []
    return [("Your account", url_for("auth.account"))]
