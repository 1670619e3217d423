"""Forecasting tables: specialist place capacity entered by a council.

One row is the number of places a local authority expects to have in one setting for children
with one primary need (or ``all`` needs) in January of one year. Rows are changed in place
(upserted by LA, setting, need and year); who changed them last is kept here and every change
is written to the audit log.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sendsight.db.base import Base


class PlaceCapacity(Base):
    """Places in one setting for one primary need (or ``all``) in January of ``year``."""

    __tablename__ = "forecast_capacity"
    __table_args__ = (UniqueConstraint("la_code", "setting", "need", "year"),)

    # The partnership covering ``la_code`` (an LA belongs to at most one: ADR 0602).
    partnership_id: Mapped[str] = mapped_column(ForeignKey("access_partnership.id"), index=True)
    la_code: Mapped[str] = mapped_column(String(3), index=True)
    setting: Mapped[str] = mapped_column(String(32))
    need: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    places: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="")
    updated_by: Mapped[str] = mapped_column(String(320), default="")
