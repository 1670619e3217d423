"""EHC tables: the case records (requests, advice, reviews), the import log and the fact tables.

Case tables mirror the frames in :mod:`sendsight.ehc.frames` column for column and are unique by
the same keys, so an import is an upsert by key. ``date_of_birth`` is carried on every case
table (copied from the request for advice, and from the person's request for reviews) so the
retention schedule can delete each row on its own. Fact tables (``ft_*``) are derived: they are
rebuilt from the case tables after every import and by ``sendsight ehc facts build``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sendsight.db.base import Base


class EhcRequest(Base):
    """A request for an EHC needs assessment and what became of it (see ``frames.py``)."""

    __tablename__ = "ehc_request"
    __table_args__ = (UniqueConstraint("la_code", "request_id"),)

    la_code: Mapped[str] = mapped_column(String(3), index=True)
    request_id: Mapped[str] = mapped_column(String(100))
    person_id: Mapped[str] = mapped_column(String(100), index=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    upn: Mapped[str | None] = mapped_column(String(13))
    request_source: Mapped[str | None] = mapped_column(String(50))
    received_on: Mapped[date] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(String(20))
    decision_on: Mapped[date | None] = mapped_column(Date)
    assessment_outcome: Mapped[str | None] = mapped_column(String(20))
    assessment_outcome_on: Mapped[date | None] = mapped_column(Date)
    exceptions_apply: Mapped[bool] = mapped_column(Boolean, default=False)
    draft_issued_on: Mapped[date | None] = mapped_column(Date)
    final_issued_on: Mapped[date | None] = mapped_column(Date)
    primary_need: Mapped[str | None] = mapped_column(String(10))
    # The school or setting the child attends (6-digit URN): the school role's own page.
    setting_urn: Mapped[str | None] = mapped_column(String(6), index=True)


class EhcAdvice(Base):
    """One request for advice made during an assessment (SI 2014/1530 reg 6 and 8)."""

    __tablename__ = "ehc_advice"
    __table_args__ = (UniqueConstraint("la_code", "request_id", "advice_type", "requested_on"),)

    la_code: Mapped[str] = mapped_column(String(3), index=True)
    request_id: Mapped[str] = mapped_column(String(100))
    advice_type: Mapped[str] = mapped_column(String(30))
    requested_on: Mapped[date] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    date_of_birth: Mapped[date | None] = mapped_column(Date)


class EhcReview(Base):
    """One annual review meeting of an EHC plan and the decision that followed."""

    __tablename__ = "ehc_review"
    __table_args__ = (UniqueConstraint("la_code", "plan_id", "review_meeting_on"),)

    la_code: Mapped[str] = mapped_column(String(3), index=True)
    plan_id: Mapped[str] = mapped_column(String(100))
    person_id: Mapped[str] = mapped_column(String(100))
    review_meeting_on: Mapped[date] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(String(20))
    decision_on: Mapped[date | None] = mapped_column(Date)
    amended_plan_issued_on: Mapped[date | None] = mapped_column(Date)
    date_of_birth: Mapped[date | None] = mapped_column(Date)


class EhcImport(Base):
    """One import of case files: what came in, what changed, and (SEN2) the quality checks."""

    __tablename__ = "ehc_import"

    la_code: Mapped[str] = mapped_column(String(3), index=True)
    source: Mapped[str] = mapped_column(String(20))  # "template" or "sen2"
    files: Mapped[list[str]] = mapped_column(JSON)
    imported_at_utc: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    imported_by: Mapped[str] = mapped_column(String(254))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    checks: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class FtEhcTimeliness(Base):
    """Fact: every headline EHC metric for one LA and calendar year (see ``metrics.py``)."""

    __tablename__ = "ft_ehc_timeliness"
    __table_args__ = (UniqueConstraint("la_code", "year"),)

    la_code: Mapped[str] = mapped_column(String(3))
    year: Mapped[int] = mapped_column(Integer)
    requests_received: Mapped[int] = mapped_column(Integer)
    decisions_made: Mapped[int] = mapped_column(Integer)
    decisions_within_6_weeks: Mapped[int] = mapped_column(Integer)
    plans_issued: Mapped[int] = mapped_column(Integer)
    plans_within_20_weeks: Mapped[int] = mapped_column(Integer)
    plans_issued_excl_exceptions: Mapped[int] = mapped_column(Integer)
    plans_within_20_weeks_excl_exceptions: Mapped[int] = mapped_column(Integer)
    not_to_issue_decisions: Mapped[int] = mapped_column(Integer)
    not_to_issue_within_16_weeks: Mapped[int] = mapped_column(Integer)
    review_decisions: Mapped[int] = mapped_column(Integer)
    review_decisions_within_4_weeks: Mapped[int] = mapped_column(Integer)
    median_weeks_to_final_plan: Mapped[float | None] = mapped_column(Float)
    median_days_request_to_decision: Mapped[float | None] = mapped_column(Float)
    median_days_decision_to_last_advice: Mapped[float | None] = mapped_column(Float)
    median_days_last_advice_to_draft: Mapped[float | None] = mapped_column(Float)
    median_days_draft_to_final: Mapped[float | None] = mapped_column(Float)
    decisions_within_6_weeks_pct: Mapped[float | None] = mapped_column(Float)
    plans_within_20_weeks_pct_incl_exceptions: Mapped[float | None] = mapped_column(Float)
    plans_within_20_weeks_pct_excl_exceptions: Mapped[float | None] = mapped_column(Float)
    not_to_issue_within_16_weeks_pct: Mapped[float | None] = mapped_column(Float)
    review_decisions_within_4_weeks_pct: Mapped[float | None] = mapped_column(Float)


class FtEhcAdvice(Base):
    """Fact: advice returned in a year per LA and advice type, and how much of it was on time."""

    __tablename__ = "ft_ehc_advice"
    __table_args__ = (UniqueConstraint("la_code", "year", "advice_type"),)

    la_code: Mapped[str] = mapped_column(String(3))
    year: Mapped[int] = mapped_column(Integer)
    advice_type: Mapped[str] = mapped_column(String(30))
    advice_returned: Mapped[int] = mapped_column(Integer)
    advice_within_6_weeks: Mapped[int] = mapped_column(Integer)
    advice_within_6_weeks_pct: Mapped[float | None] = mapped_column(Float)
    mean_days_to_advice: Mapped[float | None] = mapped_column(Float)


class FtEhcMonthly(Base):
    """Fact: final plans issued per LA and calendar month (``YYYY-MM``), for the trend chart."""

    __tablename__ = "ft_ehc_monthly"
    __table_args__ = (UniqueConstraint("la_code", "month"),)

    la_code: Mapped[str] = mapped_column(String(3))
    month: Mapped[str] = mapped_column(String(7))
    plans_issued: Mapped[int] = mapped_column(Integer)
    plans_within_20_weeks: Mapped[int] = mapped_column(Integer)
    plans_issued_excl_exceptions: Mapped[int] = mapped_column(Integer)
    plans_within_20_weeks_excl_exceptions: Mapped[int] = mapped_column(Integer)
    plans_within_20_weeks_pct_excl_exceptions: Mapped[float | None] = mapped_column(Float)


class FtEhcStage(Base):
    """Fact: how many plans issued in a year took each band of weeks at each stage."""

    __tablename__ = "ft_ehc_stage"
    __table_args__ = (UniqueConstraint("la_code", "year", "stage", "weeks_band"),)

    la_code: Mapped[str] = mapped_column(String(3))
    year: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(40))
    weeks_band: Mapped[str] = mapped_column(String(20))
    band_order: Mapped[int] = mapped_column(Integer)
    plans: Mapped[int] = mapped_column(Integer)


CASE_MODELS = (EhcRequest, EhcAdvice, EhcReview)
FACT_MODELS = (FtEhcTimeliness, FtEhcAdvice, FtEhcMonthly, FtEhcStage)


def register_retention() -> None:
    """Put every case table under the retention schedule (called by ``sendsight.wiring``).

    A row falls due the settings' years after the person's date of birth or, where that is not
    known, after the latest date on the row (see ``access.retention``).
    """
    from sendsight.access.retention import register_rule

    for model in CASE_MODELS:
        register_rule(model.__tablename__, model, "date_of_birth")
