"""The commissioning signal: what young people say they want against the post-16 and post-19
programmes on offer, so that commissioners see where many want something nobody offers.

Programmes come from the partnership's own list (``adulthood_programme``) and, when the Local
Offer directory is installed, from its active services for young people aged 16 or more (read
lazily: the directory is optional). A directory service is matched to aspiration themes by
words in its name and description; it has no number of places.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy.orm import Session

from sendsight.adulthood import queries
from sendsight.adulthood.codes import THEMES
from sendsight.wiring import optional_module

#: Words in a directory service's name or description that say which aspiration it serves.
THEME_WORDS: Final = {
    "supported_internship": r"internship",
    "apprenticeship": r"apprentice",
    "paid_work": r"\bjobs?\b|employment|\bwork\b",
    "college_course": r"college|course",
    "university": r"universit",
    "own_home": r"housing|own home|tenancy",
    "supported_living": r"supported living|independent living",
    "friends_leisure": r"club|sport|leisure|social|friends",
    "travel": r"travel",
    "health": r"health|wellbeing",
}
DIRECTORY_AGES: Final = (17, 20)
DIRECTORY_PAGE: Final = 500


@dataclass(frozen=True, slots=True)
class Programme:
    """A programme on offer: its name, phase, the aspiration themes it serves, its places
    (None when not known) and where it was listed."""

    name: str
    phase: str
    themes: tuple[str, ...]
    places: int | None
    source: str


@dataclass(frozen=True, slots=True)
class Signal:
    """One aspiration theme: how many want it, programmes and places on offer, the verdict."""

    theme: str
    wanted: int
    programmes: int
    places: int
    verdict: str


def programmes(session: Session, *, partnership_id: str) -> list[Programme]:
    """The partnership's own programmes and, when present, the Local Offer's."""
    own = [
        Programme(p.name, p.phase, tuple(p.themes), p.places, "Partnership list")
        for p in queries.list_programmes(session=session, partnership_id=partnership_id)
    ]
    return own + directory_programmes(session, partnership_id=partnership_id)


def directory_programmes(session: Session, *, partnership_id: str) -> list[Programme]:
    """Active Local Offer services for ages 17 and 20, matched to themes (none without the
    directory)."""
    directory = optional_module("sendsight.directory.queries")
    if directory is None:
        return []
    found: dict[str, Programme] = {}
    for age in DIRECTORY_AGES:
        query = directory.ServiceQuery(age=age, active_only=True)
        services, _ = directory.list_services(
            session=session,
            partnership_id=partnership_id,
            query=query,
            page=1,
            per_page=DIRECTORY_PAGE,
        )
        for service in services:
            themes = match_themes(f"{service.name} {service.description}")
            if themes and service.id not in found:
                phase = "post16" if age < 19 else "post19"
                found[service.id] = Programme(service.name, phase, themes, None, "Local Offer")
    return sorted(found.values(), key=lambda p: p.name)


def match_themes(text: str) -> tuple[str, ...]:
    """The aspiration themes a programme's text speaks to."""
    return tuple(
        theme for theme, words in THEME_WORDS.items() if re.search(words, text, re.IGNORECASE)
    )


def stored(rows: Sequence[Mapping[str, Any]]) -> list[Programme]:
    """Programmes as kept in the cohort figures."""
    return [
        Programme(r["name"], r["phase"], tuple(r["themes"]), r["places"], r["source"]) for r in rows
    ]


def signal(wanted: Mapping[str, int], offered: Sequence[Programme]) -> list[Signal]:
    """Every theme someone wants or someone offers, most wanted first."""
    rows = []
    for theme in THEMES:
        matching = [p for p in offered if theme in p.themes]
        places = sum(p.places or 0 for p in matching)
        count = int(wanted.get(theme, 0))
        if not count and not matching:
            continue
        rows.append(Signal(theme, count, len(matching), places, _verdict(count, matching, places)))
    return sorted(rows, key=lambda s: (-s.wanted, s.theme))


def _verdict(wanted: int, matching: Sequence[Programme], places: int) -> str:
    if wanted and not matching:
        return "Wanted, but nobody offers it"
    if wanted and all(p.places is not None for p in matching) and places < wanted:
        return "Fewer places than young people who want it"
    return "On offer"


def as_rows(signals: Sequence[Signal]) -> list[dict[str, Any]]:
    """The signal as plain rows (for the command line)."""
    return [
        {
            "theme": s.theme,
            "wanted": s.wanted,
            "programmes": s.programmes,
            "places": s.places,
            "verdict": s.verdict,
        }
        for s in signals
    ]
