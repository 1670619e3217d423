"""Line charts: actual, comparison and forecast series with prediction fans and targets,
drawn wide for pages and narrow for phones."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sendsight.benchmarking.text import format_value
from sendsight.web.charts.svg import (
    BLUE,
    COMPARISON_DASHES,
    FAN,
    FORECAST_DASH,
    LEGEND_ROW,
    MARKERS,
    PHONE,
    PURPLE,
    SERIES_COLOURS,
    WIDE,
    Frame,
    Look,
    Scale,
    chart_id,
    count_decimals,
    document,
    escaped,
    line,
    line_glyph,
    marker_shape,
    nice_ticks,
    num,
    ring,
    rule,
    runs,
    span,
    step_decimals,
    text,
)


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


@dataclass(frozen=True, slots=True)
class EventMark:
    """Something that happened on the timeline (a co-production event, an action starting),
    drawn as a numbered dotted line. ``position`` counts periods from the first (0) and may
    fall between them: 1.5 is halfway from the second period's point to the third's."""

    position: float
    number: int
    label: str


EVENT_LEGEND = "Events (numbered as in the list under the chart)"


def _looks(series: Sequence[Series]) -> list[Look]:
    """Colour, marker and line pattern per series, so no series is told apart by colour alone."""
    looks, comparisons = [], 0
    for index, one in enumerate(series):
        dash = FORECAST_DASH if one.kind == "forecast" else ""
        if one.kind == "comparison":
            dash = COMPARISON_DASHES[comparisons % len(COMPARISON_DASHES)]
            comparisons += 1
        colour, marker = SERIES_COLOURS[index % 7], MARKERS[index % len(MARKERS)]
        width = 3.5 if one.emphasis else 2.0
        looks.append(Look(colour, dash, marker, width, hollow=one.kind == "forecast"))
    return looks


def _y_axis(ticks: list[float], y: Scale, left: float, right: float, unit: str) -> list[str]:
    digits = step_decimals(ticks[1] - ticks[0])
    return [
        rule(left, y(tick), right, y(tick))
        + text(left - 6, y(tick) + 4, format_value(tick, unit=unit, decimals=digits), anchor="end")
        for tick in ticks
    ]


def _x_labels(
    periods: Sequence[str], xs: list[float], baseline: float, most: int = 10
) -> list[str]:
    """Period labels; when there are more than ``most``, every k-th, always the latest."""
    every = max(1, math.ceil(len(periods) / most))
    return [
        text(x, baseline + 18, period, anchor="middle")
        for index, (period, x) in enumerate(zip(periods, xs, strict=True))
        if (len(periods) - 1 - index) % every == 0
    ]


def _band_shapes(band: Band, xs: list[float], y: Scale) -> list[str]:
    both = [lo if hi is not None else None for lo, hi in zip(band.lower, band.upper, strict=True)]
    shapes = []
    for run in runs(both):
        top = [f"{num(xs[i])},{num(y(band.upper[i] or 0.0))}" for i in run]
        bottom = [f"{num(xs[i])},{num(y(band.lower[i] or 0.0))}" for i in reversed(run)]
        points = " ".join(top + bottom)
        shapes.append(
            f'<polygon points="{points}" fill="{BLUE}" fill-opacity="{FAN[band.level]}"/>'
        )
    return shapes


def _series_shapes(one: Series, look: Look, xs: list[float], y: Scale) -> list[str]:
    """The line (one path per run of values) and a marker at each value."""
    shapes = []
    for run in runs(one.values):
        points = [(xs[i], y(one.values[i] or 0.0)) for i in run]
        if len(points) > 1:
            shapes.append(line(points, look))
        shapes += [
            marker_shape(look.marker, px, py, look.colour, hollow=look.hollow) for px, py in points
        ]
    return shapes


def _target_shapes(targets: Sequence[TargetPoint], x_of: dict[str, float], y: Scale) -> list[str]:
    if any(target.period not in x_of for target in targets):
        raise ValueError("Every target's period must be one of the chart's periods")
    return [ring(x_of[target.period], y(target.value)) for target in targets]


def _event_shapes(
    events: Sequence[EventMark], xs: list[float], top: float, bottom: float
) -> list[str]:
    """A dotted vertical line per event, its number at the top of the plot (staggered over three
    rows, so events close together stay readable), its label as a tooltip."""
    gap = xs[1] - xs[0] if len(xs) > 1 else 0.0
    shapes = []
    for index, event in enumerate(events):
        x, row = xs[0] + event.position * gap, 12.0 * (index % 3)
        shapes.append(
            f"<g><title>{escaped(f'{event.number}. {event.label}')}</title>"
            f'<line x1="{num(x)}" y1="{num(top)}" x2="{num(x)}" y2="{num(bottom)}" '
            f'stroke="{PURPLE}" stroke-width="1.5" stroke-dasharray="2 3"/>'
            + text(x + 3, top + 10 + row, event.number)
            + "</g>"
        )
    return shapes


def _event_legend(y: float, key: float) -> str:
    return (
        f'<line x1="{num(key + 20)}" y1="{num(y - 7)}" x2="{num(key + 20)}" y2="{num(y + 7)}" '
        f'stroke="{PURPLE}" stroke-width="1.5" stroke-dasharray="2 3"/>'
        + text(key + 50, y + 4, EVENT_LEGEND)
    )


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
        line_glyph(y, look, key=key) + text(key + 50, y + 4, one.name)
        for one, look, y in zip(series, _looks(series), ys, strict=False)
    ]
    for band, y in zip(bands, ys, strict=False):
        swatch = f'<rect x="{num(key)}" y="{num(y - 6)}" width="40" height="12" fill="{BLUE}"'
        name = text(key + 50, y + 4, band.name)
        rows.append(swatch + f' fill-opacity="{FAN[band.level]}"/>' + name)
    rings = zip(labels, ys, strict=False)
    rows += [ring(key + 20, y) + text(key + 50, y + 4, label) for label, y in rings]
    return rows


def _describe_lines(
    periods: Sequence[str], series: Sequence[Series], unit: str, decimals: int | None
) -> str:
    """A short text alternative: each series' first and latest figure."""
    if decimals is None:
        decimals = count_decimals([v for s in series for v in s.values if v is not None], unit)
    parts = []
    for one in series:
        known = [(periods[i], v) for i, v in enumerate(one.values) if v is not None]
        parts.append(f"{one.name}: {span(known, unit, decimals) if known else 'no figures'}.")
    return " ".join(parts) or "No figures."


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
    events: Sequence[EventMark] = (),
) -> str:
    """A line chart by period: actual (solid), comparison (dashed), forecast (long dashes, hollow).

    Forecast ``bands`` are shaded, the 95% fan lighter than the 80%; ``desc`` defaults to each
    series' first and latest figure; ``height`` is the plot's height before the legend. Drawn
    twice, for wide screens and for phones (4 period labels at most, 80% of the height).
    The default ``desc`` shows figures to ``decimals`` places (by default none for counts).
    ``events`` are numbered dotted lines across the plot; without them the chart is drawn
    exactly as before.
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

    def drawing(frame: Frame, height: int) -> tuple[tuple[float, float], list[str]]:
        left, right, top, bottom = frame.left, frame.width - 24.0, 12.0, height - 36.0
        y = Scale(ticks[0], ticks[-1], bottom, top)
        gap = (right - left) / max(len(periods) - 1, 1)
        xs = [
            left + i * gap if len(periods) > 1 else (left + right) / 2 for i in range(len(periods))
        ]
        body = _y_axis(ticks, y, left, right, unit)
        body += _x_labels(periods, xs, bottom, frame.x_labels)
        if y_label:
            mid = (top + bottom) / 2
            turn = f' transform="rotate(-90 14 {num(mid)})"'
            body.append(text(14, mid, y_label, anchor="middle", extra=turn))
        body += [shape for band in bands for shape in _band_shapes(band, xs, y)]
        for one, look in zip(series, _looks(series), strict=True):
            body += _series_shapes(one, look, xs, y)
        body += _target_shapes(targets, dict(zip(periods, xs, strict=True)), y)
        body += _legend(series, bands, targets, height + 8.0, frame.key)
        keys = len(series) + len(bands) + len({target.label for target in targets})
        if events:
            body += _event_shapes(events, xs, top, bottom)
            body.append(_event_legend(height + 8.0 + (keys + 0.5) * LEGEND_ROW, frame.key))
            keys += 1
        return (frame.width, height + 8.0 + LEGEND_ROW * keys), body

    ident = chart_id("line", periods, series, bands, targets, title, *([events] if events else []))
    desc = desc or _describe_lines(periods, series, unit, decimals)
    if events:
        noun = "event" if len(events) == 1 else "events"
        desc += f" {len(events)} {noun} marked, listed under the chart."
    drawn = [
        (frame, *drawing(frame, tall)) for frame, tall in ((WIDE, height), (PHONE, height * 4 // 5))
    ]
    return "".join(document(ident + f.suffix, size, title, desc, body) for f, size, body in drawn)
