"""Checking one request for support, from the form or a CSV row, before anything is stored.

The same checks serve both: a form names the field wrong, a CSV file the line and column. A
request is refused without the family's consent (UK GDPR Art 6 and 9: the front door shares the
child's details with the services it routes to), with a UPN whose check letter is wrong, with a
date of birth in the future, or with a URN that is not a school or setting the front door knows.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from sendsight.core.errors import Problem
from sendsight.core.identifiers import upn_problem
from sendsight.frontdoor import vocab

COLUMNS: Final = (
    "person_id",
    "date_of_birth",
    "upn",
    "setting_urn",
    "source",
    "need_area",
    "other_need_areas",
    "needs_text",
    "cycles",
    "asked_for",
    "consent",
    "received_on",
)
REQUIRED: Final = (
    "person_id",
    "date_of_birth",
    "source",
    "need_area",
    "needs_text",
    "asked_for",
    "consent",
)
MAX_AGE_YEARS: Final = 25  # the SEND system covers 0 to 25 (Children and Families Act 2014 s83)
_CYCLE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s+to\s+(\d{4}-\d{2}-\d{2})\s*$")
_YES: Final = frozenset({"yes", "y", "true", "1"})
_MESSAGES: Final = {
    "person_id": "Enter the child's reference (a pseudonymous id, not their name)",
    "date_of_birth": "Enter the child's date of birth, like 2015-03-27",
    "source": "Select who is making the request",
    "need_area": "Select the child's main area of need",
    "needs_text": "Describe the child's needs",
    "asked_for": "Select what is being asked for",
    "consent": "Confirm the family has consented to this request",
}


@dataclass(frozen=True, slots=True)
class NewRequest:
    """A request for support that passed every check."""

    person_id: str
    date_of_birth: date
    upn: str | None
    setting_urn: str | None
    source: str
    need_area: str
    other_need_areas: list[str]
    needs_text: str
    graduated_approach: list[dict[str, Any]]
    asked_for: str
    received_on: date
    consent: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Check:
    raw: Mapping[str, str]
    file: str
    line: int | None
    problems: list[Problem] = field(default_factory=list)

    def text(self, name: str) -> str:
        return str(self.raw.get(name) or "").strip()

    def fail(self, name: str, message: str) -> None:
        self.problems.append(Problem(self.file, message, self.line, name, self.text(name) or None))

    def choice(self, name: str, allowed: Mapping[str, str]) -> str:
        value = self.text(name)
        if value and value not in allowed:
            self.fail(name, f"{_MESSAGES[name]}: one of {', '.join(allowed)}")
        return value

    def day(self, name: str) -> date | None:
        value = self.text(name)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(name, "Enter a real date as YYYY-MM-DD")
            return None


def check_request(
    raw: Mapping[str, str],
    *,
    today: date,
    known_urns: Collection[str],
    file: str = "form",
    line: int | None = None,
) -> tuple[NewRequest | None, list[Problem]]:
    """The request in ``raw`` (field → text) checked; the problems, each naming its field."""
    c = _Check(raw, file, line)
    for name in REQUIRED:
        if not c.text(name):
            c.fail(name, _MESSAGES[name])
    if c.text("consent") and c.text("consent").lower() not in _YES:
        c.fail("consent", _MESSAGES["consent"])
    born = _birth(c, today)
    upn = _upn(c)
    urn = _urn(c, known_urns)
    source = c.choice("source", vocab.SOURCES)
    need = c.choice("need_area", vocab.NEED_AREAS)
    asked = c.choice("asked_for", vocab.ASKED_FOR)
    others = _other_needs(c)
    cycles = _cycles(c, today)
    received = c.day("received_on") or today
    if received > today:
        c.fail("received_on", "The date received cannot be in the future")
    if len(c.text("person_id")) > 100 or len(c.text("needs_text")) > 5000:
        c.fail(
            "needs_text", "Keep the child's reference under 100 and the needs under 5000 characters"
        )
    if c.problems or born is None:
        return None, c.problems
    return NewRequest(
        c.text("person_id"),
        born,
        upn,
        urn,
        source,
        need,
        others,
        c.text("needs_text"),
        cycles,
        asked,
        received,
    ), []


def _birth(c: _Check, today: date) -> date | None:
    born = c.day("date_of_birth")
    if born is not None and born > today:
        c.fail("date_of_birth", "The date of birth must be in the past")
        return None
    if born is not None and today.year - born.year > MAX_AGE_YEARS + 1:
        c.fail(
            "date_of_birth",
            "The front door takes requests for children and young people aged 0 to 25",
        )
        return None
    return born


def _upn(c: _Check) -> str | None:
    value = c.text("upn").upper()
    if not value:
        return None
    problem = upn_problem(value)
    if problem is not None:
        c.fail("upn", problem)
        return None
    return value


def _urn(c: _Check, known_urns: Collection[str]) -> str | None:
    value = c.text("setting_urn")
    if not value:
        if c.text("source") == "school":
            c.fail("setting_urn", "Enter the URN of the child's school or setting")
        return None
    if not (len(value) == 6 and value.isdigit()):
        c.fail("setting_urn", "A URN is 6 digits, like 990001")
        return None
    if value not in known_urns:
        c.fail("setting_urn", f"URN {value} is not a school or setting the front door knows")
        return None
    return value


def _other_needs(c: _Check) -> list[str]:
    names = [n.strip() for n in re.split(r"[;,]", c.text("other_need_areas")) if n.strip()]
    wrong = [n for n in names if n not in vocab.NEED_AREAS]
    if wrong:
        c.fail("other_need_areas", f"Areas of need must be from: {', '.join(vocab.NEED_AREAS)}")
    return [n for n in names if n in vocab.NEED_AREAS and n != c.text("need_area")]


def _cycles(c: _Check, today: date) -> list[dict[str, Any]]:
    """Assess-plan-do-review cycles, one a line (or ``;``): ``START to REVIEW``."""
    cycles: list[dict[str, Any]] = []
    for part in (p for p in re.split(r"[;\n]", c.text("cycles")) if p.strip()):
        start, review = _cycle_dates(_CYCLE.match(part))
        if start is None or review is None or review < start or review > today:
            c.fail(
                "cycles",
                "Write each cycle as START to REVIEW, like 2025-01-06 to 2025-03-28, "
                "reviewed by today",
            )
            return []
        cycles.append({"started_on": start.isoformat(), "reviewed_on": review.isoformat()})
    return cycles


def _cycle_dates(found: re.Match[str] | None) -> tuple[date | None, date | None]:
    if found is None:
        return None, None
    try:
        return date.fromisoformat(found.group(1)), date.fromisoformat(found.group(2))
    except ValueError:
        return None, None
