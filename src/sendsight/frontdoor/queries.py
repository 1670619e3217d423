"""The only place the front door's tables are read or written. ``session`` is keyword-only and
every query takes the ``partnership_id`` it is for: another partnership's row is ``NotFound``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Final, TypeVar, cast

import polars as pl
from sqlalchemy import Select, Table, bindparam, func, select
from sqlalchemy.orm import Session

from sendsight.core.errors import NotFound
from sendsight.db.base import Base, utcnow
from sendsight.frontdoor.intake import NewRequest
from sendsight.frontdoor.models import (
    FdAgendaItem,
    FdDecision,
    FdMeeting,
    FdPanel,
    FdPanelMember,
    FdRequest,
    FdSetting,
    FdStatusChange,
    FdTargets,
)

Row = TypeVar("Row", bound=Base)
_CHUNK: Final = 500
OPEN_STATUSES: Final = ("received", "acknowledged")


def _owned(session: Session, model: type[Row], row_id: str, partnership_id: str) -> Row:
    found = session.get(model, row_id)
    if found is None or getattr(found, "partnership_id", None) != partnership_id:
        raise NotFound(f"No such {model.__tablename__.removeprefix('frontdoor_')}")
    return found


def bulk_insert(*, session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows at once (the demo and the CSV intake)."""
    table = cast(Table, model.__table__)
    for start in range(0, len(rows), _CHUNK):
        session.execute(table.insert(), list(rows[start : start + _CHUNK]))


# --- Targets and settings -------------------------------------------------------------------


def get_targets(*, session: Session, partnership_id: str) -> FdTargets:
    """The partnership's response-time targets (the defaults when it has set none)."""
    found = session.scalars(
        select(FdTargets).where(FdTargets.partnership_id == partnership_id)
    ).one_or_none()
    if found is None:
        return FdTargets(
            partnership_id=partnership_id, acknowledge_days=2, route_days=10, breaching_soon_days=2
        )
    return found


def set_targets(
    *,
    session: Session,
    partnership_id: str,
    acknowledge_days: int,
    route_days: int,
    breaching_soon_days: int,
) -> FdTargets:
    """Store the partnership's targets (working days)."""
    found = session.scalars(
        select(FdTargets).where(FdTargets.partnership_id == partnership_id)
    ).one_or_none()
    if found is None:
        found = FdTargets(partnership_id=partnership_id)
        session.add(found)
    found.acknowledge_days, found.route_days = acknowledge_days, route_days
    found.breaching_soon_days = breaching_soon_days
    session.flush()
    return found


def settings_by_urn(*, session: Session, partnership_id: str) -> dict[str, FdSetting]:
    """The schools and settings the front door knows, by URN."""
    query = select(FdSetting).where(FdSetting.partnership_id == partnership_id)
    return {s.urn: s for s in session.scalars(query.order_by(FdSetting.urn, FdSetting.id))}


def add_setting(
    *,
    session: Session,
    partnership_id: str,
    la_code: str,
    urn: str,
    name: str,
    phase: str,
    locality: str,
) -> FdSetting:
    """Add a school or setting to the front door's list (or update the one with ``urn``)."""
    found = settings_by_urn(session=session, partnership_id=partnership_id).get(urn)
    if found is None:
        found = FdSetting(partnership_id=partnership_id, urn=urn)
        session.add(found)
    found.la_code, found.name, found.phase, found.locality = la_code, name, phase, locality
    session.flush()
    return found


# --- Requests -------------------------------------------------------------------------------


def next_reference(*, session: Session, partnership_id: str, year: int, offset: int = 0) -> str:
    """The next free reference for a request received in ``year`` (``FD-2025-00042``)."""
    prefix = f"FD-{year}-"
    used = session.scalar(
        select(func.count(FdRequest.id)).where(
            FdRequest.partnership_id == partnership_id, FdRequest.reference.like(prefix + "%")
        )
    )
    return f"{prefix}{int(used or 0) + 1 + offset:05d}"


