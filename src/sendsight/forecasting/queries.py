"""Reading and writing specialist place capacity (the ``forecast_capacity`` table).

The web pages, the CLI and the demonstration seed call these; none of them commits (the caller
owns the transaction) and none writes the audit log (the caller knows who and why). Every row
belongs to the partnership covering its LA: each function takes ``partnership_id`` and sees
only that partnership's rows (ADR 0602).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.core.errors import NotFound
from sendsight.forecasting.capacity_files import CAPACITY_SCHEMA, KEY
from sendsight.forecasting.models import PlaceCapacity

Key = tuple[str, str, str, int]


@dataclass(frozen=True, slots=True)
class UpsertSummary:
    """What an import did: rows added, rows whose places or note changed, rows unchanged."""

    added: int
    changed: int
    unchanged: int


def upsert_capacity(
    *, session: Session, rows: pl.DataFrame, partnership_id: str, updated_by: str
) -> UpsertSummary:
    """Add or replace a partnership's places by (LA, setting, need, year); ``rows`` as from
    ``parse_capacity_csv``, for LAs the caller has checked the partnership covers.

    A key already held takes the file's places and note (a note left empty keeps none).
    """
    held = _held(session, sorted(set(rows["la_code"].to_list())), partnership_id)
    added = changed = 0
    for row in rows.sort(*KEY).iter_rows(named=True):
        key: Key = (row["la_code"], row["setting"], row["need"], int(row["year"]))
        places, note = int(row["places"]), str(row.get("note") or "")
        found = held.get(key)
        if found is None:
            session.add(PlaceCapacity(
                partnership_id=partnership_id, la_code=key[0], setting=key[1], need=key[2],
                year=key[3], places=places, note=note, updated_by=updated_by,
            ))  # fmt: skip
            added += 1
        elif (found.places, found.note) != (places, note):
            found.places, found.note, found.updated_by = places, note, updated_by
            changed += 1
    session.flush()
    return UpsertSummary(added, changed, rows.height - added - changed)


def _held(session: Session, la_codes: list[str], partnership_id: str) -> dict[Key, PlaceCapacity]:
    query = select(PlaceCapacity).where(
        PlaceCapacity.partnership_id == partnership_id, PlaceCapacity.la_code.in_(la_codes)
    )
    return {(r.la_code, r.setting, r.need, r.year): r for r in session.scalars(query)}


def list_capacity(*, session: Session, la_code: str, partnership_id: str) -> list[PlaceCapacity]:
    """The partnership's capacity rows for the LA, by setting, need and year (none for an LA
    the partnership does not cover)."""
    query = (
        select(PlaceCapacity)
        .where(PlaceCapacity.partnership_id == partnership_id, PlaceCapacity.la_code == la_code)
        .order_by(PlaceCapacity.setting, PlaceCapacity.need, PlaceCapacity.year, PlaceCapacity.id)
    )
    return list(session.scalars(query))


def capacity_for(*, session: Session, la_code: str, partnership_id: str) -> pl.DataFrame | None:
    """The partnership's capacity for the LA as a frame (columns of ``CAPACITY_SCHEMA``), or
    None when it has none."""
    rows = list_capacity(session=session, la_code=la_code, partnership_id=partnership_id)
    if not rows:
        return None
    data = {name: [getattr(r, name) for r in rows] for name in CAPACITY_SCHEMA}
    return pl.DataFrame(data, schema=CAPACITY_SCHEMA)


def get_capacity(*, session: Session, row_id: str, partnership_id: str) -> PlaceCapacity:
    """One of the partnership's capacity rows by id; ``NotFound`` when it has none such."""
    row = session.get(PlaceCapacity, row_id)
    if row is None or row.partnership_id != partnership_id:
        raise NotFound("There is no capacity row with this id")
    return row


def update_capacity(
    *, session: Session, row: PlaceCapacity, places: int, note: str, updated_by: str
) -> dict[str, object]:
    """Change one row's places and note; returns the old and new values (for the audit log)."""
    change: dict[str, object] = {"places": [row.places, places], "note": [row.note, note]}
    row.places, row.note, row.updated_by = places, note, updated_by
    session.flush()
    return change
