"""The only place the governance tables are read or written. Every function takes the
partnership (keyword-only) and filters on it (ADR 0602); a look-up by id of another
partnership's row raises ``NotFound``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import polars as pl
from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session, defer

from sendsight.core.errors import NotFound
from sendsight.db.base import new_id, utcnow
from sendsight.governance.census import COLUMNS, CensusFile
from sendsight.governance.models import (
    BoardMeeting,
    CensusImport,
    CensusPupil,
    Commentary,
    Decision,
    PlanPriority,
)

PUPIL_COLUMNS = tuple(c.name for c in COLUMNS)


@dataclass(frozen=True)
class CensusResult:
    """What an import did: how many pupils are now held, and whether anything changed."""

    la_code: str
    pupils: int
    changed: bool
    import_id: str


def latest_census_import(
    *, session: Session, partnership_id: str, la_code: str
) -> CensusImport | None:
    """The LA's latest census import, or None."""
    return session.scalars(
        select(CensusImport)
        .where(CensusImport.partnership_id == partnership_id, CensusImport.la_code == la_code)
        .order_by(CensusImport.imported_at_utc.desc(), CensusImport.id.desc())
        .limit(1)
    ).first()


def lists_version(*, session: Session, partnership_id: str, la_code: str) -> tuple[object, ...]:
    """A fingerprint of everything the LA's Annex A lists are built from: its EHC requests and
    reviews (how many, and the latest change) and its latest census import."""
    from sqlalchemy import func

    from sendsight.ehc.models import EhcRequest, EhcReview

    parts: list[object] = []
    for model in (EhcRequest, EhcReview):
        row = session.execute(
            select(func.count(), func.max(model.updated_at_utc)).where(model.la_code == la_code)
        ).one()
        parts += [row[0], str(row[1])]
    latest = latest_census_import(session=session, partnership_id=partnership_id, la_code=la_code)
    return (*parts, latest.id if latest else None)


def store_census(
    *,
    session: Session,
    partnership_id: str,
    la_code: str,
    census: CensusFile,
    census_date: date,
    imported_by: str,
) -> CensusResult:
    """Replace the LA's census pupils with ``census`` in the caller's transaction.

    Idempotent: the same file (same rows, same census date) again changes nothing.
    """
    last = latest_census_import(session=session, partnership_id=partnership_id, la_code=la_code)
    if last is not None and last.digest == census.digest and last.census_date == census_date:
        return CensusResult(la_code, last.pupils, False, last.id)
    session.execute(
        delete(CensusPupil).where(
            CensusPupil.partnership_id == partnership_id, CensusPupil.la_code == la_code
        )
    )
    now = utcnow()
    rows = [
        {
            "id": new_id(),
            "created_at_utc": now,
            "updated_at_utc": now,
            "partnership_id": partnership_id,
            "la_code": la_code,
            **{name: row.get(name) for name in PUPIL_COLUMNS},
            "elective_home_education": bool(row.get("elective_home_education")),
        }
        for row in census.rows
    ]
    if rows:
        session.execute(insert(cast(Table, CensusPupil.__table__)), rows)
    done = CensusImport(
        partnership_id=partnership_id,
        la_code=la_code,
        census_date=census_date,
        filename=census.filename[:255],
        digest=census.digest,
        pupils=len(rows),
        imported_at_utc=now,
        imported_by=imported_by[:254],
    )
    session.add(done)
    session.flush()
    return CensusResult(la_code, len(rows), True, done.id)


def load_census(*, session: Session, partnership_id: str, la_code: str) -> pl.DataFrame:
    """The LA's census pupils as a frame (the census columns), by UPN."""
    columns = [getattr(CensusPupil, name) for name in PUPIL_COLUMNS]
    result = session.execute(
        select(*columns)
        .where(CensusPupil.partnership_id == partnership_id, CensusPupil.la_code == la_code)
        .order_by(CensusPupil.upn)
    ).all()
    schema: dict[str, Any] = {name: _dtype(name) for name in PUPIL_COLUMNS}
    return pl.DataFrame([tuple(r) for r in result], schema=schema, orient="row")


def _dtype(name: str) -> Any:
    kind = next(c.kind for c in COLUMNS if c.name == name)
    return {"date": pl.Date, "count": pl.Int64, "percent": pl.Float64, "flag": pl.Boolean}.get(
        kind, pl.String
    )


# Board meetings, commentary and decisions -------------------------------------------------


