"""Protect single counts, series of counts with no totals, and rates built from counts."""

from __future__ import annotations

from collections.abc import Sequence

from sendsight.core.rounding import round_half_up, round_to_multiple
from sendsight.disclosure.symbols import Protected


def protect_count(n: int | None, *, threshold: int = 5, round_to: int | None = None) -> Protected:
    """A lone count made safe to show: ``c`` for 1 to ``threshold - 1``, ``x`` when missing,
    true zeros as 0, otherwise the count (rounded to the nearest ``round_to`` when asked, and
    ``low`` when that rounding would show a non-zero count as 0)."""
    if n is None:
        return Protected(symbol="x")
    if n < 0:
        raise ValueError("A count cannot be negative")
    if 1 <= n < threshold:
        return Protected(symbol="c")
    if round_to is None or n == 0:
        return Protected(value=float(n))
    shown = round_to_multiple(n, round_to)
    return Protected(symbol="low") if shown == 0 else Protected(value=float(shown))


def protect_series(
    counts: Sequence[int | None], *, threshold: int = 5, round_to: int | None = None
) -> list[Protected]:
    """A time series of counts, each protected on its own (a series has no total to solve
    against, so no secondary suppression is needed)."""
    return [protect_count(n, threshold=threshold, round_to=round_to) for n in counts]


def protect_rate(
    numerator: int | Protected | None,
    denominator: int | Protected | None,
    *,
    threshold: int = 5,
    scale: float = 100.0,
    decimals: int = 1,
    protect_complement: bool = False,
) -> Protected:
    """A rate (a percentage when ``scale`` is 100) shown only when neither part is hidden.

    The rate is ``c`` when the numerator or denominator is suppressed (a count from 1 to
    ``threshold - 1``, or an already-protected ``c`` cell), ``x`` when either is missing and
    ``z`` when the denominator is 0. With ``protect_complement`` the rate is also hidden when
    the children *not* counted (denominator minus numerator) are from 1 to ``threshold - 1``.
    Rates are worked out from unrounded counts and rounded halves away from zero
    (:func:`sendsight.core.rounding.round_half_up`).
    """
    top = _as_protected(numerator, threshold)
    bottom = _as_protected(denominator, threshold)
    for symbol in ("c", "x"):
        if symbol in (top.symbol, bottom.symbol):
            return Protected(symbol=symbol)
    if top.symbol is not None or bottom.symbol is not None:
        return Protected(symbol="x")
    assert top.value is not None and bottom.value is not None
    if bottom.value == 0:
        return Protected(symbol="z")
    if protect_complement and 1 <= bottom.value - top.value < threshold:
        return Protected(symbol="c")
    # Multiply first: a count times 100 is exact, so a rate such as 81.25 stays a half.
    rate = round_half_up(top.value * scale / bottom.value, decimals)
    return Protected(value=rate, decimals=decimals)


def protect_rates(
    numerators: Sequence[int | None],
    denominators: Sequence[int | None],
    *,
    threshold: int = 5,
    scale: float = 100.0,
    decimals: int = 1,
) -> list[Protected]:
    """Rates for paired numerators and denominators (e.g. a series), each as in
    :func:`protect_rate`."""
    if len(numerators) != len(denominators):
        raise ValueError("Give one denominator for each numerator")
    return [
        protect_rate(n, d, threshold=threshold, scale=scale, decimals=decimals)
        for n, d in zip(numerators, denominators, strict=True)
    ]


def _as_protected(part: int | Protected | None, threshold: int) -> Protected:
    if isinstance(part, Protected):
        return part
    return protect_count(part, threshold=threshold)
