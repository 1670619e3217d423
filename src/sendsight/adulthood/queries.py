"""Every read and write of the adulthood tables. Each takes ``partnership_id`` (ADR 0602): a
record of another partnership is ``NotFound``, exactly like a missing one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import Date, delete, func, insert, select
from sqlalchemy.orm import Session

from sendsight.adulthood.models import (
    FtAdulthoodSummary,
    PfaActivity,
    PfaInternship,
    PfaProgramme,
    PfaReview,
    PfaYoungPerson,
)
from sendsight.core.errors import NotFound
from sendsight.db.base import new_id, utcnow
from sendsight.ehc import queries as ehc_queries

CHILD_TABLES: tuple[type[Any], ...] = (PfaReview, PfaActivity, PfaInternship)


def case_births(*, session: Session, la_code: str) -> dict[str, tuple[date | None, date | None]]:
    """Each person with an EHC case in ``la_code`` (a request on record): their date of birth
    as the case gives it and the day their first plan was issued (None before a plan)."""
    requests = ehc_queries.load_requests(session=session, la_code=la_code)
    rows = requests.group_by("person_id").agg(
        pl.col("date_of_birth").drop_nulls().last(), pl.col("final_issued_on").min()
    )
    return {str(a): (b, c) for a, b, c in rows.sort("person_id").iter_rows()}


def case_plans(*, session: Session, la_code: str) -> list[tuple[str, date, date]]:
    """Each person in ``la_code`` with an EHC plan issued: (person id, date of birth, date the
    first plan was issued), by person id. Persons whose case has no date of birth are left out."""
    requests = ehc_queries.load_requests(session=session, la_code=la_code)
    plans = (
        requests.filter(
            pl.col("final_issued_on").is_not_null(), pl.col("date_of_birth").is_not_null()
        )
        .group_by("person_id")
        .agg(pl.col("date_of_birth").first(), pl.col("final_issued_on").min())
        .sort("person_id")
    )
    return [(str(a), b, c) for a, b, c in plans.iter_rows()]


def get_young_person(
    *, session: Session, young_person_id: str, partnership_id: str
) -> PfaYoungPerson:
    """The partnership's young person ``young_person_id``; raises ``NotFound``."""
    found = session.get(PfaYoungPerson, young_person_id)
    if found is None or found.partnership_id != partnership_id:
        raise NotFound(f"No young person {young_person_id}")
    return found


def find_young_people(
    *, session: Session, person_ids: Sequence[str], partnership_id: str
) -> dict[str, PfaYoungPerson]:
    """The partnership's young people with these case person ids, by person id."""
    query = select(PfaYoungPerson).where(
        PfaYoungPerson.partnership_id == partnership_id,
        PfaYoungPerson.person_id.in_(sorted(set(person_ids))),
    )
    return {row.person_id: row for row in session.scalars(query.order_by(PfaYoungPerson.id))}


def list_young_people(
    *, session: Session, partnership_id: str, la_codes: Sequence[str]
) -> list[PfaYoungPerson]:
    """The partnership's young people in ``la_codes``, by case person id."""
    query = select(PfaYoungPerson).where(
        PfaYoungPerson.partnership_id == partnership_id,
        PfaYoungPerson.la_code.in_(sorted(la_codes)),
    )
    return list(session.scalars(query.order_by(PfaYoungPerson.person_id, PfaYoungPerson.id)))


def list_young_people_rows(
    *, session: Session, partnership_id: str, la_codes: Sequence[str]
) -> list[tuple[str, str, date, str | None, date | None, date | None]]:
    """The partnership's young people in ``la_codes`` as light rows (id, case person id, date
    of birth, pathway, transition plan date, plan ended date), by case person id: the list
    page reads thousands, so no ORM objects."""
    yp = PfaYoungPerson
    query = select(
        yp.id, yp.person_id, yp.date_of_birth, yp.pathway, yp.transition_plan_on, yp.plan_ceased_on
    ).where(yp.partnership_id == partnership_id, yp.la_code.in_(sorted(la_codes)))
    return [tuple(row) for row in session.execute(query.order_by(yp.person_id, yp.id))]  # type: ignore[misc]


def create_young_person(*, session: Session, partnership_id: str, **fields: Any) -> PfaYoungPerson:
    """Add a young person's record."""
    row = PfaYoungPerson(partnership_id=partnership_id, **fields)
    session.add(row)
    session.flush()
    return row


