"""The whole framework as one document (YAML or JSON), and back.

Everything a partnership has built round-trips: outcomes, quotes, measures with their
definitions, values (current and superseded), targets, note versions, actions and their
updates. A published statistic is exported as its registry indicator id and area: its figures
stay in the statistics store. Export → import into an empty database → export gives the same
document.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import yaml
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    ProgrammingError,
    StatementError,
)
from sqlalchemy.orm import Session

from sendsight.core.errors import InputRejected, Problem
from sendsight.core.safe_files import decode_text
from sendsight.outcomes import periods, queries
from sendsight.outcomes.models import Measure, MeasureValue
from sendsight.outcomes.published import indicator_or_none
from sendsight.outcomes.vocab import Kind, Level, Polarity, SourceKind, Unit

FORMAT_VERSION = 1
OUTCOME_FIELDS = (
    "key",
    "statement",
    "description",
    "theme",
    "coproduced_with",
    "coproduced_on",
    "position",
)
MEASURE_FIELDS = (
    "key", "level", "kind", "service", "name", "definition", "unit", "decimals", "polarity",
    "frequency", "source", "source_kind", "source_key", "la_code", "survey_question",
    "is_demonstration",
    "owner_organisation", "last_updated_on", "next_update_on", "position",
)  # fmt: skip
ACTION_FIELDS = (
    "key",
    "title",
    "owner_organisation",
    "owner_person",
    "start_on",
    "due_on",
    "status",
)


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date | datetime) else value


def export_framework(session: Session, *, partnership_id: str) -> dict[str, Any]:
    """A partnership's framework as plain data, in a deterministic order."""
    own = {"partnership_id": partnership_id}
    outcomes = queries.list_outcomes(session=session, **own)
    by_id = {o.id: o.key for o in outcomes}
    quotes = queries.list_quotes(session=session, **own)
    return {
        "format": "sendsight-outcomes",
        "version": FORMAT_VERSION,
        "outcomes": [
            {
                **{f: _plain(getattr(o, f)) for f in OUTCOME_FIELDS},
                "quotes": [
                    {
                        "text": q.text,
                        "speaker": q.speaker,
                        "source": q.source,
                        "collected_on": _plain(q.collected_on),
                    }
                    for q in quotes
                    if q.outcome_id == o.id
                ],
            }
            for o in outcomes
        ],
        "measures": [
            _measure(session, m, by_id) for m in queries.list_measures(session=session, **own)
        ],
    }


def _measure(session: Session, m: Measure, outcome_keys: dict[str, str]) -> dict[str, Any]:
    own = {"partnership_id": m.partnership_id}
    values = sorted(
        queries.value_history(session=session, measure_id=m.id, **own), key=_value_order
    )
    return {
        **{f: _plain(getattr(m, f)) for f in MEASURE_FIELDS},
        "outcome": outcome_keys.get(m.outcome_id or ""),
        "values": [
            {"period": v.period, "value": v.value, "numerator": v.numerator,
             "denominator": v.denominator, "note": v.note, "entered_by": v.entered_by,
             "entered_at_utc": _plain(v.entered_at_utc),
             "superseded_at_utc": _plain(v.superseded_at_utc)}
            for v in values
        ],
        "targets": [
            {"period": t.period, "value": t.value}
            for t in queries.list_targets(session=session, measure_ids=[m.id], **own)
        ],
        "notes": [
            {"section": n.section, "version": n.version, "body": n.body, "author": n.author,
             "saved_at_utc": _plain(n.saved_at_utc)}
            for n in queries.list_note_versions(session=session, measure_ids=[m.id], **own)
        ],
        "actions": [
            {**{f: _plain(getattr(a, f)) for f in ACTION_FIELDS},
             "updates": [{"on": _plain(u.on), "text": u.text, "author": u.author}
                         for u in a.updates]}
            for a in queries.list_actions(session=session, measure_ids=[m.id], **own)
        ],
    }  # fmt: skip


def _value_order(v: MeasureValue) -> tuple[int, str]:
    return (v.period_index, _plain(v.entered_at_utc))  # type: ignore[return-value]


def parse_framework_bytes(data: bytes, filename: str) -> Any:
    """:func:`parse_framework_text` of a file's bytes. A file that is not UTF-8 text (a byte
    order mark is fine) is refused naming the byte and line, and how to save it as UTF-8."""
    return parse_framework_text(decode_text(data, filename), filename)


