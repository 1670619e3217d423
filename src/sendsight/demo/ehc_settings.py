"""DEMONSTRATION DATA: which made-up school each synthetic child attends when a request is made.

Requests are spread across the area's settings in realistic proportions: a borough the size of
the demo area has about sixty primary schools, a dozen secondaries and a few special schools.
A typical primary sees a handful of requests a year, a secondary a couple of dozen, and a few
larger schools (one primary with a resourced base for autism among them) see more. The four demo
schools are the ones that have organisations and users in the demo partnership
(``sendsight.demo.access``); the others are made-up URNs with no organisation, and made-up names
(:func:`school_name`) so pages name a school rather than a number. All URNs are in
the range 990001 to 990999, which no real establishment uses.
"""

from __future__ import annotations

import random
from typing import Final

# (URN, weight) by phase. Weights are relative request rates within a phase.
DEMO_PRIMARY: Final = (("990001", 8),)  # Brookfield Primary: large, with an autism base
DEMO_SECONDARY: Final = (("990002", 6), ("990003", 8))  # Hollins Lane Academy; Millbrook High
DEMO_SPECIAL: Final = (("990004", 2),)  # Oakwood Special School
_PRIMARY_WEIGHTS: Final = (1, 2, 3, 2, 1, 3, 2, 4)
OTHER_PRIMARY: Final = tuple(
    (f"{990101 + i}", _PRIMARY_WEIGHTS[i % len(_PRIMARY_WEIGHTS)]) for i in range(60)
)
OTHER_SECONDARY: Final = tuple((f"{990201 + i}", 4 + i % 3) for i in range(10))
OTHER_SPECIAL: Final = (("990301", 1), ("990302", 1))
PRIMARY: Final = DEMO_PRIMARY + OTHER_PRIMARY
SECONDARY: Final = DEMO_SECONDARY + OTHER_SECONDARY
SPECIAL: Final = DEMO_SPECIAL + OTHER_SPECIAL
ALL_URNS: Final = frozenset(urn for urn, _ in PRIMARY + SECONDARY + SPECIAL)

# Made-up names for the made-up schools, plausible but generic: a tree and a field-name
# ending ("Ashcroft Primary School"), a compass point or landmark for secondaries.
_TREES: Final = "Ash Beech Birch Cedar Elm Hazel Holly Larch Maple Oak Rowan Willow".split()
_ENDINGS: Final = ("field", "croft", "lea", "mead", "gate")
_SECONDARY_NAMES: Final = (
    "Northgate Academy",
    "Riverside High School",
    "Hillcrest Academy",
    "Eastfield High School",
    "Westbrook Academy",
    "Southmoor High School",
    "Kingsway Academy",
    "Parkside High School",
    "Fairview Academy",
    "Moorland High School",
)
_NAMED: Final = {
    "990001": "Brookfield Primary School",
    "990002": "Hollins Lane Academy",
    "990003": "Millbrook High School",
    "990004": "Oakwood Special School",
    "990301": "Meadowbank School",
    "990302": "Fernhill School",
}
SCHOOL_NAMES: Final = {
    **{
        urn: f"{_TREES[i // len(_ENDINGS)]}{_ENDINGS[i % len(_ENDINGS)]} Primary School"
        for i, (urn, _) in enumerate(OTHER_PRIMARY)
    },
    **{urn: name for (urn, _), name in zip(OTHER_SECONDARY, _SECONDARY_NAMES, strict=True)},
    **_NAMED,
}


def school_name(urn: str) -> str | None:
    """The made-up name of a demo school (URNs 990001 to 990999), or None for any other URN."""
    return SCHOOL_NAMES.get(urn)


SCHOOL_AGE_YEARS: Final = (4, 16)
SECONDARY_FROM_YEARS: Final = 11
SHARE_IN_SPECIAL: Final = 0.03  # requests about pupils already at a special school are few
SHARE_PLACED: Final = 0.95  # the rest are educated at home or at schools outside the area


def pick_setting(places: random.Random, age_days: int) -> str | None:
    """A made-up URN for a child of school age at the request, else None.

    Draws the same number of values from ``places`` whatever the age, so one child's placement
    never shifts another's.
    """
    placed, special, draw = places.random(), places.random(), places.random()
    youngest, oldest = SCHOOL_AGE_YEARS
    if not youngest * 365 <= age_days < oldest * 365 or placed >= SHARE_PLACED:
        return None
    if special < SHARE_IN_SPECIAL:
        return _weighted(SPECIAL, draw)
    return _weighted(PRIMARY if age_days < SECONDARY_FROM_YEARS * 365 else SECONDARY, draw)


def _weighted(choices: tuple[tuple[str, int], ...], draw: float) -> str:
    point = draw * sum(weight for _, weight in choices)
    for urn, weight in choices:
        point -= weight
        if point < 0:
            return urn
    return choices[-1][0]
