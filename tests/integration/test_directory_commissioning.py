"""The Local Offer as supply in the commissioning matrix: rows in the matrix's codes, counted
as services in the matrix's cells."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sendsight.commissioning import needs
from sendsight.directory import commissioning, queries
from sendsight.forecasting.breakdowns import NEEDS
from tests.conftest import DEMO_TODAY


def _owner(session: Session) -> str:
    owner = queries.published_partnership_id(session=session)
    assert owner is not None
    return owner


def test_each_active_listing_is_one_row_per_need_in_the_matrix_codes(
    seeded_session: Session,
) -> None:
    rows = commissioning.services_by_need(
        session=seeded_session, partnership_id=_owner(seeded_session), la_code="354"
    )
    assert len(rows) >= 150
    assert {r["need"] for r in rows} <= set(NEEDS) and "asd" in {r["need"] for r in rows}
    assert {r["age_band"] for r in rows} <= {"all", "0-4", "5-10", "11-15", "16-19", "20-25"}
    assert {r["level"] for r in rows} <= {"all", "universal", "targeted", "specialist"}
    assert "Heywood" in {r["locality"] for r in rows}
    assert all(r["places"] is None and r["name"] for r in rows)


def test_the_commissioning_matrix_counts_local_offer_services(seeded_session: Session) -> None:
    owner = _owner(seeded_session)
    found = needs.matrix(seeded_session, partnership_id=owner, la_code="354", today=DEMO_TODAY)
    assert "Local Offer directory" not in found.missing_sources
    rows = commissioning.services_by_need(
        session=seeded_session, partnership_id=owner, la_code="354"
    )
    listed = [e for c in found.cells for e in c.evidence if e.startswith("Local Offer: ")]
    assert len(listed) == len(rows)
    first = rows[0]
    cell = next(
        c
        for c in found.cells
        if (c.need, c.age_band, c.locality, c.level)
        == (first["need"], first["age_band"], first["locality"], first["level"])
    )
    assert f"Local Offer: {first['name']}" in cell.evidence and cell.services >= 1
