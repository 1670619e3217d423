"""The drawing primitives every chart is built from: the GOV.UK palette, the page and phone
frames, scales, escaped text, rules, markers, round axis values and the outer ``<svg>``.

Everything written is escaped here; presentation attributes only, no ``style`` (pages run under
a strict Content Security Policy); ``role="img"`` with ``<title>`` and ``<desc>``.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from markupsafe import escape

from sendsight.benchmarking.text import format_value

BLACK, BLUE, DARK_GREY, ORANGE = "#0b0c0c", "#1d70b8", "#505a5f", "#f47738"  # GOV.UK palette
GREEN, RED, PURPLE, LIGHT_GREY, WHITE = "#00703c", "#d4351c", "#4c2c92", "#b1b4b6", "#ffffff"
SERIES_COLOURS = (BLUE, BLACK, ORANGE, GREEN, PURPLE, DARK_GREY, RED)
MARKERS = ("circle", "square", "triangle", "diamond", "cross")
# Colour is never the only difference between series: each kind has its own line pattern.
COMPARISON_DASHES = ("6 3", "2 3", "9 3 2 3", "1 5")
FORECAST_DASH = "12 4"
FONT, WIDTH, LEGEND_ROW = "GDS Transport, arial, sans-serif", 640, 20
# Phones get a chart drawn 300 wide (shown below 641 CSS pixels, web/assets/_components.scss):
# at 320 CSS pixels it is scaled to about 290, so 13-unit text stays about 12.5 pixels high.
NARROW = 300
_NICE_STEPS = (1.0, 2.0, 2.5, 5.0)
FAN = {95: 0.15, 80: 0.35}  # fill opacity: the wider 95% fan is the lighter


def escaped(text: object) -> str:
    return str(escape(str(text)))


def text(x: float, y: float, words: object, *, anchor: str = "start", extra: str = "") -> str:
    place = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{num(x)}" y="{num(y)}"{place}{extra}>{escaped(words)}</text>'


def rule(x1: float, y1: float, x2: float, y2: float, colour: str = LIGHT_GREY) -> str:
    return f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" stroke="{colour}"/>'


def num(number: float) -> str:
    return f"{number:.1f}"


def nice_ticks(
    low: float, high: float, *, max_ticks: int = 6, include_zero: bool = False
) -> list[float]:
    """Evenly spaced round axis values (steps of 1, 2, 2.5 or 5 × 10ⁿ) covering low to high.

    At most ``max_ticks`` values (3 or more: a range across zero needs 3); the axis need not
    start at zero unless ``include_zero``.
    """
    if not (math.isfinite(low) and math.isfinite(high)) or max_ticks < 3:
        raise ValueError("nice_ticks needs finite bounds and max_ticks of at least 3")
    low, high = min(low, high), max(low, high)
    if include_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 1e-9 * max(abs(low), abs(high), 1e-100):  # equal, give or take rounding
        pad = abs(low) * 0.1 or 1.0
        low, high = (low, high + pad) if include_zero and low == 0 else (low - pad, high + pad)
    magnitude = 10.0 ** math.floor(math.log10((high - low) / (max_ticks - 1)))
    for step in (s * magnitude * 10.0**k for k in range(16) for s in _NICE_STEPS):
        first = math.floor(low / step + 1e-9) * step
        count = round((math.ceil(high / step - 1e-9) * step - first) / step)
        if count + 1 <= max_ticks:
            digits = max(0, 3 - math.floor(math.log10(step)))
            return [round(first + i * step, digits) + 0.0 for i in range(count + 1)]
    raise AssertionError("unreachable: a step over twice the largest bound fits in 3 ticks")


def step_decimals(step: float) -> int:
    """How many decimal places show every multiple of ``step`` exactly."""
    exact = (d for d in range(10) if abs(step * 10**d - round(step * 10**d)) <= 1e-9)
    return next(exact, 10)


def chart_id(*parts: object) -> str:
    return "chart-" + hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:10]


def document(ident: str, size: tuple[float, float], title: str, desc: str, body: list[str]) -> str:
    """The outer element; charts are responsive, sparklines (narrower than 200) a fixed size."""
    width, height = size
    shown = f'width="{width:g}" height="{height:g}"' if width < 200 else 'width="100%"'
    kind = " app-chart--wide" if width == WIDTH else " app-chart--narrow" if width == NARROW else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" {shown}'
        f' role="img" aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT}"'
        f' font-size="13" fill="{BLACK}" class="app-chart{kind}"><title id="{ident}-title">'
        f'{escaped(title)}</title><desc id="{ident}-desc">{escaped(desc)}</desc>'
        f"{''.join(body)}</svg>"
    )


@dataclass(frozen=True, slots=True)
class Frame:
    """Where things go across a chart drawn ``width`` wide: the plot's left edge (room for the
    y-axis figures), at most how many period labels, and where the legend's glyphs start."""

    width: float
    left: float
    x_labels: int
    key: float

    @property
    def suffix(self) -> str:
        """Added to the chart's id: both drawings are on the page, one of them hidden."""
        return "" if self.width == WIDTH else "-narrow"


