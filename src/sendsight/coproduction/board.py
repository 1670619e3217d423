"""What the co-production log tells a partnership board and the self-evaluation.

``pack_summary`` gives a few plain sentences for the board pack (the public pack shows them
too, so every count of people passes disclosure control with the configured threshold);
``selfeval_evidence`` gives claims placed in the area SEND inspection framework's areas for
the self-evaluation. Both read only the partnership's own log.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Any

from sqlalchemy.orm import Session

from sendsight.coproduction import metrics, vocab
from sendsight.coproduction.records import ActivityRecord
from sendsight.coproduction.snapshot import logged
from sendsight.disclosure import Viewpoint

SOURCE = "Co-production log"


def _viewpoint(threshold: int | None) -> Viewpoint:
    if threshold is None:
        from sendsight.config import get_settings

        settings = get_settings()
        return Viewpoint(
            threshold=settings.disclosure_threshold, round_to=settings.disclosure_round_to
        )
    return Viewpoint(threshold=threshold)


@dataclass(frozen=True, slots=True)
class Year:
    """The twelve months to a day: activities held, and items heard and answered in them."""

    upto: date
    activities: list[ActivityRecord]

    @property
    def since(self) -> date:
        """The first day of the twelve months."""
        return self.upto - timedelta(days=364)

    @property
    def heard(self) -> int:
        """Things families and young people said at the year's activities."""
        return sum(len(a.themes) for a in self.activities)

    def answered(self) -> Counter[str]:
        """Responses published by ``upto`` to what was said in the year, by kind."""
        return Counter(
            str(t.response_kind)
            for a in self.activities
            for t in a.themes
            if t.response_kind and t.published_on and t.published_on <= self.upto
        )

    def days_to_response(self) -> float | None:
        """Median days from said to published response, for the year's published responses."""
        days = [
            (t.published_on - a.held_on).days
            for a in self.activities
            for t in a.themes
            if t.response_kind and t.published_on and t.published_on <= self.upto
        ]
        return float(median(days)) if days else None

    @property
    def co_design(self) -> int:
        """Activities on the top two rungs of the participation ladder."""
        return sum(a.ladder_level in vocab.CO_DESIGN_OR_ABOVE for a in self.activities)


def _year(session: Session, partnership_id: str, upto: date) -> Year:
    since = upto - timedelta(days=364)
    every = logged(session=session, partnership_id=partnership_id)
    return Year(upto, [a.record for a in every if since <= a.held_on <= upto])


def _people(n: int, viewpoint: Viewpoint, noun: str) -> str:
    shown = viewpoint.count(n)
    if shown.is_suppressed:
        return f"fewer than {viewpoint.threshold} {noun}"
    return f"{shown} {noun}"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def pack_summary(
    *, session: Session, partnership_id: str, upto: date, threshold: int | None = None
) -> list[dict[str, Any]]:
    """A few sentences on co-production in the twelve months to ``upto`` (only activities held
    and responses published by then), counts of people protected with ``threshold`` (the
    configured disclosure threshold unless given)."""
    year, viewpoint = _year(session, partnership_id, upto), _viewpoint(threshold)
    when = f"In the 12 months to {upto.day} {upto:%B %Y}"
    if not year.activities:
        return [{"text": f"{when} no engagement activities were logged.", "kind": "activities"}]
    parents = sum(a.counts.get(("parents_carers", "all"), 0) for a in year.activities)
    young = sum(metrics.young_people(a.counts) for a in year.activities)
    answered = year.answered()
    lines = [
        {
            "kind": "activities",
            "text": f"{when} the partnership held "
            f"{_plural(len(year.activities), 'engagement activity', 'engagement activities')}, "
            f"{year.co_design} of them at co-design level or above; "
            f"{_people(parents, viewpoint, 'parents and carers')} and "
            f"{_people(young, viewpoint, 'children and young people')} took part.",
        },
        {
            "kind": "responses",
            "text": f"Families and young people told us {_plural(year.heard, 'thing', 'things')}; "
            f"{sum(answered.values())} have a published response: "
            f"{answered['did']} “we did”, {answered['will']} “we will” and "
            f"{answered['cannot']} “we have not been able to”.",
        },
    ]
    days = year.days_to_response()
    if days is not None:
        lines.append(
            {
                "kind": "days_to_response",
                "text": f"A published response took a median of {days:g} days "
                "from the day something was said.",
            }
        )
    gaps = _need_gaps(year)
    if gaps:
        lines.append(
            {
                "kind": "need_gaps",
                "text": "No children or young people with these primary needs took part: "
                f"{', '.join(gaps)}.",
            }
        )
    return lines


