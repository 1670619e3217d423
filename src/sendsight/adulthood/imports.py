"""Bring preparing-for-adulthood records in: annual reviews, activities and supported
internships, from a CSV file or a form.

All or nothing: every row is checked before anything is written, and every problem is raised
together as ``InputRejected`` naming the line and the column. Idempotent: a row is keyed by the
young person and its date (review date, activity or internship start); a row already stored
with the same content is left as it is, and one with the same key and new content replaces it.
A young person's record is made from their EHC case the first time a row names them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from sqlalchemy.orm import Session

from sendsight.adulthood import queries, summary
from sendsight.adulthood.codes import (
    ACTIVITY_CODES,
    PATHWAYS,
    PROGRESS,
    THEMES,
)
from sendsight.adulthood.models import PfaActivity, PfaInternship, PfaReview
from sendsight.adulthood.rules import add_years, year_group_on
from sendsight.core.errors import InputRejected, Problem

AREA_COLUMNS: Final = ("employment", "independent_living", "community", "health")
COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "reviews": (
        "person_id",
        "review_on",
        "aspirations",
        "aspiration_theme",
        "pathway",
        "destinations_statement",
        *(f"{area}_{part}" for area in AREA_COLUMNS for part in ("goal", "progress")),
    ),
    "activities": ("person_id", "activity_code", "start_on", "end_on", "provider"),
    "internships": (
        "person_id",
        "host_employer",
        "job_coach",
        "start_on",
        "completed_on",
        "left_on",
        "job_start_on",
        "job_end_on",
    ),
}
OPTIONAL: Final = frozenset(
    {"end_on", "provider", "completed_on", "left_on", "job_start_on", "job_end_on"}
)
MODELS: Final[dict[str, tuple[type[Any], str]]] = {
    "reviews": (PfaReview, "review_on"),
    "activities": (PfaActivity, "start_on"),
    "internships": (PfaInternship, "start_on"),
}
MAX_TEXT = 2000


@dataclass
class ImportResult:
    """What an import did: rows read, added, replaced and left as they were."""

    kind: str
    rows: int
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    young_people_added: int = 0


@dataclass
class _Context:
    filename: str
    births: dict[str, tuple[date | None, date | None]]
    today: date
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, column: str, message: str, value: str | None = None) -> None:
        self.problems.append(Problem(self.filename, message, line, column, value))


def read_rows(text: str, kind: str, filename: str) -> list[dict[str, str]]:
    """The rows of a CSV file of ``kind``; a missing column is refused (line 1)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in COLUMNS[kind] if name not in header]
    if missing:
        message = "Add the column(s) " + ", ".join(missing) + " to the first line"
        raise InputRejected([Problem(filename, message, 1)])
    reader.fieldnames = header
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _date(ctx: _Context, line: int, column: str, text: str) -> date | None:
    if not text:
        if column not in OPTIONAL:
            ctx.problem(line, column, "Enter a date as YYYY-MM-DD")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        ctx.problem(line, column, "Enter a real date as YYYY-MM-DD", text)
        return None


def _choice(ctx: _Context, line: int, column: str, text: str, allowed: Mapping[str, str]) -> str:
    if text not in allowed:
        ctx.problem(line, column, "Enter one of " + ", ".join(allowed), text)
    return text


def _text(ctx: _Context, line: int, column: str, text: str) -> str:
    if not text and column not in OPTIONAL:
        ctx.problem(line, column, f"Enter the {column.replace('_', ' ')}")
    elif len(text) > MAX_TEXT:
        ctx.problem(line, column, f"Keep it to {MAX_TEXT} characters")
    return text


def _person(ctx: _Context, line: int, text: str) -> date | None:
    """The date of birth of the EHC case ``text``, or a problem when there is no such case."""
    if text not in ctx.births:
        ctx.problem(line, "person_id", "There is no EHC case for this person id", text)
        return None
    born = ctx.births[text][0]
    if born is None:
        ctx.problem(line, "person_id", "The EHC case has no date of birth: add it first", text)
    return born


def _review(ctx: _Context, line: int, row: dict[str, str]) -> dict[str, Any]:
    born = _person(ctx, line, row["person_id"])
    review_on = _date(ctx, line, "review_on", row["review_on"])
    out: dict[str, Any] = {"review_on": review_on}
    for column in ("aspirations", "destinations_statement", *(f"{a}_goal" for a in AREA_COLUMNS)):
        out[column] = _text(ctx, line, column, row[column])
    for area in AREA_COLUMNS:
        column = f"{area}_progress"
        out[column] = _choice(ctx, line, column, row[column], PROGRESS)
    out["aspiration_theme"] = _choice(
        ctx, line, "aspiration_theme", row["aspiration_theme"], THEMES
    )
    out["pathway"] = _choice(ctx, line, "pathway", row["pathway"], PATHWAYS)
    if born and review_on:
        out["year_group"] = year_group_on(born, review_on)
        if out["year_group"] < 9:
            ctx.problem(
                line,
                "review_on",
                "Preparing-for-adulthood reviews start in Year 9",
                row["review_on"],
            )
    if review_on and review_on > ctx.today:
        ctx.problem(
            line, "review_on", "Enter a review date that is not in the future", row["review_on"]
        )
    return out


