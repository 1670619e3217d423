"""A small SVG dot plot of ratings: one row per item, the scale's levels across, one dot per
organisation, the agreed (or overall) level as a ring. Pure; all text escaped; no ``style``
attributes (pages run under a strict CSP), ``role="img"`` with a title and description, and
always shown beside a table with the same figures.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import escape

BLACK, BLUE, GREY, LIGHT = "#0b0c0c", "#1d70b8", "#505a5f", "#b1b4b6"
WIDTH, LABEL_WIDTH, ROW, TOP = 640, 230, 26, 34
DOT = 5


@dataclass(frozen=True, slots=True)
class PlotRow:
    """One row: its label, the levels (from 1) of its dots, and its ringed level if any."""

    label: str
    levels: Sequence[int]
    ring: int | None = None


def _e(text: object) -> str:
    return str(escape(str(text)))


def _x(level: float, levels: int) -> float:
    step = (WIDTH - LABEL_WIDTH - 20) / max(levels, 1)
    return LABEL_WIDTH + step * (level - 0.5)


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _row(i: int, row: PlotRow, scale: Sequence[str]) -> list[str]:
    y = TOP + ROW * i + ROW / 2
    parts = [
        f'<text x="4" y="{y + 4:.1f}">{_e(_short(row.label))}</text>',
        f'<line x1="{LABEL_WIDTH}" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}" stroke="{LIGHT}"/>',
    ]
    seen: dict[int, int] = {}
    for level in sorted(row.levels):
        n = seen.get(level, 0)
        seen[level] = n + 1
        dx = (n % 2 * 2 - 1) * ((n + 1) // 2) * (DOT * 1.6)
        parts.append(
            f'<circle cx="{_x(level, len(scale)) + dx:.1f}" cy="{y:.1f}" r="{DOT}" '
            f'fill="{BLUE}" fill-opacity="0.75"/>'
        )
    if row.ring is not None:
        parts.append(
            f'<circle cx="{_x(row.ring, len(scale)):.1f}" cy="{y:.1f}" r="{DOT + 5}" '
            f'fill="none" stroke="{BLACK}" stroke-width="2"/>'
        )
    return parts


def _describe(rows: Sequence[PlotRow], scale: Sequence[str], ring_name: str) -> str:
    parts = []
    for row in rows:
        counts = [
            f"{sum(1 for x in row.levels if x == i + 1)} {name}"
            for i, name in enumerate(scale)
            if any(x == i + 1 for x in row.levels)
        ]
        ring = f"; {ring_name} {scale[row.ring - 1]}" if row.ring else ""
        parts.append(f"{row.label}: {', '.join(counts) or 'no ratings'}{ring}")
    return ". ".join(parts)


def dot_plot(
    title: str,
    rows: Sequence[PlotRow],
    scale: Sequence[str],
    *,
    ring_name: str = "agreed",
    dot_name: str = "one organisation's rating",
) -> str:
    """The plot as SVG text (safe to place in a page)."""
    height = TOP + ROW * len(rows) + 24
    ident = (
        "dots-" + hashlib.sha1(repr((title, rows)).encode(), usedforsecurity=False).hexdigest()[:10]
    )
    body = [
        f'<text x="{_x(i + 1, len(scale)):.1f}" y="18" text-anchor="middle">{_e(name)}</text>'
        for i, name in enumerate(scale)
    ]
    for i, row in enumerate(rows):
        body += _row(i, row, scale)
    key_y = height - 8
    body.append(
        f'<circle cx="10" cy="{key_y - 4}" r="{DOT}" fill="{BLUE}" fill-opacity="0.75"/>'
        f'<text x="20" y="{key_y}">{_e(dot_name)}</text>'
        f'<circle cx="200" cy="{key_y - 4}" r="{DOT + 5}" fill="none" stroke="{BLACK}" '
        f'stroke-width="2"/><text x="215" y="{key_y}">{_e(ring_name)} level</text>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" font-family="arial, sans-serif" '
        f'font-size="13" fill="{BLACK}" class="app-chart app-chart--wide">'
        f'<title id="{ident}-title">{_e(title)}</title>'
        f'<desc id="{ident}-desc">{_e(_describe(rows, scale, ring_name))}</desc>'
        f"{''.join(body)}</svg>"
    )
