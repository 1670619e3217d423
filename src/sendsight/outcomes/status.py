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


class Rag(StrEnum):
    """Red, amber, green; ``none`` when no judgement can be made."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
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


def against_baseline(value: float | None, forecast: BaselinePoint | None, polarity: str) -> Rag:
    """Turning the curve: green when the value beats the whole forecast interval in the right
    direction, red when it is beyond the interval the wrong way, amber when inside it."""
    if value is None or forecast is None or polarity == "neither":
        return Rag.NONE
    good_edge = forecast.upper if polarity == "up" else forecast.lower
    bad_edge = forecast.lower if polarity == "up" else forecast.upper
    if _better(value, good_edge, polarity):
        return Rag.GREEN
    if _better(bad_edge, value, polarity):
        return Rag.RED
    return Rag.AMBER


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
    Rag.NONE: "No forecast",
}
