"""DEMONSTRATION DATA: made-up preparing-for-adulthood records for the demo area.

Nothing here describes a real young person. Every young person with an EHC plan in the demo's
synthetic cases (``demo.ehc_cases``) who is 14 to 25 gets a record: a review at each school
year from Year 9 (a few miss Year 9), aspirations in the first person, goals in the four areas,
a destinations statement that changes over time, and activities from Year 12 with NCCIS codes.
About 17 supported internships start each school year, the published range for Rochdale (17
open in January 2025, DfE *Education, health and care plans* 2025, work_based_placements.csv,
OGL v3.0), and about two in three interns are in a paid job six months after completing, in
line with the partnership's own figure of 56 of 83. Idempotent: once the records are there,
a second run only rebuilds the cohort figures as at ``today``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final

from sqlalchemy.orm import Session

from sendsight.adulthood import queries, summary
from sendsight.adulthood.models import PfaActivity, PfaInternship, PfaReview
from sendsight.adulthood.rules import add_years, age_on, year_group_on, year_start_at_age

SEED: Final = 354
INTERNS_PER_YEAR: Final = 17
YEARS_OF_INTERNSHIPS: Final = 6

ASPIRATIONS: Final = {
    "paid_work": (
        "I want a job where I can work with animals.",
        "I'd like to work in a kitchen and earn my own money.",
        "I want to work in a shop like my brother.",
    ),
    "college_course": (
        "I want to go to college to learn about computers.",
        "I'd like to do a catering course at college.",
    ),
    "university": ("I want to go to university and study art.",),
    "apprenticeship": ("I want to be an apprentice mechanic.",),
    "supported_internship": ("I'd like to try a real job with someone to help me.",),
    "own_home": ("I want my own flat one day.", "I want to live with my friends, not my mum."),
    "supported_living": ("I'd like to live somewhere with staff who help me cook.",),
    "friends_leisure": ("I want to go to football with my mates.", "I want to join a drama group."),
    "travel": ("I want to get the bus to town on my own.",),
    "health": ("I want to look after my own medicines.",),
}
THEME_WEIGHTS: Final = {
    "paid_work": 24,
    "college_course": 20,
    "university": 4,
    "apprenticeship": 6,
    "supported_internship": 7,
    "own_home": 14,
    "supported_living": 7,
    "friends_leisure": 10,
    "travel": 5,
    "health": 3,
}
STATEMENTS: Final = (
    "By 19 I will be at college, travelling there on my own.",
    "By 19 I will be on a supported internship and learning the skills for a job.",
    "By 21 I will have a part-time job and live with support.",
    "By 19 I will be doing a course I enjoy and seeing my friends each week.",
    "By 25 I will live in my own home with the help I need.",
)
GOALS: Final = {
    "employment": ("Try two work tasters this year.", "Do a week's work experience."),
    "independent_living": ("Make a simple meal each week.", "Manage my own pocket money."),
    "community": ("Join a club outside school.", "Meet friends in town once a week."),
    "health": ("Go to my health check on my own.", "Know which medicines I take and why."),
}
PROGRESS_STEPS: Final = ("not_started", "some", "good", "achieved")
EMPLOYERS: Final = (
    "Demo Royal Infirmary",
    "Demo Borough Council",
    "Demo Town Hotel",
    "Demo Supermarket",
    "Demo Leisure Centre",
)
COACHES: Final = ("College job coach team", "Supported employment service", "North locality team")
PROGRAMMES: Final = (
    (
        "Supported internship programme (Demo College)",
        "post16",
        ["supported_internship", "paid_work"],
        18,
    ),
    ("Foundation learning (Demo College)", "post16", ["college_course"], 120),
    ("Independent travel training", "post16", ["travel"], 30),
    ("Post-19 life skills course", "post19", ["college_course", "health"], 40),
    ("Apprenticeship preparation", "post16", ["apprenticeship"], 15),
    ("Youth club for young people with SEND", "post16", ["friends_leisure"], 60),
)


@dataclass
class _Made:
    people: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    activities: list[dict[str, Any]] = field(default_factory=list)
    internships: list[dict[str, Any]] = field(default_factory=list)


def seed(session: Session, *, la_code: str, partnership_id: str, today: date) -> None:
    """Make the demo area's preparing-for-adulthood records once, then rebuild its figures."""
    if queries.count_young_people(session=session, partnership_id=partnership_id) == 0:
        made = _make(queries.case_plans(session=session, la_code=la_code), la_code, today)
        ids = queries.add_young_people(
            session=session, rows=made.people, partnership_id=partnership_id
        )
        for model, rows in (
            (PfaReview, made.reviews),
            (PfaActivity, made.activities),
            (PfaInternship, made.internships),
        ):
            for row in rows:
                row["young_person_id"] = ids[row.pop("person_id")]
            queries.add_child_rows(
                session=session, model=model, rows=rows, partnership_id=partnership_id
            )
        for name, phase, themes, places in PROGRAMMES:
            queries.create_programme(
                session=session,
                partnership_id=partnership_id,
                name=name,
                phase=phase,
                themes=themes,
                places=places,
            )
    summary.rebuild(session, partnership_id=partnership_id, la_code=la_code, today=today)


