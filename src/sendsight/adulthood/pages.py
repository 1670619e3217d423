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

import polars as pl
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
    STATUSES,
    age_on,
    internship_outcome,
    transition_flag,
    year9_review_missing,
    year_group_on,
)
from sendsight.core.errors import NotFound
from sendsight.disclosure import (
    Protected,
    Viewpoint,
    explain_symbols,
    protect_rate,
    protect_table,
)
from sendsight.statistics.registry import IndicatorDef, get_indicator


@dataclass(frozen=True, slots=True)
class Table:
    """A table of text cells: its id, caption, header and rows."""

    ident: str
    caption: str
    header: tuple[str, ...]
    rows: list[list[str]]


@dataclass(frozen=True, slots=True)
class ChartData:
    """What a chart of the cohort page draws, as the reader may see it (hidden figures are
    None): one series of values per name over ``labels``. ``table`` is the id of the table
    that holds the same figures; ``kind`` is ``lines`` (over school years) or ``bars``."""

    table: str
    title: str
    kind: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    unit: str = ""


@dataclass
class CohortView:
    """The cohort page for one LA: headline counts, tables, charts and the symbol notes.
    ``key`` names the stored figures and the viewpoint it was built for (for caches)."""

    la_code: str
    built_on: str | None
    headline: list[tuple[str, str]]
    tables: list[Table]
    notes: list[str] = field(default_factory=list)
    case_level: bool = False
    charts: list[ChartData] = field(default_factory=list)
    key: tuple[Any, ...] = ()


class _Cells:
    """Turns counts and rates into what this reader may see: exactly with case-level access,
    otherwise through the request's :class:`Viewpoint` (its configured threshold and rounding).
    A rate is also hidden when those *not* counted are a small number (the complement)."""

    def __init__(self, viewpoint: Viewpoint) -> None:
        self.viewpoint = viewpoint
        self.symbols: set[str] = set()

    def seen(self, shown: Protected) -> Protected:
        self.symbols.add(shown.symbol or "")
        return shown

    def count_value(self, n: int) -> Protected:
        return self.seen(self.viewpoint.count(n))

    def rate_value(self, numerator: int, denominator: int) -> Protected:
        if self.viewpoint.case_level:
            return self.seen(self.viewpoint.rate(numerator, denominator))
        threshold = self.viewpoint.threshold
        shown = protect_rate(numerator, denominator, threshold=threshold, protect_complement=True)
        return self.seen(shown)

    def count(self, n: int) -> str:
        shown = self.count_value(n)
        return str(shown) if shown.symbol else f"{int(shown.value or 0):,}"

    def rate(self, numerator: int, denominator: int) -> str:
        shown = self.rate_value(numerator, denominator)
        return str(shown) if shown.symbol else f"{shown}%"


def cohort_view(session: Session, *, principal: Principal, viewpoint: Viewpoint) -> CohortView:
    """The cohort page of the principal's (first) LA with stored figures, as ``viewpoint``
    (the request's reader) may see it."""
    partnership_id = principal.partnership_id
    for la_code in principal.la_codes:
        stamp = queries.get_summary_stamp_or_none(
            session=session, partnership_id=partnership_id, la_code=la_code
        )
        if stamp is not None:
            break
    else:
        code = principal.la_codes[0] if principal.la_codes else ""
        return CohortView(code, None, [], [], case_level=viewpoint.case_level)
    key = (stamp[0], stamp[2], viewpoint)
    if key not in _VIEWS:
        held = queries.get_summary_or_none(
            session=session, partnership_id=partnership_id, la_code=la_code
        )
        if held is None:  # rebuilt between the two reads: the next request builds it
            return CohortView(la_code, None, [], [], case_level=viewpoint.case_level)
        if len(_VIEWS) >= 64:
            _VIEWS.clear()
        _VIEWS[key] = _cohort(la_code, held.built_on, held.figures, viewpoint, key)
    return _VIEWS[key]


