"""Published cell values: a number, or one of the GSS / DfE symbols that stands in for it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sendsight.core.rounding import format_number

# DfE Explore Education Statistics "Data symbols" (analysts' guide), following GSS guidance.
# Order matters: explanations are listed in this order wherever they appear.
SYMBOLS: dict[str, str] = {
    "c": "confidential: the figure is hidden so that no child can be identified",
    "low": "the figure rounds to 0 but is not 0",
    "k": "the figure rounds to 0 but is not 0 (used for sensitive topics)",
    "x": "not available: the figure was not collected or is missing",
    "z": "not applicable: there is no figure to show here",
    "u": "low reliability: treat the figure with caution",
}


@dataclass(frozen=True, slots=True)
class Protected:
    """A cell that is safe to show: either a ``value`` or a GSS ``symbol``, never both.

    ``decimals`` is how many decimal places the value is shown with (0 for counts).
    """

    value: float | None = None
    symbol: str | None = None
    decimals: int = 0

    def __post_init__(self) -> None:
        if (self.value is None) == (self.symbol is None):
            raise ValueError("A protected cell has either a value or a symbol")
        if self.symbol is not None and self.symbol not in SYMBOLS:
            raise ValueError(f"Unknown symbol {self.symbol!r}; use one of {', '.join(SYMBOLS)}")

    @property
    def is_suppressed(self) -> bool:
        """Whether the figure was hidden for confidentiality (shown as ``c``)."""
        return self.symbol == "c"

    def __str__(self) -> str:
        if self.symbol is not None:
            return self.symbol
        assert self.value is not None
        return format_number(self.value, self.decimals, grouping=False)


def suppressed() -> Protected:
    """The ``c`` cell: a figure hidden for confidentiality."""
    return Protected(symbol="c")


def explain_symbols(
    symbols: Iterable[str], *, threshold: int | None = None, modelled: bool = False
) -> list[str]:
    """Return one plain-English line per symbol present, in a fixed order, for the notes
    under a table or chart. With ``threshold`` the ``c`` line says which counts are hidden;
    with ``modelled`` too, it says which modelled figures (forecasts and the figures worked out
    from them, see ``protect_modelled``) are hidden instead.

    Every page or export that shows a symbol must also show these lines.
    """
    present = set(symbols)
    unknown = present - set(SYMBOLS) - {""}
    if unknown:
        raise ValueError(f"Unknown symbol(s): {', '.join(sorted(unknown))}")
    lines = []
    for symbol, meaning in SYMBOLS.items():
        if symbol not in present:
            continue
        text = f"{symbol} = {meaning}"
        if symbol == "c" and threshold is not None and threshold > 1 and modelled:
            text += (
                f". Forecasts, and figures worked out from them, that are not 0 but are smaller"
                f" than {threshold} either way are hidden"
            )
        elif symbol == "c" and threshold is not None and threshold > 1:
            text += (
                f". Counts from 1 to {threshold - 1} are hidden, and so are other figures that"
                " would let them be worked out from a total"
            )
        lines.append(text)
    return lines
