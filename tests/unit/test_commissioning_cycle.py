"""Which co-production items shaped a commissioning priority (pure rule, tiny inputs)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from sendsight.commissioning.cycle import Shaped, shaping


def _item(item_id: str, held_on: date, topic: str = "Therapies") -> Shaped:
    return Shaped(item_id, topic, "said", "did", "done", "a1", "Forum", held_on)


def test_items_linked_to_the_priority_or_its_measures_shaped_it_oldest_first() -> None:
    items: dict[str, tuple[Shaped, Any]] = {
        "linked": (_item("linked", date(2026, 5, 1)), None),
        "by-measure": (_item("by-measure", date(2026, 1, 1)), "m1"),
        "other-measure": (_item("other-measure", date(2026, 2, 1)), "m2"),
        "unlinked": (_item("unlinked", date(2026, 3, 1)), None),
    }
    found = shaping([SimpleNamespace(id="m1")], ["linked", "deleted-item"], items)
    assert [s.said_item_id for s in found] == ["by-measure", "linked"]


def test_an_item_linked_both_ways_is_listed_once() -> None:
    items: dict[str, tuple[Shaped, Any]] = {"both": (_item("both", date(2026, 1, 1)), "m1")}
    found = shaping([SimpleNamespace(id="m1")], ["both"], items)
    assert [s.said_item_id for s in found] == ["both"]
