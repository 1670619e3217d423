"""Server-rendered SVG charts; why our own SVG rather than Vega-Lite: docs/decisions/0501-charts.md.

Pure functions returning SVG safe to place in a page: all text escaped; presentation attributes
only, no ``style`` (pages run under a strict CSP); ``role="img"`` with ``<title>`` and ``<desc>``.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import escape

from sendsight.benchmarking.frames import FLAT_THRESHOLD
from sendsight.benchmarking.text import POLARITY_PHRASE, Polarity, format_value

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
_FAN = {95: 0.15, 80: 0.35}  # fill opacity: the wider 95% fan is the lighter


@dataclass(frozen=True, slots=True)
class Series:
    """One line: a value (or None, drawn as a gap) per period, in the order of the periods."""

    name: str
    values: Sequence[float | None]
    kind: Literal["actual", "comparison", "forecast"] = "actual"
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


def _decimals(step: float) -> int:
    """How many decimal places show every multiple of ``step`` exactly."""
    exact = (d for d in range(10) if abs(step * 10**d - round(step * 10**d)) <= 1e-9)
    return next(exact, 10)


def _chart_id(*parts: object) -> str:
    return "chart-" + hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:10]


def _svg(ident: str, size: tuple[float, float], title: str, desc: str, body: list[str]) -> str:
    """The outer element; charts are responsive, sparklines (narrower than 200) a fixed size."""
    width, height = size
    shown = f'width="{width:g}" height="{height:g}"' if width < 200 else 'width="100%"'
    kind = " app-chart--wide" if width == WIDTH else " app-chart--narrow" if width == NARROW else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" {shown}'
        f' role="img" aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT}"'
        f' font-size="13" fill="{BLACK}" class="app-chart{kind}"><title id="{ident}-title">'
        f'{_e(title)}</title><desc id="{ident}-desc">{_e(desc)}</desc>{"".join(body)}</svg>'
    )


@dataclass(frozen=True, slots=True)
class _Frame:
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


_WIDE, _PHONE = _Frame(WIDTH, 72.0, 10, 16.0), _Frame(NARROW, 66.0, 4, 4.0)


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


_POLYGONS = {
    "square": ((-3.5, -3.5), (3.5, -3.5), (3.5, 3.5), (-3.5, 3.5)),
    "triangle": ((0, -5), (5, 4), (-5, 4)),
    "diamond": ((0, -5), (5, 0), (0, 5), (-5, 0)),
}


def _marker(shape: str, x: float, y: float, colour: str, *, hollow: bool = False) -> str:
    paint = f'fill="{WHITE if hollow else colour}" stroke="{colour}" stroke-width="1.5"'
    if shape in _POLYGONS:
        points = " ".join(f"{_n(x + dx)},{_n(y + dy)}" for dx, dy in _POLYGONS[shape])
        return f'<polygon points="{points}" {paint}/>'
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4" {paint}/>'
    cross = f"M{_n(x - 4)},{_n(y - 4)}l8,8m-8,0l8,-8"
    return f'<path d="{cross}" fill="none" stroke="{colour}" stroke-width="2"/>'


def _ring(x: float, y: float) -> str:
    return (
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="7" fill="none" stroke="{RED}" stroke-width="2"/>'
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2" fill="{RED}"/>'
    )


def _runs(values: Sequence[float | None]) -> Iterator[list[int]]:
    """Indexes of consecutive non-missing values: each run is drawn joined, a gap between runs."""
    for missing, run in itertools.groupby(enumerate(values), key=lambda pair: pair[1] is None):
        if not missing:
            yield [index for index, _ in run]


@dataclass(frozen=True, slots=True)
class _Look:
    colour: str
    dash: str
    marker: str
    width: float = 2.0
    hollow: bool = False


def _looks(series: Sequence[Series]) -> list[_Look]:
    """Colour, marker and line pattern per series, so no series is told apart by colour alone."""
    looks, comparisons = [], 0
    for index, one in enumerate(series):
        dash = FORECAST_DASH if one.kind == "forecast" else ""
        if one.kind == "comparison":
            dash = COMPARISON_DASHES[comparisons % len(COMPARISON_DASHES)]
            comparisons += 1
        colour, marker = SERIES_COLOURS[index % 7], MARKERS[index % len(MARKERS)]
        width = 3.5 if one.emphasis else 2.0
        looks.append(_Look(colour, dash, marker, width, hollow=one.kind == "forecast"))
    return looks


def _line(points: Sequence[tuple[float, float]], look: _Look) -> str:
    d = "M" + "L".join(f"{_n(x)},{_n(y)}" for x, y in points)
    dash = f' stroke-dasharray="{look.dash}"' if look.dash else ""
    return f'<path d="{d}" fill="none" stroke="{look.colour}" stroke-width="{look.width}"{dash}/>'


def _line_glyph(y: float, look: _Look, *, marker: bool = True, key: float = 16.0) -> str:
    mark = _marker(look.marker, key + 20, y, look.colour, hollow=look.hollow) if marker else ""
    return _line([(key, y), (key + 40, y)], look) + mark


def _y_axis(ticks: list[float], y: _Scale, left: float, right: float, unit: str) -> list[str]:
    digits = _decimals(ticks[1] - ticks[0])
    return [
        _rule(left, y(tick), right, y(tick))
        + _text(left - 6, y(tick) + 4, format_value(tick, unit=unit, decimals=digits), anchor="end")
        for tick in ticks
    ]


def _x_labels(
    periods: Sequence[str], xs: list[float], baseline: float, most: int = 10
) -> list[str]:
    """Period labels; when there are more than ``most``, every k-th, always the latest."""
    every = max(1, math.ceil(len(periods) / most))
    return [
        _text(x, baseline + 18, period, anchor="middle")
        for index, (period, x) in enumerate(zip(periods, xs, strict=True))
        if (len(periods) - 1 - index) % every == 0
    ]


def _band_shapes(band: Band, xs: list[float], y: _Scale) -> list[str]:
    both = [lo if hi is not None else None for lo, hi in zip(band.lower, band.upper, strict=True)]
    shapes = []
    for run in _runs(both):
        top = [f"{_n(xs[i])},{_n(y(band.upper[i] or 0.0))}" for i in run]
        bottom = [f"{_n(xs[i])},{_n(y(band.lower[i] or 0.0))}" for i in reversed(run)]
        points = " ".join(top + bottom)
        shapes.append(
            f'<polygon points="{points}" fill="{BLUE}" fill-opacity="{_FAN[band.level]}"/>'
        )
    return shapes


def _series_shapes(one: Series, look: _Look, xs: list[float], y: _Scale) -> list[str]:
    """The line (one path per run of values) and a marker at each value."""
    shapes = []
    for run in _runs(one.values):
        points = [(xs[i], y(one.values[i] or 0.0)) for i in run]
        if len(points) > 1:
            shapes.append(_line(points, look))
        shapes += [
            _marker(look.marker, px, py, look.colour, hollow=look.hollow) for px, py in points
        ]
    return shapes


def _target_shapes(targets: Sequence[TargetPoint], x_of: dict[str, float], y: _Scale) -> list[str]:
    if any(target.period not in x_of for target in targets):
        raise ValueError("Every target's period must be one of the chart's periods")
    return [_ring(x_of[target.period], y(target.value)) for target in targets]


def _legend(
    series: Sequence[Series],
    bands: Sequence[Band],
    targets: Sequence[TargetPoint],
    top: float,
    key: float = 16.0,
) -> list[str]:
    """One legend row per series, fan and target label, below the plot; glyphs from ``key``."""
    labels = list(dict.fromkeys(target.label for target in targets))
    ys = iter([top + (i + 0.5) * LEGEND_ROW for i in range(len(series) + len(bands) + len(labels))])
    rows = [
        _line_glyph(y, look, key=key) + _text(key + 50, y + 4, one.name)
        for one, look, y in zip(series, _looks(series), ys, strict=False)
    ]
    for band, y in zip(bands, ys, strict=False):
        swatch = f'<rect x="{_n(key)}" y="{_n(y - 6)}" width="40" height="12" fill="{BLUE}"'
        name = _text(key + 50, y + 4, band.name)
        rows.append(swatch + f' fill-opacity="{_FAN[band.level]}"/>' + name)
    rings = zip(labels, ys, strict=False)
    rows += [_ring(key + 20, y) + _text(key + 50, y + 4, label) for label, y in rings]
    return rows


def _describe_lines(
    periods: Sequence[str], series: Sequence[Series], unit: str, decimals: int | None
) -> str:
    """A short text alternative: each series' first and latest figure."""
    if decimals is None:
        decimals = _count_decimals([v for s in series for v in s.values if v is not None], unit)
    parts = []
    for one in series:
        known = [(periods[i], v) for i, v in enumerate(one.values) if v is not None]
        parts.append(f"{one.name}: {_span(known, unit, decimals) if known else 'no figures'}.")
    return " ".join(parts) or "No figures."


