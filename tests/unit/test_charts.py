"""Server-rendered SVG charts: well-formed, accessible, CSP-safe, drawing what they are given."""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendsight.web.charts import (
    BLUE,
    Band,
    Series,
    TargetPoint,
    bar_chart,
    histogram,
    line_chart,
    nice_ticks,
    sparkline,
)

NS = "{http://www.w3.org/2000/svg}"
PERIODS = ["2019", "2020", "2021", "2022", "2023"]


def drawings(markup: str) -> list[ET.Element]:
    """Each <svg> a chart function returned: a full chart for wide screens, then for phones."""
    return list(ET.fromstring(f"<charts>{markup}</charts>"))


def parse(svg: str) -> ET.Element:
    """The drawing for wide screens (a sparkline's only drawing)."""
    return drawings(svg)[0]


def find_all(root: ET.Element, tag: str) -> list[ET.Element]:
    return list(root.iter(NS + tag))


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in find_all(root, "text")]


def sample_charts() -> list[str]:
    return [
        line_chart(
            PERIODS,
            [Series("Area", [1.0, 2.0, None, 4.0, 5.0], emphasis=True),
             Series("England", [2.0, 2.0, 2.5, 3.0, 3.5], "comparison"),
             Series("Forecast", [None, None, None, None, 5.0], "forecast")],
            title="Line", y_label="Percentage", unit="%",
            bands=[Band("95% range", [None] * 4 + [4.0], [None] * 4 + [6.0], 95)],
            targets=[TargetPoint("2023", 6.0)],
        ),
        bar_chart(["A", "B", "C"], [3.0, -1.0, None], title="Bars", highlight={"A"},
                  references=[("England", 1.5)]),
        histogram([1.0, 2.0, 2.5, 9.0], title="Spread", highlight_value=2.0),
        sparkline([1.0, None, 3.0], title="Trend", polarity="high_is_good"),
    ]  # fmt: skip


@pytest.mark.parametrize("svg", sample_charts())
def test_every_chart_is_well_formed_svg_labelled_by_its_title_and_description(svg: str) -> None:
    for root in drawings(svg):
        assert root.tag == NS + "svg"
        assert root.get("role") == "img"
        ids = {element.get("id"): element for element in root.iter() if element.get("id")}
        labelled_by = (root.get("aria-labelledby") or "").split()
        assert [ids[name].tag for name in labelled_by] == [NS + "title", NS + "desc"]
        assert all((ids[name].text or "").strip() for name in labelled_by)
        assert root.get("viewBox")


@pytest.mark.parametrize("svg", sample_charts())
def test_no_chart_uses_style_attributes_or_style_elements(svg: str) -> None:
    for root in drawings(svg):
        assert not [e for e in root.iter() if "style" in e.attrib]
        assert not find_all(root, "style")


def test_full_charts_are_drawn_again_for_phones_with_their_own_ids() -> None:
    *full, spark = sample_charts()
    for svg in full:
        wide, narrow = drawings(svg)
        assert wide.get("class") == "app-chart app-chart--wide"
        assert narrow.get("class") == "app-chart app-chart--narrow"
        assert (narrow.get("viewBox") or "").startswith("0 0 300.0 ")
        assert narrow.get("aria-labelledby") != wide.get("aria-labelledby")
        assert find_all(narrow, "title")[0].text == find_all(wide, "title")[0].text
    assert len(drawings(spark)) == 1


def test_on_phones_a_line_chart_labels_at_most_four_periods_and_always_the_latest() -> None:
    years = [str(year) for year in range(2010, 2025)]
    wide, narrow = drawings(line_chart(years, [Series("Area", [1.0] * 15)], title="Years"))
    shown = [text for text in texts(narrow) if text in years]
    assert len(shown) <= 4 and shown[-1] == "2024"
    assert len([text for text in texts(wide) if text in years]) > 4


def test_on_phones_each_bar_label_sits_above_its_bar_and_is_not_cut_off() -> None:
    name = "Bournemouth, Christchurch and Poole"
    _, narrow = drawings(bar_chart([name, "Bury"], [40.0, 60.0], title="Bars", unit="%"))
    label = next(t for t in find_all(narrow, "text") if t.text == name)
    bar_tops = sorted(float(r.get("y") or 0) for r in find_all(narrow, "rect"))
    assert label.get("text-anchor") is None and float(label.get("x") or 0) > 0
    assert float(label.get("y") or 0) < bar_tops[-1]


def test_full_charts_are_responsive_and_sparklines_are_fixed_size() -> None:
    line, bar, hist, spark = (parse(svg) for svg in sample_charts())
    assert {line.get("width"), bar.get("width"), hist.get("width")} == {"100%"}
    assert (spark.get("width"), spark.get("height"), spark.get("viewBox")) == (
        "120",
        "28",
        "0 0 120.0 28.0",
    )