def request_row(
    new: NewRequest,
    *,
    partnership_id: str,
    la_code: str,
    reference: str,
    submitted_by: str,
    locality: str | None,
) -> dict[str, Any]:
    """The table row for a checked request (status ``received``)."""
    return {
        "partnership_id": partnership_id,
        "la_code": la_code,
        "reference": reference,
        "person_id": new.person_id,
        "date_of_birth": new.date_of_birth,
        "upn": new.upn,
        "setting_urn": new.setting_urn,
        "locality": locality,
        "source": new.source,
        "submitted_by": submitted_by,
        "need_area": new.need_area,
        "other_need_areas": new.other_need_areas,
        "needs_text": new.needs_text,
        "graduated_approach": new.graduated_approach,
        "asked_for": new.asked_for,
        "consent": new.consent,
        "received_on": new.received_on,
        "status": "received",
        "unmet_need": False,
    }


def create_request(*, session: Session, row: dict[str, Any]) -> FdRequest:
    """Store one request and its first status change."""
    found = FdRequest(**row)
    session.add(found)
    session.flush()
    add_status(session=session, request=found, status="received", by_email=found.submitted_by)
    return found


def add_status(
    *,
    session: Session,
    request: FdRequest,
    status: str,
    by_email: str,
    note: str | None = None,
    at_utc: datetime | None = None,
) -> FdStatusChange:
    """Move ``request`` to ``status``, timestamped (every change is kept)."""
    request.status = status
    change = FdStatusChange(
        partnership_id=request.partnership_id,
        request_id=request.id,
        status=status,
        at_utc=at_utc or utcnow(),
        by_email=by_email,
        note=note,
        date_of_birth=request.date_of_birth,
    )
    session.add(change)
    session.flush()
    return change


def get_request(*, session: Session, partnership_id: str, request_id: str) -> FdRequest:
    """The partnership's request ``request_id``; raises ``NotFound``."""
    return _owned(session, FdRequest, request_id, partnership_id)


def list_status_changes(*, session: Session, request: FdRequest) -> list[FdStatusChange]:
    """The request's status changes, oldest first."""
    query = select(FdStatusChange).where(
        FdStatusChange.request_id == request.id,
        FdStatusChange.partnership_id == request.partnership_id,
    )
    return list(session.scalars(query.order_by(FdStatusChange.at_utc, FdStatusChange.id)))


def list_requests(
    *,
    session: Session,
    partnership_id: str,
    la_codes: Sequence[str],
    statuses: Sequence[str] = (),
    urn: str | None = None,
    source: str | None = None,
    need_area: str | None = None,
    submitted_by: str | None = None,
    limit: int = 500,
) -> list[FdRequest]:
    """The partnership's requests (filtered; ``submitted_by``: made by that email, in any
    case), oldest received first."""
    query = select(FdRequest).where(FdRequest.la_code.in_(sorted(la_codes)))
    if statuses:
        # Few requests are open among many: find them through the (LA, status) index, then
        # read only those rows by id.
        query = select(FdRequest).where(
            FdRequest.id.in_(_ids_with_status(session, la_codes, statuses))
        )
    if urn is not None:
        query = query.where(FdRequest.setting_urn == urn)
    if source:
        query = query.where(FdRequest.source == source)
    if need_area:
        query = query.where(FdRequest.need_area == need_area)
    if submitted_by is not None:
        query = query.where(func.lower(FdRequest.submitted_by) == submitted_by.lower())
    order = (FdRequest.received_on, FdRequest.reference, FdRequest.id)
    found = (
        session.scalars(query.order_by(*order)).all()
        if statuses
        else session.scalars(
            query.where(FdRequest.partnership_id == partnership_id).order_by(*order).limit(limit)
        ).all()
    )
    return [r for r in found if r.partnership_id == partnership_id][:limit]


