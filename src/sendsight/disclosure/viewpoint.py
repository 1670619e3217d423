"""Who is reading, as disclosure control sees them: one viewpoint per request or command.

A reader with case-level access sees figures exactly; everyone else sees them through
disclosure control with the partnership's settings (decision 0301). The web builds the
viewpoint once per request (``web.current.viewpoint()``) and commands build it from their
options; pages, files and JSON then take it whole instead of a flag and settings of their own,
and each domain's formatters (the EHC tables, the forecast figures, the scorecard cells) are
made from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sendsight.disclosure.modelled import protect_modelled
from sendsight.disclosure.scalars import protect_count, protect_rate
from sendsight.disclosure.symbols import Protected


@dataclass(frozen=True, slots=True)
class Viewpoint:
    """How figures are shown to one reader.

    ``case_level``: the reader may see case-level figures (no protection). Otherwise counts
    under ``threshold`` are hidden, published counts are rounded to ``round_to`` when set, and
    modelled figures (forecasts) are rounded to ``modelled_round_to``.
    """

    case_level: bool = False
    threshold: int = 5
    round_to: int | None = None
    modelled_round_to: int = 10

    @property
    def protect(self) -> bool:
        """True when figures pass through disclosure control for this reader."""
        return not self.case_level

    def count(self, n: int | None) -> Protected:
        """A count of children (or records about them) as this reader may see it."""
        if n is None:
            return Protected(symbol="x")
        if self.case_level:
            return Protected(value=float(n), decimals=0)
        return protect_count(n, threshold=self.threshold, round_to=self.round_to)

    def rate(
        self,
        numerator: int | None,
        denominator: int | None,
        *,
        scale: float = 100.0,
        decimals: int = 1,
    ) -> Protected:
        """A rate of two counts (a percentage by default) as this reader may see it: hidden
        when either count would be."""
        if self.case_level:
            if numerator is None or denominator is None:
                return Protected(symbol="x")
            if denominator == 0:
                return Protected(symbol="z")
            return Protected(value=numerator * scale / denominator, decimals=decimals)
        return protect_rate(
            numerator, denominator, threshold=self.threshold, scale=scale, decimals=decimals
        )

    def modelled(self, value: float | None) -> Protected:
        """A modelled count (a forecast or its bounds) as this reader may see it."""
        if value is None:
            return Protected(symbol="x")
        if self.case_level:
            return Protected(value=value, decimals=0)
        return protect_modelled(
            max(value, 0.0), threshold=self.threshold, round_to=self.modelled_round_to
        )


#: A reader without case-level access, under the default settings.
PROTECTED = Viewpoint()
#: A reader with case-level access.
CASE_LEVEL = Viewpoint(case_level=True)
