"""The forecast and place sufficiency section of a board pack, frozen with the pack.

For each of the partnership's LAs: the published January counts of EHC plans, the forecast
for the next Januaries with its 80% and 95% prediction intervals, the nested backtest's
accuracy (mean absolute percentage error of one-year forecasts, each origin's design chosen
from earlier origins only: the figure the forecast pages show beside every forecast), and
special-school places against forecast demand when the partnership has entered its places.

Every modelled figure is shown as to a reader without case-level access
(``forecasting.pages.Figures``: rounded to the nearest 10, small figures hidden), so the
public summary can carry the section unchanged. The figures are the forecast from the
statistics as they stand when the pack is built: issuing freezes them with the rest.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session


def _figures(threshold: int) -> Any:
    from sendsight.disclosure.viewpoint import Viewpoint
    from sendsight.forecasting import pages

    return pages.Figures.seen_from(Viewpoint(case_level=False, threshold=threshold))


def _one_la(session: Session, la_code: str, partnership_id: str, figures: Any) -> dict[str, Any]:
    from sendsight.forecasting import pages, queries, report

    capacity = queries.capacity_for(session=session, la_code=la_code, partnership_id=partnership_id)
    found = report.area_report(la_code, report.Levers(), capacity, session=session)
    if found is None:
        return {}
    rows = pages.forecast_rows(found.forecast, figures)
    places = pages.sufficiency_rows(found.sufficiency, figures)
    return {
        "la_code": la_code,
        "la_name": found.la_name,
        "origin": report.latest_year(session=session),
        "accuracy_mape": None if found.accuracy is None else round(found.accuracy, 1),
        "history": [[int(y), float(t)] for y, t in found.history.rows()],
        "forecast": [
            {
                "year": r.year,
                **{k: _frozen(getattr(r, k)) for k in ("point", "lower_80", "upper_80")},
                **{k: _frozen(getattr(r, k)) for k in ("lower_95", "upper_95")},
            }
            for r in rows
        ],
        "sufficiency": [
            {
                "year": p.year,
                "places": p.places,
                "demand": _frozen(p.demand),
                "surplus": _frozen(p.surplus),
                "chance": _frozen(p.chance),
            }
            for p in places
        ],
        "notes": figures.file_notes(figures.notes([f for r in rows for f in r.figures])).lines,
    }


def _frozen(figure: Any) -> dict[str, Any]:
    """A figure as the pack keeps it: the number shown (None when a symbol stands in) and the
    text shown."""
    return {"value": figure.value, "text": figure.text}


def forecast_section(
    session: Session, *, partnership_id: str, la_codes: list[str], threshold: int
) -> list[dict[str, Any]]:
    """The forecast and place sufficiency of each LA (LAs with no forecast are left out)."""
    figures = _figures(threshold)
    found = [_one_la(session, code, partnership_id, figures) for code in sorted(la_codes)]
    return [one for one in found if one]
