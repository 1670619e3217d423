"""What the adulthood pages show, worked out from the stored cohort figures and records.

The cohort page is tables of text cells: for someone with case-level access the counts as
they are; for everyone else every count and rate through ``sendsight.disclosure``. One young
person's record is for case roles only, and every view of it is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from sqlalchemy.orm import Session

from sendsight.access.audit import record
from sendsight.access.policy import require_view_cases
from sendsight.access.principal import Principal
from sendsight.adulthood import commissioning, queries
from sendsight.adulthood.codes import (
    ACTIVITY_CODES,
    CEASED_REASONS,
    GROUP_NAMES,
    PATHWAYS,
    THEMES,
    activity_group,
)
from sendsight.adulthood.models import PfaActivity, PfaInternship, PfaReview, PfaYoungPerson
from sendsight.adulthood.rules import (
    age_on,
    internship_outcome,
    transition_flag,
    year9_review_missing,
    year_group_on,
)
from sendsight.core.errors import NotFound
from sendsight.disclosure import Viewpoint, explain_symbols, protect_rate
from sendsight.statistics.registry import IndicatorDef, get_indicator


@dataclass(frozen=True, slots=True)
class Table:
    """A table of text cells: its id, caption, header and rows."""

    ident: str
    caption: str
    header: tuple[str, ...]
    rows: list[list[str]]


@dataclass
class CohortView:
    """The cohort page for one LA: headline counts, tables and the symbol notes."""

    la_code: str
    built_on: str | None
    headline: list[tuple[str, str]]
    tables: list[Table]
    notes: list[str] = field(default_factory=list)
    case_level: bool = False


class _Cells:
    """Turns counts and rates into the text shown, protected unless ``case_level``."""

    def __init__(self, case_level: bool, threshold: int) -> None:
        self.case_level = case_level
        self.threshold = threshold
        self.symbols: set[str] = set()

    def count(self, n: int) -> str:
        if self.case_level:
            return f"{n:,}"
        shown = Viewpoint(threshold=self.threshold).count(n)
        self.symbols.add(shown.symbol or "")
        return str(shown) if shown.symbol else f"{int(shown.value or 0):,}"

    def rate(self, numerator: int, denominator: int) -> str:
        if self.case_level:
            return f"{100 * numerator / denominator:.1f}%" if denominator else "z"
        shown = protect_rate(
            numerator, denominator, threshold=self.threshold, protect_complement=True
        )
        self.symbols.add(shown.symbol or "")
        return str(shown) if shown.symbol else f"{shown}%"


def cohort_view(
    session: Session, *, principal: Principal, case_level: bool, threshold: int
) -> CohortView:
    """The cohort page of the principal's (first) LA with stored figures."""
    la_codes = principal.la_codes
    held = None
    for la_code in la_codes:
        held = queries.get_summary_or_none(
            session=session, partnership_id=principal.partnership_id, la_code=la_code
        )
        if held is not None:
            break
    if held is None:
        return CohortView(la_codes[0] if la_codes else "", None, [], [], case_level=case_level)
    key = (held.id, held.updated_at_utc, case_level, threshold)
    if key not in _VIEWS:
        if len(_VIEWS) >= 64:
            _VIEWS.clear()
        _VIEWS[key] = _cohort(held.la_code, held.built_on, held.figures, case_level, threshold)
    return _VIEWS[key]


# Built views by (summary row, its last change, case level, threshold): a rebuild changes the
# row's ``updated_at_utc``, so a stale view is never served.
_VIEWS: dict[tuple[Any, ...], CohortView] = {}


def _cohort(
    la_code: str, built_on: date, figures: dict[str, Any], case_level: bool, threshold: int
) -> CohortView:
    cells = _Cells(case_level, threshold)
    programmes = commissioning.stored(figures.get("programmes", []))
    tables = [
        _ages(figures, cells),
        _activity(figures, cells),
        _destinations(figures, cells),
        _internships(figures, cells, "by_year", "internships-by-year", "School year started"),
        _internships(figures, cells, "by_employer", "internships-by-employer", "Host employer"),
        _internships(figures, cells, "by_coach", "internships-by-coach", "Job coach"),
        _ceased(figures, cells),
        _signal(commissioning.signal(figures.get("aspirations", {}), programmes), cells),
    ]
    flags = figures.get("flags", {})
    headline = [
        ("Young people aged 14 to 25 with a plan", cells.count(figures.get("young_people", 0))),
        (
            "No preparing-for-adulthood review by the end of Year 9",
            cells.count(flags.get("no_year9_review", 0)),
        ),
        (
            "Aged 17 to 17½ with no adult transition plan",
            cells.count(flags.get("transition_due", 0)),
        ),
        (
            "Aged 17½ to 18 with no adult transition plan",
            cells.count(flags.get("transition_overdue", 0)),
        ),
    ]
    notes = explain_symbols(cells.symbols - {""}, threshold=threshold)
    return CohortView(la_code, built_on.isoformat(), headline, tables, notes, case_level)