@dataclass(frozen=True, slots=True)
class Waiting:
    """A request waiting for triage, with only what the queue shows."""

    id: str
    reference: str
    received_on: date
    source: str
    need_area: str
    acknowledged_on: date | None


def waiting_requests(
    *,
    session: Session,
    partnership_id: str,
    la_codes: Sequence[str],
    source: str | None = None,
    need_area: str | None = None,
    limit: int = 50,
) -> list[Waiting]:
    """The ``limit`` requests waiting longest for triage (received first; their due dates come
    first too, as a fixed number of working days is added to each), read through the
    (LA, status, received) index, only the columns the queue shows."""
    query = select(
        FdRequest.id,
        FdRequest.reference,
        FdRequest.received_on,
        FdRequest.source,
        FdRequest.need_area,
        FdRequest.acknowledged_on,
    ).where(
        FdRequest.la_code.in_(sorted(la_codes)),
        FdRequest.status.in_(OPEN_STATUSES),
        FdRequest.partnership_id == partnership_id,
    )
    if source:
        query = query.where(FdRequest.source == source)
    if need_area:
        query = query.where(FdRequest.need_area == need_area)
    order = (FdRequest.received_on, FdRequest.reference, FdRequest.id)
    return [Waiting(*row) for row in session.execute(query.order_by(*order).limit(limit))]


def _ids_with_status(
    session: Session, la_codes: Sequence[str], statuses: Sequence[str]
) -> list[str]:
    """Ids of the requests in ``statuses`` (read through the (LA, status) index first: few are
    open among many)."""
    query = select(FdRequest.id).where(
        FdRequest.la_code.in_(sorted(la_codes)), FdRequest.status.in_(list(statuses))
    )
    return list(session.scalars(query))


def count_open(*, session: Session, partnership_id: str, la_codes: Sequence[str]) -> int:
    """How many of the partnership's requests are waiting for triage."""
    return int(
        session.scalar(
            select(func.count(FdRequest.id)).where(
                FdRequest.partnership_id == partnership_id,
                FdRequest.la_code.in_(sorted(la_codes)),
                FdRequest.status.in_(OPEN_STATUSES),
            )
        )
        or 0
    )


def list_for_person(
    *, session: Session, partnership_id: str, request: FdRequest
) -> list[FdRequest]:
    """Other requests that are likely about the same child: the same reference, or the same
    date of birth with the same UPN or school."""
    same_child = (FdRequest.person_id == request.person_id) | (
        (FdRequest.date_of_birth == request.date_of_birth)
        & (
            (FdRequest.upn == request.upn)
            | ((FdRequest.setting_urn == request.setting_urn) & FdRequest.setting_urn.is_not(None))
        )
    )
    query = select(FdRequest).where(
        FdRequest.partnership_id == partnership_id, FdRequest.id != request.id, same_child
    )
    return list(session.scalars(query.order_by(FdRequest.received_on, FdRequest.id)))


FRAME_COLUMNS: Final = (
    "person_id",
    "setting_urn",
    "locality",
    "source",
    "need_area",
    "received_on",
    "route",
    "unmet_need",
    "working_days_to_route",
)
_FRAME_SCHEMA: Final = {n: pl.String() for n in FRAME_COLUMNS} | {
    "received_on": pl.Date(),
    "unmet_need": pl.Boolean(),
    "working_days_to_route": pl.Int64(),
}


def requests_frame(
    *,
    session: Session,
    la_code: str,
    partnership_id: str | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    columns: Sequence[str] = FRAME_COLUMNS,
) -> pl.DataFrame:
    """Requests of ``la_code`` (optionally received between two days) for analytics: only the
    ``columns`` asked for (reading fewer is much faster on a large store)."""
    query = select(*(getattr(FdRequest, n) for n in columns)).where(FdRequest.la_code == la_code)
    if partnership_id is not None:
        query = query.where(FdRequest.partnership_id == partnership_id)
    if received_from is not None:
        query = query.where(FdRequest.received_on >= received_from)
    if received_to is not None:
        query = query.where(FdRequest.received_on <= received_to)
    ordered = query.order_by(FdRequest.received_on, FdRequest.id)
    return _frame(session, ordered, {n: _FRAME_SCHEMA[n] for n in columns})


