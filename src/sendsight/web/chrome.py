"""The chrome around every page — the service navigation and the phase banner — rendered once
per kind of reader rather than on every request.

The GOV.UK macros behind them cost about a tenth of a signed-in page's time, and their output
depends only on which menu items the reader's role shows and which is active (the banner on
nothing at all). So the rendered HTML is kept per such key. The one part that differs between
people, the sign-out form with its CSRF token, is put in after rendering, in place of a marker.
"""

from __future__ import annotations

from threading import Lock

from flask import current_app, g, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

# (text, href, active) for each menu item shown
NavItems = tuple[tuple[str, str, bool], ...]

_SIGN_OUT_MARK = "<!-- sign-out -->"
_NAVIGATION = (
    '{% from "govuk_frontend_jinja/components/service-navigation/macro.html" '
    "import govukServiceNavigation %}{{ govukServiceNavigation(params) }}"
)
_BANNER = (
    '{% from "govuk_frontend_jinja/components/phase-banner/macro.html" '
    "import govukPhaseBanner %}{{ govukPhaseBanner(params) }}"
)
_KEPT = 1024  # distinct menus: roles x active item, far fewer than this in practice
_lock = Lock()
_navigation: dict[tuple[NavItems, bool, str], Markup] = {}
_banner: dict[str, Markup] = {}


def service_navigation(items: NavItems) -> Markup:
    """The GOV.UK service navigation with ``items``, and a sign-out button when signed in."""
    signed_in = g.get("current_user") is not None and "auth.sign_out" in current_app.view_functions
    key = (items, signed_in, url_for("core.home"))
    html = _navigation.get(key)
    if html is None:
        params = {
            "serviceName": "SEND partnership outcomes",
            "serviceUrl": url_for("core.home"),
            "navigation": [{"text": t, "href": h, "active": a} for t, h, a in items],
            "navigationLabel": "Menu",
            "slots": {"navigationEnd": _SIGN_OUT_MARK if signed_in else ""},
        }
        html = Markup(current_app.jinja_env.from_string(_NAVIGATION).render(params=params))
        with _lock:
            if len(_navigation) >= _KEPT:
                _navigation.clear()
            _navigation[key] = html
    if not signed_in:
        return html
    return html.replace(_SIGN_OUT_MARK, _sign_out_form(), 1)


def _sign_out_form() -> Markup:
    # Signing out changes something, so it is a POST form (a link could be followed by any
    # page); the button looks like the links beside it and works without JavaScript.
    return Markup(
        '<li class="govuk-service-navigation__item">'
        '<form method="post" action="{}" class="app-sign-out-form">'
        '<input type="hidden" name="csrf_token" value="{}">'
        '<button type="submit" class="app-link-button">Sign out</button>'
        "</form></li>"
    ).format(url_for("auth.sign_out"), generate_csrf())


def phase_banner() -> Markup:
    """The beta banner, with the link to give feedback."""
    feedback = url_for("core.accessibility") + "#feedback"
    html = _banner.get(feedback)
    if html is None:
        params = {
            "tag": {"text": "Beta"},
            "html": Markup(
                'This is a new service. <a class="govuk-link" href="{}">Tell us what you '
                "think</a> to help us improve it."
            ).format(feedback),
        }
        html = Markup(current_app.jinja_env.from_string(_BANNER).render(params=params))
        with _lock:
            _banner[feedback] = html
    return html
