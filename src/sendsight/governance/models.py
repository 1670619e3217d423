"""Governance tables: the pupil-level census of SEN pupils, board meetings and their archived
packs, owners' commentary, the board's decisions log and the priorities of a post-inspection
plan (each tracked as an outcomes action).

Every row carries ``partnership_id`` (ADR 0602). The census table is keyed by LA and UPN, as the
school census is; its rows are children's records, so they sit under the retention schedule by
date of birth (``register_retention``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from sendsight.db.base import Base, partnership_column


class CensusImport(Base):
    """One import of a pupil-level SEN census file for one LA (the file replaces the last)."""

    __tablename__ = "governance_census_import"

    partnership_id: Mapped[str] = partnership_column()
    la_code: Mapped[str] = mapped_column(String(3), index=True)
    census_date: Mapped[date] = mapped_column(Date)
    filename: Mapped[str] = mapped_column(String(255))
    digest: Mapped[str] = mapped_column(String(64))
    pupils: Mapped[int] = mapped_column(Integer)
    imported_at_utc: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    imported_by: Mapped[str] = mapped_column(String(254))


class CensusPupil(Base):
    """One pupil on SEN support (provision K) or with an EHC plan (E) in the latest census."""

    __tablename__ = "governance_census_pupil"
    __table_args__ = (UniqueConstraint("la_code", "upn"),)

    partnership_id: Mapped[str] = partnership_column()
    la_code: Mapped[str] = mapped_column(String(3), index=True)
    upn: Mapped[str] = mapped_column(String(13))
    person_id: Mapped[str | None] = mapped_column(String(100))
    uln: Mapped[str | None] = mapped_column(String(10))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(1))
    ethnicity: Mapped[str | None] = mapped_column(String(4))
    sen_provision: Mapped[str] = mapped_column(String(1))
    primary_need: Mapped[str | None] = mapped_column(String(10))
    urn: Mapped[str | None] = mapped_column(String(6))
    phase: Mapped[str | None] = mapped_column(String(20))
    subsidiary_phase: Mapped[str | None] = mapped_column(String(20))
    elective_home_education: Mapped[bool] = mapped_column(Boolean, default=False)
    suspensions: Mapped[int | None] = mapped_column(Integer)
    permanent_exclusions: Mapped[int | None] = mapped_column(Integer)
    absence_pct: Mapped[float | None] = mapped_column(Float)
    pupil_premium: Mapped[bool | None] = mapped_column(Boolean)
    csc_team: Mapped[str | None] = mapped_column(String(30))
    disability: Mapped[bool | None] = mapped_column(Boolean)


class BoardMeeting(Base):
    """A meeting of the partnership board; once its pack is issued the pack is kept unchanged
    (the session refuses to change or delete an issued meeting: see ``pack.py``)."""

    __tablename__ = "governance_board_meeting"
    __table_args__ = (UniqueConstraint("partnership_id", "meeting_on"),)

    partnership_id: Mapped[str] = partnership_column()
    meeting_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    data_date: Mapped[date | None] = mapped_column(Date)
    issued_at_utc: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    issued_by: Mapped[str | None] = mapped_column(String(254))
    # The issued pack: every figure, comment and decision as the board saw them (see pack.py).
    pack: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    pack_digest: Mapped[str | None] = mapped_column(String(64))


class Commentary(Base):
    """A measure owner's commentary on an exception, asked for before a meeting."""

    __tablename__ = "governance_commentary"
    __table_args__ = (UniqueConstraint("meeting_id", "measure_key"),)

    partnership_id: Mapped[str] = partnership_column()
    meeting_id: Mapped[str] = mapped_column(ForeignKey("governance_board_meeting.id"), index=True)
    measure_key: Mapped[str] = mapped_column(String(64))
    measure_name: Mapped[str] = mapped_column(String(300))
    owner_email: Mapped[str] = mapped_column(String(254))
    requested_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str | None] = mapped_column(Text)
    answered_at_utc: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Decision(Base):
    """A decision of the board: what, who owns it, what it concerns and where it stands."""

    __tablename__ = "governance_decision"

    partnership_id: Mapped[str] = partnership_column()
    meeting_id: Mapped[str | None] = mapped_column(
        ForeignKey("governance_board_meeting.id"), index=True
    )
    decided_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(String(500))
    owner: Mapped[str] = mapped_column(String(200))
    concerns_kind: Mapped[str] = mapped_column(String(20))
    concerns_ref: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    due_on: Mapped[date | None] = mapped_column(Date)


class PlanPriority(Base):
    """One priority of the partnership's priority action plan (or strategic plan) after an area
    SEND inspection, carried out as an outcomes action whose measure shows its impact."""

    __tablename__ = "governance_plan_priority"

    partnership_id: Mapped[str] = partnership_column()
    la_code: Mapped[str] = mapped_column(String(3), index=True)
    plan_kind: Mapped[str] = mapped_column(String(30))
    number: Mapped[int] = mapped_column(Integer)
    priority: Mapped[str] = mapped_column(String(500))
    action_id: Mapped[str] = mapped_column(
        ForeignKey("outcomes_action.id"), unique=True, index=True
    )


def register_retention() -> None:
    """Census rows fall due the settings' years after the pupil's date of birth."""
    from sendsight.access.retention import register_rule

    register_rule(CensusPupil.__tablename__, CensusPupil, "date_of_birth")
