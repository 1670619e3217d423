"""Judgements a scorecard row shows: trend arrow, status against target and against baseline.

All three respect polarity: for a measure where lower is better, a fall is good news.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sendsight.outcomes.baseline import BaselinePoint

# A move of 2% of the previous value or less is shown as flat; a value within 5% of its target
# counts as close to it (amber). Both are house choices, recorded in decision 0701.
FLAT_WITHIN = 0.02
NEAR_TARGET = 0.05
# A baseline's 80% interval is informative when it is at most 25 points wide for a percentage
# (a quarter of the 0 to 100 range) and at most half the forecast wide for a count, rate or
# score (about ±25% of it). House choices, recorded in decision 0702.
RANGE_SHARE = 0.25
LEVEL_SHARE = 0.5


class Rag(StrEnum):
    """Red, amber, green; ``uncertain`` (baselines only: inside an interval too wide to say
    much); ``none`` when no judgement can be made."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    UNCERTAIN = "uncertain"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Trend:
    """Which way the latest value moved (``up``/``down``/``flat``) and whether that is good."""

    direction: str
    judgement: str
    text: str


def trend(latest: float | None, previous: float | None, polarity: str) -> Trend | None:
    """The arrow from the previous value to the latest, judged by polarity."""
    if latest is None or previous is None:
        return None
    change = latest - previous
    flat = abs(change) <= FLAT_WITHIN * abs(previous) if previous else change == 0
    direction = "flat" if flat else ("up" if change > 0 else "down")
    if direction == "flat" or polarity == "neither":
        judgement = "no_judgement"
    else:
        judgement = "better" if (direction == "up") == (polarity == "up") else "worse"
    words = {"up": "Up", "down": "Down", "flat": "No real change"}[direction]
    suffix = {"better": " (better)", "worse": " (worse)", "no_judgement": ""}[judgement]
    return Trend(direction, judgement, f"{words} since the previous period{suffix}")


def _better(a: float, b: float, polarity: str) -> bool:
    return a > b if polarity == "up" else a < b


def against_target(value: float | None, target: float | None, polarity: str) -> Rag:
    """Green when the target is met, amber when within 5% of it, red otherwise."""
    if value is None or target is None or polarity == "neither":
        return Rag.NONE
    if value == target or _better(value, target, polarity):
        return Rag.GREEN
    if abs(value - target) <= NEAR_TARGET * abs(target):
        return Rag.AMBER
    return Rag.RED


def against_baseline(
    value: float | None, forecast: BaselinePoint | None, polarity: str, *, unit: str
) -> Rag:
    """Turning the curve: green when the value beats the whole forecast interval in the right
    direction, red when it is beyond the interval the wrong way, amber ("as forecast") when
    inside an informative interval, and uncertain when inside one too wide to say much."""
    if value is None or forecast is None or polarity == "neither":
        return Rag.NONE
    good_edge = forecast.upper if polarity == "up" else forecast.lower
    bad_edge = forecast.lower if polarity == "up" else forecast.upper
    if _better(value, good_edge, polarity):
        return Rag.GREEN
    if _better(bad_edge, value, polarity):
        return Rag.RED
    return Rag.AMBER if informative(forecast, unit=unit) else Rag.UNCERTAIN


def informative(forecast: BaselinePoint, *, unit: str) -> bool:
    """An informative forecast: its interval is at most 25 percentage points wide for a
    percentage, at most half the forecast wide for other units. Inside a wider interval almost
    any value is "as forecast", which says nothing."""
    if unit == "percent":
        limit = RANGE_SHARE * 100.0
    else:
        limit = LEVEL_SHARE * abs(forecast.estimate)
    return forecast.upper - forecast.lower <= limit


RAG_TEXT = {
    Rag.GREEN: "On target",
    Rag.AMBER: "Close to target",
    Rag.RED: "Off target",
    Rag.NONE: "No target",
}
BASELINE_TEXT = {
    Rag.GREEN: "Turning the curve",
    Rag.AMBER: "As forecast",
    Rag.RED: "Worse than forecast",
    Rag.UNCERTAIN: "Baseline uncertain",
    Rag.NONE: "No forecast",
}
