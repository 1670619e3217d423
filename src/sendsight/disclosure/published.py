"""Figures that a publisher has already released under its own disclosure control.

Official statistics (for example DfE's EHC plan release, whose data guidance says no suppression or
rounding is needed) are already public: hiding one of their small counts would protect no one and
would make our tables disagree with the publication. They still pass through this module, so that
every number shown has been through disclosure control, symbols keep their meaning, and a value
that is neither a number nor a known symbol can never be shown.
"""

from __future__ import annotations

from sendsight.disclosure.symbols import SYMBOLS, Protected


def protect_published(value: float | None, symbol: str | None, *, decimals: int = 0) -> Protected:
    """A published figure as a ``Protected`` cell: its value, or the publisher's own GSS symbol
    (``x`` when the figure is missing without one)."""
    if value is not None:
        return Protected(value=float(value), decimals=decimals)
    if symbol in SYMBOLS:
        return Protected(symbol=symbol)
    return Protected(symbol="x")
