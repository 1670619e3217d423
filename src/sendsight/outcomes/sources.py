"""Where values come from, other than a person typing them: published statistics and facts.

*Facts* are figures computed from case records by other domains (EHC timeliness, front door
volumes). A domain registers a fact once with :func:`register_fact`; a measure whose
``source_kind`` is ``fact`` and whose ``source_key`` names it is refreshed by
:func:`refresh_measures`. Published DfE statistics are not copied: see ``published.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from sendsight.outcomes import queries
from sendsight.outcomes.models import Measure

SYSTEM_AUTHOR = "sendsight (automatic)"


@dataclass(frozen=True, slots=True)
class SourcePoint:
    """One period's figure from a source."""

    period: str
    value: float
    numerator: float | None = None
    denominator: float | None = None


FactFunction = Callable[[Session, str], Sequence[SourcePoint]]


@dataclass(frozen=True, slots=True)
class Fact:
    """A registered computed figure: ``compute(session, la_code)`` returns its series."""

    key: str
    label: str
    compute: FactFunction


_FACTS: dict[str, Fact] = {}


def register_fact(key: str, label: str, compute: FactFunction) -> None:
    """Make a computed figure available to measures (``source_kind="fact"``, ``source_key=key``)."""
    _FACTS[key] = Fact(key, label, compute)


def refresh_measures(session: Session, *, partnership_id: str, la_codes: Sequence[str]) -> int:
    """Refresh every partnership measure fed by a registered fact; returns how many values
    changed.

    ``la_codes`` are the LAs the partnership covers: a fact is computed from case records of
    the measure's LA (the first of ``la_codes`` when it names none), and never for an LA
    outside them, so one partnership's framework cannot read another's case records.
    Published statistics need no refresh: they are read from the statistics store each time
    (see ``published.py``).
    """
    changed = 0
    for measure in queries.list_measures(session=session, partnership_id=partnership_id):
        la_code = measure.la_code or (la_codes[0] if la_codes else "")
        if measure.source_kind == "fact" and measure.source_key in _FACTS and la_code in la_codes:
            points = _FACTS[measure.source_key].compute(session, la_code)
            changed += _store(session, measure, points)
    return changed


def _store(session: Session, measure: Measure, points: Sequence[SourcePoint]) -> int:
    held = queries.current_values(
        session=session, measure_ids=[measure.id], partnership_id=measure.partnership_id
    )
    known = {(r["period"], r["value"]) for r in held.iter_rows(named=True)}
    changed = 0
    for point in points:
        if (point.period, point.value) not in known:
            new = queries.NewValue(point.period, point.value, point.numerator, point.denominator)
            queries.record_value(
                session=session, measure=measure, new=new, entered_by=SYSTEM_AUTHOR
            )
            changed += 1
    return changed
