"""Checking what someone typed into the outcome and measure forms, before anything is saved.

Each checker takes the submitted text by field name and returns the fields to store, or raises
``InputRejected`` with one problem per field (``column`` is the field name, so a form can put
each message beside its field). A measure wired to a published statistic takes its unit,
polarity, frequency and definition from the statistics registry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from sendsight.core.errors import InputRejected, Problem
from sendsight.outcomes import periods, published
from sendsight.outcomes.vocab import Kind, Level, Polarity, SourceKind, Unit

FORM = "form"


def _text(data: Mapping[str, object], name: str) -> str:
    return str(data.get(name) or "").strip()


def _date(text: str, name: str, problems: list[Problem]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(Problem(FORM, "Enter a date as YYYY-MM-DD, like 2025-09-30", None,
                                name, text))  # fmt: skip
        return None


def check_outcome(data: Mapping[str, object]) -> dict[str, Any]:
    """The fields of an outcome: an I statement (required), description, theme, and with whom
    and when it was co-produced."""
    problems: list[Problem] = []
    statement = _text(data, "statement")
    if not statement:
        problems.append(Problem(FORM, "Enter the outcome as an I statement, like "
                                "“I am listened to”", None, "statement"))  # fmt: skip
    elif len(statement) > 300:
        problems.append(Problem(FORM, "The I statement must be 300 characters or fewer", None,
                                "statement"))  # fmt: skip
    coproduced_on = _date(_text(data, "coproduced_on"), "coproduced_on", problems)
    if problems:
        raise InputRejected(problems)
    return {
        "statement": statement, "description": _text(data, "description"),
        "theme": _text(data, "theme")[:100],
        "coproduced_with": _text(data, "coproduced_with")[:300], "coproduced_on": coproduced_on,
    }  # fmt: skip


def check_measure(data: Mapping[str, object], *, outcome_ids: set[str]) -> dict[str, Any]:
    """The fields of an indicator or performance measure (see the form for what each means)."""
    problems: list[Problem] = []

    def problem(name: str, message: str) -> None:
        problems.append(Problem(FORM, message, None, name, _text(data, name)))

    fields = _definition(data, problem)
    outcome_id = _text(data, "outcome_id") or None
    if outcome_id is not None and outcome_id not in outcome_ids:
        problem("outcome_id", "Choose an outcome from the list")
    fields["outcome_id"] = outcome_id
    fields["next_update_on"] = _date(_text(data, "next_update_on"), "next_update_on", problems)
    fields.update(_source(data, fields, problem))
    if problems:
        raise InputRejected(problems)
    return fields


def _choice(data: Mapping[str, object], name: str, allowed: type[Any], problem: Any,
            message: str) -> str:  # fmt: skip
    value = _text(data, name)
    if value not in {v.value for v in allowed}:
        problem(name, message)
    return value


def _definition(data: Mapping[str, object], problem: Any) -> dict[str, Any]:
    name = _text(data, "name")
    if not name:
        problem("name", "Enter the name of the indicator or measure")
    level = _choice(data, "level", Level, problem, "Choose indicator or performance measure")
    kind = _text(data, "kind") or None
    if level == Level.PERFORMANCE and kind not in {k.value for k in Kind}:
        problem("kind", "Choose which of the three questions the measure answers")
    decimals = _text(data, "decimals") or "1"
    if not re.fullmatch(r"[0-3]", decimals):
        problem("decimals", "Enter a number of decimal places from 0 to 3")
        decimals = "1"
    return {
        "name": name[:300], "level": level,
        "kind": kind if level == Level.PERFORMANCE else None,
        "service": _text(data, "service")[:200], "definition": _text(data, "definition"),
        "unit": _choice(data, "unit", Unit, problem, "Choose the unit"),
        "polarity": _choice(data, "polarity", Polarity, problem, "Choose which way is better"),
        "frequency": _choice(data, "frequency", periods.Frequency, problem,
                             "Choose how often the measure is reported"),
        "decimals": int(decimals),
    }  # fmt: skip


def _source(data: Mapping[str, object], fields: dict[str, Any], problem: Any) -> dict[str, Any]:
    kind = _choice(data, "source_kind", SourceKind, problem, "Choose where the values come from")
    found: dict[str, Any] = {
        "source_kind": kind, "source": _text(data, "source")[:300], "source_key": None,
        "la_code": None, "survey_question": _text(data, "survey_question")[:500] or None,
    }  # fmt: skip
    if kind != SourceKind.DFE_STATISTIC:
        return found
    indicator = published.indicator_or_none(_text(data, "source_key"))
    la_code = _text(data, "la_code")
    if indicator is None:
        problem("source_key", "Choose the published statistic")
    if not re.fullmatch(r"\d{3}", la_code):
        problem("la_code", "Enter the 3-digit DfE code of the local authority, like 354")
    if indicator is None:
        return found
    wired = published.measure_fields(indicator, la_code=la_code)
    if not fields.get("definition"):
        fields["definition"] = wired["definition"]
    fields.update({k: wired[k] for k in ("unit", "decimals", "polarity", "frequency")})
    return {**found, **{k: wired[k] for k in ("source", "source_key", "la_code")},
            "source": found["source"] or wired["source"]}  # fmt: skip


def new_key(text: str, taken: set[str]) -> str:
    """A short stable key from a name (``Families satisfied`` → ``families_satisfied``), made
    unique against ``taken`` with a number."""
    base = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:50] or "item"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key
