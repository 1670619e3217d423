"""The only place the EHC tables are read or written. ``session`` is always keyword-only.

Writes are *syncs*: an incoming frame is compared with the stored rows by key; new keys are
inserted, rows whose values differ are updated (and only they get a new ``updated_at_utc``),
equal rows are left alone. So importing the same files twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Final

import polars as pl
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from sendsight.core.errors import NotFound
from sendsight.db.base import Base, utcnow
from sendsight.ehc import frames as fr
from sendsight.ehc.metrics import EhcFacts
from sendsight.ehc.models import (
    EhcAdvice,
    EhcImport,
    EhcRequest,
    EhcReview,
    FtEhcAdvice,
    FtEhcMonthly,
    FtEhcStage,
    FtEhcTimeliness,
)

if TYPE_CHECKING:
    from sendsight.ehc.facts import AllFacts

_OLD: Final = "__old"
_CHUNK: Final = 500


@dataclass(frozen=True, slots=True)
class SyncCount:
    """What a sync did to one table."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def as_dict(self) -> dict[str, int]:
        """The counts as a plain dict (for JSON and the import log)."""
        return asdict(self)


def _columns(model: type[Base], names: Sequence[str]) -> list[Any]:
    return [getattr(model, name) for name in names]


def _read(
    session: Session, model: type[Any], schema: dict[str, pl.DataType], la_code: str | None
) -> pl.DataFrame:
    query = select(*_columns(model, list(schema)))
    if la_code is not None:
        query = query.where(model.la_code == la_code)
    rows = session.execute(query.order_by(model.la_code, model.id)).all()
    return pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")


def sync_rows(
    *,
    session: Session,
    model: type[Any],
    incoming: pl.DataFrame,
    key: Sequence[str],
    la_code: str,
    delete_missing: bool = False,
) -> SyncCount:
    """Make ``model``'s rows of ``la_code`` agree with ``incoming`` (matched on ``key``).

    Stored rows whose key is not in ``incoming`` are kept, unless ``delete_missing``.
    """
    schema = {"id": pl.String(), **incoming.schema}
    stored = _read(session, model, schema, la_code)
    joined = incoming.join(stored, on=list(key), how="left", suffix=_OLD, nulls_equal=True)
    values = [c for c in incoming.columns if c not in key]
    differs = pl.any_horizontal(
        [pl.col(c).ne_missing(pl.col(c + _OLD)) for c in values] or [pl.lit(False)]
    )
    new = joined.filter(pl.col("id").is_null()).select(incoming.columns)
    changed = joined.filter(pl.col("id").is_not_null() & differs).select("id", *values)
    _insert(session, model, new.to_dicts())
    _update(session, model, changed.to_dicts())
    gone: list[str] = []
    if delete_missing:
        kept = stored.join(incoming.select(key), on=list(key), how="anti", nulls_equal=True)
        gone = kept.get_column("id").to_list()
        for start in range(0, len(gone), _CHUNK):
            session.execute(delete(model).where(model.id.in_(gone[start : start + _CHUNK])))
    return SyncCount(new.height, changed.height, incoming.height - new.height - changed.height,
                     len(gone))  # fmt: skip


def _insert(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _CHUNK):
        session.execute(insert(model), rows[start : start + _CHUNK])