def test_a_script_tag_in_a_series_name_is_escaped_as_text() -> None:
    svg = line_chart(PERIODS[:2], [Series("<script>alert(1)</script>", [1.0, 2.0])], title="<b>")
    root = parse(svg)
    assert "<script>" not in svg
    assert not find_all(root, "script") and not find_all(root, "b")
    assert "<script>alert(1)</script>" in texts(root)
    assert find_all(root, "title")[0].text == "<b>"


def test_charts_on_one_page_get_different_ids() -> None:
    first = parse(sparkline([1.0, 2.0], title="One")).get("aria-labelledby")
    second = parse(sparkline([1.0, 2.0], title="Two")).get("aria-labelledby")
    assert first != second


def series_paths(root: ET.Element, colour: str) -> list[ET.Element]:
    return [
        p for p in find_all(root, "path") if p.get("stroke") == colour and p.get("d", "")[0] == "M"
    ]


def test_a_missing_value_leaves_a_gap_in_the_line() -> None:
    root = parse(line_chart(PERIODS, [Series("Area", [1.0, 2.0, None, 4.0, 5.0])], title="Gap"))
    # One path per run of values, plus the legend sample.
    assert len(series_paths(root, BLUE)) == 3
    assert len([c for c in find_all(root, "circle") if c.get("stroke") == BLUE]) == 4 + 1


def test_a_single_point_is_drawn_as_a_marker_without_a_line() -> None:
    root = parse(line_chart(["2024"], [Series("Area", [7.0])], title="One"))
    assert len(series_paths(root, BLUE)) == 1  # the legend sample only
    markers = [c for c in find_all(root, "circle") if c.get("stroke") == BLUE]
    assert len(markers) == 2
    assert "7 in 2024" in (find_all(root, "desc")[0].text or "")  # a count: no false decimal


def test_all_equal_values_still_get_a_spread_of_axis_values() -> None:
    root = parse(line_chart(PERIODS, [Series("Flat", [3.0] * 5)], title="Flat"))
    ys = {float(c.get("cy", "nan")) for c in find_all(root, "circle") if c.get("stroke") == BLUE}
    assert all(math.isfinite(y) for y in ys)
    assert len([t for t in texts(root) if t.replace(".", "").isdigit()]) >= 3


def test_negative_bars_extend_left_of_the_zero_line() -> None:
    root = parse(bar_chart(["Up", "Down"], [4.0, -2.0], title="Signed", sort="none"))
    zero = [line for line in find_all(root, "line") if line.get("stroke") == "#0b0c0c"][0]
    bars = find_all(root, "rect")
    assert float(bars[0].get("x", "0")) == pytest.approx(float(zero.get("x1", "0")))
    assert float(bars[1].get("x", "0")) < float(zero.get("x1", "0"))
    assert "-2" in texts(root)


def test_bars_sort_descending_with_missing_values_last() -> None:
    root = parse(bar_chart(["a", "b", "c", "d"], [2.0, None, 9.0, 5.0], title="Sorted"))
    labels = [t.text for t in find_all(root, "text") if t.get("text-anchor") == "end"]
    assert labels == ["c", "d", "a", "b"]
    assert "no data" in texts(root)


def test_a_highlighted_bar_is_bold_and_outlined_not_only_coloured() -> None:
    root = parse(bar_chart(["Ours", "Theirs"], [1.0, 2.0], title="H", highlight={"Ours"}))
    bold = [t.text for t in find_all(root, "text") if t.get("font-weight") == "bold"]
    assert "Ours" in bold and "Theirs" not in bold
    outlined = [r for r in find_all(root, "rect") if r.get("stroke")]
    assert len(outlined) == 1


def test_the_95_percent_fan_is_lighter_than_the_80_percent_fan() -> None:
    bands = [Band("80%", [1.0, 2.0], [3.0, 4.0], 80), Band("95%", [0.0, 1.0], [4.0, 5.0], 95)]
    root = parse(line_chart(["a", "b"], [], title="Fan", bands=bands))
    opacities = [float(p.get("fill-opacity", "0")) for p in find_all(root, "polygon")]
    assert len(opacities) == 2
    assert opacities[0] < opacities[1]  # the 95% fan is drawn first, beneath


def test_comparison_series_differ_by_dash_pattern_and_marker() -> None:
    series = [Series(name, [1.0, 2.0], "comparison") for name in ("England", "Region")]
    root = parse(line_chart(["a", "b"], series, title="Compare"))
    dashes = {
        p.get("stroke-dasharray") for p in find_all(root, "path") if p.get("stroke-dasharray")
    }
    assert len(dashes) == 2
    assert find_all(root, "circle") and find_all(root, "polygon")