def parse_framework_text(text: str, filename: str) -> Any:
    """The framework document in ``text`` (YAML, or JSON, which is YAML too), without the
    figures a JSON export adds to each measure (``latest``, ``baseline``); raises
    ``InputRejected`` when the text is not YAML at all. Check it with :func:`check_framework`."""
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputRejected(
            [Problem(filename, "Write the file as valid YAML or JSON", line=line)]
        ) from exc
    measures = data.get("measures") if isinstance(data, dict) else None
    for m in measures if isinstance(measures, list) else []:
        if isinstance(m, dict):
            m.pop("latest", None)
            m.pop("baseline", None)
    return data


def check_framework(data: Any, *, filename: str) -> list[Problem]:
    """Every broken reference or missing field, each with the path where it is."""
    problems: list[Problem] = []
    if not isinstance(data, dict) or data.get("format") != "sendsight-outcomes":
        return [
            Problem(filename, "The file is not a sendsight outcomes framework", column="format")
        ]
    outcome_keys = set()
    for i, o in enumerate(_listed(data, "outcomes", filename, problems)):
        if not isinstance(o, dict) or not _texts(o, "key", "statement"):
            problems.append(
                Problem(
                    filename, "Each outcome needs a key and a statement", column=f"outcomes[{i}]"
                )
            )
            continue
        outcome_keys.add(o["key"])
    measure_keys: set[str] = set()
    for i, m in enumerate(_listed(data, "measures", filename, problems)):
        path = f"measures[{i}]"
        if not isinstance(m, dict) or not _texts(m, "key", "name", "frequency"):
            problems.append(
                Problem(filename, "Each measure needs a key, a name and a frequency", column=path)
            )
            continue
        if m.get("outcome") is not None and str(m["outcome"]) not in outcome_keys:
            problems.append(
                Problem(
                    filename,
                    f"The measure is under outcome {m['outcome']!r}, which is not in the file",
                    column=f"{path}.outcome",
                    value=str(m["outcome"]),
                )
            )
        problems += _check_choices(m, path, filename)
        problems += _check_statistic(m, path, filename)
        if m["key"] in measure_keys:
            problems.append(
                Problem(
                    filename, "Two measures have the same key", column=f"{path}.key", value=m["key"]
                )
            )
        measure_keys.add(m["key"])
    return problems


def _listed(data: dict[str, Any], name: str, filename: str, problems: list[Problem]) -> list[Any]:
    """The list under ``name`` (none when it is missing); anything else is a problem."""
    items = data.get(name)
    if items is None:
        return []
    if not isinstance(items, list):
        problems.append(Problem(filename, f"Write {name} as a list of items", column=name))
        return []
    return items


def _texts(item: dict[str, Any], *names: str) -> bool:
    """Whether every one of ``names`` holds some text (keys and names must be text)."""
    return all(isinstance(item.get(n), str) and item[n].strip() for n in names)


# The fields of a measure that hold one of a fixed set of values (frequency is required).
CHOICES: dict[str, type[StrEnum]] = {
    "frequency": periods.Frequency, "level": Level, "kind": Kind, "unit": Unit,
    "polarity": Polarity, "source_kind": SourceKind,
}  # fmt: skip


def _check_choices(m: dict[str, Any], path: str, filename: str) -> list[Problem]:
    """A problem for each field holding a value outside its fixed set (an absent optional
    field takes its default)."""
    problems = []
    for field, choices in CHOICES.items():
        value = m.get(field)
        allowed = [c.value for c in choices]
        if value is not None and value not in allowed:
            problems.append(
                Problem(filename, f"Write the {field} as one of: " + ", ".join(allowed),
                        column=f"{path}.{field}", value=str(value))
            )  # fmt: skip
    return problems


def _check_statistic(m: dict[str, Any], path: str, filename: str) -> list[Problem]:
    if m.get("source_kind") != "dfe_statistic":
        return []
    if indicator_or_none(m.get("source_key")) is None:
        return [Problem(filename, "A published statistic needs the id of an indicator in the "
                        "statistics registry, like ehc-plans-january", column=f"{path}.source_key",
                        value=str(m.get("source_key")))]  # fmt: skip
    if not re.fullmatch(r"\d{3}", str(m.get("la_code") or "")):
        return [Problem(filename, "A published statistic needs the 3-digit DfE code of its "
                        "local authority, like 354", column=f"{path}.la_code",
                        value=str(m.get("la_code")))]  # fmt: skip
    return []