# Built views by (summary row, its last change, viewpoint): a rebuild changes the row's
# ``updated_at_utc``, so a stale view is never served.
_VIEWS: dict[tuple[Any, ...], CohortView] = {}


def _cohort(
    la_code: str,
    built_on: date,
    figures: dict[str, Any],
    viewpoint: Viewpoint,
    key: tuple[Any, ...],
) -> CohortView:
    cells = _Cells(viewpoint)
    programmes = commissioning.stored(figures.get("programmes", []))
    status_table, status_chart = _statuses(figures, cells)
    funnel_table, funnel_chart = _funnel(figures, cells)
    tables = [
        _ages(figures, cells),
        _activity(figures, cells),
        status_table,
        _destinations(figures, cells),
        funnel_table,
        _internships(figures, cells, "by_year", "internships-by-year", "School year started"),
        _internships(figures, cells, "by_employer", "internships-by-employer", "Host employer"),
        _internships(figures, cells, "by_coach", "internships-by-coach", "Job coach"),
        _ceased(figures, cells),
        _signal(commissioning.signal(figures.get("aspirations", {}), programmes), cells),
    ]
    headline = _headline(figures, cells)
    notes = explain_symbols(cells.symbols - {""}, threshold=viewpoint.threshold)
    charts = [status_chart, funnel_chart]
    return CohortView(
        la_code, built_on.isoformat(), headline, tables, notes, viewpoint.case_level, charts, key
    )


