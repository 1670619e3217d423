"""Server-rendered SVG charts: line (with forecast fans and targets), bar, histogram, sparkline.

Why our own SVG rather than Vega-Lite: docs/decisions/0501-charts.md. Every chart is a pure
function returning an SVG string that is safe to place in a page: all text is escaped, and
only presentation attributes are used (no ``style``), because pages run under a strict
Content Security Policy. Each chart has ``role="img"`` and a ``<title>`` and ``<desc>``; the
page always pairs it with a table and a CSV link.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import escape

from sendsight.benchmarking.text import POLARITY_PHRASE, Polarity, format_value

# GOV.UK Design System colour palette.
BLACK, BLUE, DARK_GREY, ORANGE = "#0b0c0c", "#1d70b8", "#505a5f", "#f47738"
GREEN, RED, PURPLE, LIGHT_GREY, WHITE = "#00703c", "#d4351c", "#4c2c92", "#b1b4b6", "#ffffff"
SERIES_COLOURS = (BLUE, BLACK, ORANGE, GREEN, PURPLE, DARK_GREY, RED)
MARKERS = ("circle", "square", "triangle", "diamond", "cross")
# Colour is never the only difference between series: each kind has its own line pattern.
COMPARISON_DASHES = ("6 3", "2 3", "9 3 2 3", "1 5")
FORECAST_DASH = "12 4"
FONT = "GDS Transport, arial, sans-serif"
WIDTH = 640
LEGEND_ROW = 20
_NICE_STEPS = (1.0, 2.0, 2.5, 5.0)

SeriesKind = Literal["actual", "comparison", "forecast"]


@dataclass(frozen=True, slots=True)
class Series:
    """One line: a value (or None, drawn as a gap) per period, in the order of the periods."""

    name: str
    values: Sequence[float | None]
    kind: SeriesKind = "actual"
    emphasis: bool = False


@dataclass(frozen=True, slots=True)
class Band:
    """A forecast fan: the ``level``% prediction interval between ``lower`` and ``upper``."""

    name: str
    lower: Sequence[float | None]
    upper: Sequence[float | None]
    level: Literal[80, 95] = 80


@dataclass(frozen=True, slots=True)
class TargetPoint:
    """A target value for one period, drawn as a ringed point."""

    period: str
    value: float
    label: str = "Target"


def _e(text: object) -> str:
    return str(escape(str(text)))


def _text(x: float, y: float, words: object, *, anchor: str = "start", extra: str = "") -> str:
    place = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{_n(x)}" y="{_n(y)}"{place}{extra}>{_e(words)}</text>'


def _rule(x1: float, y1: float, x2: float, y2: float, colour: str = LIGHT_GREY) -> str:
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{colour}"/>'


def _n(number: float) -> str:
    return f"{number:.1f}"


def nice_ticks(
    low: float, high: float, *, max_ticks: int = 6, include_zero: bool = False
) -> list[float]:
    """Evenly spaced round axis values (steps of 1, 2, 2.5 or 5 × 10ⁿ) covering low to high.

    At most ``max_ticks`` values; the axis need not start at zero unless ``include_zero``.
    """
    if not (math.isfinite(low) and math.isfinite(high)) or max_ticks < 2:
        raise ValueError("nice_ticks needs finite bounds and max_ticks of at least 2")
    low, high = min(low, high), max(low, high)
    if include_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        low, high = (low, high + pad) if include_zero and low == 0 else (low - pad, high + pad)
    magnitude = 10.0 ** math.floor(math.log10((high - low) / (max_ticks - 1)))
    for step in (s * magnitude * scale for scale in (1, 10, 100) for s in _NICE_STEPS):
        first = math.floor(low / step + 1e-9) * step
        count = round((math.ceil(high / step - 1e-9) * step - first) / step)
        if count + 1 <= max_ticks:
            digits = _decimals(step) + 2
            return [round(first + i * step, digits) + 0.0 for i in range(count + 1)]
    raise AssertionError("unreachable: a step of 1000 × magnitude always fits")  # pragma: no cover


def _decimals(step: float) -> int:
    """How many decimal places show every multiple of ``step`` exactly."""
    digits = 0
    while digits < 10 and abs(step * 10**digits - round(step * 10**digits)) > 1e-9:
        digits += 1
    return digits


def _chart_id(*parts: object) -> str:
    return "chart-" + hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:10]


def _svg(ident: str, size: tuple[float, float], title: str, desc: str, body: list[str]) -> str:
    """The outer element; charts are responsive, sparklines (narrower than 200) a fixed size."""
    width, height = size
    shown = f'width="{width:g}" height="{height:g}"' if width < 200 else 'width="100%"'
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}"'
            f' {shown} role="img" aria-labelledby="{ident}-title {ident}-desc"'
            f' font-family="{FONT}" font-size="13" fill="{BLACK}" class="app-chart">',
            f'<title id="{ident}-title">{_e(title)}</title>',
            f'<desc id="{ident}-desc">{_e(desc)}</desc>',
            *body,
            "</svg>",
        ]
    )


@dataclass(frozen=True, slots=True)
class _Scale:
    """A linear map from data values (``low``..``high``) to drawing positions."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.high - self.low or 1.0
        return self.start + (value - self.low) / span * (self.end - self.start)


