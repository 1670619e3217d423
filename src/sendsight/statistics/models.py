"""Tables for published statistics: one row per release (vintage) and one per published cell."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from sendsight.db.base import Base


class StatRelease(Base):
    """One published file of one release: a *vintage* of a publication's figures.

    A later release may revise figures an earlier one published; both are kept.
    ``vintage_order`` orders releases in time (higher is newer) so queries can take the latest
    figure, or the figure as known at an older release. A *correction* release is sendsight's
    own repair of a known error, kept separate so pages can say so.
    """

    __tablename__ = "stat_release"
    __table_args__ = (UniqueConstraint("publication", "release_label"),)

    publication: Mapped[str] = mapped_column(String(80))
    release_label: Mapped[str] = mapped_column(String(80))
    vintage_order: Mapped[int] = mapped_column(Integer, index=True)
    published_on: Mapped[date | None] = mapped_column(Date)
    source_file: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    row_count: Mapped[int] = mapped_column(Integer)
    value_count: Mapped[int] = mapped_column(Integer)
    is_correction: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)


class StatValue(Base):
    """One published cell: an indicator's value for a period, area and breakdown.

    ``value`` is empty when the publisher gave a GSS ``symbol`` instead (``x`` not available,
    ``c`` confidential, ``z`` not applicable, ``low``/``k`` rounds to zero, ``u`` unreliable);
    a symbol is never stored as zero.
    """

    __tablename__ = "stat_value"
    __table_args__ = (
        UniqueConstraint(
            "release_id", "indicator", "period", "geographic_level", "area_code", "breakdown"
        ),
        Index("ix_stat_value_indicator_period", "indicator", "period"),
        Index("ix_stat_value_indicator_area", "indicator", "area_code", "geographic_level"),
    )

    release_id: Mapped[str] = mapped_column(
        ForeignKey("stat_release.id", ondelete="CASCADE"), index=True
    )
    indicator: Mapped[str] = mapped_column(String(80))
    period: Mapped[str] = mapped_column(String(16))
    geographic_level: Mapped[str] = mapped_column(String(10))
    area_code: Mapped[str] = mapped_column(String(9))
    breakdown: Mapped[str] = mapped_column(String(200), default="total")
    value: Mapped[float | None] = mapped_column(Float)
    symbol: Mapped[str | None] = mapped_column(String(4))
