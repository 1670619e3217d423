"""The table of published statistics: one row per release (vintage), holding its cells as a blob."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    Date,
    Integer,
    LargeBinary,
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
    own repair of a known error, kept separate so pages can say so. ``number`` is a small
    integer in load order.

    ``values_blob`` holds every cell of the release (a compressed Arrow IPC file of the long
    frame, see ``statistics.blobs``): a release never changes once loaded, so its cells are
    stored and read as one value (decision 0401). It is loaded only when asked for.
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
    values_blob: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
