"""Reference tables: local authorities, their ONS codes over time, reorganisations, neighbours."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sendsight.db.base import Base


class LocalAuthority(Base):
    """An English local authority with education duties, keyed by its DfE 3-digit code.

    ``is_current`` is false for an LA abolished by a reorganisation (``valid_to`` is its last
    day); ``ons_code`` is its latest ONS (GSS) code.
    """

    __tablename__ = "ref_local_authority"

    dfe_code: Mapped[str] = mapped_column(String(3), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    region_code: Mapped[str] = mapped_column(String(9), index=True)
    region_name: Mapped[str] = mapped_column(String(60))
    ons_code: Mapped[str] = mapped_column(String(9))
    la_type: Mapped[str | None] = mapped_column(String(8))
    is_current: Mapped[bool] = mapped_column(Boolean)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class LaOnsCode(Base):
    """One ONS code an LA has carried, and when (open-ended when ``valid_to`` is empty)."""

    __tablename__ = "ref_la_ons_code"
    __table_args__ = (UniqueConstraint("dfe_code", "ons_code", "valid_from"),)

    dfe_code: Mapped[str] = mapped_column(ForeignKey("ref_local_authority.dfe_code"), index=True)
    ons_code: Mapped[str] = mapped_column(String(9), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200))


class LaSuccession(Base):
    """A reorganisation link: from ``effective_on`` the predecessor's area is (partly) the
    successor's."""

    __tablename__ = "ref_la_succession"
    __table_args__ = (UniqueConstraint("predecessor_code", "successor_code"),)

    predecessor_code: Mapped[str] = mapped_column(ForeignKey("ref_local_authority.dfe_code"))
    successor_code: Mapped[str] = mapped_column(ForeignKey("ref_local_authority.dfe_code"))
    effective_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200))


class StatisticalNeighbour(Base):
    """One of an LA's ten DfE statistical neighbours: similar LAs for benchmarking.

    ``rank`` 1 is the most similar; ``closeness`` is DfE's word for how similar.
    """

    __tablename__ = "ref_statistical_neighbour"
    __table_args__ = (UniqueConstraint("la_code", "source", "rank"),)

    la_code: Mapped[str] = mapped_column(ForeignKey("ref_local_authority.dfe_code"), index=True)
    neighbour_code: Mapped[str] = mapped_column(ForeignKey("ref_local_authority.dfe_code"))
    rank: Mapped[int] = mapped_column(Integer)
    closeness: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(80))
