"""Turn area view models into charts (SVG built and escaped in `web.charts`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sendsight.areas.context import cached
from sendsight.areas.exports import AllAreasView
from sendsight.areas.profile import IndicatorDetail
from sendsight.web.charts import Series, bar_chart, line_chart


def indicator_chart(detail: IndicatorDetail) -> str:
    """The area's series against its region, England and its neighbours' mean (LAIT's)."""
    unit = "%" if detail.indicator.unit.value == "percent" else ""
    periods = [row.period.code for row in detail.rows]  # short labels fit the axis
    series = [Series(detail.la_name, [r.area.value for r in detail.rows], emphasis=True)]
    if detail.indicator.unit.value != "count":
        series += [
            Series(
                f"{detail.region_name} (region)",
                [r.region.value for r in detail.rows],
                kind="comparison",
            ),
            Series("England", [r.england.value for r in detail.rows], kind="comparison"),
        ]
    series.append(
        Series(
            detail.sn_label,
            [r.sn_mean.value for r in detail.rows],
            kind="comparison",
        )
    )
    return line_chart(
        periods,
        series,
        title=f"{detail.indicator.title}, {detail.la_name}",
        y_label=detail.indicator.short_title,
        unit=unit,
        decimals=detail.indicator.decimals,
    )


def all_areas_chart(session: Session, view: AllAreasView) -> str:
    """Every local area's figure as ranked bars, the chosen area highlighted; drawn once per
    statistics version, indicator, period and chosen area (the order shown does not change it)."""
    key = ("all_areas_chart", view.indicator.id, view.period.code, view.highlight)
    return cached(session, key, lambda: _all_areas_chart(view))


def _all_areas_chart(view: AllAreasView) -> str:
    unit = "%" if view.indicator.unit.value == "percent" else ""
    labels = [row["la_name"] for row in view.rows]
    values = [row["value"] for row in view.rows]
    chosen = {row["la_name"] for row in view.rows if row["la_code"] == view.highlight}
    return bar_chart(
        labels,
        values,
        title=f"{view.indicator.title}, {view.period.label}",
        unit=unit,
        highlight=chosen,
        sort="descending",
        decimals=view.indicator.decimals,
    )
