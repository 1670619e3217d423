"""The only place the schools tables are read or written. Every function takes the
partnership's id and reads or writes only that partnership's rows (ADR 0602)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from sendsight.core.errors import NotFound
from sendsight.schools.models import (
    SchoolContextNote,
    SchoolEstablishment,
    SchoolFigure,
    SchoolImport,
    SchoolOption,
)
from sendsight.schools.shipped import COLUMNS

FIGURE_COLUMNS = tuple(c for c in COLUMNS if c != "urn")


def data_version(*, session: Session, partnership_id: str) -> tuple[int, int, str]:
    """(number of imports, newest sequence, newest import's id): changes whenever a file is
    imported (the id tells apart two histories of the same length)."""
    row = session.execute(
        select(SchoolImport.sequence, SchoolImport.id, func.count().over())
        .where(SchoolImport.partnership_id == partnership_id)
        .order_by(SchoolImport.sequence.desc(), SchoolImport.id)
        .limit(1)
    ).first()
    if row is None:
        return 0, 0, ""
    return int(row[2]), int(row[0]), str(row[1])


def find_import(
    *, session: Session, partnership_id: str, kind: str, sha256: str
) -> SchoolImport | None:
    """The import of these exact bytes, if it was imported before."""
    return session.scalars(
        select(SchoolImport).where(
            SchoolImport.partnership_id == partnership_id,
            SchoolImport.kind == kind,
            SchoolImport.sha256 == sha256,
        )
    ).first()


def list_imports(*, session: Session, partnership_id: str) -> list[SchoolImport]:
    """Every file the partnership imported, newest first."""
    return list(
        session.scalars(
            select(SchoolImport)
            .where(SchoolImport.partnership_id == partnership_id)
            .order_by(SchoolImport.sequence.desc(), SchoolImport.id)
        )
    )


def next_sequence(*, session: Session, partnership_id: str) -> int:
    """The sequence number of the next import."""
    return data_version(session=session, partnership_id=partnership_id)[1] + 1


def imported_years(*, session: Session, partnership_id: str) -> list[int]:
    """Census years the partnership imported figures for, oldest first."""
    rows = session.scalars(
        select(SchoolFigure.year)
        .where(SchoolFigure.partnership_id == partnership_id)
        .distinct()
        .order_by(SchoolFigure.year)
    )
    return [int(y) for y in rows]


def imported_figures(*, session: Session, partnership_id: str, year: int) -> pl.DataFrame:
    """The partnership's imported figures for ``year``, one row per URN: for each column, the
    value from the newest import that holds one."""
    query = (
        select(
            SchoolImport.sequence,
            SchoolFigure.urn,
            *[getattr(SchoolFigure, c) for c in FIGURE_COLUMNS],
        )
        .join(SchoolImport, SchoolImport.id == SchoolFigure.import_id)
        .where(SchoolFigure.partnership_id == partnership_id, SchoolFigure.year == year)
        .order_by(SchoolImport.sequence, SchoolFigure.urn)
    )
    rows = session.execute(query).all()
    schema: dict[str, type[pl.DataType]] = {"sequence": pl.Int64, **COLUMNS}
    frame = pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")
    return (
        frame.sort("sequence")
        .group_by("urn", maintain_order=True)
        .agg(*[pl.col(c).drop_nulls().last() for c in FIGURE_COLUMNS])
        .sort("urn")
    )


def establishments(*, session: Session, partnership_id: str) -> list[SchoolEstablishment]:
    """Every school the partnership's GIAS imports describe, by URN."""
    return list(
        session.scalars(
            select(SchoolEstablishment)
            .where(SchoolEstablishment.partnership_id == partnership_id)
            .order_by(SchoolEstablishment.urn)
        )
    )


def establishment_or_none(
    *, session: Session, urn: str, partnership_id: str
) -> SchoolEstablishment | None:
    """The GIAS record of ``urn`` held by the partnership, if any."""
    return session.scalars(
        select(SchoolEstablishment).where(
            SchoolEstablishment.partnership_id == partnership_id, SchoolEstablishment.urn == urn
        )
    ).first()


def list_notes(*, session: Session, urn: str, partnership_id: str) -> list[SchoolContextNote]:
    """The context notes on a school's profile, oldest first."""
    return list(
        session.scalars(
            select(SchoolContextNote)
            .where(SchoolContextNote.partnership_id == partnership_id, SchoolContextNote.urn == urn)
            .order_by(SchoolContextNote.created_at_utc, SchoolContextNote.id)
        )
    )


def add_note(
    *,
    session: Session,
    urn: str,
    body: str,
    partnership_id: str,
    author_role: str,
    author_organisation: str,
) -> SchoolContextNote:
    """Add a context note to a school's profile."""
    note = SchoolContextNote(
        partnership_id=partnership_id,
        urn=urn,
        body=body,
        author_role=author_role,
        author_organisation=author_organisation[:200],
    )
    session.add(note)
    session.flush()
    return note


def get_note(*, session: Session, note_id: str, partnership_id: str) -> SchoolContextNote:
    """One context note; another partnership's is ``NotFound``."""
    note = session.get(SchoolContextNote, note_id)
    if note is None or note.partnership_id != partnership_id:
        raise NotFound("No such note")
    return note


def public_view(*, session: Session, partnership_id: str) -> bool:
    """Whether the partnership's administrators turned the public view of profiles on."""
    option = session.scalars(
        select(SchoolOption).where(SchoolOption.partnership_id == partnership_id)
    ).first()
    return bool(option and option.public_view)


def set_public_view(*, session: Session, on: bool, partnership_id: str) -> None:
    """Turn the public view of the partnership's school profiles on or off."""
    option = session.scalars(
        select(SchoolOption).where(SchoolOption.partnership_id == partnership_id)
    ).first()
    if option is None:
        session.add(SchoolOption(partnership_id=partnership_id, public_view=on))
    else:
        option.public_view = on
    session.flush()


@dataclass(frozen=True)
class NewFigure:
    """One school's figures read from a file, before they are stored."""

    urn: str
    values: dict[str, object]


def store_import(
    *,
    session: Session,
    partnership_id: str,
    kind: str,
    year: int | None,
    file_name: str,
    sha256: str,
    figures: Sequence[NewFigure] = (),
    schools: Sequence[dict[str, str | None]] = (),
) -> SchoolImport:
    """Write one import and its rows (the caller's transaction makes it all-or-nothing)."""
    done = SchoolImport(
        partnership_id=partnership_id,
        kind=kind,
        year=year,
        file_name=file_name[:255],
        sha256=sha256,
        rows=len(figures) + len(schools),
        sequence=next_sequence(session=session, partnership_id=partnership_id),
    )
    session.add(done)
    session.flush()
    for key in ("schools_versions", "schools_years", "schools_names"):
        session.info.pop(key, None)  # what was read per session moves on
    if figures:
        session.execute(
            insert(SchoolFigure),
            [
                {
                    "partnership_id": partnership_id,
                    "import_id": done.id,
                    "urn": f.urn,
                    "year": year,
                    **f.values,
                }
                for f in figures
            ],
        )
    for school in schools:
        urn = str(school["urn"])
        held = establishment_or_none(session=session, urn=urn, partnership_id=partnership_id)
        if held is None:
            held = SchoolEstablishment(partnership_id=partnership_id, urn=urn)
            session.add(held)
        held.import_id = done.id
        held.name = str(school["name"])
        held.la_code = str(school["la_code"])
        held.phase = school.get("phase")
        held.school_type = school.get("school_type")
        held.status = school.get("status")
        held.predecessor_urn = school.get("predecessor_urn")
    session.flush()
    return done
