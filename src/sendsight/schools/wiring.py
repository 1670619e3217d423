"""What the schools domain registers at start-up: two computed facts the outcomes scorecard
can show for an LA, one value per census year with school figures.

* ``schools_pupils_outside_998_pct`` — the share of pupils in the LA's schools that sit outside
  the 99.8% funnel limits for the EHC plan percentage (either way): how much schools vary beyond
  what chance and their intake explain;
* ``schools_sen_support_per_ehc_plan`` — pupils on SEN support per pupil with an EHC plan across
  the LA's schools: the balance between the two.

Figures come from the shipped January 2019 data and any files the partnership covering the LA
imported; an import changes the data version, so the next refresh reads the new figures.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from sendsight.outcomes.sources import SourcePoint, register_fact

FACTS = {
    "schools_pupils_outside_998_pct": (
        "% of pupils in schools outside the 99.8% limits for EHC plans",
        "outside_998_pct",
    ),
    "schools_sen_support_per_ehc_plan": (
        "Pupils on SEN support per pupil with an EHC plan, across schools",
        "support_per_plan",
    ),
}


def series(session: Session, la_code: str, key: str) -> list[SourcePoint]:
    """The yearly values of fact ``key`` for the schools of ``la_code``."""
    from sendsight.access import queries as access
    from sendsight.schools import profiles

    found = access.partnership_for_la_or_none(session=session, la_code=la_code)
    partnership_id = found.id if found is not None else ""
    points = []
    for year in profiles.years(session, partnership_id=partnership_id):
        value = profiles.la_summary(
            session, partnership_id=partnership_id, la_code=la_code, year=year
        )[FACTS[key][1]]
        if value is not None:
            points.append(SourcePoint(period=str(year), value=float(value)))
    return points


def _compute(key: str) -> Callable[[Session, str], list[SourcePoint]]:
    def compute(session: Session, la_code: str) -> list[SourcePoint]:
        return series(session, la_code, key)

    return compute


def register() -> None:
    """Register the schools facts with the outcomes framework (called by ``sendsight.wiring``)."""
    for key, (label, _) in FACTS.items():
        register_fact(key, label, _compute(key))
