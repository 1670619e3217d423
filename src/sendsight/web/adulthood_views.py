"""The preparing-for-adulthood cohort page's figures as HTML and CSV: charts drawn from what
the reader may see (``adulthood.pages.ChartData``) and from the published NEET benchmark
(``areas.profile``).

Each chart sits with a table of the same figures and a CSV (house rule); SVG is built and
escaped in ``web.charts``. The figures' HTML (headline, tables, charts) and the CSV are kept by
the cohort view's key (the stored figures, their last change and the viewpoint), and the
benchmark chart by statistics version, so a request draws and renders nothing when nothing
changed: the figures only change when the summary is rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import render_template
from markupsafe import Markup
from sqlalchemy.orm import Session

from sendsight.adulthood.pages import ChartData, CohortView, cohort_csv_rows
from sendsight.areas import profile
from sendsight.areas.context import cached
from sendsight.areas.profile import IndicatorDetail
from sendsight.core.errors import NotFound
from sendsight.core.safe_io import write_csv
from sendsight.web.chart_views import indicator_chart
from sendsight.web.charts import Series, bar_chart, line_chart

T = TypeVar("T")

#: The published benchmark drawn on the cohort page: NEET or not known at 16-17, EHC plan.
NEET_INDICATOR = "neet-nk-16-17-ehc-plan"


@dataclass(frozen=True, slots=True)
class DrawnChart:
    """A chart's SVG and the id of the table holding its figures."""

    table: str
    svg: Markup


def _draw(chart: ChartData) -> DrawnChart:
    if chart.kind == "lines":
        series = [Series(name, list(values)) for name, values in chart.series]
        svg = line_chart(list(chart.labels), series, title=chart.title, unit=chart.unit)
    else:
        (_, values), *_ = chart.series
        svg = bar_chart(
            list(chart.labels), list(values), title=chart.title, sort="none", decimals=0
        )
    return DrawnChart(chart.table, Markup(svg))


_FIGURES: dict[tuple[Any, ...], Markup] = {}
_CSVS: dict[tuple[Any, ...], str] = {}


def _kept(store: dict[tuple[Any, ...], T], key: tuple[Any, ...], build: Callable[[], T]) -> T:
    if not key:
        return build()
    if key not in store:
        if len(store) >= 64:
            store.clear()
        store[key] = build()
    return store[key]


def cohort_charts(view: CohortView) -> dict[str, DrawnChart]:
    """The cohort page's charts by the id of their table."""
    return {chart.table: _draw(chart) for chart in view.charts}


def cohort_figures(view: CohortView) -> Markup:
    """The cohort figures' HTML (headline, tables and charts), rendered once per view key."""

    def render() -> Markup:
        html = render_template("adulthood/_figures.html", view=view, charts=cohort_charts(view))
        return Markup(html)

    return _kept(_FIGURES, view.key, render)


def cohort_csv(view: CohortView) -> str:
    """Every table of the cohort page as CSV text, written once per view key."""
    return _kept(_CSVS, view.key, lambda: write_csv(cohort_csv_rows(view)))


@dataclass(frozen=True, slots=True)
class Benchmark:
    """The published NEET-or-not-known series for the LA against its region, England and its
    statistical neighbours, with its chart."""

    detail: IndicatorDetail
    svg: Markup


def neet_benchmark(session: Session, la_code: str) -> Benchmark | None:
    """The LA's published NEET benchmark (None when the statistics store lacks it)."""
    if not la_code:
        return None
    try:
        detail = profile.detail(session, la_code, NEET_INDICATOR)
    except NotFound:
        return None
    if not detail.rows:
        return None
    key = ("adulthood_neet_chart", la_code, NEET_INDICATOR)
    svg = cached(session, key, lambda: indicator_chart(detail))
    return Benchmark(detail, Markup(svg))