def _headline(figures: dict[str, Any], cells: _Cells) -> list[tuple[str, str]]:
    flags = figures.get("flags", {})
    return [
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


#: Destination statuses as pages name them (``rules.STATUSES``), and those the chart draws.
STATUS_NAMES: Final = {
    "sustained": "Sustained education, employment or training",
    "not_sustained": "Not sustained",
    "neet": "NEET",
    "not_known": "Not known",
}
CHARTED_STATUSES: Final = ("sustained", "neet", "not_known")


def _hidden_statuses(years: dict[str, dict[str, int]], cells: _Cells) -> set[tuple[str, str]]:
    """The (year, status) cells a reader without case-level access may not see: small counts
    and, since each year's total is shown, enough others that none can be worked out from it
    (``protect_table`` with the totals as known margins)."""
    if cells.viewpoint.case_level or not years:
        return set()
    threshold = cells.viewpoint.threshold
    counts = pl.DataFrame(
        {"label": list(years), **{s: [c.get(s, 0) for c in years.values()] for s in STATUSES}}
    )
    margins = {year: sum(c.values()) for year, c in years.items()}
    shown = {year: n for year, n in margins.items() if n == 0 or n >= threshold}
    protected = protect_table(counts, threshold=threshold, row_margins=shown)
    return {
        (year, status)
        for i, year in enumerate(protected.labels)
        for j, status in enumerate(protected.columns)
        if protected.codes[i, j] != 0
    }


def _status_rate(
    cells: _Cells, hidden: set[tuple[str, str]], year: str, status: str, counts: dict[str, int]
) -> Protected:
    if (year, status) in hidden:
        return cells.seen(Protected(symbol="c"))
    return cells.rate_value(counts.get(status, 0), sum(counts.values()))


def _statuses(figures: dict[str, Any], cells: _Cells) -> tuple[Table, ChartData]:
    years: dict[str, dict[str, int]] = figures.get("destination_status", {})
    hidden = _hidden_statuses(years, cells)
    rows: list[list[str]] = []
    values: dict[str, list[float | None]] = {status: [] for status in CHARTED_STATUSES}
    for year, counts in years.items():
        rates = {s: _status_rate(cells, hidden, year, s, counts) for s in STATUSES}
        shown = [str(r) if r.symbol else f"{r}%" for r in rates.values()]
        rows.append([year, cells.count(sum(counts.values())), *shown])
        for status in CHARTED_STATUSES:
            values[status].append(rates[status].value)
    table = Table(
        "destination-status",
        "Destinations of young people aged 16 to 19 (October to March), by status",
        ("School year", "Young people", *(STATUS_NAMES[s] for s in STATUSES)),
        rows,
    )
    chart = ChartData(
        table.ident,
        "Destinations of young people aged 16 to 19 with a plan, by status",
        "lines",
        tuple(years),
        tuple((STATUS_NAMES[s], tuple(values[s])) for s in CHARTED_STATUSES),
        "%",
    )
    return table, chart


#: The supported-internship funnel: (key in the by-year counts, stage name).
FUNNEL: Final = (
    ("starts", "Started"),
    ("completed", "Completed"),
    ("job_6", "In a paid job 6 months after completing"),
    ("job_12", "In a paid job 12 months after completing"),
    ("sustained", "Sustained (in a paid job at both)"),
)


def _funnel(figures: dict[str, Any], cells: _Cells) -> tuple[Table, ChartData]:
    totals = dict.fromkeys((k for k, _ in FUNNEL), 0)
    for counts in figures.get("internships", {}).get("by_year", {}).values():
        for stage in totals:
            totals[stage] += int(counts.get(stage, 0))
    rows = [
        [name, cells.count(totals[stage]), cells.rate(totals[stage], totals["starts"])]
        for stage, name in FUNNEL
    ]
    table = Table(
        "internship-funnel",
        "Supported internships: from starting to a sustained paid job (every year)",
        ("Stage", "Interns", "Of those who started"),
        rows,
    )
    values = tuple(cells.count_value(totals[stage]).value for stage, _ in FUNNEL)
    chart = ChartData(
        table.ident,
        "Supported interns at each stage, from starting to a sustained paid job",
        "bars",
        tuple(name for _, name in FUNNEL),
        (("Interns", values),),
    )
    return table, chart


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


#: Young people listed on one page of the list.
PAGE_SIZE: Final = 50


@dataclass
class PersonPage:
    """One page of the young people list: its rows, the page number and how many in all."""

    rows: list[PersonRow]
    page: int
    pages: int
    total: int


# Listed rows by (partnership, LAs, records' version, day): thousands of young people are
# read and sorted once per change of the records or of the day, not per request.
_LISTS: dict[tuple[Any, ...], list[PersonRow]] = {}


def _person_rows(
    people: Sequence[tuple[str, str, date, str | None, date | None, date | None]], today: date
) -> list[PersonRow]:
    rows = [
        PersonRow(
            ident,
            person_id,
            age_on(born, today),
            year_group_on(born, today),
            PATHWAYS.get(pathway or "", "Not chosen"),
            int(transition_flag(born, plan_on, today) is not None),
        )
        for ident, person_id, born, pathway, plan_on, ceased in people
        if 14 <= age_on(born, today) <= 25 and (ceased is None or ceased > today)
    ]
    return sorted(rows, key=lambda r: (r.age, r.person_id))


def young_people_list(
    session: Session, *, principal: Principal, today: date, ip: str | None, page: int = 1
) -> PersonPage:
    """The young people aged 14 to 25 of the principal's LAs with a plan not ended, youngest
    first, ``PAGE_SIZE`` a page; the listing is written to the audit log."""
    for la_code in principal.la_codes:
        require_view_cases(principal, la_code)
    partnership_id, la_codes = principal.partnership_id, principal.la_codes
    version = queries.summary_versions(
        session=session, partnership_id=partnership_id, la_codes=la_codes
    )
    key = (partnership_id, tuple(la_codes), version, today)
    if key not in _LISTS:
        if len(_LISTS) >= 16:
            _LISTS.clear()
        people = queries.list_young_people_rows(
            session=session, partnership_id=partnership_id, la_codes=la_codes
        )
        _LISTS[key] = _person_rows(people, today)
    rows = _LISTS[key]
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    record(
        session,
        actor=principal,
        action="adulthood.list.view",
        object_type="young_person",
        la_code=principal.la_codes[0] if principal.la_codes else None,
        detail={"rows": len(shown), "page": page, "total": len(rows)},
        ip=ip,
    )
    return PersonPage(shown, page, max(1, -(-len(rows) // PAGE_SIZE)), len(rows))


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
