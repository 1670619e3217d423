"""The co-production log as a file: export (CSV or JSON) and all-or-nothing import."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from sendsight.access.audit import Actor, record
from sendsight.coproduction import queries
from sendsight.coproduction.csvfile import COLUMNS, parse_csv
from sendsight.coproduction.models import EngagementActivity, SaidItem
from sendsight.coproduction.records import ActivityRecord, format_counts
from sendsight.core.safe_io import write_csv
from sendsight.outcomes import queries as outcomes


def measure_keys(session: Session, *, partnership_id: str) -> dict[str, str]:
    """The partnership's measure keys → ids (a file names measures by key)."""
    every = outcomes.list_measures(session=session, partnership_id=partnership_id)
    return {m.key: m.id for m in every}


def import_csv(
    session: Session, text: str, *, filename: str, partnership_id: str, actor: Actor | None
) -> queries.Saved:
    """Store every activity and item in the file, or nothing (``InputRejected`` lists every
    problem). Importing the same file again changes nothing and logs nothing."""
    records = parse_csv(
        text, filename=filename, measure_ids=measure_keys(session, partnership_id=partnership_id)
    )
    total = queries.Saved()
    for item in records:
        saved = queries.save_activity(session=session, record=item, partnership_id=partnership_id)
        for name in ("activities_added", "activities_changed", "items_added", "items_changed"):
            setattr(total, name, getattr(total, name) + getattr(saved, name))
    if total.changed:
        record(
            session,
            actor=actor,
            action="coproduction.import",
            object_type="coproduction",
            partnership_id=partnership_id,
            detail={"file": filename, **asdict(total)},
        )
    return total


def export_rows(session: Session, *, partnership_id: str) -> list[dict[str, Any]]:
    """One row per "you said" item with its activity and response, oldest activity first (the
    columns the import reads)."""
    keys = {v: k for k, v in measure_keys(session, partnership_id=partnership_id).items()}
    loaded = queries.list_activity_records(session=session, partnership_id=partnership_id)
    return [
        _row(activity, record, theme, keys)
        for activity, record in reversed(loaded)
        for theme in activity.themes
    ]


def _row(
    activity: EngagementActivity, record: ActivityRecord, theme: SaidItem, keys: dict[str, str]
) -> dict[str, Any]:
    return {
        "activity_key": activity.key,
        "held_on": activity.held_on.isoformat(),
        "title": activity.title,
        "method": activity.method,
        "ladder_level": activity.ladder_level,
        "coproduction_type": activity.coproduction_type,
        "partners": activity.partners,
        "adjustments": activity.adjustments,
        "participants": format_counts(record.counts),
        "said_key": theme.key,
        "topic": theme.topic,
        "you_said": theme.said,
        "response_kind": theme.response_kind or "",
        "response": theme.response,
        "will_by_on": _day(theme.will_by_on),
        "owner": theme.owner,
        "status": theme.status,
        "published_on": _day(theme.published_on),
        "measure_key": keys.get(theme.measure_id or "", ""),
    }


def _day(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else ""


def export_csv(session: Session, *, partnership_id: str) -> str:
    """The export as CSV text (formula-like cells neutralised)."""
    rows = export_rows(session, partnership_id=partnership_id)
    return write_csv([[row[c] for c in COLUMNS] for row in rows], header=COLUMNS)


def export_json(session: Session, *, partnership_id: str) -> dict[str, Any]:
    """The export as JSON-ready data: ``items`` (the CSV's rows) and ``activities`` (each with
    its ``participants`` and ``themes``)."""
    rows = export_rows(session, partnership_id=partnership_id)
    loaded = queries.list_activity_records(session=session, partnership_id=partnership_id)
    return {"items": rows, "activities": [_activity(a, r) for a, r in reversed(loaded)]}


def _activity(activity: EngagementActivity, record: ActivityRecord) -> dict[str, Any]:
    return {
        "key": activity.key,
        "held_on": activity.held_on.isoformat(),
        "title": activity.title,
        "method": activity.method,
        "ladder_level": activity.ladder_level,
        "coproduction_type": activity.coproduction_type,
        "partners": activity.partners,
        "adjustments": activity.adjustments,
        "participants": [
            {"group": g, "category": c, "count": n} for (g, c), n in sorted(record.counts.items())
        ],
        "themes": [t.key for t in activity.themes],
    }