def _frame(session: Session, query: Any, schema: dict[str, Any]) -> pl.DataFrame:
    """The rows of ``query`` as a frame, read straight from the driver's cursor: tens of
    thousands of rows without a Python object and a date conversion per value (SQLite hands
    back dates as ISO text and booleans as 0 or 1; Polars converts whole columns at once)."""
    session.flush()
    result = session.connection().execute(query)
    try:
        rows = result.cursor.fetchall() if result.cursor is not None else []
    finally:
        result.close()
    frame = pl.DataFrame(rows, schema=list(schema), orient="row", infer_schema_length=None)
    return frame.with_columns(
        _as(name, frame.schema[name], dtype) for name, dtype in schema.items()
    )


def _as(name: str, found: Any, wanted: Any) -> pl.Expr:
    column = pl.col(name)
    if wanted == pl.Date() and found == pl.String():
        return column.str.slice(0, 10).str.to_date("%Y-%m-%d")
    return column.cast(wanted)


def history_for_person(*, session: Session, la_code: str, person_id: str) -> list[dict[str, Any]]:
    """The front-door requests of ``la_code`` about the child whose EHC person id is
    ``person_id``: those that made an EHC request for that person (``ehc_request_id``), and
    those under the same pseudonymous reference. Oldest first, with ``received_on``,
    ``source``, ``route``, ``status`` and ``decided_on`` (ISO dates or None): the day a panel
    decided on it when one did (the latest decision), else the day its route was decided.
    Not audited here: the caller (an inspection deep dive) audits the view."""
    from sendsight.ehc.models import EhcRequest

    ehc_ids = select(EhcRequest.request_id).where(
        EhcRequest.la_code == la_code, EhcRequest.person_id == person_id
    )
    panel_day = (
        select(func.max(FdDecision.decided_on))
        .where(FdDecision.request_id == FdRequest.id)
        .scalar_subquery()
    )
    query = select(
        FdRequest.received_on,
        FdRequest.source,
        FdRequest.route,
        FdRequest.status,
        FdRequest.routed_on,
        panel_day,
    ).where(
        FdRequest.la_code == la_code,
        (FdRequest.person_id == person_id) | FdRequest.ehc_request_id.in_(ehc_ids),
    )
    rows = session.execute(query.order_by(FdRequest.received_on, FdRequest.reference))
    return [
        {
            "received_on": received.isoformat(),
            "source": source,
            "route": route,
            "status": status,
            "decided_on": _iso(decided or routed),
        }
        for received, source, route, status, routed, decided in rows
    ]


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def data_version(*, session: Session, la_code: str) -> tuple[object, ...]:
    """Changes whenever a request of ``la_code`` or any decision is added or changed: the time
    of the latest change of each, read through an index (one step, however many rows) in one
    statement built once per process."""
    row = session.execute(_version_statement(), {"la_code": la_code}).one()
    return (row[0], row[1])


@lru_cache(maxsize=1)
def _version_statement() -> Select[*tuple[Any, ...]]:
    latest_request = (
        select(FdRequest.updated_at_utc)
        .where(FdRequest.la_code == bindparam("la_code"))
        .order_by(FdRequest.updated_at_utc.desc())
        .limit(1)
        .scalar_subquery()
    )
    latest_decision = (
        select(FdDecision.updated_at_utc)
        .order_by(FdDecision.updated_at_utc.desc())
        .limit(1)
        .scalar_subquery()
    )
    return select(latest_request, latest_decision)


# --- Panels ---------------------------------------------------------------------------------