def update_young_person(
    *, session: Session, young_person_id: str, partnership_id: str, **fields: Any
) -> PfaYoungPerson:
    """Change a young person's record (pathway, transition plan, how the plan ended)."""
    row = get_young_person(
        session=session, young_person_id=young_person_id, partnership_id=partnership_id
    )
    for name, value in fields.items():
        setattr(row, name, value)
    session.flush()
    return row


def _children(
    session: Session, model: type[Any], young_person_id: str, partnership_id: str, order: Any
) -> list[Any]:
    get_young_person(
        session=session, young_person_id=young_person_id, partnership_id=partnership_id
    )
    query = select(model).where(
        model.partnership_id == partnership_id, model.young_person_id == young_person_id
    )
    return list(session.scalars(query.order_by(order, model.id)))


def list_reviews(*, session: Session, young_person_id: str, partnership_id: str) -> list[PfaReview]:
    """A young person's preparing-for-adulthood reviews, oldest first."""
    return _children(session, PfaReview, young_person_id, partnership_id, PfaReview.review_on)


def list_activities(
    *, session: Session, young_person_id: str, partnership_id: str
) -> list[PfaActivity]:
    """A young person's activities, oldest first."""
    return _children(session, PfaActivity, young_person_id, partnership_id, PfaActivity.start_on)


def list_internships(
    *, session: Session, young_person_id: str, partnership_id: str
) -> list[PfaInternship]:
    """A young person's supported internships, oldest first."""
    order = PfaInternship.start_on
    return _children(session, PfaInternship, young_person_id, partnership_id, order)


def add_child_rows(
    *, session: Session, model: type[Any], rows: Sequence[dict[str, Any]], partnership_id: str
) -> int:
    """Insert reviews, activities or internships in bulk (each row names its young person,
    who must be the partnership's: checked by the caller); returns how many."""
    if not rows:
        return 0
    now = utcnow()
    stamped = [
        {
            "id": new_id(),
            "created_at_utc": now,
            "updated_at_utc": now,
            **row,
            "partnership_id": partnership_id,
        }
        for row in rows
    ]
    session.execute(insert(model.__table__), stamped)
    return len(stamped)


def add_young_people(
    *, session: Session, rows: Sequence[dict[str, Any]], partnership_id: str
) -> dict[str, str]:
    """Insert young people in bulk; returns their ids by case person id."""
    now = utcnow()
    stamped = [
        {
            "id": new_id(),
            "created_at_utc": now,
            "updated_at_utc": now,
            **row,
            "partnership_id": partnership_id,
        }
        for row in rows
    ]
    if stamped:
        session.execute(insert(PfaYoungPerson.__table__), stamped)  # type: ignore[arg-type]
    return {str(row["person_id"]): str(row["id"]) for row in stamped}


def existing_children(
    *, session: Session, model: type[Any], young_person_ids: Sequence[str], partnership_id: str
) -> dict[tuple[str, date], Any]:
    """The stored rows of ``model`` for these young people, by (young person id, key date)."""
    key = "review_on" if model is PfaReview else "start_on"
    found: dict[tuple[str, date], Any] = {}
    for start in range(0, len(young_person_ids), 500):
        query = select(model).where(
            model.partnership_id == partnership_id,
            model.young_person_id.in_(young_person_ids[start : start + 500]),
        )
        for row in session.scalars(query.order_by(model.id)):
            found[(row.young_person_id, getattr(row, key))] = row
    return found


def count_young_people(*, session: Session, partnership_id: str) -> int:
    """How many young people the partnership has on record."""
    query = select(func.count(PfaYoungPerson.id)).where(
        PfaYoungPerson.partnership_id == partnership_id
    )
    return int(session.scalar(query) or 0)


# --- Frames for the summary ------------------------------------------------------------------


def _frame(session: Session, columns: Sequence[Any], where: Sequence[Any]) -> pl.DataFrame:
    schema = {c.key: pl.Date() if isinstance(c.type, Date) else pl.String() for c in columns}
    rows = session.execute(select(*columns).where(*where).order_by(columns[0])).all()
    return pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")