def _ages(figures: dict[str, Any], cells: _Cells) -> Table:
    rows = [[age, cells.count(n)] for age, n in figures.get("by_age", {}).items()]
    pathways = [
        [PATHWAYS.get(k, "Not chosen yet"), cells.count(n)]
        for k, n in figures.get("pathways", {}).items()
    ]
    return Table(
        "ages",
        "Young people by age and chosen pathway",
        ("Age or pathway", "Young people"),
        rows + pathways,
    )


def _activity(figures: dict[str, Any], cells: _Cells) -> Table:
    rows = [
        [GROUP_NAMES[g], cells.count(n)] for g, n in figures.get("current_activity", {}).items()
    ]
    return Table(
        "activity",
        "What young people aged 16 to 25 are doing now",
        ("Activity", "Young people"),
        rows,
    )


def _destinations(figures: dict[str, Any], cells: _Cells) -> Table:
    rows = []
    for age, years in figures.get("destinations", {}).items():
        for year, (num, den) in years.items():
            rows.append([f"Aged {age} on 31 August", year, cells.count(den), cells.rate(num, den)])
    return Table(
        "destinations",
        "Sustained education, employment or training (October to March)",
        ("Age", "School year", "Young people", "Sustained"),
        rows,
    )


def _internships(figures: dict[str, Any], cells: _Cells, key: str, ident: str, label: str) -> Table:
    rows = [
        [
            name,
            cells.count(c["starts"]),
            cells.count(c["completed"]),
            cells.rate(c["job_6"], c["job_6_known"]),
            cells.rate(c["job_12"], c["job_12_known"]),
            cells.count(c["sustained"]),
        ]
        for name, c in figures.get("internships", {}).get(key, {}).items()
    ]
    caption = {
        "by_year": "Supported internships by the school year they started",
        "by_employer": "Supported internships by host employer",
        "by_coach": "Supported internships by job coach",
    }[key]
    header = (
        label,
        "Started",
        "Completed",
        "In a paid job at 6 months",
        "At 12 months",
        "Sustained (both)",
    )
    return Table(ident, caption, header, rows)


def _ceased(figures: dict[str, Any], cells: _Cells) -> Table:
    names = {"0": "Last 12 months", "1": "12 to 24 months ago", "2": "24 to 36 months ago"}
    rows = [
        [names[when], CEASED_REASONS.get(reason, reason), cells.count(n)]
        for when, reasons in figures.get("ceased", {}).items()
        for reason, n in reasons.items()
    ]
    return Table("ceased", "Plans that ended, by reason", ("When", "Reason", "Plans"), rows)


def _signal(signal: Sequence[commissioning.Signal], cells: _Cells) -> Table:
    rows = [
        [
            THEMES.get(s.theme, s.theme),
            cells.count(s.wanted),
            str(s.programmes),
            f"{s.places:,}",
            s.verdict,
        ]
        for s in signal
    ]
    return Table(
        "signal",
        "What young people want and what is on offer after 16 and 19",
        ("Aspiration", "Young people", "Programmes", "Places", "Signal"),
        rows,
    )


def cohort_csv_rows(view: CohortView) -> list[list[str]]:
    """Every table of the cohort page one after another, with its caption as a first column."""
    rows: list[list[str]] = [["Table", "Row", "Values"]]
    for table in view.tables:
        rows.append([table.caption, *table.header])
        rows.extend([table.caption, *row] for row in table.rows)
    rows.extend([["Note", note] for note in view.notes])
    return rows


# --- One young person -------------------------------------------------------------------------


@dataclass
class RecordView:
    """One young person's preparing-for-adulthood record, as a case worker reads it."""

    person: PfaYoungPerson
    age: int
    year_group: int
    flags: list[str]
    reviews: list[PfaReview]
    activities: list[tuple[PfaActivity, str, str]]
    internships: list[tuple[PfaInternship, str]]