WIDE, PHONE = Frame(WIDTH, 72.0, 10, 16.0), Frame(NARROW, 66.0, 4, 4.0)


@dataclass(frozen=True, slots=True)
class Scale:
    """A linear map from data values (``low``..``high``) to drawing positions."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.high - self.low or 1.0
        return self.start + (value - self.low) / span * (self.end - self.start)


_POLYGONS = {
    "square": ((-3.5, -3.5), (3.5, -3.5), (3.5, 3.5), (-3.5, 3.5)),
    "triangle": ((0, -5), (5, 4), (-5, 4)),
    "diamond": ((0, -5), (5, 0), (0, 5), (-5, 0)),
}


def marker_shape(shape: str, x: float, y: float, colour: str, *, hollow: bool = False) -> str:
    paint = f'fill="{WHITE if hollow else colour}" stroke="{colour}" stroke-width="1.5"'
    if shape in _POLYGONS:
        points = " ".join(f"{num(x + dx)},{num(y + dy)}" for dx, dy in _POLYGONS[shape])
        return f'<polygon points="{points}" {paint}/>'
    if shape == "circle":
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="4" {paint}/>'
    cross = f"M{num(x - 4)},{num(y - 4)}l8,8m-8,0l8,-8"
    return f'<path d="{cross}" fill="none" stroke="{colour}" stroke-width="2"/>'


def ring(x: float, y: float) -> str:
    return (
        f'<circle cx="{num(x)}" cy="{num(y)}" r="7" fill="none" stroke="{RED}" stroke-width="2"/>'
        f'<circle cx="{num(x)}" cy="{num(y)}" r="2" fill="{RED}"/>'
    )


def runs(values: Sequence[float | None]) -> Iterator[list[int]]:
    """Indexes of consecutive non-missing values: each run is drawn joined, a gap between runs."""
    for missing, run in itertools.groupby(enumerate(values), key=lambda pair: pair[1] is None):
        if not missing:
            yield [index for index, _ in run]


@dataclass(frozen=True, slots=True)
class Look:
    colour: str
    dash: str
    marker: str
    width: float = 2.0
    hollow: bool = False


def line(points: Sequence[tuple[float, float]], look: Look) -> str:
    d = "M" + "L".join(f"{num(x)},{num(y)}" for x, y in points)
    dash = f' stroke-dasharray="{look.dash}"' if look.dash else ""
    return f'<path d="{d}" fill="none" stroke="{look.colour}" stroke-width="{look.width}"{dash}/>'


def line_glyph(y: float, look: Look, *, marker: bool = True, key: float = 16.0) -> str:
    mark = marker_shape(look.marker, key + 20, y, look.colour, hollow=look.hollow) if marker else ""
    return line([(key, y), (key + 40, y)], look) + mark


def count_decimals(values: Sequence[float], unit: str) -> int:
    """0 for counts (every figure whole, not a percentage: "1,178", never "1,178.0"), else 1."""
    return 0 if unit != "%" and all(float(v).is_integer() for v in values) else 1


def span(known: list[tuple[str, float]], unit: str, decimals: int = 1) -> str:
    """ "41.0% in 2019 to 44.0% in 2024": the first and latest known figures."""
    (p0, v0), (p1, v1) = known[0], known[-1]
    first = f"{format_value(v0, unit=unit, decimals=decimals)} in {p0}"
    last = format_value(v1, unit=unit, decimals=decimals)
    return first if len(known) == 1 else f"{first} to {last} in {p1}"
