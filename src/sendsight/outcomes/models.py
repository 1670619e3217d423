"""OBA tables: outcomes, their indicators and performance measures, values, targets, notes, actions.

One ``Measure`` table holds both population *indicators* (``level = "indicator"``, shared by all
partners under an outcome) and service *performance measures* (``level = "performance"`` with a
``kind``: how much / how well / better off). Values, notes and targets keep history: a correction
supersedes the old row instead of overwriting it. Published DfE statistics are not copied here:
a measure names the registry indicator and its figures, England's and the neighbours' are read
from ``sendsight.statistics`` (see ``published.py``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sendsight.db.base import Base, partnership_column, utcnow


class Outcome(Base):
    """A result the alliance agreed with children, young people and families, as an I statement."""

    __tablename__ = "outcomes_outcome"
    __table_args__ = (UniqueConstraint("partnership_id", "key"),)

    partnership_id: Mapped[str] = partnership_column()
    key: Mapped[str] = mapped_column(String(64))
    statement: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    theme: Mapped[str] = mapped_column(String(100), default="")
    coproduced_with: Mapped[str] = mapped_column(String(300), default="")
    coproduced_on: Mapped[date | None] = mapped_column(Date, default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)

    measures: Mapped[list[Measure]] = relationship(back_populates="outcome")


class Measure(Base):
    """A population indicator or a service performance measure, with its definition."""

    __tablename__ = "outcomes_measure"
    __table_args__ = (UniqueConstraint("partnership_id", "key"),)

    partnership_id: Mapped[str] = partnership_column()
    key: Mapped[str] = mapped_column(String(64))
    outcome_id: Mapped[str | None] = mapped_column(
        ForeignKey("outcomes_outcome.id"), default=None, index=True
    )
    level: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str | None] = mapped_column(String(16), default=None)
    service: Mapped[str] = mapped_column(String(200), default="")
    name: Mapped[str] = mapped_column(String(300))
    definition: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(String(16), default="count")
    decimals: Mapped[int] = mapped_column(Integer, default=1)
    polarity: Mapped[str] = mapped_column(String(16), default="neither")
    frequency: Mapped[str] = mapped_column(String(24))
    source: Mapped[str] = mapped_column(String(300), default="")
    source_kind: Mapped[str] = mapped_column(String(16), default="manual")
    # For a published statistic: the statistics registry's indicator id, and the DfE code of
    # the local authority whose figures it shows (values are read from the statistics store).
    source_key: Mapped[str | None] = mapped_column(String(100), default=None)
    la_code: Mapped[str | None] = mapped_column(String(3), default=None)
    survey_question: Mapped[str | None] = mapped_column(String(500), default=None)
    is_demonstration: Mapped[bool] = mapped_column(default=False)
    owner_organisation: Mapped[str] = mapped_column(String(200), default="")
    # The access organisation that may edit the measure (None: partnership-wide, admins only).
    owner_organisation_id: Mapped[str | None] = mapped_column(String(36), default=None)
    last_updated_on: Mapped[date | None] = mapped_column(Date, default=None)
    next_update_on: Mapped[date | None] = mapped_column(Date, default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)

    outcome: Mapped[Outcome | None] = relationship(back_populates="measures")


class MeasureValue(Base):
    """One figure for one period. ``superseded_at_utc`` is set when a correction replaces it."""

    __tablename__ = "outcomes_value"
    # The scorecard reads each measure's most recent periods; this index serves that query.
    __table_args__ = (Index("ix_outcomes_value_measure_period", "measure_id", "period_index"),)

    partnership_id: Mapped[str] = partnership_column()
    measure_id: Mapped[str] = mapped_column(ForeignKey("outcomes_measure.id"), index=True)
    period: Mapped[str] = mapped_column(String(24))
    period_index: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float, default=None)
    denominator: Mapped[float | None] = mapped_column(Float, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(254), default="")
    entered_at_utc: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    superseded_at_utc: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), default=None, index=True
    )


class Target(Base):
    """The figure the partners aim for in one period."""

    __tablename__ = "outcomes_target"

    partnership_id: Mapped[str] = partnership_column()
    measure_id: Mapped[str] = mapped_column(ForeignKey("outcomes_measure.id"), index=True)
    period: Mapped[str] = mapped_column(String(24))
    period_index: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)


class NoteVersion(Base):
    """One saved version of a turn-the-curve section; the newest version is the current text."""

    __tablename__ = "outcomes_note_version"

    partnership_id: Mapped[str] = partnership_column()
    measure_id: Mapped[str] = mapped_column(ForeignKey("outcomes_measure.id"), index=True)
    section: Mapped[str] = mapped_column(String(24))
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(254), default="")
    saved_at_utc: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Action(Base):
    """Something a partner has agreed to do to turn the curve on a measure."""

    __tablename__ = "outcomes_action"
    __table_args__ = (UniqueConstraint("partnership_id", "key"),)

    partnership_id: Mapped[str] = partnership_column()

    measure_id: Mapped[str] = mapped_column(ForeignKey("outcomes_measure.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    owner_organisation: Mapped[str] = mapped_column(String(200), default="")
    owner_person: Mapped[str] = mapped_column(String(200), default="")
    start_on: Mapped[date | None] = mapped_column(Date, default=None)
    due_on: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(16), default="not_started")

    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", order_by="(ActionUpdate.on, ActionUpdate.id)"
    )


class ActionUpdate(Base):
    """A dated progress update on an action."""

    __tablename__ = "outcomes_action_update"

    partnership_id: Mapped[str] = partnership_column()
    action_id: Mapped[str] = mapped_column(ForeignKey("outcomes_action.id"), index=True)
    on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(254), default="")

    action: Mapped[Action] = relationship(back_populates="updates")


class Quote(Base):
    """Qualitative evidence: what a child, young person or parent said, tied to an outcome."""

    __tablename__ = "outcomes_quote"

    partnership_id: Mapped[str] = partnership_column()
    outcome_id: Mapped[str] = mapped_column(ForeignKey("outcomes_outcome.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(300), default="")
    collected_on: Mapped[date | None] = mapped_column(Date, default=None)
