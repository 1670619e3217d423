"""Sparklines: a small trend line for a scorecard row, coloured by its last move."""

from __future__ import annotations

from collections.abc import Sequence

from sendsight.benchmarking.frames import FLAT_THRESHOLD
from sendsight.benchmarking.text import POLARITY_PHRASE, Polarity
from sendsight.web.charts.svg import (
    BLACK,
    GREEN,
    RED,
    Look,
    Scale,
    chart_id,
    count_decimals,
    document,
    line,
    num,
    runs,
    span,
)


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
    y = Scale(low, high, 24, 4) if low != high else Scale(low - 1, low + 1, 24, 4)
    look = Look(BLACK, "", "", 1.5)
    body = [line([(xs[i], y(values[i] or 0.0)) for i in run], look) for run in runs(values)]
    desc = "No figures."
    if known:
        (last, latest), colour = known[-1], _last_move_colour([v for _, v in known], polarity)
        body.append(f'<circle cx="{num(xs[last])}" cy="{num(y(latest))}" r="3" fill="{colour}"/>')
        places = count_decimals([v for _, v in known], unit) if decimals is None else decimals
        spans = span([(named[i], v) for i, v in known], unit, places)
        desc = f"From {spans}; {POLARITY_PHRASE[polarity]}."
    return document(chart_id("spark", values, title, periods), (120, 28), title, desc, body)


def _last_move_colour(known: list[float], polarity: Polarity) -> str:
    if len(known) < 2 or polarity == "neither":
        return BLACK
    before, now = known[-2], known[-1]
    # The ±5% rule of the benchmarking arrows (docs/decisions/0502-benchmarking.md).
    if abs(now - before) <= abs(before) * (FLAT_THRESHOLD + 1e-9):
        return BLACK
    return GREEN if (now > before) == (polarity == "high_is_good") else RED