def _make(plans: list[tuple[str, date, date]], la_code: str, today: date) -> _Made:
    rng = random.Random(SEED)
    made = _Made()
    cohort = [(p, born, issued) for p, born, issued in plans if 14 <= age_on(born, today) <= 25]
    interns = _choose_interns(rng, cohort, today)
    for person, born, issued in cohort:
        ceased = _ceased(rng, born, today)
        made.people.append(
            _person(rng, person, born, la_code, today, ceased) | {"plan_started_on": issued}
        )
        _reviews(rng, made, person, born, issued, min(today, ceased[0]) if ceased else today)
        _activities(rng, made, person, born, interns.get(person), ceased, today)
    return made


def _person(
    rng: random.Random,
    person: str,
    born: date,
    la_code: str,
    today: date,
    ceased: tuple[date, str] | None,
) -> dict[str, Any]:
    at_17 = add_years(born, 17) + timedelta(days=rng.randint(30, 200))
    planned = at_17 if at_17 <= today and rng.random() < 0.8 else None
    return {
        "la_code": la_code,
        "person_id": person,
        "date_of_birth": born,
        "pathway": rng.choices(["personal_progress", "independence", "employment"], [2, 3, 5])[0],
        "transition_plan_on": planned,
        "plan_ceased_on": ceased[0] if ceased else None,
        "ceased_reason": ceased[1] if ceased else None,
    }


def _ceased(rng: random.Random, born: date, today: date) -> tuple[date, str] | None:
    """About one young person in five aged 19 or more had their plan end in the last 3 years."""
    if age_on(born, today) < 19 or rng.random() > 0.2:
        return None
    reason = rng.choices(
        ["employment", "higher_education", "needs_met", "no_engagement", "max_age", "other"],
        [6, 12, 5, 27, 2, 4],
    )[0]
    return today - timedelta(days=rng.randint(20, 3 * 365 - 20)), reason


def _reviews(
    rng: random.Random, made: _Made, person: str, born: date, issued: date, until: date
) -> None:
    first = year_start_at_age(born, 13)  # Year 9
    theme = rng.choices(list(THEME_WEIGHTS), list(THEME_WEIGHTS.values()))[0]
    step = 0
    for year in range(first, until.year + 1):
        day = date(year, 10, 1) + timedelta(days=rng.randint(0, 240))
        if day > until or day < issued or (year == first and rng.random() < 0.08):
            continue
        if rng.random() < 0.25:
            theme = rng.choices(list(THEME_WEIGHTS), list(THEME_WEIGHTS.values()))[0]
        step = min(step + rng.randint(0, 1), 3)
        made.reviews.append(_review(rng, person, day, year_group_on(born, day), theme, step))


