"""Tables for published statistics: one row per release (vintage) and one per published cell."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from sendsight.db.base import Base


class StatRelease(Base):
    """One published file of one release: a *vintage* of a publication's figures.

    A later release may revise figures an earlier one published; both are kept.
    ``vintage_order`` orders releases in time (higher is newer) so queries can take the latest
    figure, or the figure as known at an older release. A *correction* release is sendsight's
    own repair of a known error, kept separate so pages can say so. ``number`` is a small
    integer that each stored value refers to (see decision 0401).
    """

    __tablename__ = "stat_release"
    __table_args__ = (UniqueConstraint("publication", "release_label"),)

    number: Mapped[int] = mapped_column(Integer, unique=True)
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


class FactBase(DeclarativeBase):
    """Declarative base for fact tables: the shared ``MetaData`` (same naming convention, same
    migrations) but none of the entity columns ``Base`` adds (UUID ``id``, timestamps)."""

    metadata = Base.metadata


class StatValue(FactBase):
    """One published cell: an indicator's value for a period, area and breakdown in a release.

    ``value`` is empty when the publisher gave a GSS ``symbol`` instead (``x`` not available,
    ``c`` confidential, ``z`` not applicable, ``low``/``k`` rounds to zero, ``u`` unreliable);
    a symbol is never stored as zero.

    A fact, not an entity: its primary key is the cell's natural key, ordered so that the key's
    own index answers every query (an indicator for a period; an indicator for an area) and no
    other index has to be kept up to date on import (decision 0401).
    """

    __tablename__ = "stat_value"
    # SQLite stores the rows in the primary key's B-tree itself (no hidden rowid table).
    __table_args__ = {"sqlite_with_rowid": False}

    indicator: Mapped[str] = mapped_column(String(80), primary_key=True)
    breakdown: Mapped[str] = mapped_column(String(200), primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    geographic_level: Mapped[str] = mapped_column(String(10), primary_key=True)
    area_code: Mapped[str] = mapped_column(String(9), primary_key=True)
    # No foreign key: checking one per row costs more than the import itself, and values are
    # only ever written and deleted together with their release (``queries``).
    release_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[float | None] = mapped_column(Float)
    symbol: Mapped[str | None] = mapped_column(String(4))
