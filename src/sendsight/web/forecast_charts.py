"""The forecast pages' charts: published plans, then forecasts and their ranges, drawn from
the same figures as the tables beside them (rounded for readers whose tables are rounded)."""

from __future__ import annotations

from sendsight.forecasting import pages, report
from sendsight.web.charts import Band, Series, line_chart


def forecast_chart(found: report.AreaReport, rows: list[pages.ForecastRow]) -> str:
    """Published plans, then the forecast and its ranges exactly as the table shows them (a
    reader whose table is rounded gets a rounded chart: the chart must not show more)."""
    history = dict(found.history.rows())
    fc = {row.year: row for row in rows}
    years = sorted(history) + sorted(fc)
    last = years[len(history) - 1]
    actual = [history.get(y) for y in years]

    def forecast_col(name: str) -> list[float | None]:
        return [
            getattr(fc[y], name).value if y in fc else (history[y] if y == last else None)
            for y in years
        ]

    return line_chart(
        [str(y) for y in years],
        [
            Series("Plans (published)", actual),
            Series("Forecast", forecast_col("point"), "forecast"),
        ],
        title=f"EHC plans in {found.la_name}: published and forecast",
        desc=f"Published January counts to {last} and the forecast to {years[-1]} with 80% and "
        "95% prediction intervals.",
        y_label="EHC plans",
        bands=[
            Band("95% interval", forecast_col("lower_95"), forecast_col("upper_95"), 95),
            Band("80% interval", forecast_col("lower_80"), forecast_col("upper_80"), 80),
        ],
    )


def scenario_chart(found: report.AreaReport, rows: list[pages.ComparisonRow]) -> str:
    """Published plans, then the baseline (with its ranges) and each scenario's central line,
    as the comparison's table shows them."""
    history = dict(found.history.rows())
    last = max(history)
    years = sorted(history) + sorted({row.year for row in rows})
    names = list(dict.fromkeys(row.scenario for row in rows))

    def line(name: str, column: str = "point") -> list[float | None]:
        by_year = {r.year: getattr(r, column).value for r in rows if r.scenario == name}
        return [by_year.get(y, history[y] if y == last else None) for y in years]

    series = [Series("Plans (published)", [history.get(y) for y in years])]
    series.append(Series(f"{names[0]} forecast", line(names[0]), "forecast"))
    series += [Series(name, line(name), "comparison") for name in names[1:]]
    return line_chart(
        [str(y) for y in years],
        series,
        title=f"EHC plans in {found.la_name}: baseline and scenarios",
        desc=f"Published January counts to {last}, then the baseline forecast with its 80% and "
        "95% prediction intervals and the central forecast under each scenario.",
        y_label="EHC plans",
        bands=[
            Band(
                "Baseline 95% interval", line(names[0], "lower_95"), line(names[0], "upper_95"), 95
            ),
            Band(
                "Baseline 80% interval", line(names[0], "lower_80"), line(names[0], "upper_80"), 80
            ),
        ],
    )
