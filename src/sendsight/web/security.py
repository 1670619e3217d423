"""Response headers that make pages hard to abuse: a nonce-based CSP and friends."""

from __future__ import annotations

import secrets

from flask import Flask, g
from werkzeug.wrappers import Response


def csp_nonce() -> str:
    """This request's Content Security Policy nonce (made on first use)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return str(g.csp_nonce)


# Browsers remember for a year to use only HTTPS for this host and its subdomains. Sent only in
# production: on a developer's http://127.0.0.1 it would stick to other local services.
HSTS = "max-age=31536000; includeSubDomains"


def init_security_headers(app: Flask, *, hsts: bool = False) -> None:
    """Add CSP, nosniff, referrer and framing headers to every response (and HSTS if ``hsts``)."""
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def _headers(response: Response) -> Response:
        nonce = csp_nonce()
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if hsts:
            response.headers["Strict-Transport-Security"] = HSTS
        if response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
        return response
