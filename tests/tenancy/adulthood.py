"""Preparing-for-adulthood objects for the tenancy matrix: a young person with a review, an
activity and an internship, and the LA's cohort figures."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.access.models import User
from sendsight.adulthood import queries, summary
from sendsight.adulthood.models import PfaActivity, PfaInternship, PfaReview, PfaYoungPerson

OBJECT_ARGUMENTS = {"young_person_id"}
TODAY = date(2026, 12, 3)


def make(
    session: Session, *, partnership_id: str, la_code: str, admin: User, tag: str
) -> dict[str, str]:
    """One young person aged 19, with a review, an activity and an internship, all tagged."""
    person = queries.create_young_person(
        session=session,
        partnership_id=partnership_id,
        la_code=la_code,
        person_id=f"{tag} PERSON",
        date_of_birth=date(2007, 5, 1),
        plan_started_on=date(2019, 3, 1),
        pathway="employment",
    )
    own = {"partnership_id": partnership_id}
    area_text = {
        f"{a}_goal": f"{tag} goal"
        for a in ("employment", "independent_living", "community", "health")
    }
    progress = {
        f"{a}_progress": "some" for a in ("employment", "independent_living", "community", "health")
    }
    review = {
        "young_person_id": person.id,
        "review_on": date(2021, 3, 1),
        "year_group": 9,
        "aspirations": f"{tag} wants to work with animals",
        "aspiration_theme": "paid_work",
        "pathway": "employment",
        "destinations_statement": f"{tag} statement",
        **area_text,
        **progress,
    }
    queries.add_child_rows(session=session, model=PfaReview, rows=[review], **own)
    activity = {
        "young_person_id": person.id,
        "activity_code": "230",
        "start_on": date(2023, 9, 1),
        "end_on": None,
        "provider": f"{tag} college",
    }
    queries.add_child_rows(session=session, model=PfaActivity, rows=[activity], **own)
    internship = {
        "young_person_id": person.id,
        "host_employer": f"{tag} employer",
        "job_coach": f"{tag} coach",
        "start_on": date(2025, 9, 1),
        "completed_on": None,
        "left_on": None,
        "job_start_on": None,
        "job_end_on": None,
    }
    queries.add_child_rows(session=session, model=PfaInternship, rows=[internship], **own)
    summary.rebuild(session, partnership_id=partnership_id, la_code=la_code, today=TODAY)
    return {"young_person_id": person.id}


def held(session: Session, *, partnership_id: str) -> object:
    """How many young people, reviews and internships the partnership has."""
    return tuple(
        session.scalar(select(func.count(model.id)).where(model.partnership_id == partnership_id))
        for model in (PfaYoungPerson, PfaReview, PfaInternship)
    )