def cohort_frames(
    *, session: Session, partnership_id: str, la_code: str
) -> dict[str, pl.DataFrame]:
    """The LA's young people, reviews, activities and internships as frames (for the summary)."""
    yp = PfaYoungPerson
    people = _frame(
        session,
        [
            yp.id,
            yp.date_of_birth,
            yp.plan_started_on,
            yp.pathway,
            yp.transition_plan_on,
            yp.plan_ceased_on,
            yp.ceased_reason,
        ],
        [yp.partnership_id == partnership_id, yp.la_code == la_code],
    )
    ids = select(yp.id).where(yp.partnership_id == partnership_id, yp.la_code == la_code)
    mine = [PfaReview.young_person_id.in_(ids)]
    reviews = _frame(
        session,
        [PfaReview.young_person_id, PfaReview.review_on, PfaReview.aspiration_theme],
        [PfaReview.partnership_id == partnership_id, *mine],
    )
    activities = _frame(
        session,
        [
            PfaActivity.young_person_id,
            PfaActivity.activity_code,
            PfaActivity.start_on,
            PfaActivity.end_on,
        ],
        [PfaActivity.partnership_id == partnership_id, PfaActivity.young_person_id.in_(ids)],
    )
    i = PfaInternship
    internships = _frame(
        session,
        [
            i.young_person_id,
            i.host_employer,
            i.job_coach,
            i.start_on,
            i.completed_on,
            i.left_on,
            i.job_start_on,
            i.job_end_on,
        ],
        [i.partnership_id == partnership_id, i.young_person_id.in_(ids)],
    )
    return {
        "people": people,
        "reviews": reviews,
        "activities": activities,
        "internships": internships,
    }


# --- Programmes -------------------------------------------------------------------------------


def list_programmes(*, session: Session, partnership_id: str) -> list[PfaProgramme]:
    """The partnership's post-16 and post-19 programmes, by name."""
    query = select(PfaProgramme).where(PfaProgramme.partnership_id == partnership_id)
    return list(session.scalars(query.order_by(PfaProgramme.name, PfaProgramme.id)))


def create_programme(*, session: Session, partnership_id: str, **fields: Any) -> PfaProgramme:
    """Add a programme to the partnership's list."""
    row = PfaProgramme(partnership_id=partnership_id, **fields)
    session.add(row)
    session.flush()
    return row


# --- Summary facts ----------------------------------------------------------------------------


def get_summary_or_none(
    *, session: Session, partnership_id: str, la_code: str
) -> FtAdulthoodSummary | None:
    """The LA's cohort figures, if built."""
    query = select(FtAdulthoodSummary).where(
        FtAdulthoodSummary.partnership_id == partnership_id, FtAdulthoodSummary.la_code == la_code
    )
    return session.scalars(query).one_or_none()


def get_summary_stamp_or_none(
    *, session: Session, partnership_id: str, la_code: str
) -> tuple[str, date, Any] | None:
    """(id, day built, last change) of the LA's cohort figures, without the figures: pages
    check it against what they already hold before loading the figures themselves."""
    s = FtAdulthoodSummary
    query = select(s.id, s.built_on, s.updated_at_utc).where(
        s.partnership_id == partnership_id, s.la_code == la_code
    )
    found = session.execute(query).one_or_none()
    return None if found is None else (str(found[0]), found[1], found[2])


def get_summary_for_la_or_none(*, session: Session, la_code: str) -> FtAdulthoodSummary | None:
    """The cohort figures of ``la_code`` (an LA is in at most one partnership, ADR 0602)."""
    query = select(FtAdulthoodSummary).where(FtAdulthoodSummary.la_code == la_code)
    return session.scalars(query.order_by(FtAdulthoodSummary.id)).first()


def summary_versions(
    *, session: Session, partnership_id: str, la_codes: Sequence[str]
) -> tuple[tuple[str, Any], ...]:
    """(id, last change) of the LAs' stored cohort figures: every change to the records
    rebuilds them (ADR 1501), so this names the records' version for caches."""
    s = FtAdulthoodSummary
    query = select(s.id, s.updated_at_utc).where(
        s.partnership_id == partnership_id, s.la_code.in_(sorted(la_codes))
    )
    return tuple((str(a), b) for a, b in session.execute(query.order_by(s.la_code, s.id)))


def replace_summary(
    *, session: Session, partnership_id: str, la_code: str, built_on: date, figures: dict[str, Any]
) -> bool:
    """Store the LA's cohort figures; returns False when they were already exactly these."""
    held = get_summary_or_none(session=session, partnership_id=partnership_id, la_code=la_code)
    if held is not None and held.figures == figures and held.built_on == built_on:
        return False
    session.execute(
        delete(FtAdulthoodSummary).where(
            FtAdulthoodSummary.partnership_id == partnership_id,
            FtAdulthoodSummary.la_code == la_code,
        )
    )
    session.add(
        FtAdulthoodSummary(
            partnership_id=partnership_id, la_code=la_code, built_on=built_on, figures=figures
        )
    )
    session.flush()
    return True
