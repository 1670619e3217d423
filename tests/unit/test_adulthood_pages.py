"""The cohort page's figures: destination status by DfE's two terms, the internship funnel,
and every count and rate shown to a reader without case-level access through their viewpoint
(the configured threshold, with enough cells hidden that none can be worked out)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sendsight.adulthood.pages import CohortView, _cohort
from sendsight.adulthood.rules import Spell, destination_status
from sendsight.disclosure import Viewpoint

BUILT = date(2026, 12, 3)


def _figures(**extra: Any) -> dict[str, Any]:
    return {"young_people": 7, "flags": {"no_year9_review": 0}, **extra}


def _view(figures: dict[str, Any], viewpoint: Viewpoint) -> CohortView:
    return _cohort("354", BUILT, figures, viewpoint, ())


def _table(view: CohortView, ident: str) -> list[list[str]]:
    return next(t for t in view.tables if t.ident == ident).rows


def test_neet_in_any_month_of_the_two_terms_is_a_neet_destination() -> None:
    spells = [
        Spell("230", date(2024, 9, 1), date(2024, 12, 20)),
        Spell("619", date(2025, 1, 6), None),
    ]
    assert destination_status(spells, 2024) == "neet"


def test_nothing_recorded_or_only_not_known_codes_is_not_known() -> None:
    assert destination_status([], 2024) == "not_known"
    assert destination_status([Spell("810", date(2024, 9, 1), None)], 2024) == "not_known"


def test_part_of_the_two_terms_in_employment_is_not_sustained() -> None:
    spells = [Spell("330", date(2025, 1, 5), None)]
    assert destination_status(spells, 2024) == "not_sustained"
    assert destination_status([Spell("460", date(2024, 9, 1), None)], 2024) == "sustained"


def test_counts_use_the_readers_threshold_not_a_fixed_five() -> None:
    assert _view(_figures(), Viewpoint(threshold=5)).headline[0][1] == "7"
    assert _view(_figures(), Viewpoint(threshold=10)).headline[0][1] == "c"
    assert _view(_figures(), Viewpoint(case_level=True, threshold=10)).headline[0][1] == "7"


def test_counts_are_rounded_when_the_viewpoint_rounds() -> None:
    figures = _figures(young_people=23)
    assert _view(figures, Viewpoint(threshold=5, round_to=5)).headline[0][1] == "25"


def test_a_small_neet_count_hides_enough_of_its_year_that_it_cannot_be_worked_out() -> None:
    status = {"2024/25": {"sustained": 18, "not_sustained": 0, "neet": 2, "not_known": 0}}
    view = _view(_figures(destination_status=status), Viewpoint(threshold=5))
    [row] = _table(view, "destination-status")
    assert row[:2] == ["2024/25", "20"]
    assert row[2] == "c" and row[4] == "c"
    exact = _view(_figures(destination_status=status), Viewpoint(case_level=True))
    assert _table(exact, "destination-status")[0][2:] == ["90.0%", "0.0%", "10.0%", "0.0%"]


def test_the_internship_funnel_adds_every_year_and_is_charted() -> None:
    year = {"starts": 40, "completed": 34, "job_6": 22, "job_12": 20, "sustained": 18}
    year |= {"job_6_known": 30, "job_12_known": 28}
    internships = {"by_year": {"2023/24": year, "2024/25": {**year, "starts": 30}}}
    view = _view(_figures(internships=internships), Viewpoint(threshold=5))
    rows = _table(view, "internship-funnel")
    assert [r[1] for r in rows] == ["70", "68", "44", "40", "36"]
    chart = next(c for c in view.charts if c.table == "internship-funnel")
    assert chart.series[0][1] == (70.0, 68.0, 44.0, 40.0, 36.0)