def _after_16(ctx: _Context, line: int, born: date | None, column: str, day: date | None) -> None:
    if born and day and day < add_years(born, 16):
        message = "A destination cannot start before the young person's 16th birthday"
        ctx.problem(line, column, message, day.isoformat())


def _activity(ctx: _Context, line: int, row: dict[str, str]) -> dict[str, Any]:
    born = _person(ctx, line, row["person_id"])
    code = row["activity_code"]
    if code not in ACTIVITY_CODES:
        ctx.problem(line, "activity_code", "Enter an NCCIS activity code, such as 230 or 619", code)
    start = _date(ctx, line, "start_on", row["start_on"])
    end = _date(ctx, line, "end_on", row["end_on"])
    _after_16(ctx, line, born, "start_on", start)
    if start and end and end < start:
        ctx.problem(line, "end_on", "Enter an end date on or after the start date", row["end_on"])
    provider = _text(ctx, line, "provider", row["provider"])[:200] or None
    return {"activity_code": code, "start_on": start, "end_on": end, "provider": provider}


def _internship(ctx: _Context, line: int, row: dict[str, str]) -> dict[str, Any]:
    born = _person(ctx, line, row["person_id"])
    out: dict[str, Any] = {
        "host_employer": _text(ctx, line, "host_employer", row["host_employer"])[:200],
        "job_coach": _text(ctx, line, "job_coach", row["job_coach"])[:200],
    }
    for column in ("start_on", "completed_on", "left_on", "job_start_on", "job_end_on"):
        out[column] = _date(ctx, line, column, row[column])
    _after_16(ctx, line, born, "start_on", out["start_on"])
    for column in ("completed_on", "left_on", "job_start_on"):
        if out[column] and out["start_on"] and out[column] < out["start_on"]:
            ctx.problem(line, column, "Enter a date on or after the start date", row[column])
    if out["job_end_on"] and out["job_start_on"] and out["job_end_on"] < out["job_start_on"]:
        ctx.problem(
            line, "job_end_on", "Enter a date on or after the job's start", row["job_end_on"]
        )
    return out


CHECKS: Final[dict[str, Callable[[_Context, int, dict[str, str]], dict[str, Any]]]] = {
    "reviews": _review,
    "activities": _activity,
    "internships": _internship,
}


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    far = date.max
    return bool(a["start_on"] <= (b["end_on"] or far) and b["start_on"] <= (a["end_on"] or far))


def _duplicates(ctx: _Context, kind: str, checked: list[tuple[int, str, dict[str, Any]]]) -> None:
    """Refuse two rows for one young person and date, and overlapping spells of one activity."""
    key_column = MODELS[kind][1]
    seen: dict[tuple[str, date], int] = {}
    for line, person, row in checked:
        key = (person, row[key_column])
        if key in seen:
            ctx.problem(
                line,
                key_column,
                f"This repeats line {seen[key]} for the same young person and date",
                str(row[key_column]),
            )
        seen.setdefault(key, line)
    if kind != "activities":
        return
    for i, (line, person, row) in enumerate(checked):
        for other_line, other_person, other in checked[:i]:
            same = person == other_person and row["activity_code"] == other["activity_code"]
            if same and row["start_on"] != other["start_on"] and _overlaps(row, other):
                ctx.problem(
                    line,
                    "start_on",
                    f"This activity overlaps the same activity on line {other_line}",
                    str(row["start_on"]),
                )


def _check_stored_activities(
    session: Session,
    ctx: _Context,
    checked: list[tuple[int, str, dict[str, Any]]],
    partnership_id: str,
) -> None:
    """Refuse a row that overlaps a spell of the same activity already stored for that young
    person (a stored spell with the same start is replaced by the row, so it is not compared)."""
    held = queries.find_young_people(
        session=session, person_ids=[p for _, p, _ in checked], partnership_id=partnership_id
    )
    stored = queries.existing_children(
        session=session,
        model=PfaActivity,
        young_person_ids=sorted(row.id for row in held.values()),
        partnership_id=partnership_id,
    )
    by_person: dict[str, list[PfaActivity]] = {}
    for spell in stored.values():
        by_person.setdefault(spell.young_person_id, []).append(spell)
    starts = {(person, row["start_on"]) for _, person, row in checked}
    for line, person, row in checked:
        young = held.get(person)
        for spell in by_person.get(young.id, []) if young else []:
            if (person, spell.start_on) in starts or spell.activity_code != row["activity_code"]:
                continue
            if _overlaps(row, {"start_on": spell.start_on, "end_on": spell.end_on}):
                message = (
                    "This activity overlaps the same activity already recorded for this young "
                    f"person from {spell.start_on.isoformat()}"
                )
                ctx.problem(line, "start_on", message, str(row["start_on"]))
    if ctx.problems:
        raise InputRejected(ctx.problems)