def import_framework(session: Session, data: Any, *, partnership_id: str, filename: str) -> int:
    """Load a framework document into a partnership that has none yet; returns the number of
    measures.

    Refused (nothing written) when the document has broken references or the partnership
    already has a framework.
    """
    problems = check_framework(data, filename=filename)
    if not problems and not queries.framework_is_empty(
        session=session, partnership_id=partnership_id
    ):
        problems.append(
            Problem(
                filename,
                "The partnership already has an outcomes framework; import into one that has none",
            )
        )
    if problems:
        raise InputRejected(problems)
    path = "outcomes"
    try:
        # A savepoint, so that a part that cannot be stored leaves nothing behind.
        with session.begin_nested():
            outcomes: dict[str, str] = {}
            for i, o in enumerate(data.get("outcomes") or []):
                path = f"outcomes[{i}]"
                outcomes[o["key"]] = _load_outcome(session, o, partnership_id)
            for i, m in enumerate(data.get("measures") or []):
                path = f"measures[{i}]"
                _load_measure(session, m, outcomes, partnership_id)
    except _MISSHAPEN as exc:
        if isinstance(exc, DBAPIError) and not isinstance(exc, _DOCUMENT_ERRORS):
            raise  # the database failed, not the document
        message = (f"Check {path} against an exported framework: a field is missing or holds "
                   "the wrong kind of value")  # fmt: skip
        raise InputRejected([Problem(filename, message, column=path)]) from exc
    return len(data.get("measures") or [])


# What a document of the right outline but with a misshapen part raises while it is stored.
_MISSHAPEN = (KeyError, TypeError, ValueError, AttributeError, OverflowError, StatementError)
# Database errors that a value of the wrong kind or size causes (a list bound to a column, text
# too long, a missing required field); any other database error is not the document's fault.
_DOCUMENT_ERRORS = (DataError, IntegrityError, ProgrammingError)


def _d(value: object) -> Any:
    if isinstance(value, str) and len(value) == 10:
        return date.fromisoformat(value)
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


def _load_outcome(session: Session, o: dict[str, Any], partnership_id: str) -> str:
    fields = {f: _d(o[f]) if f == "coproduced_on" else o[f] for f in OUTCOME_FIELDS if f in o}
    outcome = queries.create_outcome(session=session, partnership_id=partnership_id, **fields)
    for q in o.get("quotes") or []:
        queries.create_quote(
            session=session,
            outcome=outcome,
            text=q["text"],
            speaker=q.get("speaker", ""),
            source=q.get("source", ""),
            collected_on=_d(q.get("collected_on")),
        )
    return outcome.id


def _load_measure(
    session: Session, m: dict[str, Any], outcomes: dict[str, str], partnership_id: str
) -> None:
    dated = ("last_updated_on", "next_update_on")
    fields = {f: _d(m[f]) if f in dated else m[f] for f in MEASURE_FIELDS if f in m}
    measure = queries.create_measure(
        session=session,
        partnership_id=partnership_id,
        outcome_id=outcomes.get(m.get("outcome") or ""),
        **fields,
    )
    for v in m.get("values") or []:
        new = queries.NewValue(
            v["period"], v["value"], v.get("numerator"), v.get("denominator"), v.get("note", "")
        )
        row, _ = queries.record_value(
            session=session,
            measure=measure,
            new=new,
            entered_by=v.get("entered_by", ""),
            now=_d(v["entered_at_utc"]),
        )
        row.superseded_at_utc = _d(v.get("superseded_at_utc"))
    measure.last_updated_on = fields.get("last_updated_on")
    for t in m.get("targets") or []:
        queries.set_target(session=session, measure=measure, period=t["period"], value=t["value"])
    for n in sorted(m.get("notes") or [], key=lambda n: (n["section"], n["version"])):
        queries.save_note(
            session=session,
            measure=measure,
            section=n["section"],
            body=n["body"],
            author=n.get("author", ""),
            now=_d(n["saved_at_utc"]),
        )
    for a in m.get("actions") or []:
        fields_a = {
            f: _d(a[f]) if f in ("start_on", "due_on") else a[f] for f in ACTION_FIELDS if f in a
        }
        action = queries.create_action(session=session, measure=measure, **fields_a)
        for u in a.get("updates") or []:
            queries.add_action_update(
                session=session,
                action=action,
                on=_d(u["on"]),
                text=u["text"],
                author=u.get("author", ""),
            )
    session.flush()
