"""The published outcomes of area SEND inspections under the 2023 framework, as data.

Read from the shipped CSV (``data/README.md``: Ofsted, OGL v3.0, via Data to Insight). Gives an
LA its latest outcome, next-inspection-by date and countdown, its statistical neighbours'
outcomes and the national mix.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Final

GRADES: Final[dict[int, str]] = {
    1: "Typically positive experiences and outcomes",
    2: "Inconsistent experiences and outcomes",
    3: "Widespread and/or systemic failings",
}
SOURCE: Final = (
    "Ofsted area SEND inspection reports (2023 framework), via Data to Insight (OGL v3.0)"
)


@dataclass(frozen=True)
class Inspection:
    """One LA's latest area SEND inspection under the 2023 framework."""

    la_code: str
    local_authority: str
    grade: int | None
    started_on: date | None
    published_on: date | None
    next_by: date | None
    next_interval: str
    neighbours: tuple[str, ...]
    link: str

    @property
    def outcome(self) -> str:
        """The outcome in words ("Outcome not read" when the scraper could not read it)."""
        return GRADES.get(self.grade or 0, "Outcome not read")


@dataclass(frozen=True)
class Context:
    """What the inspection context page shows for one LA."""

    la_code: str
    today: date
    own: Inspection | None
    neighbours: list[tuple[str, Inspection | None]]
    national: dict[str, int]

    @property
    def days_to_next(self) -> int | None:
        """Days from today to the next-inspection-by date (negative when past), if known."""
        if self.own is None or self.own.next_by is None:
            return None
        return (self.own.next_by - self.today).days


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@cache
def all_inspections() -> dict[str, Inspection]:
    """Every shipped inspection by LA code."""
    text = resources.files("sendsight.governance").joinpath("data/area_send_inspections.csv")
    rows = csv.DictReader(text.read_text(encoding="utf-8").splitlines())
    return {
        r["la_code"]: Inspection(
            r["la_code"],
            r["local_authority"],
            int(r["outcome_grade"]) if r["outcome_grade"] else None,
            _day(r["inspection_start_date"]),
            _day(r["publication_date"]),
            _day(r["next_inspection_by_date"]),
            r["next_inspection"],
            tuple(c for c in r["stat_neighbours"].split(";") if c),
            r["inspection_link"],
        )
        for r in rows
    }


def national_mix() -> dict[str, int]:
    """How many inspections gave each outcome (in grade order, then unread)."""
    counted = Counter(i.outcome for i in all_inspections().values())
    order = [*GRADES.values(), "Outcome not read"]
    return {label: counted[label] for label in order if counted[label]}


def context_for(la_code: str, today: date, neighbours: tuple[str, ...] = ()) -> Context:
    """The LA's own inspection, its neighbours' (``neighbours``, else those the data lists)."""
    found = all_inspections()
    own = found.get(la_code)
    codes = neighbours or (own.neighbours if own else ())
    return Context(la_code, today, own, [(c, found.get(c)) for c in codes], national_mix())


def describe(context: Context) -> str:
    """The context as plain text lines (for the command line)."""
    own = context.own
    lines = [f"Local authority {context.la_code}"]
    if own is None:
        lines.append("  No area SEND inspection under the 2023 framework in the published data.")
    else:
        lines.append(f"  Latest: {own.outcome} (published {own.published_on or 'date unknown'})")
        days = context.days_to_next
        if own.next_by is not None and days is not None:
            lines.append(f"  Next inspection by {own.next_by.isoformat()} ({days} days)")
    lines.append("Statistical neighbours:")
    for code, seen in context.neighbours:
        lines.append(
            f"  {code} {seen.local_authority}: {seen.outcome}"
            if seen
            else f"  {code}: not inspected under the 2023 framework"
        )
    lines.append("National mix: " + "; ".join(f"{k}: {v}" for k, v in context.national.items()))
    lines.append(f"Source: {SOURCE}")
    return "\n".join(lines)