def create_panel(
    *,
    session: Session,
    partnership_id: str,
    la_code: str,
    name: str,
    panel_type: str,
    quorum: int,
    required_agencies: Sequence[str],
) -> FdPanel:
    """Set up a panel of one type with its quorum rule."""
    panel = FdPanel(
        partnership_id=partnership_id,
        la_code=la_code,
        name=name,
        panel_type=panel_type,
        quorum=quorum,
        required_agencies=list(required_agencies),
    )
    session.add(panel)
    session.flush()
    return panel


def get_panel(*, session: Session, partnership_id: str, panel_id: str) -> FdPanel:
    """The partnership's panel; raises ``NotFound``."""
    return _owned(session, FdPanel, panel_id, partnership_id)


def list_panels(*, session: Session, partnership_id: str) -> list[FdPanel]:
    """The partnership's panels, by name."""
    query = select(FdPanel).where(FdPanel.partnership_id == partnership_id)
    return list(session.scalars(query.order_by(FdPanel.name, FdPanel.id)))


def add_member(
    *, session: Session, panel: FdPanel, email: str, name: str, agency: str, is_chair: bool = False
) -> FdPanelMember:
    """Add a member to ``panel``."""
    member = FdPanelMember(
        partnership_id=panel.partnership_id,
        panel_id=panel.id,
        email=email,
        name=name,
        agency=agency,
        is_chair=is_chair,
    )
    session.add(member)
    session.flush()
    return member


def list_members(*, session: Session, panel: FdPanel) -> list[FdPanelMember]:
    """The panel's members, chair first."""
    query = select(FdPanelMember).where(
        FdPanelMember.panel_id == panel.id, FdPanelMember.partnership_id == panel.partnership_id
    )
    order = (FdPanelMember.is_chair.desc(), FdPanelMember.name, FdPanelMember.id)
    return list(session.scalars(query.order_by(*order)))


def panel_ids_of_member(*, session: Session, partnership_id: str, email: str) -> list[str]:
    """The panels ``email`` sits on."""
    query = select(FdPanelMember.panel_id).where(
        FdPanelMember.partnership_id == partnership_id,
        func.lower(FdPanelMember.email) == email.lower(),
    )
    return sorted(set(session.scalars(query)))


def create_meeting(
    *, session: Session, panel: FdPanel, meets_on: date, papers_due_on: date
) -> FdMeeting:
    """Add a meeting of ``panel``."""
    meeting = FdMeeting(
        partnership_id=panel.partnership_id,
        panel_id=panel.id,
        meets_on=meets_on,
        papers_due_on=papers_due_on,
        present_member_ids=[],
    )
    session.add(meeting)
    session.flush()
    return meeting


def get_meeting(*, session: Session, partnership_id: str, meeting_id: str) -> FdMeeting:
    """The partnership's meeting; raises ``NotFound``."""
    return _owned(session, FdMeeting, meeting_id, partnership_id)


def list_meetings(
    *, session: Session, partnership_id: str, panel_ids: Sequence[str] | None = None
) -> list[FdMeeting]:
    """Meetings (of some panels), newest first."""
    query = select(FdMeeting).where(FdMeeting.partnership_id == partnership_id)
    if panel_ids is not None:
        query = query.where(FdMeeting.panel_id.in_(list(panel_ids)))
    return list(session.scalars(query.order_by(FdMeeting.meets_on.desc(), FdMeeting.id)))


def add_agenda_item(
    *,
    session: Session,
    meeting: FdMeeting,
    request: FdRequest,
    question: str,
    papers: str | None,
) -> FdAgendaItem:
    """Put ``request`` on ``meeting``'s agenda, asking ``question``."""
    position = len(list_agenda(session=session, meeting=meeting)) + 1
    item = FdAgendaItem(
        partnership_id=meeting.partnership_id,
        meeting_id=meeting.id,
        request_id=request.id,
        question=question,
        position=position,
        papers=papers,
        date_of_birth=request.date_of_birth,
    )
    session.add(item)
    session.flush()
    return item


