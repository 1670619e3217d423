"""DEMONSTRATION DATA for school inclusion profiles.

The demo area's real schools need nothing seeding: their January 2019 figures ship with the
package (``sendsight.schools.shipped``), so every school in Rochdale (LA 354), and in England,
has a profile. This step adds only what the made-up demo schools need, through the same
importer a council uses: a GIAS-style file naming the four demo schools (URNs 990001 to 990004,
a range no real establishment uses) and a census file for January 2019 giving each the figures
of the real Rochdale school of the same type nearest the type's median size (so a demo school
user sees a realistic profile), plus one context note from the demo primary school.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import polars as pl
from sqlalchemy.orm import Session

from sendsight.core.safe_io import write_csv
from sendsight.demo.access import DEMO_SCHOOLS
from sendsight.schools import queries
from sendsight.schools.imports import import_file
from sendsight.schools.shipped import SHIPPED_YEAR, school_level_2019

TYPES = {
    "990001": ("Primary", "State-funded primary"),
    "990002": ("Secondary", "State-funded secondary"),
    "990003": ("Secondary", "State-funded secondary"),
    "990004": ("Not applicable", "State-funded special school"),
}
NOTE = (
    "Our resourced base for autistic pupils (14 places) opened in September 2018, so more of "
    "our pupils have EHC plans than in similar schools. We would welcome a conversation about "
    "outreach to other schools."
)


def _twin(la_code: str, school_type: str) -> dict[str, object]:
    local = (
        school_level_2019()
        .filter(
            (pl.col("la_code") == la_code)
            & (pl.col("school_type") == school_type)
            & pl.col("pupils").is_not_null()
        )
        .sort("urn")
    )
    middle = local["pupils"].median()
    chosen = (
        local.with_columns(gap=(pl.col("pupils") - middle).abs())
        .sort("gap", "urn")
        .row(0, named=True)
    )
    return chosen


def seed(session: Session, *, la_code: str, partnership_id: str, today: date) -> None:
    """Import the demo schools' GIAS rows and January 2019 figures; add one note (idempotent)."""
    gias = [
        [urn, name.removesuffix(" (demo)"), la_code, TYPES[urn][0], TYPES[urn][1], "Open", ""]
        for name, urn in DEMO_SCHOOLS
    ]
    header = [
        "URN",
        "EstablishmentName",
        "LA (code)",
        "PhaseOfEducation (name)",
        "TypeOfEstablishment (name)",
        "EstablishmentStatus (name)",
        "PredecessorURN",
    ]
    import_file(
        session,
        write_csv(gias, header=header),
        file_name="demo-gias.csv",
        kind="gias",
        partnership_id=partnership_id,
    )
    census_rows: list[list[object]] = []
    absence_rows: list[list[object]] = []
    for _, urn in DEMO_SCHOOLS:
        twin = _twin(la_code, TYPES[urn][1])
        census_rows.append(
            [
                urn,
                la_code,
                TYPES[urn][1],
                twin["pupils"],
                twin["ehc_plan"],
                twin["sen_support"],
                twin["eal"],
                twin["fsm"],
            ]
        )
        absence_rows.append(
            [urn, _text(twin["absence_pct"]), _text(twin["persistent_absence_pct"])]
        )
    census_header = ["URN", "LA", "SCHOOLTYPE", "NOR", "TSENELSE", "TSENELK", "NUMEAL", "NUMFSM"]
    import_file(
        session,
        write_csv(census_rows, header=census_header),
        file_name="demo-census-2019.csv",
        kind="census",
        partnership_id=partnership_id,
        year=SHIPPED_YEAR,
    )
    import_file(
        session,
        write_csv(absence_rows, header=["URN", "PERCTOT", "PPERSABS10"]),
        file_name="demo-absence-2019.csv",
        kind="absence",
        partnership_id=partnership_id,
        year=SHIPPED_YEAR,
    )
    if not queries.list_notes(session=session, urn="990001", partnership_id=partnership_id):
        note = queries.add_note(
            session=session,
            urn="990001",
            body=NOTE,
            partnership_id=partnership_id,
            author_role="school",
            author_organisation="Brookfield Primary School",
        )
        at = datetime.combine(today - timedelta(days=9), time(15, 30), tzinfo=UTC)
        note.created_at_utc = at
        note.updated_at_utc = at
    session.flush()


def _text(value: object) -> str:
    return "" if value is None else f"{value}"
