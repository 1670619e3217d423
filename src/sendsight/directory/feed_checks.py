"""What every directory import checks: statuses, schedules, dates, and the problems found."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date
from typing import Any, Final

from sendsight.core.errors import InputRejected, Problem
from sendsight.directory.models import (
    Schedule,
)
from sendsight.directory.store import Package

STATUSES: Final = ("active", "inactive", "defunct", "temporarily closed")
DAY = re.compile(r"(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*")
TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?")


class Check:
    """Problems found so far in one file."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []

    def fail(self, where: str, message: str, value: Any = None, line: int | None = None) -> None:
        shown = None if value is None else str(value)
        self.problems.append(Problem(self.filename, message, line=line, column=where, value=shown))

    def uuid(self, value: Any, where: str, line: int | None = None) -> str:
        try:
            return str(uuid.UUID(str(value)))
        except ValueError:
            self.fail(where, "Give an id in UUID form", value, line)
            return str(uuid.uuid4())

    def done(self) -> None:
        if self.problems:
            raise InputRejected(self.problems)


def parse_date(check: Check, value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        check.fail(where, "Give a date as YYYY-MM-DD", value)
        return None


def add_schedule(check: Check, package: Package, sid: str, s: dict[str, Any], where: str) -> None:
    byday, opens, closes = str(s.get("byday") or ""), s.get("opens_at"), s.get("closes_at")
    if (
        not DAY.fullmatch(byday)
        or not TIME.fullmatch(str(opens))
        or not TIME.fullmatch(str(closes))
    ):
        check.fail(
            where,
            "A schedule needs byday (MO,TU...) and opens_at and closes_at (HH:MM)",
            json.dumps(s)[:60],
        )
        return
    package.add(
        Schedule,
        id=check.uuid(s.get("id"), f"{where}.id"),
        service_id=sid,
        freq=str(s.get("freq") or "WEEKLY"),
        byday=byday,
        opens_at=str(opens)[:5],
        closes_at=str(closes)[:5],
        description=s.get("description"),
    )
