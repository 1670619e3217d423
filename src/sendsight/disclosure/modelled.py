"""Modelled figures: forecasts, their interval bounds, modelled breakdowns and demand.

A modelled figure is an estimate of a count of children, not a count anyone made, so it is shown
rounded rather than suppressed cell by cell. Small estimates are still hidden: a forecast of 3
children with a rare need in a small area says as much about those children as a count would.
See docs/decisions/0301 ("Modelled figures").
"""

from __future__ import annotations

import math
from typing import Literal

from sendsight.core.rounding import round_half_up, round_to_multiple
from sendsight.disclosure.symbols import Protected

Kind = Literal["count", "difference", "probability"]


def protect_modelled(
    value: float | None,
    *,
    kind: Kind = "count",
    threshold: int = 5,
    round_to: int = 10,
) -> Protected:
    """A modelled figure made safe to show.

    ``kind`` says what the figure is:

    * ``"count"`` (a forecast, a bound, a part of a breakdown, a demand figure): rounded to the
      nearest ``round_to``, halves up. A figure above 0 but below ``threshold`` is ``c``, one
      that would round to 0 is ``low``; a true 0 stays 0. A negative figure is an error.
    * ``"difference"`` (a surplus or shortfall, a change from a baseline): as a count, applied
      to its size, and the sign kept (-25 becomes -30).
    * ``"probability"`` (from 0 to 1): not a count, so shown as it is, in whole percent (0.374
      becomes 37).

    A missing figure (``None`` or NaN) is ``x``.
    """
    if kind not in ("count", "difference", "probability"):
        raise ValueError(f"Unknown kind of modelled figure {kind!r}")
    if threshold < 1:
        raise ValueError("The threshold must be 1 or more (1 hides nothing)")
    if round_to < 1:
        raise ValueError("Round to a whole number of 1 or more")
    if value is None or math.isnan(value):
        return Protected(symbol="x")
    if math.isinf(value):
        raise ValueError("A modelled figure must be finite")
    if kind == "probability":
        if not 0 <= value <= 1:
            raise ValueError("A probability must be from 0 to 1")
        return Protected(value=round_half_up(value, scale=100))
    if value < 0 and kind == "count":
        raise ValueError("A modelled count cannot be negative; give a difference as one")
    size = abs(value)
    if size == 0:
        return Protected(value=0.0)
    if size < threshold:
        return Protected(symbol="c")
    shown = round_to_multiple(size, round_to)
    if shown == 0:
        return Protected(symbol="low")
    return Protected(value=float(math.copysign(shown, value)))
