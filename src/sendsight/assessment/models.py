"""Self-assessment tables: frameworks (themes, statements), rounds, blind ratings, consensus.

A framework is data: its scale and every statement's level descriptors are stored as imported
(``frameworks.py`` reads and writes the YAML). A round asks the organisations taking part to
rate each statement; each rating belongs to one organisation. Every table carries the
partnership (ADR 0602).
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


class Framework(Base):
    """A self-assessment framework: a scale and themes of statements (``content`` as imported)."""

    __tablename__ = "assessment_framework"
    __table_args__ = (UniqueConstraint("partnership_id", "key"),)

    partnership_id: Mapped[str] = partnership_column()
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(32), default="1")
    # The scale, lowest level first: [{"key", "label", "description"}].
    scale: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    # The whole framework as a canonical dict: what export writes and re-import compares.
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Theme(Base):
    """A theme (area) of a framework, mapped to the inspection framework's areas."""

    __tablename__ = "assessment_theme"
    __table_args__ = (UniqueConstraint("framework_id", "key"),)

    partnership_id: Mapped[str] = partnership_column()
    framework_id: Mapped[str] = mapped_column(ForeignKey("assessment_framework.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    plain_title: Mapped[str] = mapped_column(String(300), default="")
    inspection_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Statement(Base):
    """One statement to rate, with a descriptor per level and whether it is a statutory duty."""

    __tablename__ = "assessment_statement"
    __table_args__ = (UniqueConstraint("framework_id", "key"),)

    partnership_id: Mapped[str] = partnership_column()
    framework_id: Mapped[str] = mapped_column(ForeignKey("assessment_framework.id"), index=True)
    theme_id: Mapped[str] = mapped_column(ForeignKey("assessment_theme.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    plain_text: Mapped[str] = mapped_column(Text, default="")
    statutory: Mapped[bool] = mapped_column(Boolean, default=False)
    duty: Mapped[str] = mapped_column(String(300), default="")
    descriptors: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Round(Base):
    """A round of the self-assessment: who takes part, when, and the level the partnership aims
    for. Closed once ``closed_at_utc`` is set or ``closes_on`` has passed."""

    __tablename__ = "assessment_round"

    partnership_id: Mapped[str] = partnership_column()
    framework_id: Mapped[str] = mapped_column(ForeignKey("assessment_framework.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    target_level: Mapped[str] = mapped_column(String(32))
    closed_at_utc: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class Participant(Base):
    """An organisation taking part in a round; ``submitted_at_utc`` once it has submitted."""

    __tablename__ = "assessment_participant"
    __table_args__ = (UniqueConstraint("round_id", "organisation_id"),)

    partnership_id: Mapped[str] = partnership_column()
    round_id: Mapped[str] = mapped_column(ForeignKey("assessment_round.id"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("access_organisation.id"), index=True)
    submitted_at_utc: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class Rating(Base):
    """One organisation's rating of one statement in a round (``level_index`` counts from 1)."""

    __tablename__ = "assessment_rating"
    __table_args__ = (UniqueConstraint("round_id", "statement_id", "organisation_id"),)

    partnership_id: Mapped[str] = partnership_column()
    round_id: Mapped[str] = mapped_column(ForeignKey("assessment_round.id"), index=True)
    statement_id: Mapped[str] = mapped_column(ForeignKey("assessment_statement.id"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("access_organisation.id"), index=True)
    level: Mapped[str] = mapped_column(String(32))
    level_index: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[str] = mapped_column(String(16))
    # For a statutory statement: does the rater judge the duty met? (None otherwise.)
    duty_met: Mapped[bool | None] = mapped_column(Boolean, default=None)
    comment: Mapped[str] = mapped_column(Text, default="")
    rated_by: Mapped[str] = mapped_column(String(254), default="")
    rated_at_utc: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Evidence(Base):
    """Evidence for a rating: a scorecard measure (its figures captured when rated) or a link."""

    __tablename__ = "assessment_evidence"

    partnership_id: Mapped[str] = partnership_column()
    rating_id: Mapped[str] = mapped_column(ForeignKey("assessment_rating.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    measure_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str | None] = mapped_column(String(500), default=None)
    period: Mapped[str | None] = mapped_column(String(24), default=None)
    value: Mapped[float | None] = mapped_column(Float, default=None)
    england: Mapped[float | None] = mapped_column(Float, default=None)
    trend: Mapped[str | None] = mapped_column(String(120), default=None)
    polarity: Mapped[str | None] = mapped_column(String(16), default=None)


class Consensus(Base):
    """The level agreed for a statement at moderation, and why."""

    __tablename__ = "assessment_consensus"
    __table_args__ = (UniqueConstraint("round_id", "statement_id"),)

    partnership_id: Mapped[str] = partnership_column()
    round_id: Mapped[str] = mapped_column(ForeignKey("assessment_round.id"), index=True)
    statement_id: Mapped[str] = mapped_column(ForeignKey("assessment_statement.id"), index=True)
    level: Mapped[str] = mapped_column(String(32))
    level_index: Mapped[int] = mapped_column(Integer)
    duty_met: Mapped[bool | None] = mapped_column(Boolean, default=None)
    reason: Mapped[str] = mapped_column(Text)
    agreed_by: Mapped[str] = mapped_column(String(254), default="")


class ActionLink(Base):
    """A scorecard action created from a statement in a round (the action lives in outcomes)."""

    __tablename__ = "assessment_action_link"

    partnership_id: Mapped[str] = partnership_column()
    round_id: Mapped[str] = mapped_column(ForeignKey("assessment_round.id"), index=True)
    statement_id: Mapped[str] = mapped_column(ForeignKey("assessment_statement.id"), index=True)
    action_id: Mapped[str] = mapped_column(ForeignKey("outcomes_action.id"), unique=True)
