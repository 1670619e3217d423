"""What a turn-the-curve page shows for one measure, assembled from the domain (no web here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from sendsight.core.rounding import round_half_up
from sendsight.disclosure.viewpoint import PROTECTED, Viewpoint
from sendsight.outcomes import display, periods, queries, scorecard
from sendsight.outcomes.baseline import BaselineProvider
from sendsight.outcomes.forecast_baseline import provider_for
from sendsight.outcomes.models import Action, MeasureValue, NoteVersion

CSV_HEADER = (
    "measure_id", "period", "value", "target", "baseline", "baseline_lower", "baseline_upper",
    "england", "statistical_neighbour_median",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Line:
    """One period on the page: actual figure (after disclosure control) or forecast."""

    period: str
    label: str
    value: float | None
    shown: str
    target: float | None
    baseline: float | None
    lower: float | None
    upper: float | None
    england: float | None
    sn_median: float | None


@dataclass(frozen=True, slots=True)
class MeasurePage:
    """A measure's history, forecast, comparators, notes, actions and corrections."""

    row: scorecard.Row
    outcome: scorecard.OutcomeView | None
    lines: list[Line]
    notes: dict[str, NoteVersion]
    note_versions: list[NoteVersion]
    actions: list[Action]
    corrections: list[MeasureValue]
    symbols: set[str]


def measure_page(
    session: Session,
    measure_id: str,
    *,
    partnership_id: str,
    today: date,
    viewpoint: Viewpoint = PROTECTED,
    provider: BaselineProvider | None = None,
) -> MeasurePage:
    """Everything the turn-the-curve page for ``measure_id`` needs (``NotFound`` when it is not
    the partnership's)."""
    own = {"partnership_id": partnership_id}
    measure = queries.get_measure(session=session, measure_id=measure_id, **own)
    context = scorecard.load_context(
        session, [measure], partnership_id=partnership_id, only_these=True
    )
    view = scorecard.MeasureView.of(measure)
    history = scorecard.history_of(view, scorecard.split(context.values), context)
    row = scorecard.build_row(
        view, history, context, today=today, viewpoint=viewpoint,
        provider=provider or provider_for(view, session=session),
    )  # fmt: skip
    lines, symbols = _lines(view, history.iter_rows(named=True), context, row, viewpoint)
    versions = queries.list_note_versions(session=session, measure_ids=[measure.id], **own)
    return MeasurePage(
        row=row,
        outcome=scorecard.OutcomeView.of(measure.outcome) if measure.outcome else None,
        lines=lines,
        notes={n.section: n for n in versions},
        note_versions=sorted(versions, key=lambda n: (n.saved_at_utc, n.version), reverse=True),
        actions=context.actions.get(measure.id, []),
        corrections=[
            v
            for v in queries.value_history(session=session, measure_id=measure.id, **own)
            if v.superseded_at_utc
        ],
        symbols=symbols,
    )


def _lines(
    measure: scorecard.MeasureView,
    values: object,
    context: scorecard.Context,
    row: scorecard.Row,
    viewpoint: Viewpoint,
) -> tuple[list[Line], set[str]]:
    published = context.published.get(measure.id)
    lines: list[Line] = []
    symbols: set[str] = set()
    for value in values:  # type: ignore[attr-defined]
        cell = display.protected(
            value["value"], unit=measure.unit, decimals=measure.decimals,
            numerator=value["numerator"], denominator=value["denominator"],
            case_level=viewpoint.case_level or published is not None,  # published: protected
            threshold=viewpoint.threshold,
        )  # fmt: skip
        if cell.symbol:
            symbols.add(cell.symbol)
        index = value["period_index"]
        shown = display.format_cell(cell, measure.unit)
        if published is not None:
            shown = published.shown.get(index, shown)
        lines.append(
            Line(
                value["period"], periods.label(value["period"], measure.frequency), cell.value,
                shown, context.targets.get((measure.id, index)), None, None, None,
                published.england.get(index) if published else None,
                published.sn_median.get(index) if published else None,
            )
        )  # fmt: skip
    for point in row.baseline.points if row.baseline else ():
        period = periods.from_index(point.period_index, measure.frequency)
        lines.append(
            Line(
                period.code, periods.label(period.code, measure.frequency) + " (forecast)", None,
                "Not yet known", context.targets.get((measure.id, point.period_index)),
                point.estimate, point.lower, point.upper, None, None,
            )
        )  # fmt: skip
    return lines, symbols


def csv_rows(page: MeasurePage) -> list[list[object]]:
    """The page's table as CSV rows (values after disclosure control, as shown)."""
    key, places = page.row.measure.key, page.row.measure.decimals

    def shown(value: float | None) -> float | None:  # as the page shows it: no float noise
        return None if value is None else round_half_up(value, places)

    return [
        [key, ln.period, ln.shown if ln.value is None and ln.baseline is None else shown(ln.value),
         shown(ln.target), _r(ln.baseline), _r(ln.lower), _r(ln.upper), shown(ln.england),
         shown(ln.sn_median)]
        for ln in page.lines
    ]  # fmt: skip


def _r(value: float | None) -> float | None:
    return None if value is None else round_half_up(value, 3)
