"""Bar charts (one bar per area, the chosen ones marked) and histograms."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from sendsight.benchmarking.text import format_value
from sendsight.web.charts.svg import (
    BLACK,
    BLUE,
    COMPARISON_DASHES,
    DARK_GREY,
    GREEN,
    LEGEND_ROW,
    NARROW,
    ORANGE,
    PHONE,
    PURPLE,
    WHITE,
    WIDE,
    WIDTH,
    Frame,
    Look,
    Scale,
    chart_id,
    document,
    line,
    line_glyph,
    nice_ticks,
    num,
    rule,
    step_decimals,
    text,
)

BAR_ROW = 20.0
_Row = tuple[str, float | None]
_Show = Callable[[float], str]
_BAR_TOP = 28.0


@dataclass(frozen=True, slots=True)
class _Bars:
    """Across a bar chart: where the bars may run, each row's height and the most axis values.
    Rows taller than ``BAR_ROW`` (phones) put each label above its bar, not to its left."""

    frame: Frame
    left: float
    right: float
    row: float
    ticks: int


_WIDE_BARS = _Bars(WIDE, 256.0, WIDTH - 70.0, BAR_ROW, 6)
_PHONE_BARS = _Bars(PHONE, 14.0, NARROW - 56.0, 36.0, 4)


def _sorted_rows(labels: Sequence[str], values: Sequence[float | None], sort: str) -> list[_Row]:
    rows = list(zip(labels, values, strict=True))
    if sort == "none":
        return rows
    sign = -1.0 if sort == "descending" else 1.0
    return sorted(rows, key=lambda row: (row[1] is None, sign * (row[1] or 0.0), row[0]))


def _bar_row(bars: _Bars, top: float, row: _Row, shown: str, x: Scale, bold: bool) -> str:
    (label, value), weight = row, ' font-weight="bold"' if bold else ""
    if bars.row > BAR_ROW:  # the label on its own line above the bar, haloed over grid lines
        halo = f' stroke="{WHITE}" stroke-width="3" paint-order="stroke"'
        name = text(bars.left + 4, top + 13, label, extra=weight + halo)
        top += bars.row - BAR_ROW
    else:
        name = text(bars.left - 8, top + 14, label, anchor="end", extra=weight)
    name += text(bars.right + 6, top + 14, shown, extra=weight)
    if value is None:
        return name + text(x(0.0) + 4, top + 14, "no data", extra=f' fill="{DARK_GREY}"')
    start, end = sorted((x(0.0), x(value)))
    # Highlighted rows differ by outline and bold label as well as by colour.
    paint = f'fill="{BLUE}" stroke="{BLACK}" stroke-width="2"' if bold else f'fill="{DARK_GREY}"'
    width = num(max(end - start, 0.5))
    return name + f'<rect x="{num(start)}" y="{num(top + 3)}" width="{width}" height="14" {paint}/>'


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
        x = Scale(ticks[0], ticks[-1], bars.left, bars.right)
        bottom = _BAR_TOP + bars.row * max(len(rows), 1)
        digits = step_decimals(ticks[1] - ticks[0])
        body = [
            rule(x(t), 24, x(t), bottom)
            + text(x(t), 16, format_value(t, unit=unit, decimals=digits), anchor="middle")
            for t in ticks
        ]
        for index, row in enumerate(rows):
            top = _BAR_TOP + index * bars.row
            body.append(_bar_row(bars, top, row, shown.get(row[0], ""), x, row[0] in chosen))
        body.append(rule(x(0.0), 24, x(0.0), bottom, BLACK))
        body += _reference_lines(references, x, bottom, show, bars.frame.key)
        return (bars.frame.width, bottom + 8 + LEGEND_ROW * len(references)), body

    ident = chart_id("bar", labels, values, title, references)
    desc = desc or _describe_bars(rows, chosen, shown)
    drawn = [(bars.frame, *drawing(bars)) for bars in (_WIDE_BARS, _PHONE_BARS)]
    return "".join(document(ident + f.suffix, size, title, desc, body) for f, size, body in drawn)


def _reference_lines(
    refs: Sequence[tuple[str, float]], x: Scale, bottom: float, show: _Show, key: float
) -> list[str]:
    shapes = []
    for index, (name, value) in enumerate(refs):
        dash = COMPARISON_DASHES[index % len(COMPARISON_DASHES)]
        look = Look((BLACK, ORANGE, PURPLE, GREEN)[index % 4], dash, "")
        y = bottom + 8 + (index + 0.5) * LEGEND_ROW
        shown = f"{name}: {show(value)}"
        shapes.append(line([(x(value), 24.0), (x(value), bottom)], look))
        shapes.append(line_glyph(y, look, marker=False, key=key) + text(key + 50, y + 4, shown))
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
    show = functools.partial(format_value, unit=unit, decimals=step_decimals(edges[1] - edges[0]))
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
