"""The commissioning cycle in one view: for each priority (a commissioned service), understand
(its need), plan (the money), deliver (contracts), review (the scorecard measures its contracts
are judged by), and the co-production that shaped it.

Co-production is read through ``sendsight.wiring.optional_module`` only. A "you said" item
shaped a priority when it is linked to it (``queries.link_coproduction``) or to one of the
measures the priority is reviewed by (decision 1403).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from sendsight.commissioning import queries
from sendsight.commissioning.models import CommissionedService, Contract, Contribution
from sendsight.outcomes.models import Measure
from sendsight.wiring import optional_module


@dataclass(frozen=True, slots=True)
class Shaped:
    """A "you said" item that shaped a priority, with the activity where it was said."""

    said_item_id: str
    topic: str
    said: str
    response_kind: str | None
    response: str
    activity_id: str
    activity_title: str
    held_on: date


@dataclass(slots=True)
class Priority:
    """One priority's place in each stage of the cycle."""

    service: CommissionedService
    contracts: list[Contract] = field(default_factory=list)
    money: Contribution | None = None
    measures: list[Measure] = field(default_factory=list)
    shaped_by: list[Shaped] = field(default_factory=list)


def _said_items(session: Session, partnership_id: str) -> dict[str, tuple[Shaped, str | None]]:
    """Every "you said" item by id, with the measure it is linked to (none without the
    co-production domain)."""
    found = optional_module("sendsight.coproduction.queries")
    reader = getattr(found, "list_activities", None)
    if not callable(reader):
        return {}
    items: dict[str, tuple[Shaped, str | None]] = {}
    for activity in reader(session=session, partnership_id=partnership_id):
        for theme in activity.themes:
            shaped = Shaped(
                theme.id,
                theme.topic,
                theme.said,
                theme.response_kind,
                theme.response,
                activity.id,
                activity.title,
                activity.held_on,
            )
            items[theme.id] = (shaped, theme.measure_id)
    return items


def shaping(
    measures: Iterable[Measure], linked: Iterable[str], items: dict[str, tuple[Shaped, Any]]
) -> list[Shaped]:
    """The items that shaped a priority: linked to it, or to one of its measures; oldest
    activity first, each once. Links to items that no longer exist are skipped."""
    ids = {m.id for m in measures}
    chosen = {i: items[i][0] for i in linked if i in items}
    chosen |= {i: shaped for i, (shaped, measure_id) in items.items() if measure_id in ids}
    return sorted(chosen.values(), key=lambda s: (s.held_on, s.topic, s.said_item_id))


def priorities(session: Session, *, partnership_id: str) -> list[Priority]:
    """Each commissioned service as a priority, by name (a fixed number of queries)."""
    contracts = queries.list_contracts(session=session, partnership_id=partnership_id)
    rows = queries.list_contributions(
        session=session, partnership_id=partnership_id, subject_kind="service"
    )
    money = {r.subject_id: r for r in rows}  # the latest year wins: rows are by year
    measures = queries.measures_by_service(session=session, partnership_id=partnership_id)
    links = queries.coproduction_links(session=session, partnership_id=partnership_id)
    items = _said_items(session, partnership_id)
    found = []
    for service in queries.list_services(session=session, partnership_id=partnership_id):
        key = service.service_key
        mine = measures.get(key, [])
        found.append(
            Priority(
                service,
                [c for c in contracts if c.service_key == key],
                money.get(key),
                mine,
                shaping(mine, links.get(key, []), items),
            )
        )
    return found
