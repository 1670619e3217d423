"""School profile objects for the tenancy matrix: a GIAS record and January 2019 figures for
the partnership's made-up school, a context note on it, and the public-view option.

The routes name schools by ``urn`` and LAs by ``la_code``, which the matrix fills in already;
a school is public data, so ``urn`` is not an object argument: what must not cross is the
partnership's own imports and notes (checked through ``tag`` and :func:`held`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.models import User
from sendsight.core.safe_io import write_csv
from sendsight.schools import queries
from sendsight.schools.imports import import_file
from sendsight.schools.models import SchoolContextNote, SchoolFigure

OBJECT_ARGUMENTS: set[str] = set()


def make(
    session: Session, *, partnership_id: str, la_code: str, admin: User, tag: str
) -> dict[str, str]:
    """The partnership's made-up school (990001 for the demo, 990101 for the other) with
    figures, and a context note carrying ``tag``."""
    urn = "990001" if tag == "Alpha" else "990101"
    header = ["URN", "EstablishmentName", "LA (code)"]
    import_file(
        session,
        write_csv([[urn, f"{tag} School", la_code]], header=header),
        file_name="tenancy-gias.csv",
        kind="gias",
        partnership_id=partnership_id,
    )
    census = write_csv(
        [[urn, la_code, "State-funded primary", 200, 9, 30, 20, 40]],
        header=["URN", "LA", "SCHOOLTYPE", "NOR", "TSENELSE", "TSENELK", "NUMEAL", "NUMFSM"],
    )
    import_file(
        session,
        census,
        file_name="tenancy-census.csv",
        kind="census",
        partnership_id=partnership_id,
        year=2023,
    )
    queries.add_note(
        session=session,
        urn=urn,
        body=f"{tag} context note",
        partnership_id=partnership_id,
        author_role="school",
        author_organisation=f"{tag} School",
    )
    return {}


def held(session: Session, *, partnership_id: str) -> object:
    """The partnership's notes, figures and public-view choice."""
    notes = session.scalars(
        select(SchoolContextNote.body)
        .where(SchoolContextNote.partnership_id == partnership_id)
        .order_by(SchoolContextNote.id)
    ).all()
    figures = session.scalars(
        select(SchoolFigure.urn)
        .where(SchoolFigure.partnership_id == partnership_id)
        .order_by(SchoolFigure.id)
    ).all()
    return (
        list(notes),
        list(figures),
        queries.public_view(session=session, partnership_id=partnership_id),
    )
