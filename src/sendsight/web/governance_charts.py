"""The board pack's charts and the tables beside them, drawn from the frozen pack alone (so an
archived pack draws exactly as issued): a turn-the-curve chart per headline measure and the
EHC plan forecast per LA."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from sendsight.web.charts import Band, Series, TargetPoint, line_chart

# The phone-width drawing of a chart: hidden in print, so left out of the PDF (it costs
# WeasyPrint a layout all the same).
NARROW_SVG = re.compile(r"<svg[^>]*app-chart--narrow.*?</svg>", re.S)
UNITS = {"percent": "%"}


def _shown(value: float | None, row: dict[str, Any]) -> str:
    if value is None:
        return "x"
    places = int(row.get("decimals", 1)) if row.get("unit") != "count" else 0
    unit = "%" if row.get("unit") == "percent" else ""
    return f"{value:,.{places}f}{unit}"


def curve_table(row: dict[str, Any]) -> list[dict[str, str]]:
    """The chart's figures as table rows: period, value, target, where the curve was heading."""
    labels, values = list(row["labels"]), list(row["values"])
    targets = row.get("targets") or [None] * len(labels)
    out = [
        {
            "period": label,
            "value": _shown(value, row),
            "target": "" if target is None else _shown(target, row),
            "baseline": "",
        }
        for label, value, target in zip(labels, values, targets, strict=True)
    ]
    base: dict[str, Any] = row.get("baseline") or {"labels": []}
    for i, label in enumerate(base["labels"]):
        heading = f"{_shown(base['estimate'][i], row)} ({_shown(base['lower'][i], row)} to "
        out.append(
            {
                "period": f"{label} (forecast)",
                "value": "Not yet known",
                "target": "",
                "baseline": heading + f"{_shown(base['upper'][i], row)})",
            }
        )
    return out


def curve_chart(row: dict[str, Any]) -> Markup:
    """A turn-the-curve chart: the values so far, the targets, and the baseline forecast (where
    the curve was heading) with its 80% range. Packs issued before version 2 hold only the
    latest target and no baseline: those draw the values and that target."""
    labels = list(row["labels"])
    values: list[float | None] = [None if v is None else float(v) for v in row["values"]]
    if len(labels) != len(values) or not labels:
        return Markup("")
    base = row.get("baseline")
    future = list(base["labels"]) if base else []
    periods = labels + future
    pad: list[float | None] = [None] * len(future)
    series = [Series("This area", values + pad, emphasis=True)]
    bands = []
    if base:
        joined: list[float | None] = [None] * (len(labels) - 1)
        joined.append(values[-1])
        series.append(Series("Baseline forecast", joined + list(base["estimate"]), "forecast"))
        bands.append(
            Band(
                "Forecast range (80%)",
                [None] * len(labels) + list(base["lower"]),
                [None] * len(labels) + list(base["upper"]),
            )
        )
    targets = _targets(row, labels)
    return Markup(
        line_chart(
            periods,
            series,
            title=f"{row['name']}: turning the curve",
            bands=bands,
            targets=targets,
            unit=UNITS.get(row["unit"], ""),
            decimals=0 if row["unit"] == "count" else int(row.get("decimals", 1)),
        )
    )


def _targets(row: dict[str, Any], labels: list[str]) -> list[TargetPoint]:
    frozen = row.get("targets")
    if frozen is None:  # a version 1 pack: only the latest period's target
        return [TargetPoint(labels[-1], float(row["target"]))] if row["target"] is not None else []
    return [
        TargetPoint(label, float(t))
        for label, t in zip(labels, frozen, strict=True)
        if t is not None
    ]


def forecast_chart(la: dict[str, Any]) -> Markup:
    """Published January counts of EHC plans, then the forecast with its 80% and 95% ranges, as
    frozen in the pack (rounded as the pack's table shows them)."""
    history = {int(y): float(t) for y, t in la["history"]}
    ahead = {int(r["year"]): r for r in la["forecast"]}
    if not history or not ahead:
        return Markup("")
    years = sorted(history) + sorted(ahead)
    last = max(history)

    def column(name: str) -> list[float | None]:
        return [
            ahead[y][name]["value"] if y in ahead else (history[y] if y == last else None)
            for y in years
        ]

    return Markup(
        line_chart(
            [str(y) for y in years],
            [
                Series("Plans (published)", [history.get(y) for y in years]),
                Series("Forecast", column("point"), "forecast"),
            ],
            title=f"EHC plans in {la['la_name']}: published and forecast",
            desc=f"Published January counts to {last} and the forecast to {years[-1]} with 80% "
            "and 95% prediction intervals.",
            y_label="EHC plans",
            bands=[
                Band("95% interval", column("lower_95"), column("upper_95"), 95),
                Band("80% interval", column("lower_80"), column("upper_80"), 80),
            ],
        )
    )


_drawn: dict[tuple[str, bool], dict[str, Markup]] = {}
_DRAWN_KEPT = 32


def pack_charts(
    built: dict[str, Any], *, printing: bool, digest: str | None = None
) -> dict[str, Markup]:
    """Every chart the pack shows, by measure key (and ``forecast-<LA>``): the headline
    measures' and the exceptions' turn-the-curve charts and the forecasts. An issued pack
    (``digest``: its fingerprint) never changes, so its charts are drawn once per process."""
    if digest is None:
        return _draw(built, printing=printing)
    key = (digest, printing)
    if key not in _drawn:
        if len(_drawn) >= _DRAWN_KEPT:
            _drawn.clear()
        _drawn[key] = _draw(built, printing=printing)
    return _drawn[key]


def _draw(built: dict[str, Any], *, printing: bool) -> dict[str, Markup]:
    wanted = {item["key"] for item in built["exceptions"]}
    for group in built["scorecard"]:
        wanted.update(group.get("headline", []))
    charts = {
        row["key"]: curve_chart(row)
        for group in built["scorecard"]
        for row in group["rows"]
        if row["period"] and row["key"] in wanted
    }
    for la in built.get("forecast") or []:
        charts[f"forecast-{la['la_code']}"] = forecast_chart(la)
    if printing:
        charts = {k: Markup(NARROW_SVG.sub("", str(v))) for k, v in charts.items()}
    return charts


def curve_tables(built: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """The table beside each headline measure's chart, by measure key."""
    heads = {key for group in built["scorecard"] for key in group.get("headline", [])}
    return {
        row["key"]: curve_table(row)
        for group in built["scorecard"]
        for row in group["rows"]
        if row["key"] in heads
    }
