"""Tables of the preparing-for-adulthood domain.

A young person's record (``adulthood_young_person``) is linked to their EHC case by the case's
pseudonymous ``person_id`` and LA. Each annual review from Year 9 adds a review row with the
young person's aspirations in their own words, goals and progress in the four preparing-for-
adulthood areas and the destinations statement, so the statement's history is the list of
reviews. Activities at 16 to 25 use NCCIS-compatible codes (``adulthood.codes``). Every table
carries ``partnership_id`` (ADR 0602). ``ft_adulthood_summary`` holds the cohort figures pages
read, rebuilt after every change (ADR 1501).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sendsight.db.base import Base, partnership_column


def _young_person() -> Mapped[str]:
    return mapped_column(ForeignKey("adulthood_young_person.id"), index=True)


class PfaYoungPerson(Base):
    """A young person with an EHC plan, from Year 9 to 25, and how their plan ended."""

    __tablename__ = "adulthood_young_person"
    __table_args__ = (UniqueConstraint("partnership_id", "person_id"),)

    partnership_id: Mapped[str] = partnership_column()
    la_code: Mapped[str] = mapped_column(String(3), index=True)
    person_id: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    plan_started_on: Mapped[date | None] = mapped_column(Date)
    pathway: Mapped[str | None] = mapped_column(String(30))
    transition_plan_on: Mapped[date | None] = mapped_column(Date)
    plan_ceased_on: Mapped[date | None] = mapped_column(Date)
    ceased_reason: Mapped[str | None] = mapped_column(String(30))
    # Deleting a young person (retention) deletes their reviews, activities and internships.
    reviews: Mapped[list[PfaReview]] = relationship(cascade="all, delete-orphan")
    activities: Mapped[list[PfaActivity]] = relationship(cascade="all, delete-orphan")
    internships: Mapped[list[PfaInternship]] = relationship(cascade="all, delete-orphan")


class PfaReview(Base):
    """The preparing-for-adulthood part of one annual review of the young person's plan."""

    __tablename__ = "adulthood_review"
    __table_args__ = (UniqueConstraint("young_person_id", "review_on"),)

    partnership_id: Mapped[str] = partnership_column()
    young_person_id: Mapped[str] = _young_person()
    review_on: Mapped[date] = mapped_column(Date)
    year_group: Mapped[int] = mapped_column(Integer)
    aspirations: Mapped[str] = mapped_column(Text)
    aspiration_theme: Mapped[str] = mapped_column(String(30))
    pathway: Mapped[str] = mapped_column(String(30))
    destinations_statement: Mapped[str] = mapped_column(Text)
    employment_goal: Mapped[str] = mapped_column(Text)
    employment_progress: Mapped[str] = mapped_column(String(20))
    independent_living_goal: Mapped[str] = mapped_column(Text)
    independent_living_progress: Mapped[str] = mapped_column(String(20))
    community_goal: Mapped[str] = mapped_column(Text)
    community_progress: Mapped[str] = mapped_column(String(20))
    health_goal: Mapped[str] = mapped_column(Text)
    health_progress: Mapped[str] = mapped_column(String(20))


class PfaActivity(Base):
    """What the young person was doing from ``start_on`` (an NCCIS-compatible activity code)."""

    __tablename__ = "adulthood_activity"
    __table_args__ = (UniqueConstraint("young_person_id", "start_on"),)

    partnership_id: Mapped[str] = partnership_column()
    young_person_id: Mapped[str] = _young_person()
    activity_code: Mapped[str] = mapped_column(String(3))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    provider: Mapped[str | None] = mapped_column(String(200))


class PfaInternship(Base):
    """A supported internship: host employer, job coach, and whether it led to a paid job."""

    __tablename__ = "adulthood_internship"
    __table_args__ = (UniqueConstraint("young_person_id", "start_on"),)

    partnership_id: Mapped[str] = partnership_column()
    young_person_id: Mapped[str] = _young_person()
    host_employer: Mapped[str] = mapped_column(String(200))
    job_coach: Mapped[str] = mapped_column(String(200))
    start_on: Mapped[date] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    job_start_on: Mapped[date | None] = mapped_column(Date)
    job_end_on: Mapped[date | None] = mapped_column(Date)


class PfaProgramme(Base):
    """A post-16 or post-19 programme the partnership knows of, with the aspirations it serves
    (used for the commissioning signal when the Local Offer directory is not there)."""

    __tablename__ = "adulthood_programme"
    __table_args__ = (UniqueConstraint("partnership_id", "name"),)

    partnership_id: Mapped[str] = partnership_column()
    name: Mapped[str] = mapped_column(String(200))
    phase: Mapped[str] = mapped_column(String(10))
    themes: Mapped[list[str]] = mapped_column(JSON)
    places: Mapped[int] = mapped_column(Integer)


class FtAdulthoodSummary(Base):
    """The cohort figures of one LA as at ``built_on`` (one row per partnership and LA)."""

    __tablename__ = "ft_adulthood_summary"
    __table_args__ = (UniqueConstraint("partnership_id", "la_code"),)

    partnership_id: Mapped[str] = partnership_column()
    la_code: Mapped[str] = mapped_column(String(3))
    built_on: Mapped[date] = mapped_column(Date)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
