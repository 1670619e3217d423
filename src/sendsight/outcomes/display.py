"""Figures as a reader sees them, after disclosure control for anyone without case-level access."""

from __future__ import annotations

from sendsight.disclosure import Protected, protect_count, protect_rate

UNIT_SUFFIX = {"percent": "%", "count": "", "rate": "", "score": ""}


def protected(
    value: float | None,
    *,
    unit: str,
    decimals: int,
    numerator: float | None = None,
    denominator: float | None = None,
    case_level: bool,
    threshold: int = 5,
) -> Protected:
    """The cell to show. Counts and rates built from counts pass through disclosure control
    unless the reader may see case-level figures; other figures (scores, published rates
    without counts) are already aggregates and are shown as they are."""
    if value is None:
        return Protected(symbol="x")
    if case_level:
        return Protected(value=value, decimals=_places(unit, decimals))
    if numerator is not None and denominator is not None:
        scale = 100.0 if unit == "percent" else 1.0
        return protect_rate(
            round(numerator), round(denominator), threshold=threshold, scale=scale,
            decimals=decimals,
        )  # fmt: skip
    if unit == "count" and value >= 0 and value == round(value):
        return protect_count(round(value), threshold=threshold)
    return Protected(value=value, decimals=_places(unit, decimals))


def _places(unit: str, decimals: int) -> int:
    return 0 if unit == "count" else decimals


def format_cell(cell: Protected, unit: str) -> str:
    """``87.5%``, ``1,204``, or a GSS symbol such as ``c``."""
    if cell.value is None:
        return str(cell)
    return f"{cell.value:,.{cell.decimals}f}{UNIT_SUFFIX.get(unit, '')}"
