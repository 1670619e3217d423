"""Where values come from, other than a person typing them: published statistics and facts.

*Facts* are figures computed from case records by other domains (EHC timeliness, front door
volumes). A domain registers a fact once with :func:`register_fact`; a measure whose
``source_kind`` is ``fact`` and whose ``source_key`` names it is refreshed by
:func:`refresh_measures`. Published DfE statistics arrive the same way through a
:data:`StatisticFetcher`, so a new release updates every measure wired to it.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources

import polars as pl
from sqlalchemy.orm import Session

from sendsight.outcomes import queries
from sendsight.outcomes.models import Measure

SYSTEM_AUTHOR = "sendsight (automatic)"


@dataclass(frozen=True, slots=True)
class SourcePoint:
    """One period's figure from a source, with comparators where the source has them."""

    period: str
    value: float
    numerator: float | None = None
    denominator: float | None = None
    england: float | None = None
    sn_median: float | None = None


FactFunction = Callable[[Session, str], Sequence[SourcePoint]]
StatisticFetcher = Callable[[str, str], Sequence[SourcePoint]]


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


def registered_facts() -> list[Fact]:
    """Every registered fact, by key."""
    return [_FACTS[k] for k in sorted(_FACTS)]


def shipped_statistics(statistic: str, la_code: str) -> list[SourcePoint]:
    """The demo area's published figures shipped with sendsight (see ``data/README.md``).

    Stands in until ``sendsight.statistics`` serves every release; only Rochdale (354) is shipped.
    """
    frame = _shipped_frame().filter(pl.col("statistic") == statistic)
    if la_code != "354":
        return []
    return [
        SourcePoint(r["period"], r["la_value"], england=r["england"], sn_median=r["sn_median"])
        for r in frame.iter_rows(named=True)
    ]


_SHIPPED: list[pl.DataFrame] = []


def _shipped_frame() -> pl.DataFrame:
    if not _SHIPPED:
        raw = resources.files("sendsight.outcomes").joinpath("data/demo_statistics.csv.gz")
        text = gzip.decompress(raw.read_bytes())
        _SHIPPED.append(pl.read_csv(io.BytesIO(text), schema_overrides={"period": pl.String}))
    return _SHIPPED[0]


def refresh_measures(
    session: Session, *, la_code: str, fetch: StatisticFetcher | None = None
) -> int:
    """Refresh every measure fed by a statistic or a fact; returns how many values changed."""
    fetch = fetch or shipped_statistics
    changed = 0
    for measure in queries.list_measures(session):
        points = _points_for(session, measure, la_code, fetch)
        changed += _store(session, measure, points)
    return changed


def _points_for(
    session: Session, measure: Measure, la_code: str, fetch: StatisticFetcher
) -> Sequence[SourcePoint]:
    if measure.source_key is None:
        return []
    if measure.source_kind == "dfe_statistic":
        return fetch(measure.source_key, la_code)
    if measure.source_kind == "fact" and measure.source_key in _FACTS:
        return _FACTS[measure.source_key].compute(session, la_code)
    return []


def _store(session: Session, measure: Measure, points: Sequence[SourcePoint]) -> int:
    held = queries.current_values(session, [measure.id])
    known = {(r["period"], r["value"]) for r in held.iter_rows(named=True)}
    changed = 0
    for point in points:
        if (point.period, point.value) not in known:
            new = queries.NewValue(point.period, point.value, point.numerator, point.denominator)
            queries.record_value(session, measure=measure, new=new, entered_by=SYSTEM_AUTHOR)
            changed += 1
        if point.england is not None or point.sn_median is not None:
            queries.set_comparator(
                session, measure=measure, period=point.period, england=point.england,
                sn_median=point.sn_median,
            )  # fmt: skip
    return changed
