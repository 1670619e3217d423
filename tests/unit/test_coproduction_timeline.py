"""Co-production events and actions on the turn-the-curve chart: where they fall, how they
are drawn, and that a chart without events is drawn exactly as before."""

from __future__ import annotations

from datetime import date

from sendsight.web.blueprints.outcomes_timeline import position
from sendsight.web.charts import Series, line_chart
from sendsight.web.charts.lines import EventMark

ENDS = [date(2024, 12, 31), date(2025, 12, 31), date(2026, 12, 31)]


def test_an_event_falls_between_the_points_of_the_periods_around_it() -> None:
    assert position(date(2025, 12, 31), ENDS) == 1.0
    middle = position(date(2026, 7, 2), ENDS)
    assert middle is not None and 1.49 < middle < 1.51


def test_an_event_outside_the_charted_periods_is_not_placed() -> None:
    assert position(date(2027, 1, 1), ENDS) is None
    assert position(date(2023, 6, 1), ENDS) is None
    assert position(date(2024, 6, 1), ENDS) == 0.0
    assert position(date(2025, 6, 1), ENDS[:1]) is None


def _chart(events: tuple[EventMark, ...] = ()) -> str:
    return line_chart(
        ["2024", "2025", "2026"],
        [Series("This area", [1.0, 2.0, 3.0])],
        title="Measure",
        events=events,
    )


def test_events_are_numbered_dotted_lines_with_their_label_and_a_legend_row() -> None:
    drawn = _chart((EventMark(1.5, 1, "You said: <transport> & more"),))
    assert drawn.count('stroke-dasharray="2 3"') == 4  # line and legend, wide and narrow
    assert "<title>1. You said: &lt;transport&gt; &amp; more</title>" in drawn
    assert "Events (numbered as in the list under the chart)" in drawn


def test_a_chart_without_events_is_drawn_as_before() -> None:
    plain = line_chart(
        ["2024", "2025", "2026"], [Series("This area", [1.0, 2.0, 3.0])], title="Measure"
    )
    assert _chart() == plain
    assert 'stroke-dasharray="2 3"' not in plain and "Events (" not in plain
