"""Tables of the schools domain: imported school-level files (vintages), their figures by URN,
establishments (names, phases and predecessor links), context notes and the public-view option.

The real January 2019 figures for every school in England ship with the package
(``schools/data``) and are read from there, not copied into these tables (ADR 1301).
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sendsight.db.base import Base


class SchoolImport(Base):
    """One school-level file imported by a partnership: a vintage. The same bytes twice are one
    import (``sha256``), so importing again changes nothing."""

    __tablename__ = "schools_import"
    __table_args__ = (UniqueConstraint("partnership_id", "kind", "sha256"),)

    partnership_id: Mapped[str] = mapped_column(ForeignKey("access_partnership.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    year: Mapped[int | None] = mapped_column(Integer, default=None)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer, default=0)
    sequence: Mapped[int] = mapped_column(Integer, default=0)


class SchoolFigure(Base):
    """One school's figures for one census year from one import; empty columns were not in the
    file. The newest import holding a column wins for that school and year."""

    __tablename__ = "schools_figure"
    __table_args__ = (UniqueConstraint("import_id", "urn"),)

    partnership_id: Mapped[str] = mapped_column(ForeignKey("access_partnership.id"), index=True)
    import_id: Mapped[str] = mapped_column(ForeignKey("schools_import.id"), index=True)
    urn: Mapped[str] = mapped_column(String(7), index=True)
    year: Mapped[int] = mapped_column(Integer)
    la_code: Mapped[str | None] = mapped_column(String(3), default=None)
    school_type: Mapped[str | None] = mapped_column(String(64), default=None)
    pupils: Mapped[int | None] = mapped_column(Integer, default=None)
    ehc_plan: Mapped[int | None] = mapped_column(Integer, default=None)
    sen_support: Mapped[int | None] = mapped_column(Integer, default=None)
    eal: Mapped[int | None] = mapped_column(Integer, default=None)
    fsm: Mapped[int | None] = mapped_column(Integer, default=None)
    absence_pct: Mapped[float | None] = mapped_column(Float, default=None)
    persistent_absence_pct: Mapped[float | None] = mapped_column(Float, default=None)
    # KS4 destinations: the year-11 cohort and how many were in a sustained destination.
    ks4_cohort: Mapped[int | None] = mapped_column(Integer, default=None)
    ks4_sustained: Mapped[int | None] = mapped_column(Integer, default=None)


class SchoolEstablishment(Base):
    """A school as GIAS describes it, from the newest establishments file imported."""

    __tablename__ = "schools_establishment"
    __table_args__ = (UniqueConstraint("partnership_id", "urn"),)

    partnership_id: Mapped[str] = mapped_column(ForeignKey("access_partnership.id"), index=True)
    import_id: Mapped[str] = mapped_column(ForeignKey("schools_import.id"), index=True)
    urn: Mapped[str] = mapped_column(String(7))
    name: Mapped[str] = mapped_column(String(200))
    la_code: Mapped[str] = mapped_column(String(3))
    phase: Mapped[str | None] = mapped_column(String(64), default=None)
    school_type: Mapped[str | None] = mapped_column(String(100), default=None)
    status: Mapped[str | None] = mapped_column(String(32), default=None)
    predecessor_urn: Mapped[str | None] = mapped_column(String(7), default=None)


class SchoolContextNote(Base):
    """Context a school (or the LA) adds to a profile; it is shown and printed with it."""

    __tablename__ = "schools_context_note"

    partnership_id: Mapped[str] = mapped_column(ForeignKey("access_partnership.id"), index=True)
    urn: Mapped[str] = mapped_column(String(7), index=True)
    body: Mapped[str] = mapped_column(Text)
    author_role: Mapped[str] = mapped_column(String(32))
    author_organisation: Mapped[str] = mapped_column(String(200))


class SchoolOption(Base):
    """A partnership's choices for school profiles: the public view is off unless an
    administrator turns it on."""

    __tablename__ = "schools_option"
    __table_args__ = (UniqueConstraint("partnership_id"),)

    partnership_id: Mapped[str] = mapped_column(ForeignKey("access_partnership.id"))
    public_view: Mapped[bool] = mapped_column(default=False)
