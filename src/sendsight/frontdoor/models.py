"""Front door tables: the settings requests come from, requests for support and their status
history, panels with members, meetings, agendas and decisions, and each partnership's targets.

Every row belongs to one partnership. Requests carry the child's date of birth so the retention
schedule can delete each row on its own (decisions and status changes copy it from the request).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from sendsight.db.base import Base

_PARTNERSHIP = "access_partnership.id"


class FdTargets(Base):
    """A partnership's response-time targets, in working days (England and Wales)."""

    __tablename__ = "frontdoor_targets"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(_PARTNERSHIP), unique=True)
    acknowledge_days: Mapped[int] = mapped_column(Integer, default=2)
    route_days: Mapped[int] = mapped_column(Integer, default=10)
    breaching_soon_days: Mapped[int] = mapped_column(Integer, default=2)


class FdSetting(Base):
    """A school or setting the front door takes requests from (its URN), and its locality."""

    __tablename__ = "frontdoor_setting"
    __table_args__ = (UniqueConstraint("partnership_id", "urn"),)

    partnership_id: Mapped[str] = mapped_column(ForeignKey(_PARTNERSHIP), index=True)
    la_code: Mapped[str] = mapped_column(String(3))
    urn: Mapped[str] = mapped_column(String(6))
    name: Mapped[str] = mapped_column(String(200))
    phase: Mapped[str] = mapped_column(String(20))
    locality: Mapped[str] = mapped_column(String(60))


class FdRequest(Base):
    """One request for support about one child, from its receipt to its route and outcome."""

    __tablename__ = "frontdoor_request"
    __table_args__ = (
        UniqueConstraint("partnership_id", "reference"),
        # The triage queue (open requests of an LA) and the analytics cache's version check.
        Index("ix_frontdoor_request_la_open", "la_code", "status", "received_on"),
        Index("ix_frontdoor_request_la_updated", "la_code", "updated_at_utc"),
    )

    partnership_id: Mapped[str] = mapped_column(ForeignKey(_PARTNERSHIP), index=True)
    la_code: Mapped[str] = mapped_column(String(3))
    reference: Mapped[str] = mapped_column(String(30))
    person_id: Mapped[str] = mapped_column(String(100), index=True)
    date_of_birth: Mapped[date] = mapped_column(Date)
    upn: Mapped[str | None] = mapped_column(String(13))
    setting_urn: Mapped[str | None] = mapped_column(String(6), index=True)
    locality: Mapped[str | None] = mapped_column(String(60))
    source: Mapped[str] = mapped_column(String(20))
    submitted_by: Mapped[str] = mapped_column(String(254))
    need_area: Mapped[str] = mapped_column(String(30))
    other_need_areas: Mapped[list[str]] = mapped_column(JSON)
    needs_text: Mapped[str] = mapped_column(Text)
    graduated_approach: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    asked_for: Mapped[str] = mapped_column(String(30))
    consent: Mapped[bool] = mapped_column(Boolean)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    acknowledged_on: Mapped[date | None] = mapped_column(Date)
    routed_on: Mapped[date | None] = mapped_column(Date)
    # Working days from receipt to the route decision (see ``workdays.py``), kept for analytics.
    working_days_to_route: Mapped[int | None] = mapped_column(Integer)
    route: Mapped[str | None] = mapped_column(String(30))
    route_note: Mapped[str | None] = mapped_column(Text)
    unmet_need: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20))
    ehc_request_id: Mapped[str | None] = mapped_column(String(100))


class FdStatusChange(Base):
    """A timestamped change of a request's status (what the referrer sees as progress)."""

    __tablename__ = "frontdoor_status_change"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(_PARTNERSHIP), index=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("frontdoor_request.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    at_utc: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    by_email: Mapped[str] = mapped_column(String(254))
    note: Mapped[str | None] = mapped_column(Text)
    date_of_birth: Mapped[date] = mapped_column(Date)


class FdPanel(Base):
    """A standing panel of one type, with its quorum rule."""

    __tablename__ = "frontdoor_panel"
    __table_args__ = (UniqueConstraint("partnership_id", "name"),)

    partnership_id: Mapped[str] = mapped_column(ForeignKey(_PARTNERSHIP), index=True)
    la_code: Mapped[str] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String(120))
    panel_type: Mapped[str] = mapped_column(String(30))
    quorum: Mapped[int] = mapped_column(Integer)
    # Agencies at least one present member must come from for a decision to be quorate.
    required_agencies: Mapped[list[str]] = mapped_column(JSON)


class FdPanelMember(Base):
    """A person who sits on a panel, the agency they represent, and whether they chair."""

    __tablename__ = "frontdoor_panel_member"
    __table_args__ = (UniqueConstraint("panel_id", "email"),)

    partnership_id: Mapped[str] = mapped_column(ForeignKey(_PARTNERSHIP), index=True)
    panel_id: Mapped[str] = mapped_column(ForeignKey("frontdoor_panel.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120))
    agency: Mapped[str] = mapped_column(String(30))
    is_chair: Mapped[bool] = mapped_column(Boolean, default=False)


class FdMeeting(Base):
    """One meeting of a panel: its date, when papers are due, and who was present."""

    __tablename__ = "frontdoor_meeting"
    __table_args__ = (UniqueConstraint("panel_id", "meets_on"),)

    partnership_id: Mapped[str] = mapped_column(ForeignKey(_PARTNERSHIP), index=True)
    panel_id: Mapped[str] = mapped_column(ForeignKey("frontdoor_panel.id"), index=True)
    meets_on: Mapped[date] = mapped_column(Date, index=True)
    papers_due_on: Mapped[date] = mapped_column(Date)
    present_member_ids: Mapped[list[str]] = mapped_column(JSON)


class FdAgendaItem(Base):
    """A request on a meeting's agenda, with the question the panel is asked."""

    __tablename__ = "frontdoor_agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "request_id"),)

    partnership_id: Mapped[str] = mapped_column(ForeignKey(_PARTNERSHIP), index=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("frontdoor_meeting.id"), index=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("frontdoor_request.id"), index=True)
    question: Mapped[str] = mapped_column(String(30))
    position: Mapped[int] = mapped_column(Integer)
    papers: Mapped[str | None] = mapped_column(Text)
    date_of_birth: Mapped[date] = mapped_column(Date)


class FdDecision(Base):
    """A panel's decision on one request and question, against that question's criteria."""

    __tablename__ = "frontdoor_decision"
    __table_args__ = (
        UniqueConstraint("request_id", "question"),
        # The analytics cache's version check (the latest decision).
        Index("ix_frontdoor_decision_updated", "updated_at_utc"),
    )

    partnership_id: Mapped[str] = mapped_column(ForeignKey(_PARTNERSHIP), index=True)
    agenda_item_id: Mapped[str] = mapped_column(ForeignKey("frontdoor_agenda_item.id"))
    request_id: Mapped[str] = mapped_column(ForeignKey("frontdoor_request.id"), index=True)
    panel_id: Mapped[str] = mapped_column(ForeignKey("frontdoor_panel.id"), index=True)
    question: Mapped[str] = mapped_column(String(30))
    agreed: Mapped[bool] = mapped_column(Boolean)
    criteria: Mapped[dict[str, bool]] = mapped_column(JSON)
    chair_words: Mapped[str] = mapped_column(Text)
    reasons: Mapped[str] = mapped_column(Text)
    dissent: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date, index=True)
    decided_by: Mapped[str] = mapped_column(String(254))
    date_of_birth: Mapped[date] = mapped_column(Date)


CASE_MODELS = (FdRequest, FdStatusChange, FdAgendaItem, FdDecision)
