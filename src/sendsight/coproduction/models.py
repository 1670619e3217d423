"""Tables of the co-production log: activities, who took part (counts only) and "you said".

No participant is named anywhere: who took part is held as counts by group.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sendsight.db.base import Base


class EngagementActivity(Base):
    """One engagement activity: a survey, forum, focus group, event and so on.

    ``partners`` and ``adjustments`` are lists kept as text separated by ``;`` (adjustment
    codes from ``vocab.ADJUSTMENTS``). ``key`` is the partnership's own reference, so a file
    imported twice updates the same activity.
    """

    __tablename__ = "coproduction_activity"
    __table_args__ = (UniqueConstraint("partnership_id", "key"),)

    partnership_id: Mapped[str] = mapped_column(ForeignKey("access_partnership.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(300))
    method: Mapped[str] = mapped_column(String(32))
    ladder_level: Mapped[str] = mapped_column(String(16))
    coproduction_type: Mapped[str] = mapped_column(String(32))
    partners: Mapped[str] = mapped_column(String(500), default="")
    adjustments: Mapped[str] = mapped_column(String(300), default="")

    counts: Mapped[list[EngagementCount]] = relationship(
        back_populates="activity", order_by="(EngagementCount.group, EngagementCount.category)"
    )
    themes: Mapped[list[SaidItem]] = relationship(
        back_populates="activity", order_by="(SaidItem.key, SaidItem.id)"
    )


class EngagementCount(Base):
    """How many people of one group and category took part in an activity."""

    __tablename__ = "coproduction_participation"
    __table_args__ = (UniqueConstraint("activity_id", "group", "category"),)

    partnership_id: Mapped[str] = mapped_column(ForeignKey("access_partnership.id"), index=True)
    activity_id: Mapped[str] = mapped_column(ForeignKey("coproduction_activity.id"), index=True)
    group: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(64))
    count: Mapped[int] = mapped_column(Integer)

    activity: Mapped[EngagementActivity] = relationship(back_populates="counts")


class SaidItem(Base):
    """One "you said" item heard at an activity, and the partnership's response to it.

    ``response_kind`` is ``did``, ``will`` (with ``will_by_on``) or ``cannot`` (``response``
    then says why); empty until someone answers. The response is public once
    ``published_on`` is set. ``measure_id`` and ``action_id`` link it to the outcomes
    scorecard (same partnership).
    """

    __tablename__ = "coproduction_theme"
    __table_args__ = (UniqueConstraint("activity_id", "key"),)

    partnership_id: Mapped[str] = mapped_column(ForeignKey("access_partnership.id"), index=True)
    activity_id: Mapped[str] = mapped_column(ForeignKey("coproduction_activity.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    topic: Mapped[str] = mapped_column(String(100))
    said: Mapped[str] = mapped_column(Text)
    response_kind: Mapped[str | None] = mapped_column(String(16), default=None)
    response: Mapped[str] = mapped_column(Text, default="")
    will_by_on: Mapped[date | None] = mapped_column(Date, default=None)
    owner: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    published_on: Mapped[date | None] = mapped_column(Date, default=None)
    measure_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    action_id: Mapped[str | None] = mapped_column(String(36), default=None)

    activity: Mapped[EngagementActivity] = relationship(back_populates="themes")