def _update(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    now = utcnow()
    for start in range(0, len(rows), _CHUNK):
        chunk = [{**row, "updated_at_utc": now} for row in rows[start : start + _CHUNK]]
        session.execute(update(model), chunk)


# --- Case records ---------------------------------------------------------------------------

_CASE_TABLES: Final = (
    ("requests", EhcRequest, fr.REQUESTS_SCHEMA, fr.REQUEST_KEY),
    ("advice", EhcAdvice, fr.ADVICE_SCHEMA, fr.ADVICE_KEY),
    ("reviews", EhcReview, fr.REVIEWS_SCHEMA, fr.REVIEW_KEY),
)


def upsert_cases(*, session: Session, la_code: str, frames: fr.EhcFrames) -> dict[str, SyncCount]:
    """Upsert one LA's case frames by their keys; returns what changed per table."""
    requests = fr.stored(frames.requests)
    counts = {
        "requests": sync_rows(
            session=session,
            model=EhcRequest,
            incoming=requests,
            key=fr.REQUEST_KEY,
            la_code=la_code,
        )
    }
    births = _births(session, la_code)
    advice = fr.stored(frames.advice).join(
        births.select("request_id", "date_of_birth"), on="request_id", how="left"
    )
    by_person = (
        births.drop_nulls("date_of_birth").group_by("person_id").agg(pl.col("date_of_birth").min())
    )
    reviews = frames.reviews.join(by_person, on="person_id", how="left")
    counts["advice"] = sync_rows(
        session=session, model=EhcAdvice, incoming=advice, key=fr.ADVICE_KEY, la_code=la_code
    )
    counts["reviews"] = sync_rows(
        session=session, model=EhcReview, incoming=reviews, key=fr.REVIEW_KEY, la_code=la_code
    )
    return counts


def _births(session: Session, la_code: str) -> pl.DataFrame:
    """Every stored request's person and date of birth (advice and reviews inherit it)."""
    schema = {"request_id": pl.String(), "person_id": pl.String(), "date_of_birth": pl.Date()}
    return _read(session, EhcRequest, schema, la_code)


def load_frames(*, session: Session, la_code: str | None = None) -> fr.EhcFrames:
    """The stored cases (of one LA, or all) as normalised frames."""
    loaded = [_read(session, model, schema, la_code) for _, model, schema, _ in _CASE_TABLES]
    return fr.assemble(*loaded)


def load_requests(*, session: Session, la_code: str) -> pl.DataFrame:
    """One LA's requests as a normalised frame (for the at-risk list)."""
    stored = _read(session, EhcRequest, fr.REQUESTS_SCHEMA, la_code)
    return fr.conform(stored, fr.REQUESTS_SCHEMA, fr.REQUEST_KEY)


def load_setting_requests(*, session: Session, urn: str, la_codes: Sequence[str]) -> pl.DataFrame:
    """The requests about children at the setting ``urn`` received by any of ``la_codes``, as a
    normalised frame (the setting's own page counts only its viewer's authorities)."""
    query = select(*_columns(EhcRequest, list(fr.REQUESTS_SCHEMA))).where(
        EhcRequest.setting_urn == urn, EhcRequest.la_code.in_(sorted(la_codes))
    )
    rows = session.execute(query.order_by(EhcRequest.la_code, EhcRequest.id)).all()
    stored = pl.DataFrame([tuple(r) for r in rows], schema=fr.REQUESTS_SCHEMA, orient="row")
    return fr.conform(stored, fr.REQUESTS_SCHEMA, fr.REQUEST_KEY)


def list_setting_urns(*, session: Session, la_codes: Sequence[str]) -> list[str]:
    """Every setting URN named on a request received by any of ``la_codes``, in order."""
    query = (
        select(EhcRequest.setting_urn)
        .distinct()
        .where(EhcRequest.setting_urn.is_not(None), EhcRequest.la_code.in_(sorted(la_codes)))
    )
    return sorted(u for u in session.scalars(query).all() if u is not None)


def list_case_la_codes(*, session: Session) -> list[str]:
    """Every LA with stored requests, or with facts left over from earlier cases."""
    found: set[str] = set()
    for model in (EhcRequest, FtEhcTimeliness):
        found.update(session.scalars(select(model.la_code).distinct()).all())
    return sorted(found)


def count_cases(*, session: Session, la_code: str) -> dict[str, int]:
    """How many requests, advice and review rows are stored for ``la_code``."""
    return {
        name: len(session.scalars(select(model.id).where(model.la_code == la_code)).all())
        for name, model, _, _ in _CASE_TABLES
    }


def get_request(*, session: Session, la_code: str, request_id: str) -> EhcRequest:
    """The request ``request_id`` of ``la_code``; raises ``NotFound``."""
    found = session.scalars(
        select(EhcRequest).where(EhcRequest.la_code == la_code,
                                 EhcRequest.request_id == request_id)
    ).one_or_none()  # fmt: skip
    if found is None:
        raise NotFound(f"No request {request_id} for this local authority")
    return found


def list_advice_for(*, session: Session, la_code: str, request_id: str) -> list[EhcAdvice]:
    """The advice requested for one request, oldest first."""
    query = select(EhcAdvice).where(EhcAdvice.la_code == la_code,
                                    EhcAdvice.request_id == request_id)  # fmt: skip
    order = (EhcAdvice.requested_on, EhcAdvice.advice_type, EhcAdvice.id)
    return list(session.scalars(query.order_by(*order)))


def list_reviews_for(*, session: Session, la_code: str, person_id: str) -> list[EhcReview]:
    """The annual reviews of one person's plans, oldest first."""
    query = select(EhcReview).where(EhcReview.la_code == la_code,
                                    EhcReview.person_id == person_id)  # fmt: skip
    return list(session.scalars(query.order_by(EhcReview.review_meeting_on, EhcReview.id)))


# --- Import log -----------------------------------------------------------------------------


def create_import(
    *,
    session: Session,
    la_code: str,
    source: str,
    files: Sequence[str],
    imported_by: str,
    counts: dict[str, SyncCount],
    checks: Sequence[dict[str, Any]] = (),
) -> EhcImport:
    """Log one import (what came in, what changed, the quality checks found)."""
    row = EhcImport(la_code=la_code, source=source, files=list(files), imported_by=imported_by,
                    imported_at_utc=utcnow(), checks=list(checks),
                    counts={name: c.as_dict() for name, c in counts.items()})  # fmt: skip
    session.add(row)
    session.flush()
    return row


def list_imports(*, session: Session, la_code: str) -> list[EhcImport]:
    """One LA's imports, newest first."""
    query = select(EhcImport).where(EhcImport.la_code == la_code)
    return list(session.scalars(query.order_by(EhcImport.imported_at_utc.desc(),
                                               EhcImport.id.desc())))  # fmt: skip


def get_import(*, session: Session, la_code: str, import_id: str) -> EhcImport:
    """One import of ``la_code``; raises ``NotFound`` (also for another LA's import)."""
    found = session.get(EhcImport, import_id)
    if found is None or found.la_code != la_code:
        raise NotFound("No such import")
    return found


# --- Fact tables ----------------------------------------------------------------------------

_FACT_TABLES: Final = (
    ("timeliness", FtEhcTimeliness, ("la_code", "year")),
    ("advice", FtEhcAdvice, ("la_code", "year", "advice_type")),
    ("monthly", FtEhcMonthly, ("la_code", "month")),
    ("stages", FtEhcStage, ("la_code", "year", "stage", "weeks_band")),
)


def replace_facts(*, session: Session, la_code: str, facts: AllFacts) -> dict[str, SyncCount]:
    """Make ``la_code``'s fact rows equal ``facts`` (unchanged rows are left untouched)."""
    written: dict[str, SyncCount] = {}
    for name, model, key in _FACT_TABLES:
        frame: pl.DataFrame = getattr(facts, name).filter(pl.col("la_code") == la_code)
        wanted = [c.name for c in model.__table__.columns if c.name not in _BASE_COLUMNS]
        written[model.__tablename__] = sync_rows(
            session=session,
            model=model,
            incoming=frame.select(wanted),
            key=key,
            la_code=la_code,
            delete_missing=True,
        )
    return written


_BASE_COLUMNS: Final = frozenset({"id", "created_at_utc", "updated_at_utc"})


def read_facts(*, session: Session, la_code: str, table: str) -> pl.DataFrame:
    """One fact table's rows for ``la_code`` (``timeliness``, ``advice``, ``monthly``, ``stages``),
    in key order."""
    for name, model, key in _FACT_TABLES:
        if name == table:
            names = [c.name for c in model.__table__.columns if c.name not in _BASE_COLUMNS]
            query = select(*_columns(model, names)).where(model.la_code == la_code)
            rows = session.execute(query.order_by(*_columns(model, key))).all()
            return pl.DataFrame([tuple(r) for r in rows], schema=names, orient="row",
                                infer_schema_length=None)  # fmt: skip
    raise ValueError(f"No EHC fact table called {table!r}")


def facts_for(*, session: Session, la_code: str) -> EhcFacts:
    """The stored facts of ``la_code`` in the shape :func:`metrics.metrics_for` reads."""
    return EhcFacts(
        timeliness=read_facts(session=session, la_code=la_code, table="timeliness"),
        advice=read_facts(session=session, la_code=la_code, table="advice"),
    )


# --- Requests made through the front door (``sendsight.frontdoor``) --------------------------


def record_front_door_request(
    *, session: Session, la_code: str, request_id: str, fields: dict[str, Any]
) -> EhcRequest:
    """Store a request for an EHC needs assessment made through the front door, or update the
    one with ``request_id`` (``fields``: columns of ``ehc_request``, such as ``received_on``,
    ``decision`` and ``decision_on``). The statutory clock runs from ``received_on``."""
    found = session.scalars(
        select(EhcRequest).where(EhcRequest.la_code == la_code,
                                 EhcRequest.request_id == request_id)
    ).one_or_none()  # fmt: skip
    if found is None:
        found = EhcRequest(la_code=la_code, request_id=request_id, **fields)
        session.add(found)
    else:
        for name, value in fields.items():
            setattr(found, name, value)
    session.flush()
    return found