def check_rows(
    rows: Sequence[dict[str, str]], kind: str, ctx: _Context
) -> list[tuple[int, str, dict[str, Any]]]:
    """Every row checked (line numbers count the header as line 1); raises ``InputRejected``."""
    checked = []
    for line, row in enumerate(rows, start=2):
        values = CHECKS[kind](ctx, line, {c: row.get(c, "") for c in COLUMNS[kind]})
        checked.append((line, row.get("person_id", ""), values))
    if not ctx.problems:
        _duplicates(ctx, kind, checked)
    if ctx.problems:
        raise InputRejected(ctx.problems)
    return checked


def import_rows(
    session: Session,
    rows: Sequence[dict[str, str]],
    *,
    kind: str,
    filename: str,
    partnership_id: str,
    la_code: str,
    today: date,
) -> ImportResult:
    """Check and store ``rows`` of ``kind`` for ``la_code``; then rebuild the LA's figures."""
    if kind not in COLUMNS:
        raise InputRejected([Problem(filename, "Choose reviews, activities or internships")])
    births = queries.case_births(session=session, la_code=la_code)
    ctx = _Context(filename, births, today)
    checked = check_rows(rows, kind, ctx)
    if kind == "activities":
        _check_stored_activities(session, ctx, checked, partnership_id)
    result = ImportResult(kind, len(rows))
    with session.begin_nested():
        ids = _young_people(session, checked, births, partnership_id, la_code, result)
        _store(session, kind, checked, ids, partnership_id, result)
    summary.rebuild(session, partnership_id=partnership_id, la_code=la_code, today=today)
    return result


def import_csv(
    session: Session,
    text: str,
    *,
    kind: str,
    filename: str,
    partnership_id: str,
    la_code: str,
    today: date,
) -> ImportResult:
    """Import a CSV file of reviews, activities or internships (see ``COLUMNS``)."""
    if kind not in COLUMNS:
        raise InputRejected([Problem(filename, "Choose reviews, activities or internships")])
    rows = read_rows(text, kind, filename)
    if not rows:
        raise InputRejected([Problem(filename, "The file has no rows under its header", 2)])
    return import_rows(
        session,
        rows,
        kind=kind,
        filename=filename,
        partnership_id=partnership_id,
        la_code=la_code,
        today=today,
    )


def _young_people(
    session: Session,
    checked: list[tuple[int, str, dict[str, Any]]],
    births: dict[str, tuple[date | None, date | None]],
    partnership_id: str,
    la_code: str,
    result: ImportResult,
) -> dict[str, str]:
    persons = sorted({person for _, person, _ in checked})
    held = queries.find_young_people(
        session=session, person_ids=persons, partnership_id=partnership_id
    )
    new = [
        {
            "la_code": la_code,
            "person_id": p,
            "date_of_birth": births[p][0],
            "plan_started_on": births[p][1],
        }
        for p in persons
        if p not in held
    ]
    made = queries.add_young_people(session=session, rows=new, partnership_id=partnership_id)
    result.young_people_added = len(made)
    return {**{p: row.id for p, row in held.items()}, **made}


def _store(
    session: Session,
    kind: str,
    checked: list[tuple[int, str, dict[str, Any]]],
    ids: dict[str, str],
    partnership_id: str,
    result: ImportResult,
) -> None:
    model, key_column = MODELS[kind]
    stored = queries.existing_children(
        session=session,
        model=model,
        young_person_ids=sorted(set(ids.values())),
        partnership_id=partnership_id,
    )
    new = []
    for _, person, values in checked:
        row = {"young_person_id": ids[person], **values}
        held = stored.get((ids[person], values[key_column]))
        if held is None:
            new.append(row)
        elif all(getattr(held, k) == v for k, v in values.items()):
            result.unchanged += 1
        else:
            for name, value in values.items():
                setattr(held, name, value)
            result.replaced += 1
    result.added = queries.add_child_rows(
        session=session, model=model, rows=new, partnership_id=partnership_id
    )
    session.flush()
