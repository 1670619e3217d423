"""Facts about the database itself (for example: is this a demonstration database?)."""

from __future__ import annotations

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from sendsight.db.base import Base

DEMO_KEY = "demo"


class MetaEntry(Base):
    """A key/value fact about this database."""

    __tablename__ = "sendsight_meta"

    key: Mapped[str] = mapped_column(String(64), unique=True)
    value: Mapped[str] = mapped_column(String(400))


def get_meta(session: Session, key: str) -> str | None:
    """The value stored under ``key``, or None."""
    return session.scalar(select(MetaEntry.value).where(MetaEntry.key == key))


def set_meta(session: Session, key: str, value: str) -> None:
    """Store ``value`` under ``key`` (insert or update)."""
    entry = session.scalar(select(MetaEntry).where(MetaEntry.key == key))
    if entry is None:
        session.add(MetaEntry(key=key, value=value))
    else:
        entry.value = value
    session.flush()


def is_demo_database(session: Session) -> bool:
    """True when ``sendsight demo`` built this database (demo accounts work only here)."""
    return get_meta(session, DEMO_KEY) == "true"
