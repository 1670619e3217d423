"""The co-production CSV: one row per "you said" item with its activity and its response.

The export writes it and the import reads it back, so a file exported, edited and imported
again round-trips. Rows with the same ``activity_key`` are one activity: their activity
columns must agree. A row whose ``said_key`` is blank is an activity with nothing heard yet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Final

from sendsight.coproduction import vocab
from sendsight.coproduction.checks import Cells
from sendsight.coproduction.records import ActivityRecord, ThemeRecord, split_list
from sendsight.core.errors import InputRejected, Problem

ACTIVITY_COLUMNS: Final = (
    "activity_key",
    "held_on",
    "title",
    "method",
    "ladder_level",
    "coproduction_type",
    "partners",
    "adjustments",
    "participants",
)
THEME_COLUMNS: Final = (
    "said_key",
    "topic",
    "you_said",
    "response_kind",
    "response",
    "will_by_on",
    "owner",
    "status",
    "published_on",
    "measure_key",
)
COLUMNS: Final = ACTIVITY_COLUMNS + THEME_COLUMNS
REQUIRED: Final = (
    "activity_key",
    "held_on",
    "title",
    "method",
    "ladder_level",
    "coproduction_type",
    "said_key",
    "topic",
    "you_said",
)


def parse_csv(text: str, *, filename: str, measure_ids: Mapping[str, str]) -> list[ActivityRecord]:
    """Every activity in the file, or ``InputRejected`` listing every problem by line and
    column. ``measure_ids`` maps the partnership's measure keys to ids."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    _check_header(reader.fieldnames or [], filename)
    problems: list[Problem] = []
    activities: dict[str, ActivityRecord] = {}
    for line, row in enumerate(reader, start=2):
        cells = Cells({k: v or "" for k, v in row.items() if k}, file=filename, line=line)
        activity = _activity(cells)
        theme = _theme(cells, measure_ids)
        if not cells.problems:
            _merge(activities, activity, theme, cells)
        problems += cells.problems
    if problems:
        raise InputRejected(problems)
    if not activities:
        raise InputRejected([Problem(filename, "The file has a header but no rows", 2)])
    return list(activities.values())


def _check_header(found: Sequence[str], filename: str) -> None:
    missing = [c for c in REQUIRED if c not in found]
    unknown = [c for c in found if c and c not in COLUMNS]
    problems = [Problem(filename, "This column is missing", 1, c) for c in missing]
    problems += [
        Problem(filename, "Unknown column; use " + ", ".join(COLUMNS), 1, c) for c in unknown
    ]
    if problems:
        raise InputRejected(problems)


def _activity(cells: Cells) -> ActivityRecord:
    held_on = cells.day("held_on", required=True)
    return ActivityRecord(
        key=cells.key("activity_key"),
        held_on=held_on or date.min,  # a wrong date refuses the row anyway
        title=cells.text("title", limit=300),
        method=cells.choice("method", vocab.METHODS),
        ladder_level=cells.choice("ladder_level", vocab.LADDER),
        coproduction_type=cells.choice("coproduction_type", vocab.TYPES),
        partners=split_list(cells.text("partners", limit=500, required=False)),
        adjustments=cells.codes("adjustments", vocab.ADJUSTMENTS),
        counts=cells.counts("participants"),
    )


def _theme(cells: Cells, measure_ids: Mapping[str, str]) -> ThemeRecord | None:
    key = cells.key("said_key", required=False)
    if not key:
        if any((cells.row.get(c) or "").strip() for c in THEME_COLUMNS):
            cells.problem("said_key", 'Enter a reference for this "you said" item')
        return None
    kind = cells.choice("response_kind", vocab.RESPONSES, required=False) or None
    theme = ThemeRecord(
        key=key,
        topic=cells.text("topic", limit=100),
        said=cells.text("you_said", limit=4000),
        response_kind=kind,
        response=cells.text("response", limit=4000, required=False),
        will_by_on=cells.day("will_by_on"),
        owner=cells.text("owner", limit=200, required=False),
        status=cells.choice("status", vocab.STATUSES, required=False) or "open",
        published_on=cells.day("published_on"),
        measure_id=_measure(cells, measure_ids),
    )
    check_response(cells, theme)
    return theme


def _measure(cells: Cells, measure_ids: Mapping[str, str]) -> str | None:
    key = (cells.row.get("measure_key") or "").strip()
    if not key:
        return None
    if key not in measure_ids:
        cells.problem("measure_key", "Use the key of one of your partnership's measures")
    return measure_ids.get(key)


def check_response(cells: Cells, theme: ThemeRecord) -> None:
    """``will`` needs its date; ``did`` and ``cannot`` need their words (for ``cannot``, the
    reason); a response is published only once it exists."""
    if theme.response_kind == "will" and theme.will_by_on is None:
        cells.problem("will_by_on", "Enter the date by which we will do it, as YYYY-MM-DD")
    if theme.response_kind in ("did", "cannot") and not theme.response:
        cells.problem("response", "Say what was done, or why it could not be done")
    if theme.response_kind is None and theme.published_on is not None:
        cells.problem("published_on", "A response can only be published once there is one")


def _merge(
    activities: dict[str, ActivityRecord],
    activity: ActivityRecord,
    theme: ThemeRecord | None,
    cells: Cells,
) -> None:
    held = activities.get(activity.key)
    if held is None:
        held = activity
    else:
        for column, theirs in _differences(held, activity):
            cells.problem(column, f"Differs from an earlier row of {activity.key} ({theirs})")
        if theme is not None and any(t.key == theme.key for t in held.themes):
            cells.problem("said_key", f"{theme.key} is already used for {activity.key}")
        if cells.problems:
            return
    themes = held.themes + ((theme,) if theme is not None else ())
    activities[activity.key] = _with_themes(held, themes)


def _with_themes(activity: ActivityRecord, themes: tuple[ThemeRecord, ...]) -> ActivityRecord:
    return replace(activity, themes=themes)


def _differences(a: ActivityRecord, b: ActivityRecord) -> list[tuple[str, object]]:
    """Activity columns where row ``b`` differs from the earlier row ``a``, with ``a``'s value."""
    names = {
        "held_on": "held_on",
        "title": "title",
        "method": "method",
        "ladder_level": "ladder_level",
        "coproduction_type": "coproduction_type",
        "partners": "partners",
        "adjustments": "adjustments",
        "participants": "counts",
    }
    return [
        (column, getattr(a, field))
        for column, field in names.items()
        if getattr(a, field) != getattr(b, field)
    ]
