"""The outbox: every email sendsight has sent or will send, for the administrator's partnership.

Where mail is kept in the outbox only (``mail_transport = "outbox"``, and always in the demo)
this is where it is read, so a message's text is shown. Where mail is sent by SMTP the text is
not shown: an invitation or reset link belongs to the person it was sent to.
"""

from __future__ import annotations

from math import ceil
from typing import Any

from flask import Blueprint, Flask, abort, render_template, url_for

from sendsight.access.permissions import Permission
from sendsight.core.errors import NotFound
from sendsight.notify import queries, sending
from sendsight.notify.messages import Kind
from sendsight.web import current
from sendsight.web.access import requires
from sendsight.web.db import db
from sendsight.web.paging import page_arg

bp = Blueprint("mail", __name__, url_prefix="/admin/outbox")
KIND_NAMES: dict[str, str] = {
    Kind.INVITATION: "Invitation",
    Kind.PASSWORD_RESET: "Password reset",
    Kind.OVERDUE_ACTIONS: "Overdue actions",
    Kind.MEASURES_DUE: "Measures due an update",
    Kind.AT_RISK_DIGEST: "Weekly at-risk digest",
    Kind.COMMENTARY_REQUEST: "Board commentary request",
}


def _reads_here() -> bool:
    return not sending.sends_mail(db(), current.settings())


@bp.get("/")
@requires(Permission.ADMIN)
def outbox() -> str:
    """The partnership's emails, newest first."""
    page = page_arg()
    rows, total = queries.list_messages(
        session=db(), partnership_id=current.principal().partnership_id, page=page
    )
    pages = max(1, ceil(total / queries.PAGE_SIZE))
    if page > pages:
        abort(404)
    return render_template(
        "mail/outbox.html",
        title="Outbox",
        messages=rows,
        total=total,
        kinds=KIND_NAMES,
        reads_here=_reads_here(),
        pager=_pager(page, pages),
    )


@bp.get("/<row_id>")
@requires(Permission.ADMIN)
def message(row_id: str) -> str:
    """One email: who it went to, whether it was sent, and (where read here) its text."""
    try:
        found = queries.get_message(
            session=db(), message_id=row_id, partnership_id=current.principal().partnership_id
        )
    except NotFound:
        abort(404)
    return render_template(
        "mail/message.html",
        title=found.subject,
        message=found,
        kind=KIND_NAMES.get(found.kind, found.kind),
        reads_here=_reads_here(),
    )


def _pager(page: int, pages: int) -> dict[str, Any] | None:
    if pages <= 1:
        return None
    pager: dict[str, Any] = {
        "items": [
            {"number": n, "current": n == page, "href": url_for("mail.outbox", page=n)}
            for n in range(max(1, page - 3), min(pages, page + 3) + 1)
        ]
    }
    if page > 1:
        pager["previous"] = {"href": url_for("mail.outbox", page=page - 1)}
    if page < pages:
        pager["next"] = {"href": url_for("mail.outbox", page=page + 1)}
    return pager


def register(app: Flask) -> None:
    """Attach this blueprint."""
    app.register_blueprint(bp)
