"""The one rounding rule for figures people read: halves away from zero, on the decimal figure.

Python's ``round`` and ``format`` round the binary value, and halves to even, so 81.25 becomes
81.2 and 2.5 becomes 2, while most people (and the other half of our pages, until this module)
round 81.25 to 81.3. Every figure shown, downloaded or returned by the API is rounded here, so
the same figure reads the same to every reader. The float is read as the shortest decimal that
stands for it (``repr``), so 0.125 is rounded as 0.125, not as the binary 0.1249999….
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

# Enough digits for any finite float to any number of places people read.
_CONTEXT = Context(prec=400)


def round_half_up(value: float, decimals: int = 0, *, scale: int = 1) -> float:
    """``value`` (times ``scale``, worked out on the decimal figure: 0.285 × 100 is 28.5)
    rounded to ``decimals`` places, halves away from zero (81.25 → 81.3, 2.5 → 3, -2.5 → -3).
    A NaN or infinite value is returned as it is."""
    if not math.isfinite(value):
        return value
    return float(_quantized(value, decimals, scale)) + 0.0


def round_to_multiple(value: float, base: int) -> float:
    """``value`` rounded to the nearest multiple of ``base``, halves away from zero (25 → 30 for
    10, -25 → -30)."""
    if base < 1:
        raise ValueError("Round to a whole number of 1 or more")
    multiples = _CONTEXT.divide(_decimal(value), Decimal(base))
    whole = multiples.quantize(Decimal(1), rounding=ROUND_HALF_UP, context=_CONTEXT)
    return float(_CONTEXT.multiply(whole, Decimal(base))) + 0.0


def format_number(
    value: float,
    decimals: int = 0,
    *,
    grouping: bool = True,
    sign: bool = False,
    scale: int = 1,
) -> str:
    """``value`` (times ``scale``) as text with ``decimals`` places, rounded as
    :func:`round_half_up`, thousands separated with commas unless ``grouping`` is false
    ("1,204.5"). With ``sign`` a figure above 0 is written with a plus ("+1.2"), as a change
    is. Never "-0". This is also the ``number`` filter in templates."""
    rounded = _quantized(value, decimals, scale)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{rounded:,.{decimals}f}" if grouping else f"{rounded:.{decimals}f}"
    return "+" + text if sign and rounded > 0 else text


def _quantized(value: float, decimals: int, scale: int = 1) -> Decimal:
    if decimals < 0:
        raise ValueError("Give 0 or more decimal places")
    exponent = Decimal(1).scaleb(-decimals)
    return _CONTEXT.multiply(_decimal(value), Decimal(scale)).quantize(
        exponent, rounding=ROUND_HALF_UP, context=_CONTEXT
    )


def _decimal(value: float) -> Decimal:
    if not math.isfinite(value):
        raise ValueError(f"Only a finite figure can be rounded, not {value!r}")
    return Decimal(repr(float(value)))
