"""Partnerships for tests: the demo partnership's id, or a new partnership of one's own."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from sendsight.access import queries
from sendsight.demo.access import PARTNERSHIP_NAME


def demo_partnership_id(session: Session) -> str:
    """The id of the demo partnership (on the seeded database)."""
    partnership = queries.get_partnership_by_name_or_none(session=session, name=PARTNERSHIP_NAME)
    assert partnership is not None, "the demo partnership is seeded first"
    return partnership.id


def new_partnership_id(
    session: Session, name: str = "Test Partnership", la_codes: Sequence[str] = ()
) -> str:
    """The id of a new partnership (or of the one already called ``name``)."""
    found = queries.get_partnership_by_name_or_none(session=session, name=name)
    if found is not None:
        return found.id
    return queries.create_partnership(session=session, name=name, la_codes=la_codes).id
