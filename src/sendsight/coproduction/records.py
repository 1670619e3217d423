"""An activity and its "you said" items as plain values: what a file row or a form holds.

The importer, the exporter and the demo all speak in these, so one set of rules checks them
(``checks.py``) and one function stores them (``queries.save_activity``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

CountKey = tuple[str, str]  # (group, category)


@dataclass(frozen=True, slots=True)
class ThemeRecord:
    """One "you said" item and its response (``response_kind`` None: not answered yet)."""

    key: str
    topic: str
    said: str
    response_kind: str | None = None
    response: str = ""
    will_by_on: date | None = None
    owner: str = ""
    status: str = "open"
    published_on: date | None = None
    measure_id: str | None = None
    action_id: str | None = None


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    """One engagement activity with who took part (counts by group and category)."""

    key: str
    held_on: date
    title: str
    method: str
    ladder_level: str
    coproduction_type: str
    partners: tuple[str, ...] = ()
    adjustments: tuple[str, ...] = ()
    counts: dict[CountKey, int] = field(default_factory=dict)
    themes: tuple[ThemeRecord, ...] = ()


def join_list(items: tuple[str, ...] | list[str]) -> str:
    """A list as it is stored and written: items separated by ``; ``."""
    return "; ".join(items)


def split_list(text: str) -> tuple[str, ...]:
    """The items of a ``;``-separated list, trimmed, blanks dropped."""
    return tuple(part.strip() for part in text.split(";") if part.strip())


def format_counts(counts: dict[CountKey, int]) -> str:
    """Counts as one cell: ``group:category=count`` separated by ``; `` in a fixed order."""
    return "; ".join(f"{g}:{c}={n}" for (g, c), n in sorted(counts.items()))
