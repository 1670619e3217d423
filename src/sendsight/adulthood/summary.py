"""The cohort figures of one LA, worked out from its young people's records as at a day.

Built after every change (form, import, demo) and by ``sendsight adulthood facts`` and kept in
``ft_adulthood_summary``: pages and the scorecard read the stored figures, never the records
(ADR 1501). Counts only; no person ids leave this module.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from sendsight.adulthood import commissioning, queries
from sendsight.adulthood.codes import GROUP_NAMES, NOT_KNOWN, activity_group
from sendsight.adulthood.rules import (
    STATUSES,
    Spell,
    add_years,
    age_on,
    destination_known,
    destination_status,
    end_of_year_group,
    internship_outcome,
    sustained,
    transition_flag,
    year9_review_missing,
    year_start_at_age,
)

#: Destination years shown: the school year in which the young person is this age on 31 August.
DESTINATION_AGES = (16, 17, 18, 19, 20)
#: Ages whose destinations are shown by status (sustained, not sustained, NEET, not known).
STATUS_AGES = (16, 17, 18, 19)
#: The scorecard's "at 19": the school year that starts when they are 18 (Year 14).
AGE_19_YEAR = 18


def academic_code(start_year: int) -> str:
    """``2024/25`` for the school year starting in September 2024."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def _start_of(day: date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def _by_person(frame: pl.DataFrame) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    columns = frame.columns
    for values in frame.rows():
        row = dict(zip(columns, values, strict=True))
        grouped[str(row["young_person_id"])].append(row)
    return grouped


def _ratio() -> list[int]:
    return [0, 0]


def build_figures(frames: dict[str, pl.DataFrame], today: date) -> dict[str, Any]:
    """Every cohort figure as JSON-ready counts (see the module docstring)."""
    reviews = _by_person(frames["reviews"])
    spells = {
        person: [Spell(r["activity_code"], r["start_on"], r["end_on"]) for r in rows]
        for person, rows in _by_person(frames["activities"]).items()
    }
    people = [p for p in frames["people"].iter_rows(named=True) if _in_cohort(p, today)]
    figures: dict[str, Any] = {
        "built_on": today.isoformat(),
        "young_people": len(people),
        "by_age": dict(
            sorted(
                Counter(str(age_on(p["date_of_birth"], today)) for p in people).items(),
                key=lambda kv: int(kv[0]),
            )
        ),
        "pathways": dict(sorted(Counter(p["pathway"] or "none" for p in people).items())),
        "flags": _flags(people, reviews, today),
        "current_activity": _current(people, spells, today),
        "destinations": _destinations(frames["people"], spells, today),
        "destination_status": _statuses(frames["people"], spells, today),
        "aspirations": _aspirations(people, reviews),
        "ceased": _ceased(frames["people"], today),
        "internships": _internships(frames["internships"], today),
        "year9_on_time": _year9(frames["people"], reviews, today),
    }
    return figures


def _in_cohort(person: dict[str, Any], today: date) -> bool:
    """Aged 14 to 25 today, with a plan that has not ended."""
    ceased = person["plan_ceased_on"]
    return 14 <= age_on(person["date_of_birth"], today) <= 25 and (ceased is None or ceased > today)


def _flags(
    people: list[dict[str, Any]], reviews: dict[str, list[dict[str, Any]]], today: date
) -> dict[str, int]:
    counts = Counter[str]()
    for person in people:
        dates = [r["review_on"] for r in reviews.get(person["id"], [])]
        if (
            year9_review_missing(person["date_of_birth"], person["plan_started_on"], dates, today)
            and age_on(person["date_of_birth"], today) < 19
        ):
            counts["no_year9_review"] += 1
        flag = transition_flag(person["date_of_birth"], person["transition_plan_on"], today)
        if flag:
            counts[f"transition_{flag}"] += 1
    return {key: counts[key] for key in ("no_year9_review", "transition_due", "transition_overdue")}


def _current(
    people: list[dict[str, Any]], spells: dict[str, list[Spell]], today: date
) -> dict[str, int]:
    """What young people aged 16 to 25 are doing today, by activity group."""
    counts = Counter[str]()
    for person in people:
        if age_on(person["date_of_birth"], today) < 16:
            continue
        now = [
            s
            for s in spells.get(person["id"], [])
            if s.start_on <= today and (s.end_on is None or s.end_on >= today)
        ]
        counts[activity_group(max(now, key=lambda s: s.start_on).code) if now else NOT_KNOWN] += 1
    return {group: counts[group] for group in GROUP_NAMES}


def _destinations(
    people: pl.DataFrame, spells: dict[str, list[Spell]], today: date
) -> dict[str, dict[str, list[int]]]:
    """For each destination age and school year: [sustained, young people counted]."""
    table: dict[str, dict[str, list[int]]] = {str(age): {} for age in DESTINATION_AGES}
    for person in people.iter_rows(named=True):
        for age in DESTINATION_AGES:
            start = year_start_at_age(person["date_of_birth"], age)
            if not destination_known(start, today) or start < today.year - 6:
                continue
            ceased = person["plan_ceased_on"]
            if ceased is not None and ceased < date(start, 10, 1):
                continue
            cell = table[str(age)].setdefault(academic_code(start), _ratio())
            cell[0] += sustained(spells.get(person["id"], []), start)
            cell[1] += 1
    return {age: dict(sorted(years.items())) for age, years in table.items()}


