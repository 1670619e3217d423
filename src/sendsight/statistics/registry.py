"""The indicator registry: which published figures sendsight shows, and what they mean.

Definitions live in ``indicators.yaml``; each names the published column(s) it is read from.
Where several sources are listed, the newest release wins for each period (a later publication
revises earlier ones), and the first-listed source wins between sources of the same release.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from sendsight.core.periods import PeriodKind
from sendsight.statistics.errors import UnknownIndicator


class Unit(Enum):
    """What a value counts: a number of things, a percentage, or a rate per some base."""

    COUNT = "count"
    PERCENT = "percent"
    RATE = "rate"
    SCORE = "score"


class Polarity(Enum):
    """Which direction is better, for colouring and ranking (``neither`` when it depends)."""

    HIGH_IS_GOOD = "high_is_good"
    LOW_IS_GOOD = "low_is_good"
    NEITHER = "neither"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where an indicator's values are stored: publication, indicator column and breakdown."""

    publication: str
    column: str
    breakdown: str = "total"


@dataclass(frozen=True, slots=True)
class IndicatorDef:
    """A SEND indicator: a published figure with its meaning, unit and source.

    ``no_quartile`` marks indicators for which ranking LAs into quartiles would mislead (for
    example because high and low are neither good nor bad).
    """

    id: str
    title: str
    short_title: str
    description: str
    unit: Unit
    polarity: Polarity
    decimals: int
    period_kind: PeriodKind
    sources: tuple[SourceRef, ...]
    source_name: str
    source_url: str
    owner: str
    last_update: str | None
    next_update: str | None
    no_quartile: bool


def _indicator(raw: dict[str, Any]) -> IndicatorDef:
    sources = tuple(SourceRef(**source) for source in raw["sources"])
    if not sources:
        raise ValueError(f"Indicator {raw['id']!r} has no sources")
    return IndicatorDef(
        id=raw["id"],
        title=raw["title"],
        short_title=raw["short_title"],
        description=" ".join(raw["description"].split()),
        unit=Unit(raw["unit"]),
        polarity=Polarity(raw["polarity"]),
        decimals=int(raw["decimals"]),
        period_kind=PeriodKind(raw["period_kind"]),
        sources=sources,
        source_name=raw["source_name"],
        source_url=raw["source_url"],
        owner=raw["owner"],
        last_update=raw.get("last_update"),
        next_update=raw.get("next_update"),
        no_quartile=bool(raw.get("no_quartile", False)),
    )


@lru_cache(maxsize=1)
def load_registry() -> dict[str, IndicatorDef]:
    """Every indicator in ``indicators.yaml`` and then in each domain's ``indicators-<domain>.yaml``
    (in name order), by id, in file order."""
    package = resources.files("sendsight.statistics")
    names = sorted(
        entry.name
        for entry in package.iterdir()
        if entry.name.startswith("indicators-") and entry.name.endswith(".yaml")
    )
    entries = [
        _indicator(raw)
        for name in ["indicators.yaml", *names]
        for raw in yaml.safe_load(package.joinpath(name).read_text("utf-8"))["indicators"]
    ]
    registry = {entry.id: entry for entry in entries}
    if len(registry) != len(entries):
        raise ValueError("the indicator files repeat an indicator id")
    return registry


def list_indicators() -> list[IndicatorDef]:
    """Every indicator, in registry order."""
    return list(load_registry().values())


def get_indicator(indicator_id: str) -> IndicatorDef:
    """The indicator with this id; raises ``UnknownIndicator``."""
    try:
        return load_registry()[indicator_id]
    except KeyError:
        raise UnknownIndicator(f"No indicator has the id {indicator_id!r}") from None


def january_publications() -> frozenset[str]:
    """Publications whose figures are counts on census day in January: every publication an
    indicator of the ``january_census`` kind reads. DfE labels them by academic year (the EHC
    plans caseload, "202425, Academic year", is the count in January 2025); sendsight stores
    them as January so that every release joins the same series."""
    return frozenset(
        source.publication
        for indicator in load_registry().values()
        if indicator.period_kind is PeriodKind.JANUARY_CENSUS
        for source in indicator.sources
    )
