"""DEMONSTRATION DATA for school inclusion profiles.

The demo area's real schools need nothing seeding: their January 2019 figures ship with the
package (``sendsight.schools.shipped``), so every school in Rochdale (LA 354), and in England,
has a profile. This step registers the made-up schools the demo's EHC and front-door cases
name (URNs 990001 to 990999, a range no real establishment uses; names from
``sendsight.demo.ehc_settings``), as a council registers its own schools: through the same
importer, a GIAS-style file and a January 2019 census and absence file.

The four schools with demo users get the figures of the real Rochdale school of the same type
nearest the type's median size (so a demo school user sees a realistic profile). Every other
made-up school gets a real Rochdale school of its type as a template, drawn from a generator
seeded by its URN: the template's shares of pupils eligible for free school meals, with English
as an additional language, on SEN support and with an EHC plan, and its absence, applied to a
roll 15% either side of the template's. So their rates are typical of Rochdale's real schools
of that phase, and the same every build. One context note comes from the demo primary school.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

import polars as pl
from sqlalchemy.orm import Session

from sendsight.core.safe_io import write_csv
from sendsight.demo.access import DEMO_SCHOOLS
from sendsight.demo.ehc_settings import OTHER_PRIMARY, OTHER_SECONDARY, OTHER_SPECIAL, school_name
from sendsight.schools import queries
from sendsight.schools.imports import import_file
from sendsight.schools.shipped import SHIPPED_YEAR, school_level_2019

PRIMARY = ("Primary", "State-funded primary")
SECONDARY = ("Secondary", "State-funded secondary")
SPECIAL = ("Not applicable", "State-funded special school")
TYPES = {
    "990001": PRIMARY,
    "990002": SECONDARY,
    "990003": SECONDARY,
    "990004": SPECIAL,
    **{urn: PRIMARY for urn, _ in OTHER_PRIMARY},
    **{urn: SECONDARY for urn, _ in OTHER_SECONDARY},
    **{urn: SPECIAL for urn, _ in OTHER_SPECIAL},
}
COUNTS = ("ehc_plan", "sen_support", "eal", "fsm")
NOTE = (
    "Our resourced base for autistic pupils (14 places) opened in September 2018, so more of "
    "our pupils have EHC plans than in similar schools. We would welcome a conversation about "
    "outreach to other schools."
)


def _local(la_code: str, school_type: str) -> pl.DataFrame:
    """The LA's real schools of ``school_type`` (England's, for an LA with none)."""
    kind = school_level_2019().filter(
        (pl.col("school_type") == school_type) & (pl.col("pupils") > 0)
    )
    local = kind.filter(pl.col("la_code") == la_code)
    return (local if local.height else kind).sort("urn")


def _twin(local: pl.DataFrame) -> dict[str, object]:
    middle = local["pupils"].median()
    chosen: dict[str, object] = (
        local.with_columns(gap=(pl.col("pupils") - middle).abs())
        .sort("gap", "urn")
        .row(0, named=True)
    )
    return chosen


def _made_up(local: pl.DataFrame, urn: str) -> dict[str, object]:
    """Figures for a made-up school: a real template's shares on a roll near the template's."""
    draw = random.Random(f"schools-demo-{urn}")
    template = local.row(draw.randrange(local.height), named=True)
    pupils = max(20, round(int(template["pupils"]) * draw.uniform(0.85, 1.15)))
    figures: dict[str, object] = {**template, "pupils": pupils}
    for key in COUNTS:
        count = template[key]
        figures[key] = (
            None if count is None else round(int(count) * pupils / int(template["pupils"]))
        )
    return figures


def _figures(la_code: str) -> dict[str, dict[str, object]]:
    frames = {kind: _local(la_code, kind) for _, kind in (PRIMARY, SECONDARY, SPECIAL)}
    demo_users = {urn for _, urn in DEMO_SCHOOLS}
    return {
        urn: _twin(frames[kind]) if urn in demo_users else _made_up(frames[kind], urn)
        for urn, (_, kind) in sorted(TYPES.items())
    }


def _name(urn: str) -> str:
    return school_name(urn) or f"Demo school {urn}"


def seed(session: Session, *, la_code: str, partnership_id: str, today: date) -> None:
    """Import the made-up schools' GIAS rows and January 2019 figures; add one note
    (idempotent: the same files twice are one import)."""
    gias = [
        [urn, _name(urn), la_code, phase, kind, "Open", ""]
        for urn, (phase, kind) in sorted(TYPES.items())
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
    for urn, figures in _figures(la_code).items():
        census_rows.append(
            [urn, la_code, TYPES[urn][1], figures["pupils"], *(figures[k] for k in COUNTS)]
        )
        absence_rows.append(
            [urn, _text(figures["absence_pct"]), _text(figures["persistent_absence_pct"])]
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