def _statuses(
    people: pl.DataFrame, spells: dict[str, list[Spell]], today: date
) -> dict[str, dict[str, int]]:
    """For each school year, young people aged 16 to 19 on 31 August by destination status
    (``rules.STATUSES``), counted as in :func:`_destinations`."""
    table: dict[str, dict[str, int]] = {}
    for person in people.iter_rows(named=True):
        for age in STATUS_AGES:
            start = year_start_at_age(person["date_of_birth"], age)
            if not destination_known(start, today) or start < today.year - 6:
                continue
            ceased = person["plan_ceased_on"]
            if ceased is not None and ceased < date(start, 10, 1):
                continue
            cell = table.setdefault(academic_code(start), dict.fromkeys(STATUSES, 0))
            cell[destination_status(spells.get(person["id"], []), start)] += 1
    return dict(sorted(table.items()))


def _aspirations(
    people: list[dict[str, Any]], reviews: dict[str, list[dict[str, Any]]]
) -> dict[str, int]:
    """The theme of each young person's latest aspiration."""
    counts = Counter[str]()
    for person in people:
        held = reviews.get(person["id"])
        if held:
            counts[max(held, key=lambda r: r["review_on"])["aspiration_theme"]] += 1
    return dict(sorted(counts.items()))


def _ceased(people: pl.DataFrame, today: date) -> dict[str, dict[str, int]]:
    """Plans ended in each of the last three years (12 months to ``today``), by reason."""
    table: dict[str, dict[str, int]] = {}
    for person in people.iter_rows(named=True):
        ceased = person["plan_ceased_on"]
        if ceased is None or ceased > today or ceased <= add_years(today, -3):
            continue
        back = 0 if ceased > add_years(today, -1) else 1 if ceased > add_years(today, -2) else 2
        year = table.setdefault(str(back), {})
        reason = person["ceased_reason"] or "other"
        year[reason] = year.get(reason, 0) + 1
    return {key: dict(sorted(value.items())) for key, value in sorted(table.items())}


def _internships(frame: pl.DataFrame, today: date) -> dict[str, Any]:
    by_year: dict[str, dict[str, int]] = {}
    by_employer: dict[str, dict[str, int]] = {}
    by_coach: dict[str, dict[str, int]] = {}
    for row in frame.iter_rows(named=True):
        outcome = internship_outcome(
            row["completed_on"], row["job_start_on"], row["job_end_on"], today
        )
        counts = {
            "starts": 1,
            "completed": int(outcome.completed),
            "job_6_known": int(outcome.job_at_6_months is not None),
            "job_6": int(bool(outcome.job_at_6_months)),
            "job_12_known": int(outcome.job_at_12_months is not None),
            "job_12": int(bool(outcome.job_at_12_months)),
            "sustained": int(bool(outcome.sustained)),
        }
        for table, key in (
            (by_year, academic_code(_start_of(row["start_on"]))),
            (by_employer, row["host_employer"]),
            (by_coach, row["job_coach"]),
        ):
            _add(table.setdefault(key, {}), counts)
    return {
        "by_year": dict(sorted(by_year.items())),
        "by_employer": dict(sorted(by_employer.items())),
        "by_coach": dict(sorted(by_coach.items())),
    }


def _add(total: dict[str, int], counts: dict[str, int]) -> None:
    for key, value in counts.items():
        total[key] = total.get(key, 0) + value


def _year9(
    people: pl.DataFrame, reviews: dict[str, list[dict[str, Any]]], today: date
) -> dict[str, list[int]]:
    """For each school year in which Year 9 ended: [reviewed by the end of Year 9, all]."""
    table: dict[str, list[int]] = {}
    for person in people.iter_rows(named=True):
        end = end_of_year_group(person["date_of_birth"], 9)
        if end >= today or end.year < today.year - 6:
            continue
        dates = [r["review_on"] for r in reviews.get(person["id"], [])]
        missing = year9_review_missing(
            person["date_of_birth"], person["plan_started_on"], dates, today
        )
        if missing is None:
            continue
        cell = table.setdefault(academic_code(end.year - 1), _ratio())
        cell[0] += not missing
        cell[1] += 1
    return dict(sorted(table.items()))


def rebuild(session: Session, *, partnership_id: str, la_code: str, today: date) -> bool:
    """Work out and store the LA's cohort figures; True when they changed (then the scorecard
    measures fed by them are refreshed)."""
    frames = queries.cohort_frames(session=session, partnership_id=partnership_id, la_code=la_code)
    figures = build_figures(frames, today)
    # The programmes on offer as at the rebuild (own list and Local Offer), so that pages read
    # one stored row; a directory change shows after the next rebuild (run daily).
    offered = commissioning.programmes(session, partnership_id=partnership_id)
    figures["programmes"] = [asdict(p) | {"themes": list(p.themes)} for p in offered]
    changed = queries.replace_summary(
        session=session,
        partnership_id=partnership_id,
        la_code=la_code,
        built_on=today,
        figures=figures,
    )
    if changed:
        _announce(session, partnership_id, la_code)
    return changed


def _announce(session: Session, partnership_id: str, la_code: str) -> None:
    """Refresh the partnership's scorecard measures fed by these figures."""
    from sendsight.outcomes import sources

    sources.refresh_measures(session, partnership_id=partnership_id, la_codes=[la_code])


def latest(session: Session, *, partnership_id: str, la_codes: Iterable[str]) -> dict[str, Any]:
    """The stored figures of the first of ``la_codes`` that has some (empty when none)."""
    for la_code in la_codes:
        held = queries.get_summary_or_none(
            session=session, partnership_id=partnership_id, la_code=la_code
        )
        if held is not None:
            return {"la_code": la_code, **held.figures}
    return {}
