"""Pure rules of preparing for adulthood: school years, sustained destinations, transition
flags and what became of a supported internship. No database here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sendsight.adulthood.codes import EET_GROUPS, LEARNING_GROUPS, NEET, NOT_KNOWN, activity_group

#: A paid job is looked for this long after an internship ends (6 and 12 months).
SIX_MONTHS = timedelta(days=182)
TWELVE_MONTHS = timedelta(days=365)


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(date_of_birth: date, day: date) -> int:
    """Age in whole years on ``day``."""
    before = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (1 if before else 0)


def _autumn_born(date_of_birth: date) -> int:
    return 1 if (date_of_birth.month, date_of_birth.day) > (8, 31) else 0


def year_start_at_age(date_of_birth: date, age: int) -> int:
    """The year whose September starts the school year in which the young person is ``age``
    on 31 August (English school years: Year 12 is age 16 on 31 August)."""
    return date_of_birth.year + age + _autumn_born(date_of_birth)


def year_group_on(date_of_birth: date, day: date) -> int:
    """The national curriculum year group on ``day`` (Reception 0, Year 1 at 5 on 31 August)."""
    start = day.year if day.month >= 9 else day.year - 1
    return age_on(date_of_birth, date(start, 8, 31)) - 4


def end_of_year_group(date_of_birth: date, year_group: int) -> date:
    """The 31 July that ends the young person's ``year_group``."""
    return date(year_start_at_age(date_of_birth, year_group + 4) + 1, 7, 31)


@dataclass(frozen=True, slots=True)
class Spell:
    """An activity from ``start_on`` to ``end_on`` (open when None)."""

    code: str
    start_on: date
    end_on: date | None


def _covers(spell: Spell, first: date, last: date) -> bool:
    return spell.start_on <= last and (spell.end_on is None or spell.end_on >= first)


@lru_cache(maxsize=64)
def _months(start_year: int) -> tuple[tuple[date, date], ...]:
    """October to March of the school year starting in ``start_year``: its first two terms."""
    firsts = [date(start_year, m, 1) for m in (10, 11, 12)] + [
        date(start_year + 1, m, 1) for m in (1, 2, 3)
    ]
    return tuple((first, _month_end(first)) for first in firsts)


def _month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def sustained(spells: Sequence[Spell], start_year: int) -> bool:
    """True when the young person was in a sustained destination in the school year starting
    in ``start_year``, as DfE's destination measures count it (*Key stage 4 and 16-18
    destination measures: methodology*): in education (here also apprenticeships, traineeships
    and supported internships) for all of the first two terms, October to March, or in
    education, employment or training for at least 5 of those 6 months."""
    learning = eet = 0
    for first, last in _months(start_year):
        groups = {activity_group(s.code) for s in spells if _covers(s, first, last)}
        learning += bool(groups & LEARNING_GROUPS)
        eet += bool(groups & EET_GROUPS)
    return learning == 6 or eet >= 5


#: A destination year's status, in the order pages show them.
STATUSES = ("sustained", "not_sustained", "neet", "not_known")


def destination_status(spells: Sequence[Spell], start_year: int) -> str:
    """``sustained`` (see :func:`sustained`); otherwise ``neet`` when NEET in any month of
    October to March; otherwise ``not_known`` when no month has a known activity (nothing
    recorded, or only NCCIS 8xx "not known" codes); otherwise ``not_sustained`` (in education,
    employment or training for part of the two terms, or in custody or a gap year)."""
    if sustained(spells, start_year):
        return "sustained"
    known = 0
    for first, last in _months(start_year):
        groups = {activity_group(s.code) for s in spells if _covers(s, first, last)}
        if NEET in groups:
            return "neet"
        known += bool(groups - {NOT_KNOWN})
    return "not_sustained" if known else "not_known"


def destination_known(start_year: int, today: date) -> bool:
    """True once the first two terms of that school year are over."""
    return today > date(start_year + 1, 3, 31)


def year9_review_missing(
    date_of_birth: date, plan_started_on: date | None, review_dates: Iterable[date], today: date
) -> bool | None:
    """True when Year 9 has ended with no preparing-for-adulthood review in or before it, for
    a young person whose plan began before Year 9 did; None while Year 9 has not ended or when
    the plan began later. From Year 9 every annual review must focus on preparing for
    adulthood (SEND Code of Practice 2015, paragraph 8.9; SEND Regulations 2014, reg 20)."""
    end = end_of_year_group(date_of_birth, 9)
    if today <= end or plan_started_on is None or plan_started_on > date(end.year - 1, 9, 1):
        return None
    return not any(day <= end for day in review_dates)


def transition_flag(
    date_of_birth: date, transition_plan_on: date | None, today: date
) -> str | None:
    """``due`` from 17 to 17½ and ``overdue`` from 17½ to 18 when there is no adult social care
    or health transition plan, else None. Adult social care must assess a young person likely
    to need care before 18 where that is of significant benefit (Care Act 2014, section 58),
    and the national framework for children and young people's continuing care (DHSC 2016)
    asks for referral to adult NHS continuing healthcare by 17½."""
    if transition_plan_on is not None:
        return None
    if not add_years(date_of_birth, 17) <= today < add_years(date_of_birth, 18):
        return None
    half = add_years(date_of_birth, 17) + timedelta(days=182)
    return "overdue" if today >= half else "due"


@dataclass(frozen=True, slots=True)
class InternshipOutcome:
    """What became of an internship; None where it is too early to know."""

    completed: bool
    job_at_6_months: bool | None
    job_at_12_months: bool | None
    sustained: bool | None


def _in_job(job_start: date | None, job_end: date | None, day: date) -> bool:
    return job_start is not None and job_start <= day and (job_end is None or job_end >= day)


def internship_outcome(
    completed_on: date | None, job_start_on: date | None, job_end_on: date | None, today: date
) -> InternshipOutcome:
    """Whether an intern was in a paid job 6 and 12 months after completing; sustained means
    in a paid job at both points."""
    if completed_on is None:
        return InternshipOutcome(False, None, None, None)
    at6, at12 = completed_on + SIX_MONTHS, completed_on + TWELVE_MONTHS
    six = _in_job(job_start_on, job_end_on, at6) if today >= at6 else None
    twelve = _in_job(job_start_on, job_end_on, at12) if today >= at12 else None
    both = None if six is None or twelve is None else six and twelve
    return InternshipOutcome(True, six, twelve, both)
