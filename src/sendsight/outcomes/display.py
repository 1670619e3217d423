"""Figures as a reader sees them, after disclosure control for anyone without case-level access."""

from __future__ import annotations

from dataclasses import replace

from sendsight.core.rounding import format_number, round_half_up
from sendsight.disclosure import PROTECTED, Protected, Viewpoint, protect_count, protect_rate
from sendsight.outcomes.baseline import Baseline, BaselinePoint

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
            int(round_half_up(numerator)), int(round_half_up(denominator)), threshold=threshold,
            scale=scale,
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
    return format_number(cell.value, cell.decimals) + UNIT_SUFFIX.get(unit, "")


def shown_baseline(
    baseline: Baseline | None,
    *,
    unit: str,
    viewpoint: Viewpoint = PROTECTED,
) -> Baseline | None:
    """The baseline forecast as the reader may see it. A forecast of a count is a modelled
    count of children, so for a reader without case-level access its level and every point go
    through :func:`sendsight.disclosure.protect_modelled` (rounded to ``round_to``); a point
    with any figure that rule hides is left out. Other units are shown as they are."""
    if baseline is None or viewpoint.case_level or unit != "count":
        return baseline

    def rounded(value: float) -> float | None:
        return viewpoint.modelled(value).value

    points = []
    for point in baseline.points:
        figures = [rounded(v) for v in (point.estimate, point.lower, point.upper)]
        if all(f is not None for f in figures):
            estimate, lower, upper = (float(f) for f in figures if f is not None)
            points.append(BaselinePoint(point.period_index, estimate, lower, upper))
    level = None if baseline.level is None else rounded(baseline.level)
    return replace(baseline, level=level, points=tuple(points))