def _count_decimals(values: Sequence[float], unit: str) -> int:
    """0 for counts (every figure whole, not a percentage: "1,178", never "1,178.0"), else 1."""
    return 0 if unit != "%" and all(float(v).is_integer() for v in values) else 1


def _span(known: list[tuple[str, float]], unit: str, decimals: int = 1) -> str:
    """ "41.0% in 2019 to 44.0% in 2024": the first and latest known figures."""
    (p0, v0), (p1, v1) = known[0], known[-1]
    first = f"{format_value(v0, unit=unit, decimals=decimals)} in {p0}"
    last = format_value(v1, unit=unit, decimals=decimals)
    return first if len(known) == 1 else f"{first} to {last} in {p1}"


def line_chart(
    periods: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    desc: str = "",
    y_label: str = "",
    unit: str = "",
    bands: Sequence[Band] = (),
    targets: Sequence[TargetPoint] = (),
    include_zero: bool = False,
    height: int = 320,
    decimals: int | None = None,
) -> str:
    """A line chart by period: actual (solid), comparison (dashed), forecast (long dashes, hollow).

    Forecast ``bands`` are shaded, the 95% fan lighter than the 80%; ``desc`` defaults to each
    series' first and latest figure; ``height`` is the plot's height before the legend. Drawn
    twice, for wide screens and for phones (4 period labels at most, 80% of the height).
    The default ``desc`` shows figures to ``decimals`` places (by default none for counts).
    """
    rows = [s.values for s in series] + [b.lower for b in bands] + [b.upper for b in bands]
    if any(len(row) != len(periods) for row in rows):
        raise ValueError("Every series and band needs one value (or None) per period")
    numbers = [v for s in series for v in s.values if v is not None] + [t.value for t in targets]
    numbers += [v for b in bands for v in [*b.lower, *b.upper] if v is not None]
    ticks = nice_ticks(
        min(numbers, default=0.0), max(numbers, default=1.0), include_zero=include_zero
    )
    bands = sorted(bands, key=lambda band: -band.level)

    def drawing(frame: _Frame, height: int) -> tuple[tuple[float, float], list[str]]:
        left, right, top, bottom = frame.left, frame.width - 24.0, 12.0, height - 36.0
        y = _Scale(ticks[0], ticks[-1], bottom, top)
        gap = (right - left) / max(len(periods) - 1, 1)
        xs = [
            left + i * gap if len(periods) > 1 else (left + right) / 2 for i in range(len(periods))
        ]
        body = _y_axis(ticks, y, left, right, unit)
        body += _x_labels(periods, xs, bottom, frame.x_labels)
        if y_label:
            mid = (top + bottom) / 2
            turn = f' transform="rotate(-90 14 {_n(mid)})"'
            body.append(_text(14, mid, y_label, anchor="middle", extra=turn))
        body += [shape for band in bands for shape in _band_shapes(band, xs, y)]
        for one, look in zip(series, _looks(series), strict=True):
            body += _series_shapes(one, look, xs, y)
        body += _target_shapes(targets, dict(zip(periods, xs, strict=True)), y)
        body += _legend(series, bands, targets, height + 8.0, frame.key)
        keys = len(series) + len(bands) + len({target.label for target in targets})
        return (frame.width, height + 8.0 + LEGEND_ROW * keys), body

    ident = _chart_id("line", periods, series, bands, targets, title)
    desc = desc or _describe_lines(periods, series, unit, decimals)
    drawn = [
        (frame, *drawing(frame, tall))
        for frame, tall in ((_WIDE, height), (_PHONE, height * 4 // 5))
    ]
    return "".join(_svg(ident + f.suffix, size, title, desc, body) for f, size, body in drawn)


BAR_ROW = 20.0
_Row = tuple[str, float | None]
_Show = Callable[[float], str]
_BAR_TOP = 28.0


@dataclass(frozen=True, slots=True)
class _Bars:
    """Across a bar chart: where the bars may run, each row's height and the most axis values.
    Rows taller than ``BAR_ROW`` (phones) put each label above its bar, not to its left."""

    frame: _Frame
    left: float
    right: float
    row: float
    ticks: int


_WIDE_BARS = _Bars(_WIDE, 256.0, WIDTH - 70.0, BAR_ROW, 6)
_PHONE_BARS = _Bars(_PHONE, 14.0, NARROW - 56.0, 36.0, 4)


def _sorted_rows(labels: Sequence[str], values: Sequence[float | None], sort: str) -> list[_Row]:
    rows = list(zip(labels, values, strict=True))
    if sort == "none":
        return rows
    sign = -1.0 if sort == "descending" else 1.0
    return sorted(rows, key=lambda row: (row[1] is None, sign * (row[1] or 0.0), row[0]))


def _bar_row(bars: _Bars, top: float, row: _Row, shown: str, x: _Scale, bold: bool) -> str:
    (label, value), weight = row, ' font-weight="bold"' if bold else ""
    if bars.row > BAR_ROW:  # the label on its own line above the bar, haloed over grid lines
        halo = f' stroke="{WHITE}" stroke-width="3" paint-order="stroke"'
        name = _text(bars.left + 4, top + 13, label, extra=weight + halo)
        top += bars.row - BAR_ROW
    else:
        name = _text(bars.left - 8, top + 14, label, anchor="end", extra=weight)
    name += _text(bars.right + 6, top + 14, shown, extra=weight)
    if value is None:
        return name + _text(x(0.0) + 4, top + 14, "no data", extra=f' fill="{DARK_GREY}"')
    start, end = sorted((x(0.0), x(value)))
    # Highlighted rows differ by outline and bold label as well as by colour.
    paint = f'fill="{BLUE}" stroke="{BLACK}" stroke-width="2"' if bold else f'fill="{DARK_GREY}"'
    width = _n(max(end - start, 0.5))
    return name + f'<rect x="{_n(start)}" y="{_n(top + 3)}" width="{width}" height="14" {paint}/>'


def _describe_bars(rows: list[_Row], chosen: set[str], shown: dict[str, str]) -> str:
    known = [(label, v) for label, v in rows if v is not None]
    if not known:
        return "No figures to show."
    (top, _), (bottom, _) = max(known, key=lambda r: r[1]), min(known, key=lambda r: r[1])
    words = f"{len(known)} bars. Highest: {top}, {shown[top]}. Lowest: {bottom}, {shown[bottom]}."
    return " ".join([words] + [f"{lab}: {shown[lab]}." for lab, _ in known if lab in chosen])


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    desc: str = "",
    unit: str = "",
    highlight: Collection[str] = (),
    sort: Literal["descending", "ascending", "none"] = "descending",
    references: Sequence[tuple[str, float]] = (),
    decimals: int = 1,
) -> str:
    """Horizontal bars from zero, one per label (all local areas, or stage durations).

    Bars named in ``highlight`` are blue, outlined and labelled in bold; ``references`` such
    as ("England", 41.2) are dashed vertical lines named in a legend. Labels without a value
    say "no data" and, when sorted, come last.
    """
    rows, chosen = _sorted_rows(labels, values, sort), set(highlight)
    numbers = [v for _, v in rows if v is not None] + [value for _, value in references]
    show = functools.partial(format_value, unit=unit, decimals=decimals)
    shown = {label: show(v) for label, v in rows if v is not None}

    def drawing(bars: _Bars) -> tuple[tuple[float, float], list[str]]:
        low, high = min(numbers, default=0.0), max(numbers, default=1.0)
        ticks = nice_ticks(low, high, max_ticks=bars.ticks, include_zero=True)
        x = _Scale(ticks[0], ticks[-1], bars.left, bars.right)
        bottom = _BAR_TOP + bars.row * max(len(rows), 1)
        digits = _decimals(ticks[1] - ticks[0])
        body = [
            _rule(x(t), 24, x(t), bottom)
            + _text(x(t), 16, format_value(t, unit=unit, decimals=digits), anchor="middle")
            for t in ticks
        ]
        for index, row in enumerate(rows):
            top = _BAR_TOP + index * bars.row
            body.append(_bar_row(bars, top, row, shown.get(row[0], ""), x, row[0] in chosen))
        body.append(_rule(x(0.0), 24, x(0.0), bottom, BLACK))
        body += _reference_lines(references, x, bottom, show, bars.frame.key)
        return (bars.frame.width, bottom + 8 + LEGEND_ROW * len(references)), body

    ident = _chart_id("bar", labels, values, title, references)
    desc = desc or _describe_bars(rows, chosen, shown)
    drawn = [(bars.frame, *drawing(bars)) for bars in (_WIDE_BARS, _PHONE_BARS)]
    return "".join(_svg(ident + f.suffix, size, title, desc, body) for f, size, body in drawn)


def _reference_lines(
    refs: Sequence[tuple[str, float]], x: _Scale, bottom: float, show: _Show, key: float
) -> list[str]:
    shapes = []
    for index, (name, value) in enumerate(refs):
        dash = COMPARISON_DASHES[index % len(COMPARISON_DASHES)]
        look = _Look((BLACK, ORANGE, PURPLE, GREEN)[index % 4], dash, "")
        y = bottom + 8 + (index + 0.5) * LEGEND_ROW
        shown = f"{name}: {show(value)}"
        shapes.append(_line([(x(value), 24.0), (x(value), bottom)], look))
        shapes.append(_line_glyph(y, look, marker=False, key=key) + _text(key + 50, y + 4, shown))
    return shapes


def histogram(
    values: Sequence[float | None],
    *,
    title: str,
    desc: str = "",
    unit: str = "",
    bins: int = 10,
    highlight_value: float | None = None,
) -> str:
    """How many values fall in each interval, as horizontal bars from the lowest interval.

    Intervals have round edges (see :func:`nice_ticks`) and run "from a to under b"; the last
    includes its upper edge. The interval holding ``highlight_value`` is highlighted.
    """
    data = [v for v in values if v is not None]
    edges = nice_ticks(min(data, default=0.0), max(data, default=1.0), max_ticks=bins + 1)
    show = functools.partial(format_value, unit=unit, decimals=_decimals(edges[1] - edges[0]))
    labels, counts, chosen = [], [], set()
    for index, (low, high) in enumerate(itertools.pairwise(edges)):
        last = index == len(edges) - 2
        labels.append(f"{show(low)} {'to' if last else 'to under'} {show(high)}")
        counts.append(float(sum(_in_bin(v, low, high, last=last) for v in data)))
        if highlight_value is not None and _in_bin(highlight_value, low, high, last=last):
            chosen.add(labels[-1])
    desc = desc or ("" if data else "No figures to show.")
    return bar_chart(
        labels, counts, title=title, desc=desc, highlight=chosen, sort="none", decimals=0
    )


def _in_bin(value: float, low: float, high: float, *, last: bool) -> bool:
    return low <= value < high or (last and value == high)


def sparkline(
    values: Sequence[float | None],
    *,
    title: str,
    polarity: Polarity = "neither",
    periods: Sequence[str] | None = None,
    unit: str = "",
    decimals: int | None = None,
) -> str:
    """A small 120×28 trend line with its latest point marked.

    The latest point is green when the last move was better (by more than 5%, given
    ``polarity``), red when worse and black otherwise; the description gives the figures, to
    ``decimals`` places (by default none for counts).
    """
    xs = [4 + i * 112 / max(len(values) - 1, 1) for i in range(len(values))]
    named = periods or [f"period {i + 1}" for i in range(len(values))]
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    low, high = min((v for _, v in known), default=0.0), max((v for _, v in known), default=0.0)
    y = _Scale(low, high, 24, 4) if low != high else _Scale(low - 1, low + 1, 24, 4)
    look = _Look(BLACK, "", "", 1.5)
    body = [_line([(xs[i], y(values[i] or 0.0)) for i in run], look) for run in _runs(values)]
    desc = "No figures."
    if known:
        (last, latest), colour = known[-1], _last_move_colour([v for _, v in known], polarity)
        body.append(f'<circle cx="{_n(xs[last])}" cy="{_n(y(latest))}" r="3" fill="{colour}"/>')
        places = _count_decimals([v for _, v in known], unit) if decimals is None else decimals
        spans = _span([(named[i], v) for i, v in known], unit, places)
        desc = f"From {spans}; {POLARITY_PHRASE[polarity]}."
    return _svg(_chart_id("spark", values, title, periods), (120, 28), title, desc, body)


def _last_move_colour(known: list[float], polarity: Polarity) -> str:
    if len(known) < 2 or polarity == "neither":
        return BLACK
    before, now = known[-2], known[-1]
    # The ±5% rule of the benchmarking arrows (docs/decisions/0502-benchmarking.md).
    if abs(now - before) <= abs(before) * (FLAT_THRESHOLD + 1e-9):
        return BLACK
    return GREEN if (now > before) == (polarity == "high_is_good") else RED
