"""Joint commissioning tables: commissioned services, the contributions ledger, contracts and
their measures, personal budgets in EHC plans, and unit costs.

Money is stored as whole pence (integers: no rounding drift when shares are summed) and shares
as basis points (10,000 = 100%). Every row carries its partnership (ADR 0602) and LA.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sendsight.db.base import Base, partnership_column


class CommissionedService(Base):
    """A service the partnership commissions: what need it meets, for whom, where, at which
    level of the continuum, how many places, and how it is funded (section 75 pooled or
    aligned, or separate)."""

    __tablename__ = "commissioning_service"
    __table_args__ = (UniqueConstraint("partnership_id", "service_key"),)

    partnership_id: Mapped[str] = partnership_column()
    la_code: Mapped[str] = mapped_column(String(3), index=True)
    service_key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    need: Mapped[str] = mapped_column(String(16), default="all")
    age_band: Mapped[str] = mapped_column(String(16), default="all")
    locality: Mapped[str] = mapped_column(String(100), default="All localities")
    level: Mapped[str] = mapped_column(String(16), default="targeted")
    places: Mapped[int | None] = mapped_column(Integer, default=None)
    high_needs_category: Mapped[str] = mapped_column(String(32), default="services")
    budget_arrangement: Mapped[str] = mapped_column(String(16), default="separate")


class Contribution(Base):
    """What each agency pays towards one EHC plan package or one commissioned service in one
    financial year (``financial_year`` is the year it starts: 2025 = 2025-26)."""

    __tablename__ = "commissioning_contribution"
    __table_args__ = (
        UniqueConstraint(
            "partnership_id",
            "financial_year",
            "subject_kind",
            "subject_id",
            name="uq_commissioning_contribution_subject",
        ),
    )

    partnership_id: Mapped[str] = partnership_column()
    la_code: Mapped[str] = mapped_column(String(3), index=True)
    financial_year: Mapped[int] = mapped_column(Integer)
    subject_kind: Mapped[str] = mapped_column(String(8))  # "plan" or "service"
    subject_id: Mapped[str] = mapped_column(String(100))
    amount_pence: Mapped[int] = mapped_column(BigInteger)
    education_bp: Mapped[int] = mapped_column(Integer)
    health_bp: Mapped[int] = mapped_column(Integer)
    social_care_bp: Mapped[int] = mapped_column(Integer)
    budget_arrangement: Mapped[str] = mapped_column(String(16), default="separate")
    high_needs_category: Mapped[str] = mapped_column(String(32))


class Contract(Base):
    """A contract in the register: provider, service, value, dates, extension options and the
    commissioners (agencies) party to it."""

    __tablename__ = "commissioning_contract"
    __table_args__ = (UniqueConstraint("partnership_id", "reference"),)

    partnership_id: Mapped[str] = partnership_column()
    la_code: Mapped[str] = mapped_column(String(3), index=True)
    reference: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200))
    service_key: Mapped[str | None] = mapped_column(String(64), default=None)
    value_pence: Mapped[int] = mapped_column(BigInteger)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date, index=True)
    extension_months: Mapped[int] = mapped_column(Integer, default=0)
    commissioners: Mapped[list[str]] = mapped_column(JSON)
    notes: Mapped[str] = mapped_column(Text, default="")
    expiry_alerted_on: Mapped[date | None] = mapped_column(Date, default=None)


class ContractMeasure(Base):
    """A contract's key performance indicator: a scorecard performance measure."""

    __tablename__ = "commissioning_kpi"
    __table_args__ = (UniqueConstraint("contract_id", "measure_id"),)

    partnership_id: Mapped[str] = partnership_column()
    contract_id: Mapped[str] = mapped_column(ForeignKey("commissioning_contract.id"), index=True)
    measure_id: Mapped[str] = mapped_column(ForeignKey("outcomes_measure.id"), index=True)


class PersonalBudget(Base):
    """One element of the personal budget in an EHC plan (section J) in a financial year."""

    __tablename__ = "commissioning_budget"
    __table_args__ = (
        UniqueConstraint(
            "partnership_id",
            "plan_id",
            "financial_year",
            "element",
            name="uq_commissioning_budget_element",
        ),
    )

    partnership_id: Mapped[str] = partnership_column()
    la_code: Mapped[str] = mapped_column(String(3), index=True)
    plan_id: Mapped[str] = mapped_column(String(100))
    financial_year: Mapped[int] = mapped_column(Integer)
    element: Mapped[str] = mapped_column(String(16))  # education, health, social_care, integrated
    arrangement: Mapped[str] = mapped_column(String(16))  # direct_payment, organised, third_party
    amount_pence: Mapped[int] = mapped_column(BigInteger)


class UnitCost(Base):
    """The cost of one placement of a type for a year, in whole pounds, and where it came from."""

    __tablename__ = "commissioning_unit_cost"
    __table_args__ = (UniqueConstraint("partnership_id", "la_code", "placement"),)

    partnership_id: Mapped[str] = partnership_column()
    la_code: Mapped[str] = mapped_column(String(3), index=True)
    placement: Mapped[str] = mapped_column(String(32))
    annual_cost: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(300), default="")


class HealthArea(Base):
    """The integrated care board (ICB) whose community health waits the partnership reads: NHS
    England publishes children's waiting lists by ICB, not by LA, and an LA's ICB is not
    derivable from the published files (some LAs straddle two), so the partnership names it."""

    __tablename__ = "commissioning_health_area"
    __table_args__ = (UniqueConstraint("partnership_id"),)

    partnership_id: Mapped[str] = partnership_column()
    icb: Mapped[str] = mapped_column(String(100))


class PriorityCoproduction(Base):
    """A co-production "you said" item that shaped a commissioning priority (a commissioned
    service). ``said_item_id`` names the co-production domain's item; there is no foreign key
    because that domain is optional, so a link to a deleted item is skipped when read."""

    __tablename__ = "commissioning_priority_said"
    __table_args__ = (
        UniqueConstraint(
            "partnership_id",
            "service_key",
            "said_item_id",
            name="uq_commissioning_priority_said_link",
        ),
    )

    partnership_id: Mapped[str] = partnership_column()
    service_key: Mapped[str] = mapped_column(String(64))
    said_item_id: Mapped[str] = mapped_column(String(36), index=True)


class CaseChange(Base):
    """How many times the EHC case records of an LA have changed, as announced by the EHC facts
    rebuild (``ChangeKind.EHC_FACTS``): the needs matrix is cached under it instead of scanning
    the case table on every request (decision 1403)."""

    __tablename__ = "commissioning_case_change"
    __table_args__ = (UniqueConstraint("la_code"),)

    la_code: Mapped[str] = mapped_column(String(3))
    version: Mapped[int] = mapped_column(Integer, default=0)
