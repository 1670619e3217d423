"""Display-ready figures: every number passes through disclosure control before it is formatted."""

from __future__ import annotations

from dataclasses import dataclass

from sendsight.benchmarking import format_value
from sendsight.core.rounding import round_half_up
from sendsight.disclosure import Protected, protect_published
from sendsight.statistics.registry import IndicatorDef, Unit

UNIT_SUFFIX = {Unit.PERCENT: "%", Unit.COUNT: "", Unit.RATE: "", Unit.SCORE: ""}


@dataclass(frozen=True, slots=True)
class Cell:
    """A protected figure with its text for a page (``46.4%``, ``1,234`` or a GSS symbol)."""

    protected: Protected
    text: str

    @property
    def value(self) -> float | None:
        """The number behind the cell (None when a symbol stands in for it)."""
        return self.protected.value

    @property
    def symbol(self) -> str | None:
        """The GSS symbol shown instead of a number, if any."""
        return self.protected.symbol

    @property
    def csv(self) -> float | int | str:
        """The cell as written to a CSV file: the number (kept numeric, rounded as shown), or the
        symbol."""
        if self.protected.value is None:
            return str(self.protected.symbol)
        rounded = round_half_up(self.protected.value, self.protected.decimals)
        return int(rounded) if self.protected.decimals == 0 else rounded


def published_cell(value: float | None, symbol: str | None, indicator: IndicatorDef) -> Cell:
    """A published statistic as a display cell (through :func:`protect_published`)."""
    protected = protect_published(value, symbol, decimals=indicator.decimals)
    if protected.value is None:
        return Cell(protected, str(protected.symbol))
    text = format_value(
        protected.value, unit=UNIT_SUFFIX[indicator.unit], decimals=indicator.decimals
    )
    return Cell(protected, text)


def missing_cell() -> Cell:
    """A figure that does not exist for this place and period (``x``)."""
    return Cell(Protected(symbol="x"), "x")