def list_agenda(*, session: Session, meeting: FdMeeting) -> list[FdAgendaItem]:
    """The meeting's agenda, in order."""
    query = select(FdAgendaItem).where(
        FdAgendaItem.meeting_id == meeting.id,
        FdAgendaItem.partnership_id == meeting.partnership_id,
    )
    return list(session.scalars(query.order_by(FdAgendaItem.position, FdAgendaItem.id)))


def agenda_item_or_none(
    *, session: Session, meeting: FdMeeting, request_id: str
) -> FdAgendaItem | None:
    """The agenda item for ``request_id`` at ``meeting``, if it is on the agenda."""
    query = select(FdAgendaItem).where(
        FdAgendaItem.meeting_id == meeting.id,
        FdAgendaItem.request_id == request_id,
        FdAgendaItem.partnership_id == meeting.partnership_id,
    )
    return session.scalars(query).one_or_none()


def on_agendas_of(*, session: Session, request_id: str, panel_ids: Sequence[str]) -> bool:
    """Whether the request is on the agenda of a meeting of one of ``panel_ids``."""
    query = (
        select(func.count(FdAgendaItem.id))
        .join(FdMeeting, FdMeeting.id == FdAgendaItem.meeting_id)
        .where(FdAgendaItem.request_id == request_id, FdMeeting.panel_id.in_(list(panel_ids)))
    )
    return bool(session.scalar(query))


def requests_on_agendas(*, session: Session, meeting_ids: Sequence[str]) -> set[str]:
    """Ids of requests on the agendas of ``meeting_ids``."""
    query = select(FdAgendaItem.request_id).where(FdAgendaItem.meeting_id.in_(list(meeting_ids)))
    return set(session.scalars(query))


def decision_or_none(*, session: Session, request_id: str, question: str) -> FdDecision | None:
    """The decision on ``request_id`` for ``question``, if one was made."""
    query = select(FdDecision).where(
        FdDecision.request_id == request_id, FdDecision.question == question
    )
    return session.scalars(query).one_or_none()


def add_decision(*, session: Session, row: dict[str, Any]) -> FdDecision:
    """Store a decision."""
    decision = FdDecision(**row)
    session.add(decision)
    session.flush()
    return decision


def list_decisions(*, session: Session, partnership_id: str, request_id: str) -> list[FdDecision]:
    """The decisions made on one request, oldest first."""
    query = select(FdDecision).where(
        FdDecision.partnership_id == partnership_id, FdDecision.request_id == request_id
    )
    return list(session.scalars(query.order_by(FdDecision.decided_on, FdDecision.id)))


def decisions_frame(
    *,
    session: Session,
    la_code: str,
    decided_from: date,
    decided_to: date,
    partnership_id: str | None = None,
) -> pl.DataFrame:
    """Decisions of panels of ``la_code`` made between two days, with the request's school,
    need, locality and the child's date of birth (for phase)."""
    names = (
        "panel_id",
        "panel_name",
        "question",
        "agreed",
        "decided_on",
        "setting_urn",
        "need_area",
        "locality",
        "date_of_birth",
    )
    query = (
        select(
            FdDecision.panel_id,
            FdPanel.name,
            FdDecision.question,
            FdDecision.agreed,
            FdDecision.decided_on,
            FdRequest.setting_urn,
            FdRequest.need_area,
            FdRequest.locality,
            FdRequest.date_of_birth,
        )
        .join(FdPanel, FdPanel.id == FdDecision.panel_id)
        .join(FdRequest, FdRequest.id == FdDecision.request_id)
        .where(
            FdPanel.la_code == la_code,
            FdDecision.decided_on >= decided_from,
            FdDecision.decided_on <= decided_to,
        )
    )
    if partnership_id is not None:
        query = query.where(FdDecision.partnership_id == partnership_id)
    schema = {n: pl.String() for n in names} | {
        "agreed": pl.Boolean(),
        "decided_on": pl.Date(),
        "date_of_birth": pl.Date(),
    }
    return _frame(session, query.order_by(FdDecision.decided_on, FdDecision.id), schema)
