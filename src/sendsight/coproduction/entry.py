"""Logging one activity through the web form, and adding what was said at it on its page.

The form's fields are read with the same rules as the CSV (``checks.Cells``), with messages in
the GOV.UK voice, and stored by the same function (``queries.save_activity``). Anything wrong
refuses the lot with ``InputRejected`` naming each field; what is stored is audited.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy.orm import Session

from sendsight.access.audit import Actor, record
from sendsight.coproduction import queries, vocab
from sendsight.coproduction.checks import Cells
from sendsight.coproduction.models import EngagementActivity, SaidItem
from sendsight.coproduction.records import ActivityRecord, CountKey, ThemeRecord
from sendsight.core.errors import InputRejected
from sendsight.db.base import new_id

FORM = "activity form"
MOST_PEOPLE = 99_999
# The fixed groups' inputs, named ``count-<group>-<category>``; ethnicity and locality are the
# partnership's own words, one "name = count" per line.
FIXED_COUNT_GROUPS = ("parents_carers", "age_band", "need")
FREE_COUNT_GROUPS = ("ethnicity", "locality")
GROUP_WORDS = {"ethnicity": "ethnicity", "locality": "locality"}


def count_field(group: str, category: str) -> str:
    """The form field holding the count of ``group``'s ``category``."""
    return f"count-{group}-{category}"


def create_activity(
    session: Session,
    *,
    partnership_id: str,
    form: Mapping[str, str],
    adjustments: Sequence[str],
    actor: Actor | None,
    today: date,
) -> EngagementActivity:
    """Store a new activity from the form (``held_on-day``/``-month``/``-year``, ``title``,
    ``method``, ``ladder_level``, ``coproduction_type``, ``partners`` one a line, the counts
    and the chosen ``adjustments``); audited as ``coproduction.activity.create``."""
    cells = Cells(dict(form), file=FORM, line=0)
    record_ = _record(cells, adjustments, today)
    if cells.problems:
        raise InputRejected(cells.problems, "Check the activity: nothing was saved")
    queries.save_activity(session=session, record=record_, partnership_id=partnership_id)
    found = queries.get_activity_by_key_or_none(
        session=session, key=record_.key, partnership_id=partnership_id
    )
    assert found is not None
    record(
        session,
        actor=actor,
        action="coproduction.activity.create",
        object_type="coproduction_activity",
        object_id=found.id,
        partnership_id=partnership_id,
        detail={"title": found.title, "held_on": found.held_on.isoformat()},
    )
    return found


def _record(cells: Cells, adjustments: Sequence[str], today: date) -> ActivityRecord:
    """The form as an activity record, noting each problem in ``cells``."""
    held_on = _held_on(cells, today)
    title = cells.text("title", limit=300, required=False)
    if not title:
        cells.problem("title", "Enter the name of the activity")
    partners = tuple(p.strip() for p in cells.row.get("partners", "").splitlines() if p.strip())
    if len("; ".join(partners)) > 500:
        cells.problem("partners", "Partners must be 500 characters or fewer in all")
    return ActivityRecord(
        key=f"web-{new_id()[:12]}",
        held_on=held_on or today,
        title=title,
        method=_chosen(cells, "method", vocab.METHODS, "Select how the activity was run"),
        ladder_level=_chosen(
            cells, "ladder_level", vocab.LADDER, "Select the level on the participation ladder"
        ),
        coproduction_type=_chosen(
            cells, "coproduction_type", vocab.TYPES, "Select the type of co-production"
        ),
        partners=partners,
        adjustments=_adjustments(cells, adjustments),
        counts=_counts(cells),
    )


def _held_on(cells: Cells, today: date) -> date | None:
    parts = [(cells.row.get(f"held_on-{p}") or "").strip() for p in ("day", "month", "year")]
    if not any(parts):
        cells.problem("held_on", "Enter the date the activity was held")
        return None
    try:
        day, month, year = (int(p) for p in parts)
        held_on = date(year, month, day)
    except ValueError:
        cells.problem("held_on", "The date the activity was held must be a real date")
        return None
    if held_on > today:
        cells.problem("held_on", "The date the activity was held must be today or in the past")
        return None
    return held_on


def _chosen(cells: Cells, name: str, choices: dict[str, str], message: str) -> str:
    value = (cells.row.get(name) or "").strip()
    if value not in choices:
        cells.problem(name, message)
    return value


def _adjustments(cells: Cells, chosen: Sequence[str]) -> tuple[str, ...]:
    if any(a not in vocab.ADJUSTMENTS for a in chosen):
        cells.problem("adjustments", "Select adjustments from the list")
    return tuple(a for a in vocab.ADJUSTMENTS if a in chosen)


def _counts(cells: Cells) -> dict[CountKey, int]:
    found: dict[CountKey, int] = {}
    for group in FIXED_COUNT_GROUPS:
        for category in vocab.FIXED_CATEGORIES[group]:
            name = count_field(group, category)
            n = _number(cells, name, cells.row.get(name) or "")
            if n:
                found[(group, category)] = n
    for group in FREE_COUNT_GROUPS:
        found.update(_free_counts(cells, group))
    return found


def _number(cells: Cells, name: str, text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > MOST_PEOPLE:
        cells.problem(name, "Enter the number of people as a whole number, like 12")
        return None
    return int(text)


def _free_counts(cells: Cells, group: str) -> dict[CountKey, int]:
    found: dict[CountKey, int] = {}
    for line in (cells.row.get(group) or "").splitlines():
        if not line.strip():
            continue
        name, equals, number = line.rpartition("=")
        name, number = name.strip(), number.strip()
        if not equals or not name or len(name) > 64 or not number.isdigit():
            cells.problem(
                group,
                f"Enter each {GROUP_WORDS[group]} on its own line as a name, an equals sign "
                "and a number, like “North = 4”",
            )
            return {}
        if int(number):
            found[(group, name)] = found.get((group, name), 0) + int(number)
    return found


def add_item(
    session: Session,
    *,
    activity_id: str,
    partnership_id: str,
    form: Mapping[str, str],
    actor: Actor | None,
) -> SaidItem:
    """Add a "you said" item (``topic``, ``said``) to the partnership's activity; audited as
    ``coproduction.item.create``. ``NotFound`` for another partnership's activity."""
    activity = queries.get_activity(
        session=session, activity_id=activity_id, partnership_id=partnership_id
    )
    cells = Cells(dict(form), file=FORM, line=0)
    topic, said = (cells.row.get(n, "").strip() for n in ("topic", "said"))
    if not topic:
        cells.problem("topic", "Enter the topic, like “Transport”")
    elif len(topic) > 100:
        cells.problem("topic", "The topic must be 100 characters or fewer")
    if not said:
        cells.problem("said", "Enter what families or young people said")
    elif len(said) > 4000:
        cells.problem("said", "What was said must be 4,000 characters or fewer")
    if cells.problems:
        raise InputRejected(cells.problems, "Check what was said: nothing was saved")
    item = SaidItem(
        partnership_id=partnership_id, activity_id=activity.id, key=f"web-{new_id()[:12]}"
    )
    session.add(item)
    queries.update_theme(item, ThemeRecord(key=item.key, topic=topic, said=said))
    session.flush()
    record(
        session,
        actor=actor,
        action="coproduction.item.create",
        object_type="coproduction_item",
        object_id=item.id,
        partnership_id=partnership_id,
        detail={"activity_id": activity.id, "topic": topic},
    )
    session.expire(activity, ["themes"])
    return item