def young_person_view(
    session: Session, young_person_id: str, *, principal: Principal, today: date, ip: str | None
) -> RecordView:
    """One young person's record; the view is written to the audit log. Raises ``NotFound``
    for another partnership's record and ``PermissionDenied`` without case access to its LA."""
    own = {"partnership_id": principal.partnership_id}
    person = queries.get_young_person(session=session, young_person_id=young_person_id, **own)
    if person.la_code not in principal.la_codes:
        raise NotFound(f"No young person {young_person_id}")
    require_view_cases(principal, person.la_code)
    reviews = queries.list_reviews(session=session, young_person_id=young_person_id, **own)
    activities = queries.list_activities(session=session, young_person_id=young_person_id, **own)
    internships = queries.list_internships(session=session, young_person_id=young_person_id, **own)
    record(
        session,
        actor=principal,
        action="adulthood.record.view",
        object_type="young_person",
        object_id=person.person_id,
        la_code=person.la_code,
        ip=ip,
    )
    return RecordView(
        person,
        age_on(person.date_of_birth, today),
        year_group_on(person.date_of_birth, today),
        _person_flags(person, [r.review_on for r in reviews], today),
        reviews,
        [
            (
                a,
                ACTIVITY_CODES.get(a.activity_code, ("Unknown", ""))[0],
                GROUP_NAMES[activity_group(a.activity_code)],
            )
            for a in activities
        ],
        [(i, _outcome_text(i, today)) for i in internships],
    )


def _person_flags(person: PfaYoungPerson, reviews: list[date], today: date) -> list[str]:
    flags = []
    if year9_review_missing(person.date_of_birth, person.plan_started_on, reviews, today):
        flags.append("No preparing-for-adulthood review by the end of Year 9")
    flag = transition_flag(person.date_of_birth, person.transition_plan_on, today)
    if flag == "due":
        flags.append("Approaching 17½ with no adult social care or health transition plan")
    elif flag == "overdue":
        flags.append("Past 17½ with no adult social care or health transition plan")
    return flags


def _outcome_text(internship: PfaInternship, today: date) -> str:
    outcome = internship_outcome(
        internship.completed_on, internship.job_start_on, internship.job_end_on, today
    )
    if not outcome.completed:
        return "Left early" if internship.left_on else "Under way"
    if outcome.job_at_6_months is None:
        return "Completed: too early to know about a job"
    six = "in a paid job" if outcome.job_at_6_months else "not in a paid job"
    return f"Completed: {six} at 6 months"


@dataclass
class PersonRow:
    """One line of the young people list (case roles only)."""

    id: str
    person_id: str
    age: int
    year_group: int
    pathway: str
    flags: int


def young_people_list(
    session: Session, *, principal: Principal, today: date, ip: str | None
) -> list[PersonRow]:
    """The young people aged 14 to 25 of the principal's LAs with a plan not ended, youngest
    first; the listing is written to the audit log."""
    for la_code in principal.la_codes:
        require_view_cases(principal, la_code)
    people = queries.list_young_people(
        session=session, partnership_id=principal.partnership_id, la_codes=principal.la_codes
    )
    rows = [
        PersonRow(
            p.id,
            p.person_id,
            age_on(p.date_of_birth, today),
            year_group_on(p.date_of_birth, today),
            PATHWAYS.get(p.pathway or "", "Not chosen"),
            int(transition_flag(p.date_of_birth, p.transition_plan_on, today) is not None),
        )
        for p in people
        if 14 <= age_on(p.date_of_birth, today) <= 25
        and (p.plan_ceased_on is None or p.plan_ceased_on > today)
    ]
    record(
        session,
        actor=principal,
        action="adulthood.list.view",
        object_type="young_person",
        la_code=principal.la_codes[0] if principal.la_codes else None,
        detail={"rows": len(rows)},
        ip=ip,
    )
    return sorted(rows, key=lambda r: (r.age, r.person_id))


#: The published indicators about preparing for adulthood (statistics registry ids).
PUBLISHED: Final = (
    "neet-nk-16-17-ehc-plan",
    "neet-nk-16-17-sen-support",
    "neet-nk-16-17-no-sen",
    "neet-nk-16-17-gap-ehc-plan",
    "supported-internships-per-1000-plans",
    "apprenticeships-per-1000-plans",
    "pct-ceased-employment-or-he",
    "ks4-destination-ehc-plan",
    "ks4-destination-sen-support",
    "level2-em-at-19-ehc-plan",
    "level3-at-19-ehc-plan",
    "level3-at-19-sen-support",
)


def published_indicators() -> list[IndicatorDef]:
    """The published indicators this domain adds or leans on, in that order."""
    return [get_indicator(indicator_id) for indicator_id in PUBLISHED]
