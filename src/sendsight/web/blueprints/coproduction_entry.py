"""Co-production forms: log one activity, and add what was said at it on its page.

The views parse the form, call ``sendsight.coproduction.entry`` (which checks, stores and
audits) and render; a refused form comes back with a GOV.UK error summary.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from sendsight.access.permissions import Permission
from sendsight.coproduction import entry, vocab
from sendsight.core.errors import InputRejected, NotFound
from sendsight.web import current
from sendsight.web.access import requires
from sendsight.web.blueprints.coproduction import WORDS, activity_page, bp, error_words
from sendsight.web.db import db

_attached = False


def attach() -> None:
    """Add the form routes to the co-production blueprint (once, before it is registered)."""
    global _attached
    if _attached:
        return
    bp.add_url_rule("/activities/new", view_func=new_activity, methods=["GET", "POST"])
    bp.add_url_rule("/activities/<engagement_id>/said", view_func=add_said, methods=["POST"])
    _attached = True


def _problems(exc: InputRejected) -> dict[str, str]:
    found: dict[str, str] = {}
    for p in exc.problems:
        found.setdefault(str(p.column), p.message)
    return found


@requires(Permission.EDIT_COPRODUCTION)
def new_activity() -> str | Response:
    """Log one activity: when and how it was run, its partners, who took part (as counts,
    never names) and the accessibility adjustments used."""
    form = {k: v for k, v in request.form.items() if k not in ("csrf_token", "adjustments")}
    chosen, problems = request.form.getlist("adjustments"), {}
    if request.method == "POST":
        try:
            found = entry.create_activity(
                db(),
                partnership_id=current.principal().partnership_id,
                form=form,
                adjustments=chosen,
                actor=current.principal(),
                today=current_day(),
            )
            db().commit()
            return redirect(url_for("coproduction.activity", engagement_id=found.id))
        except InputRejected as exc:
            db().rollback()
            problems = _problems(exc)
    return render_template(
        "coproduction/new_activity.html",
        title="Log an activity",
        form=form,
        chosen=chosen,
        fixed_groups=_fixed_groups(),
        **error_words(problems, {"held_on": "held_on-day"}),
        **WORDS,
    )


def _fixed_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """The count inputs for the fixed groups: (legend, [(field, label)])."""
    labels = {"parents_carers": {"all": "Parents and carers"}, "need": vocab.NEEDS}
    return [
        (
            vocab.GROUPS[group],
            [
                (entry.count_field(group, c), labels.get(group, {}).get(c, f"Aged {c}"))
                for c in vocab.FIXED_CATEGORIES[group]
            ],
        )
        for group in entry.FIXED_COUNT_GROUPS
    ]


@requires(Permission.EDIT_COPRODUCTION)
def add_said(engagement_id: str) -> str | Response:
    """Add a "you said" item to the activity; it can then be answered."""
    form = {k: v for k, v in request.form.items() if k != "csrf_token"}
    try:
        entry.add_item(
            db(),
            activity_id=engagement_id,
            partnership_id=current.principal().partnership_id,
            form=form,
            actor=current.principal(),
        )
        db().commit()
    except NotFound:
        abort(404)
    except InputRejected as exc:
        db().rollback()
        return activity_page(engagement_id, form, _problems(exc))
    return redirect(url_for("coproduction.activity", engagement_id=engagement_id))


def current_day() -> date:
    """Today (UTC), the latest day an activity can have been held."""
    return datetime.now(UTC).date()