def list_meetings(*, session: Session, partnership_id: str) -> list[BoardMeeting]:
    """The partnership's board meetings, latest first (their packs are loaded only when read:
    an issued pack is a large JSON document)."""
    return list(
        session.scalars(
            select(BoardMeeting)
            .options(defer(BoardMeeting.pack))
            .where(BoardMeeting.partnership_id == partnership_id)
            .order_by(BoardMeeting.meeting_on.desc(), BoardMeeting.id)
        )
    )


def get_meeting(*, session: Session, meeting_id: str, partnership_id: str) -> BoardMeeting:
    """One meeting; another partnership's, or none, is ``NotFound``."""
    found = session.get(BoardMeeting, meeting_id)
    if found is None or found.partnership_id != partnership_id:
        raise NotFound("No such board meeting")
    return found


def get_meeting_on(
    *, session: Session, meeting_on: date, partnership_id: str
) -> BoardMeeting | None:
    """The meeting held on ``meeting_on``, or None."""
    return session.scalars(
        select(BoardMeeting).where(
            BoardMeeting.partnership_id == partnership_id, BoardMeeting.meeting_on == meeting_on
        )
    ).first()


def create_meeting(
    *, session: Session, partnership_id: str, meeting_on: date, title: str
) -> BoardMeeting:
    """A planned meeting (no pack yet)."""
    meeting = BoardMeeting(partnership_id=partnership_id, meeting_on=meeting_on, title=title[:200])
    session.add(meeting)
    session.flush()
    return meeting


def list_commentary(*, session: Session, partnership_id: str, meeting_id: str) -> list[Commentary]:
    """The commentary asked for a meeting, by measure."""
    return list(
        session.scalars(
            select(Commentary)
            .where(Commentary.partnership_id == partnership_id, Commentary.meeting_id == meeting_id)
            .order_by(Commentary.measure_key)
        )
    )


def get_commentary(*, session: Session, commentary_id: str, partnership_id: str) -> Commentary:
    """One commentary request; another partnership's is ``NotFound``."""
    found = session.get(Commentary, commentary_id)
    if found is None or found.partnership_id != partnership_id:
        raise NotFound("No such commentary request")
    return found


def ask_commentary(
    *,
    session: Session,
    meeting: BoardMeeting,
    measure_key: str,
    measure_name: str,
    owner_email: str,
    requested_on: date,
) -> Commentary:
    """Ask a measure's owner for commentary (once per meeting and measure)."""
    existing = session.scalars(
        select(Commentary).where(
            Commentary.meeting_id == meeting.id, Commentary.measure_key == measure_key
        )
    ).first()
    if existing is not None:
        return existing
    asked = Commentary(
        partnership_id=meeting.partnership_id,
        meeting_id=meeting.id,
        measure_key=measure_key,
        measure_name=measure_name[:300],
        owner_email=owner_email[:254],
        requested_on=requested_on,
    )
    session.add(asked)
    session.flush()
    return asked


def list_decisions(
    *, session: Session, partnership_id: str, upto: date | None = None
) -> list[Decision]:
    """The decisions log, latest first (up to ``upto`` when given)."""
    query = select(Decision).where(Decision.partnership_id == partnership_id)
    if upto is not None:
        query = query.where(Decision.decided_on <= upto)
    return list(session.scalars(query.order_by(Decision.decided_on.desc(), Decision.id)))


def get_decision(*, session: Session, decision_id: str, partnership_id: str) -> Decision:
    """One decision; another partnership's, or none, is ``NotFound``."""
    found = session.get(Decision, decision_id)
    if found is None or found.partnership_id != partnership_id:
        raise NotFound("No such decision")
    return found


def create_decision(*, session: Session, partnership_id: str, **fields: Any) -> Decision:
    """Record a board decision."""
    decision = Decision(partnership_id=partnership_id, **fields)
    session.add(decision)
    session.flush()
    return decision


def count_rows(*, session: Session, partnership_id: str) -> tuple[int, ...]:
    """How many rows of each governance table the partnership holds (a fingerprint)."""
    from sqlalchemy import func

    models: Sequence[Any] = (
        CensusPupil, CensusImport, BoardMeeting, Commentary, Decision, PlanPriority
    )  # fmt: skip
    return tuple(
        session.scalar(
            select(func.count()).select_from(m).where(m.partnership_id == partnership_id)
        )
        or 0
        for m in models
    )