def _need_gaps(year: Year) -> list[str]:
    """Primary needs (in words) nobody took part with, when any activity recorded needs."""
    reach = metrics.reach_by_need(year.activities, {})
    if not any(r.taking_part for r in reach):
        return []
    return [vocab.NEEDS[r.need].lower() for r in reach if not r.taking_part]


def _strength(*, trend: bool, benchmark: bool) -> str:
    """As the self-evaluation judges evidence: a current figure with a benchmark and a trend
    is strong, with one of them moderate, with neither weak."""
    return "strong" if trend and benchmark else "moderate" if trend or benchmark else "weak"


def selfeval_evidence(
    *, session: Session, partnership_id: str, today: date | None = None
) -> list[dict[str, Any]]:
    """Claims from the co-production log for the self-evaluation: families' part in shaping
    services (``participate``), who is reached (``included``) and whether leaders answer what
    they hear (``leaders``), each against the twelve months before where there were any."""
    from datetime import UTC, datetime

    upto = today or datetime.now(UTC).date()
    now, before = (
        _year(session, partnership_id, upto),
        _year(session, partnership_id, upto - timedelta(days=365)),
    )
    if not now.activities:
        return [
            {
                "area": "participate",
                "text": "No co-production activity with families or young people was logged "
                "in the last 12 months.",
                "source": SOURCE,
                "strength": "weak",
            }
        ]
    return [_participation(now, before), _responses(now, before), _reach(now)]


def _participation(now: Year, before: Year) -> dict[str, Any]:
    text = (
        f"{_plural(len(now.activities), 'engagement activity', 'engagement activities')} "
        f"with families and young people in the last 12 months, {now.co_design} at co-design "
        "level or above"
    )
    if before.activities:
        text += f" (the 12 months before: {len(before.activities)}, {before.co_design})"
    return {
        "area": "participate",
        "text": text + ".",
        "source": SOURCE,
        "strength": _strength(trend=bool(before.activities), benchmark=False),
    }


def _responses(now: Year, before: Year) -> dict[str, Any]:
    answered, days = sum(now.answered().values()), now.days_to_response()
    text = f"“You said, we did”: {answered} of {now.heard} things heard in the last 12 months "
    text += "have a published response"
    if days is not None:
        text += f", after a median of {days:g} days"
    earlier = before.days_to_response()
    if earlier is not None:
        text += f" (the 12 months before: {earlier:g} days)"
    return {
        "area": "leaders",
        "text": text + ".",
        "source": SOURCE,
        "strength": _strength(trend=earlier is not None and days is not None, benchmark=False),
    }


def _reach(now: Year) -> dict[str, Any]:
    if not any(r.taking_part for r in metrics.reach_by_need(now.activities, {})):
        return {
            "area": "included",
            "text": "The primary need of children and young people taking part in "
            "co-production was not recorded in the last 12 months.",
            "source": SOURCE,
            "strength": "weak",
        }
    gaps = _need_gaps(now)
    reached = len(vocab.NEEDS) - len(gaps)
    text = f"Children and young people with {reached} of the {len(vocab.NEEDS)} primary needs "
    text += "took part in co-production in the last 12 months"
    text += f"; none with {', '.join(gaps)}." if gaps else "."
    return {
        "area": "included",
        "text": text,
        "source": SOURCE,
        "strength": _strength(trend=False, benchmark=True),
    }
