"""Importing the same outcome values again adds no new version to their history."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.outcomes import queries
from sendsight.outcomes.models import MeasureValue
from sendsight.outcomes.value_import import import_values_csv
from tests.partnerships import new_partnership_id

VALUES = "measure_id,period,value,numerator,denominator,note\ncalls,2025-01,10,10,20,checked\n"


def _versions(session: Session, measure_id: str) -> int:
    query = select(func.count()).select_from(MeasureValue)
    return session.scalar(query.where(MeasureValue.measure_id == measure_id)) or 0


def test_reimporting_identical_values_adds_no_history_version(db_session: Session) -> None:
    own = {"partnership_id": new_partnership_id(db_session)}
    measure = queries.create_measure(
        session=db_session,
        key="calls",
        name="Calls",
        level="performance",
        frequency="monthly",
        unit="count",
        **own,
    )
    first = import_values_csv(db_session, VALUES, filename="a.csv", entered_by="first", **own)
    again = import_values_csv(db_session, VALUES, filename="a.csv", entered_by="second", **own)
    assert (first.added, first.corrected) == (1, 0)
    assert (again.added, again.corrected) == (0, 0)
    assert _versions(db_session, measure.id) == 1
    held = queries.current_values(session=db_session, measure_ids=[measure.id], **own)
    assert held["entered_by"].to_list() == ["first"]


def test_a_changed_note_is_a_new_version(db_session: Session) -> None:
    own = {"partnership_id": new_partnership_id(db_session)}
    measure = queries.create_measure(
        session=db_session,
        key="calls",
        name="Calls",
        level="performance",
        frequency="monthly",
        unit="count",
        **own,
    )
    import_values_csv(db_session, VALUES, filename="a.csv", entered_by="first", **own)
    changed = VALUES.replace("checked", "rechecked")
    summary = import_values_csv(db_session, changed, filename="b.csv", entered_by="second", **own)
    assert summary.corrected == 1 and _versions(db_session, measure.id) == 2
