"""Pure calculations on ratings: disagreement, theme levels, and the two warning flags.

Levels are counted from 1 (the scale's first level) to the scale's length.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from sendsight.outcomes.status import trend


@dataclass(frozen=True, slots=True)
class Spread:
    """How far apart the organisations' ratings of one statement are.

    ``range`` is highest minus lowest level; ``iqr`` the interquartile range (inclusive
    quartiles, so two ratings a level apart have an IQR of 0.5).
    """

    n: int
    low: int | None
    high: int | None
    median: float | None
    q1: float | None
    q3: float | None

    @property
    def range(self) -> int | None:
        """Highest level minus lowest."""
        return None if self.low is None or self.high is None else self.high - self.low

    @property
    def iqr(self) -> float | None:
        """Upper quartile minus lower quartile."""
        return None if self.q1 is None or self.q3 is None else round(self.q3 - self.q1, 2)

    def as_dict(self) -> dict[str, float | int | None]:
        """For JSON and CSV."""
        return {
            "n": self.n,
            "min": self.low,
            "max": self.high,
            "median": self.median,
            "q1": self.q1,
            "q3": self.q3,
            "range": self.range,
            "iqr": self.iqr,
        }


def spread(levels: Sequence[int]) -> Spread:
    """The spread of ``levels`` (one per organisation that rated)."""
    if not levels:
        return Spread(0, None, None, None, None, None)
    ordered = sorted(levels)
    if len(ordered) == 1:
        one = float(ordered[0])
        return Spread(1, ordered[0], ordered[0], one, one, one)
    q1, median, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return Spread(len(ordered), ordered[0], ordered[-1], median, round(q1, 2), round(q3, 2))


def statement_level(consensus: int | None, levels: Sequence[int]) -> int | None:
    """A statement's level: the consensus where agreed, otherwise the lower median rating."""
    if consensus is not None:
        return consensus
    return statistics.median_low(levels) if levels else None


def theme_level(
    statement_levels: Sequence[int | None], *, duty_unmet: bool, cap: int = 1
) -> int | None:
    """A theme's level: the lower median of its statements' levels, but never above ``cap``
    (the scale's first level unless the framework says otherwise) while a statutory duty in
    the theme is judged unmet: a partnership cannot be further along than the law's floor."""
    known = [level for level in statement_levels if level is not None]
    if not known:
        return None
    level = statistics.median_low(known)
    return min(level, cap) if duty_unmet else level


def duty_unmet(consensus: bool | None, judgements: Sequence[bool | None]) -> bool:
    """Whether a statutory duty counts as unmet: as agreed at moderation, otherwise when at
    least half of the organisations that answered say it is not met."""
    if consensus is not None:
        return not consensus
    answered = [j for j in judgements if j is not None]
    return bool(answered) and sum(not j for j in answered) * 2 >= len(answered)


def not_moving(history: Sequence[int | None], target: int, *, rounds: int = 2) -> bool:
    """True when the last ``rounds`` levels (oldest first) are the same and below ``target``."""
    recent = list(history[-rounds:])
    if len(recent) < rounds or recent[0] is None:
        return False
    return all(level == recent[0] for level in recent) and recent[0] < target


def evidence_moved(at_rating: float | None, now: float | None, polarity: str | None) -> bool:
    """True when a linked measure has moved the worse way since the rating was made."""
    moved = trend(now, at_rating, polarity or "neither")
    return moved is not None and moved.judgement == "worse"
