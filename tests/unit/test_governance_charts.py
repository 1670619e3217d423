"""The board pack's charts and tables are drawn from the frozen pack alone: version 2 rows with
targets and a baseline, version 1 rows with only the latest target."""

from __future__ import annotations

from sendsight.web import governance_charts

ROW = {
    "key": "m",
    "name": "Plans within 20 weeks",
    "unit": "percent",
    "decimals": 1,
    "period": "2025",
    "target": 60.0,
    "labels": ["2023", "2024", "2025"],
    "values": [40.0, None, 50.0],
    "targets": [None, 55.0, 60.0],
    "baseline": {
        "method": "trend",
        "labels": ["2026", "2027"],
        "estimate": [52.0, 54.0],
        "lower": [45.0, 44.0],
        "upper": [59.0, 64.0],
    },
}


def test_the_curve_table_has_each_figure_target_and_the_baseline_range() -> None:
    table = governance_charts.curve_table(ROW)
    assert [r["period"] for r in table] == [
        "2023",
        "2024",
        "2025",
        "2026 (forecast)",
        "2027 (forecast)",
    ]
    assert table[1] == {"period": "2024", "value": "x", "target": "55.0%", "baseline": ""}
    assert table[3]["baseline"] == "52.0% (45.0% to 59.0%)"


def test_the_curve_chart_draws_targets_and_the_baseline_fan() -> None:
    svg = str(governance_charts.curve_chart(ROW))
    assert "Plans within 20 weeks: turning the curve" in svg
    assert "Baseline forecast" in svg and "Forecast range (80%)" in svg and "Target" in svg


def test_a_version_1_row_draws_its_values_and_latest_target_only() -> None:
    old = {k: v for k, v in ROW.items() if k not in ("targets", "baseline", "decimals")}
    svg = str(governance_charts.curve_chart(old))
    assert "Target" in svg and "Baseline forecast" not in svg
    assert [r["target"] for r in governance_charts.curve_table(old)] == ["", "", ""]


def test_an_issued_packs_charts_are_drawn_once_and_print_without_the_phone_drawing() -> None:
    built = {"exceptions": [], "scorecard": [{"rows": [ROW], "headline": ["m"]}]}
    first = governance_charts.pack_charts(built, printing=True, digest="d" * 64)
    assert "app-chart--narrow" not in str(first["m"])
    assert governance_charts.pack_charts(built, printing=True, digest="d" * 64) is first
    assert "app-chart--narrow" in str(governance_charts.pack_charts(built, printing=False)["m"])
