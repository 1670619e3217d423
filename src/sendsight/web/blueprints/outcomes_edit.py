"""Editing the outcomes framework: who may change what, and the outcome and measure pages (the
value, target, note and action pages are in ``outcomes_work``, the forms in
``web.outcomes_forms``).

Every route needs ``EDIT_OUTCOMES``; on top of that each change is checked against the item's
owner (``sendsight.access.policy.can_edit_org_item``): a partner changes only its own
organisation's measures (and their values, targets, notes and actions); outcomes and
partnership-wide measures (no owning organisation) are changed by administrators. Every change
is written to the audit log. The routes are attached to the ``outcomes`` blueprint.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from sendsight.access import queries as access_queries
from sendsight.access.audit import record
from sendsight.access.permissions import Permission
from sendsight.access.policy import can_edit_org_item, require_edit_org_item
from sendsight.core.errors import InputRejected, PermissionDenied, Problem
from sendsight.outcomes import editing, queries
from sendsight.outcomes.models import Measure
from sendsight.outcomes.scorecard import MeasureView
from sendsight.statistics.registry import list_indicators
from sendsight.web import current
from sendsight.web.access import requires
from sendsight.web.db import db
from sendsight.web.outcomes_forms import (
    MeasureForm,
    OutcomeForm,
    pairs,
)

# --- who may change what -----------------------------------------------------------------------


def may_edit(measure: Measure | MeasureView) -> bool:
    """True when the signed-in person may change ``measure`` and what hangs off it."""
    return can_edit_org_item(current.principal_or_none(), measure.owner_organisation_id or "")


def require_edit(measure: Measure) -> None:
    require_edit_org_item(current.principal_or_none(), measure.owner_organisation_id or "")


def audit(action: str, object_type: str, object_id: str, **detail: Any) -> None:
    record(db(), actor=current.principal(), action=f"outcomes.{action}", object_type=object_type,
           object_id=object_id, detail={k: str(v) for k, v in detail.items()})  # fmt: skip


def own() -> dict[str, str]:
    """The keyword every outcomes query takes: the signed-in person's partnership."""
    return {"partnership_id": current.principal().partnership_id}


def author() -> str:
    return current.principal().email or "unknown"


def today() -> date:
    return datetime.now(UTC).date()


def form_page(form: FlaskForm, title: str, action: str, m: Any = None, **extra: Any) -> str:
    return render_template(
        "outcomes/form.html", title=title, form=form, action=action, measure=m, **extra
    )


def show_problems(form: FlaskForm, problems: list[Any], fallback: str) -> None:
    for problem in problems:
        field = getattr(form, problem.column or fallback, None) or getattr(form, fallback)
        field.errors = [*field.errors, problem.message]


# --- outcomes and measures ----------------------------------------------------------------------


def _require_admin_edit() -> None:
    """Outcomes belong to the whole partnership: only administrators change them."""
    if not can_edit_org_item(current.principal_or_none(), ""):
        raise PermissionDenied("Only an administrator can change the partnership's outcomes")


@requires(Permission.EDIT_OUTCOMES)
def edit_outcome(outcome_id: str | None = None) -> str | Response:
    """Create an outcome, or change one."""
    _require_admin_edit()
    outcome = (
        queries.get_outcome(session=db(), outcome_id=outcome_id, **own()) if outcome_id else None
    )
    form = OutcomeForm(obj=outcome)
    if form.validate_on_submit():
        try:
            fields = editing.check_outcome(form.data)
        except InputRejected as exc:
            show_problems(form, list(exc.problems), "statement")
        else:
            if outcome is None:
                taken = {o.key for o in queries.list_outcomes(session=db(), **own())}
                outcome = queries.create_outcome(
                    session=db(), key=editing.new_key(fields["statement"], taken),
                    position=len(taken), **own(), **fields)  # fmt: skip
                audit("outcome.create", "outcome", outcome.id, statement=outcome.statement)
            else:
                queries.update_object(session=db(), obj=outcome, **fields)
                audit("outcome.update", "outcome", outcome.id, **fields)
            db().commit()
            return redirect(url_for("outcomes.scorecard"))
    title = f"Change outcome: {outcome.statement}" if outcome else "Add an outcome"
    action = (
        url_for("outcomes.edit_outcome", outcome_id=outcome.id)
        if outcome
        else url_for("outcomes.new_outcome")
    )
    return form_page(form, title, action)