def _review(
    rng: random.Random, person: str, day: date, year_group: int, theme: str, step: int
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "person_id": person,
        "review_on": day,
        "year_group": year_group,
        "aspirations": rng.choice(ASPIRATIONS[theme]),
        "aspiration_theme": theme,
        "pathway": rng.choice(["personal_progress", "independence", "employment"]),
        "destinations_statement": STATEMENTS[(year_group + len(theme)) % len(STATEMENTS)],
    }
    for area, goals in GOALS.items():
        row[f"{area}_goal"] = rng.choice(goals)
        row[f"{area}_progress"] = PROGRESS_STEPS[max(0, step - rng.randint(0, 1))]
    return row


def _choose_interns(
    rng: random.Random, cohort: list[tuple[str, date, date]], today: date
) -> dict[str, int]:
    """About ``INTERNS_PER_YEAR`` young people aged 18 to 22 start an internship each school
    year: person id → the year their internship starts."""
    current = today.year if today.month >= 9 else today.year - 1
    chosen: dict[str, int] = {}
    for year in range(current - YEARS_OF_INTERNSHIPS + 1, current + 1):
        eligible = [
            p
            for p, born, _ in cohort
            if 18 <= age_on(born, date(year, 8, 31)) <= 22 and p not in chosen
        ]
        for person in rng.sample(
            eligible, min(len(eligible), INTERNS_PER_YEAR + rng.randint(-2, 2))
        ):
            chosen[person] = year
    return chosen


def _activities(
    rng: random.Random,
    made: _Made,
    person: str,
    born: date,
    intern_year: int | None,
    ceased: tuple[date, str] | None,
    today: date,
) -> None:
    stop = min(today, ceased[0]) if ceased else today
    year = year_start_at_age(born, 16)
    while date(year, 9, 1) <= stop and age_on(born, date(year, 9, 1)) <= 24:
        if year == intern_year:
            year = _internship(rng, made, person, year, stop)
            continue
        code = _code(rng, age_on(born, date(year, 8, 31)))
        end = date(year + 1, 7, 31)
        made.activities.append(
            {
                "person_id": person,
                "activity_code": code,
                "start_on": date(year, 9, 1),
                "end_on": None if end >= stop else end,
                "provider": None,
            }
        )
        year += 1


def _code(rng: random.Random, age: int) -> str:
    if age <= 17:
        weights = {"210": 30, "230": 35, "280": 15, "310": 4, "330": 3, "610": 9, "810": 4}
    else:
        weights = {
            "230": 35,
            "280": 20,
            "330": 10,
            "360": 5,
            "310": 4,
            "430": 4,
            "610": 12,
            "619": 5,
            "810": 5,
        }
    return rng.choices(list(weights), list(weights.values()))[0]


def _internship(rng: random.Random, made: _Made, person: str, year: int, stop: date) -> int:
    """An internship from September of ``year``; returns the next school year to fill."""
    start = date(year, 9, 1)
    finished = date(year + 1, 7, 15)
    completed = finished if finished <= stop and rng.random() < 0.85 else None
    left = None
    if completed is None and finished <= stop:
        left = start + timedelta(days=rng.randint(40, 200))
    job_start = job_end = None
    if completed and rng.random() < 0.68:
        job_start = completed + timedelta(days=rng.randint(7, 120))
        job_start = job_start if job_start <= stop else None
        if job_start and rng.random() < 0.15:
            job_end = job_start + timedelta(days=rng.randint(120, 300))
            job_end = job_end if job_end <= stop else None
    made.internships.append(
        {
            "person_id": person,
            "host_employer": rng.choice(EMPLOYERS),
            "job_coach": rng.choice(COACHES),
            "start_on": start,
            "completed_on": completed,
            "left_on": left,
            "job_start_on": job_start,
            "job_end_on": job_end,
        }
    )
    ends = completed or left
    made.activities.append(
        {
            "person_id": person,
            "activity_code": "460",
            "start_on": start,
            "end_on": ends,
            "provider": "Demo College",
        }
    )
    if job_start:
        made.activities.append(
            {
                "person_id": person,
                "activity_code": "360",
                "start_on": job_start,
                "end_on": job_end,
                "provider": None,
            }
        )
        return stop.year + 1  # in work: no further yearly activities
    return year + 1