def test_a_target_for_an_unknown_period_is_refused() -> None:
    with pytest.raises(ValueError, match="period"):
        line_chart(["a"], [], title="T", targets=[TargetPoint("b", 1.0)])


def test_a_series_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="per period"):
        line_chart(["a", "b"], [Series("Short", [1.0])], title="T")


def test_histogram_counts_values_per_interval_and_highlights_the_chosen_one() -> None:
    root = parse(histogram([1.0, 1.5, 2.0, 4.0], title="Spread", bins=4, highlight_value=1.2))
    labels = [t.text for t in find_all(root, "text") if t.get("text-anchor") == "end"]
    assert labels == ["1 to under 2", "2 to under 3", "3 to 4"]
    value_column = max(float(t.get("x", "0")) for t in find_all(root, "text"))
    counts = [t.text for t in find_all(root, "text") if float(t.get("x", "0")) == value_column]
    assert counts == ["2", "1", "1"]
    bold = [t.text for t in find_all(root, "text") if t.get("font-weight") == "bold"]
    assert bold == ["1 to under 2", "2"]


def test_histogram_of_no_values_says_so() -> None:
    assert find_all(parse(histogram([None], title="T")), "desc")[0].text == "No figures to show."


def test_sparkline_marks_the_latest_point_green_when_it_improved() -> None:
    up = parse(sparkline([10.0, 12.0], title="Up", polarity="high_is_good"))
    down = parse(sparkline([10.0, 12.0], title="Up", polarity="low_is_good"))
    assert [c.get("fill") for c in find_all(up, "circle")] == ["#00703c"]
    assert [c.get("fill") for c in find_all(down, "circle")] == ["#d4351c"]


def test_sparkline_description_gives_first_and_latest_figures() -> None:
    periods = ["2022", "2023", "2024"]
    svg = sparkline(
        [40.0, None, 44.0], title="T", periods=periods, unit="%", polarity="high_is_good"
    )
    root = parse(svg)
    assert (
        find_all(root, "desc")[0].text == "From 40.0% in 2022 to 44.0% in 2024; higher is better."
    )


def test_an_empty_sparkline_says_there_are_no_figures() -> None:
    assert find_all(parse(sparkline([None, None], title="T")), "desc")[0].text == "No figures."


NICE_STEPS = {1.0, 2.0, 2.5, 5.0}


def step_is_nice(step: float) -> bool:
    mantissa = step / 10 ** math.floor(math.log10(step))
    return any(math.isclose(mantissa, nice) for nice in NICE_STEPS) or math.isclose(mantissa, 10)


def test_nice_ticks_for_a_percentage_range() -> None:
    ticks = nice_ticks(37.2, 44.9)
    assert ticks[0] <= 37.2 and ticks[-1] >= 44.9
    assert step_is_nice(ticks[1] - ticks[0])


def test_nice_ticks_include_zero_when_asked() -> None:
    assert 0.0 in nice_ticks(37.2, 44.9, include_zero=True)
    assert nice_ticks(37.2, 44.9, include_zero=True)[0] == 0.0


def test_nice_ticks_around_a_single_value_spread_either_side() -> None:
    ticks = nice_ticks(5.0, 5.0)
    assert ticks[0] < 5.0 < ticks[-1]


def test_nice_ticks_cover_negative_ranges() -> None:
    ticks = nice_ticks(-7.3, -1.2)
    assert ticks[0] <= -7.3 and ticks[-1] >= -1.2 and ticks[-1] <= 0


def test_nice_ticks_refuse_infinite_bounds_and_fewer_than_three_ticks() -> None:
    with pytest.raises(ValueError):
        nice_ticks(0.0, math.inf)
    with pytest.raises(ValueError):
        nice_ticks(-1.0, 1.0, max_ticks=2)


@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(0, 1e6, allow_nan=False),
    st.integers(3, 12),
    st.booleans(),
)
def test_nice_ticks_are_few_round_evenly_spaced_and_cover_the_data(
    low: float, width: float, max_ticks: int, include_zero: bool
) -> None:
    high = low + width
    ticks = nice_ticks(low, high, max_ticks=max_ticks, include_zero=include_zero)
    assert 2 <= len(ticks) <= max_ticks
    step = ticks[1] - ticks[0]
    assert step > 0 and step_is_nice(step)
    # Tolerance for binary rounding of large tick values.
    slack = 1e-12 * max(abs(t) for t in ticks)
    assert all(
        math.isclose(b - a, step, rel_tol=1e-6, abs_tol=slack) for a, b in itertools.pairwise(ticks)
    )
    tolerance = step * 1e-6
    assert ticks[0] <= low + tolerance and ticks[-1] >= high - tolerance
    if include_zero:
        assert ticks[0] <= tolerance and ticks[-1] >= -tolerance
