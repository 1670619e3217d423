"""Answering what was said: "we did", "we will, by <date>" or "we have not been able to,
because…", with an owner and a status. Every change is written to the audit log.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from sendsight.access.audit import Actor, record
from sendsight.coproduction import queries, vocab
from sendsight.coproduction.checks import Cells
from sendsight.coproduction.csvfile import check_response
from sendsight.coproduction.models import SaidItem
from sendsight.core.errors import InputRejected
from sendsight.outcomes import queries as outcomes

FORM = "response form"


def change_response(
    session: Session,
    *,
    item_id: str,
    partnership_id: str,
    form: dict[str, str],
    actor: Actor | None,
    today: date,
) -> SaidItem:
    """Set an item's response from ``form`` (``response_kind``, ``response``, ``will_by_on``,
    ``owner``, ``status``, ``publish`` "yes" or not, ``measure_id``, ``action_id``). Refuses
    the lot with ``InputRejected`` when anything is wrong; audits what changed."""
    item = queries.get_theme(session=session, theme_id=item_id, partnership_id=partnership_id)
    cells = Cells(form, file=FORM, line=0)
    wanted = replace(
        queries.theme_record(item),
        response_kind=cells.choice("response_kind", vocab.RESPONSES, required=False) or None,
        response=cells.text("response", limit=4000, required=False),
        will_by_on=cells.day("will_by_on"),
        owner=cells.text("owner", limit=200, required=False),
        status=cells.choice("status", vocab.STATUSES),
        published_on=(item.published_on or today) if form.get("publish") == "yes" else None,
        measure_id=_linked_measure(session, cells, partnership_id),
        action_id=_linked_action(session, cells, partnership_id),
    )
    check_response(cells, wanted)
    if cells.problems:
        raise InputRejected(cells.problems, "Check the response: nothing was saved")
    changed = queries.update_theme(item, wanted)
    if changed:
        record(
            session,
            actor=actor,
            action="coproduction.response.update",
            object_type="coproduction_item",
            object_id=item.id,
            partnership_id=partnership_id,
            detail={k: [_text(a), _text(b)] for k, (a, b) in changed.items()},
        )
    session.flush()
    return item


def _linked_measure(session: Session, cells: Cells, partnership_id: str) -> str | None:
    measure_id = (cells.row.get("measure_id") or "").strip()
    if not measure_id:
        return None
    known = {m.id for m in outcomes.list_measures(session=session, partnership_id=partnership_id)}
    if measure_id not in known:
        cells.problem("measure_id", "Choose one of your partnership's measures")
        return None
    return measure_id


def _linked_action(session: Session, cells: Cells, partnership_id: str) -> str | None:
    action_id = (cells.row.get("action_id") or "").strip()
    if not action_id:
        return None
    known = {a.id for a in outcomes.list_actions(session=session, partnership_id=partnership_id)}
    if action_id not in known:
        cells.problem("action_id", "Choose one of your partnership's actions")
        return None
    return action_id


def _text(value: object) -> str | None:
    return None if value is None else str(value)
