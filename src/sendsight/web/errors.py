"""One table maps domain errors and HTTP errors to GOV.UK-style error pages."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from sendsight.core.errors import InputRejected, NotFound, PermissionDenied, SendsightError

PAGES = {
    400: ("Sorry, there is a problem with the request", "errors/400.html"),
    403: ("You do not have permission to see this page", "errors/403.html"),
    404: ("Page not found", "errors/404.html"),
    405: ("Sorry, that is not something this page can do", "errors/400.html"),
    413: ("The file is too big", "errors/413.html"),
    429: ("Too many attempts", "errors/429.html"),
    500: ("Sorry, there is a problem with the service", "errors/500.html"),
}


def render_error(status: int, detail: str | None = None) -> tuple[str, int]:
    """Render the page for ``status`` with an optional plain-English detail."""
    title, template = PAGES.get(status, PAGES[500])
    return render_template(template, title=title, detail=detail), status


def init_errors(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError) -> tuple[str, int]:
        return render_error(
            400,
            "The form had expired or was not sent from this service. Go back, "
            "refresh the page and try again.",
        )

    @app.errorhandler(NotFound)
    def _not_found(_error: NotFound) -> tuple[str, int]:
        return render_error(404)

    @app.errorhandler(PermissionDenied)
    def _denied(_error: PermissionDenied) -> tuple[str, int]:
        return render_error(403)

    @app.errorhandler(InputRejected)
    def _rejected(error: InputRejected) -> tuple[str, int]:
        return render_error(400, str(error))

    @app.errorhandler(SendsightError)
    def _domain(error: SendsightError) -> tuple[str, int]:
        # Any other error a user can cause (a period that does not fit, a scenario that cannot
        # run): say what it was rather than "a problem with the service".
        return render_error(400, str(error))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[str, int]:
        return render_error(error.code or 500)

    @app.errorhandler(500)
    def _server_error(_error: Exception) -> tuple[str, int]:
        return render_error(500)