def _measure_choices(form: MeasureForm, measure: Measure | None) -> None:
    form.outcome_id.choices = pairs(
        {"": "Not linked to an outcome"}
        | {o.id: o.statement for o in queries.list_outcomes(session=db(), **own())}
    )
    form.source_key.choices = pairs(
        {"": "Not a published statistic"} | {i.id: i.title for i in list_indicators()}
    )
    user = current.principal()
    organisations = access_queries.list_organisations(
        session=db(), partnership_id=user.partnership_id
    )
    if not can_edit_org_item(user, ""):  # not an administrator: only their own organisation
        organisations = [o for o in organisations if o.id == user.organisation_id]
    owners = {o.id: o.name for o in organisations}
    if can_edit_org_item(user, ""):
        owners = {"": "The whole partnership (administrators edit)"} | owners
    form.owner.choices = pairs(owners)
    if measure is not None and not form.is_submitted():
        form.owner.data = measure.owner_organisation_id or ""
        form.decimals.data = str(measure.decimals)


def _owner(form: MeasureForm) -> tuple[str, str | None]:
    """(name, id) of the chosen organisation; refused unless it is one the form offered."""
    offered = {c.value: c.label for c in form.owner.choices}
    chosen = form.owner.data or ""
    if not chosen and "" not in offered:  # not an administrator: their own organisation
        chosen = current.principal().organisation_id
    if chosen not in offered:
        raise InputRejected([Problem(editing.FORM, "Choose an organisation from the list", None,
                                     "owner", chosen)])  # fmt: skip
    return ("" if not chosen else offered[chosen]), (chosen or None)


@requires(Permission.EDIT_OUTCOMES)
def edit_measure(measure_id: str | None = None) -> str | Response:
    """Create an indicator or performance measure, or change one's definition."""
    measure = (
        queries.get_measure(session=db(), measure_id=measure_id, **own()) if measure_id else None
    )
    if measure is not None:
        require_edit(measure)
    form = MeasureForm(obj=measure)
    _measure_choices(form, measure)
    if form.validate_on_submit():
        try:
            saved = _save_measure(form, measure)
        except InputRejected as exc:
            show_problems(form, list(exc.problems), "name")
        else:
            db().commit()
            return redirect(url_for("outcomes.measure", measure_id=saved.id))
    title = f"Change measure: {measure.name}" if measure else "Add an indicator or measure"
    action = (
        url_for("outcomes.edit_measure", measure_id=measure.id)
        if measure
        else url_for("outcomes.new_measure")
    )
    return form_page(form, title, action, measure)


def _save_measure(form: MeasureForm, measure: Measure | None) -> Measure:
    outcome_ids = {o.id for o in queries.list_outcomes(session=db(), **own())}
    fields = editing.check_measure(form.data, outcome_ids=outcome_ids)
    name, owner_id = _owner(form)
    fields.update(owner_organisation=name, owner_organisation_id=owner_id)
    if measure is None:
        taken = {m.key for m in queries.list_measures(session=db(), **own())}
        key = editing.new_key(fields.pop("name"), taken)
        measure = queries.create_measure(
            session=db(), key=key, name=form.name.data.strip(), **own(), **fields
        )
        audit("measure.create", "measure", measure.id, name=measure.name)
        return measure
    queries.update_object(session=db(), obj=measure, **fields)
    audit("measure.update", "measure", measure.id, **fields)
    return measure


ROUTES: tuple[tuple[str, str, Any], ...] = (
    ("/scorecard/outcomes/new", "new_outcome", edit_outcome),
    ("/scorecard/outcomes/<outcome_id>/edit", "edit_outcome", edit_outcome),
    ("/scorecard/measures/new", "new_measure", edit_measure),
    ("/scorecard/measures/<measure_id>/edit", "edit_measure", edit_measure),
)


def attach(bp: Blueprint) -> None:
    """Add the editing routes (these, and those of ``outcomes_work``) to the outcomes blueprint."""
    from sendsight.web.blueprints import outcomes_work

    for rule, endpoint, view in (*ROUTES, *outcomes_work.ROUTES):
        bp.add_url_rule(rule, endpoint, view, methods=["GET", "POST"])
