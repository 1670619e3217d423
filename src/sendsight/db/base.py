"""The one declarative base: UUID ids, UTC timestamps, a constraint naming convention.

Dialect-neutral on purpose (SQLite and PostgreSQL): JSON not JSONB, string UUIDs.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Now, timezone-aware in UTC (stored as a naive UTC datetime by SQLite)."""
    return datetime.now(UTC)


def new_id() -> str:
    """A new random UUID as text (portable across SQLite and PostgreSQL)."""
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    """Every table has ``id``, ``created_at_utc`` and ``updated_at_utc``."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at_utc: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    updated_at_utc: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, nullable=False
    )


def partnership_column() -> Mapped[str]:
    """The partnership a row belongs to (``partnership_id``, indexed). Every partnership-owned
    table carries it, child tables included, so that every query filters on one column
    (decision 0602)."""
    return mapped_column(ForeignKey("access_partnership.id"), index=True)
