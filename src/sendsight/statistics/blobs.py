"""Every loaded release's cells as one Polars frame per process, read from the releases' blobs.

A release's cells never change once loaded, so they are stored as one compressed Arrow IPC
stream on its ``stat_release`` row and decoded once per process. The frame of all releases is
kept per *statistics version*: the loaded releases' ids and the metadata the queries use. An
import or deletion in any process changes the version, and the next query rebuilds the frame
from the releases' frames already decoded plus the new ones (decision 0401).
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.statistics.dfe_files import LONG_SCHEMA
from sendsight.statistics.models import StatRelease

# A release's cells are stored exactly as the importer reads them.
VALUE_SCHEMA = LONG_SCHEMA
# What each cell of the frame of all releases carries about its release.
RELEASE_SCHEMA = {
    "release_id": pl.String,
    "release_number": pl.Int64,
    "publication": pl.String,
    "release_label": pl.String,
    "vintage_order": pl.Int64,
    "is_correction": pl.Boolean,
    "note": pl.String,
}
# zstd: 60% of the size of lz4 for these columns of repeated codes, at about the same speed;
# the IPC stream format writes faster than the IPC file format (no footer, one pass).
COMPRESSION: Literal["zstd"] = "zstd"
_MAX_RELEASES = 256
_MAX_VERSIONS = 4


def cells(values: pl.DataFrame) -> pl.DataFrame:
    """A release's cells: the columns ``VALUE_SCHEMA`` of a long frame, in that order."""
    if values.schema == VALUE_SCHEMA:  # as parsed: nothing to do
        return values
    return values.select(pl.col(c).cast(t) for c, t in VALUE_SCHEMA.items())


def encode(values: pl.DataFrame) -> bytes:
    """A release's cells (``cells``) as the bytes stored in ``values_blob``."""
    return values.write_ipc_stream(None, compression=COMPRESSION).getvalue()


@dataclass(frozen=True, slots=True)
class Stored:
    """A release's cells (``cells``) and the bytes that store them (``encode``)."""

    cells: pl.DataFrame
    blob: bytes


def stored(values: pl.DataFrame) -> Stored:
    """A long frame's cells, ready to store."""
    release_cells = cells(values)
    return Stored(release_cells, encode(release_cells))


def decode(blob: bytes) -> pl.DataFrame:
    """The cells stored in a ``values_blob``."""
    return pl.read_ipc_stream(io.BytesIO(blob))


@dataclass(frozen=True, slots=True)
class Loaded:
    """Every loaded release's cells (``cells``: ``VALUE_SCHEMA`` then ``RELEASE_SCHEMA``),
    the same split by (publication, indicator) for the indicator queries, and one row per
    release (``releases``: ``RELEASE_SCHEMA``)."""

    cells: pl.DataFrame
    by_column: dict[tuple[str, str], pl.DataFrame]
    releases: pl.DataFrame


_lock = threading.Lock()
_releases: OrderedDict[str, pl.DataFrame] = OrderedDict()
_versions: OrderedDict[tuple[Any, ...], Loaded] = OrderedDict()


def remember(release_id: str, values: pl.DataFrame) -> None:
    """Keep a release's cells just stored, so the next query need not read its blob back."""
    _keep(_releases, release_id, values, _MAX_RELEASES)


# Where a session keeps the version it read, with the transaction it was read in.
_VERSION_MEMO = "sendsight.statistics_version"


def version(session: Session) -> tuple[tuple[Any, ...], ...]:
    """The statistics version: per loaded release (by number) what the queries read about it.

    Read once per transaction or savepoint (a page asks several times); a release stored or
    deleted through ``statistics.queries`` in the same session forgets it (``changed``)."""
    memo = session.info.get(_VERSION_MEMO)
    if memo is not None and memo[0] is _innermost(session):
        return memo[1]  # type: ignore[no-any-return]
    query = select(
        StatRelease.id,
        StatRelease.number,
        StatRelease.publication,
        StatRelease.release_label,
        StatRelease.vintage_order,
        StatRelease.is_correction,
        StatRelease.note,
    ).order_by(StatRelease.number)
    found = tuple(tuple(row) for row in session.execute(query))
    session.info[_VERSION_MEMO] = (_innermost(session), found)
    return found


def _innermost(session: Session) -> object:
    """The transaction a read belongs to: a savepoint's reads end with it (it may roll back)."""
    return session.get_nested_transaction() or session.get_transaction()


def changed(session: Session) -> None:
    """Forget the version this session read: its releases have just changed."""
    session.info.pop(_VERSION_MEMO, None)


def loaded(session: Session) -> Loaded:
    """Every loaded release's cells, from this process's cache when the version is unchanged."""
    key = version(session)
    with _lock:
        found = _versions.get(key)
    if found is None:
        found = _build(session, key)
        _keep(_versions, key, found, _MAX_VERSIONS)
    return found


def release_cells(session: Session, release_id: str) -> pl.DataFrame:
    """One release's cells (``VALUE_SCHEMA``), from the cache or its blob."""
    return _frames(session, [release_id])[release_id]


def _build(session: Session, key: tuple[tuple[Any, ...], ...]) -> Loaded:
    releases = pl.DataFrame(list(key), schema=RELEASE_SCHEMA, orient="row")
    frames = _frames(session, [row[0] for row in key])
    parts = [
        frames[row[0]].with_columns(
            pl.lit(value, dtype=dtype).alias(name)
            for value, (name, dtype) in zip(row, RELEASE_SCHEMA.items(), strict=True)
        )
        for row in key
    ]
    schema = {**VALUE_SCHEMA, **RELEASE_SCHEMA}
    cells = pl.concat(parts, rechunk=True) if parts else pl.DataFrame(schema=schema)
    split = cells.partition_by("publication", "indicator", as_dict=True, maintain_order=True)
    by_column = {(str(k[0]), str(k[1])): frame for k, frame in split.items()}
    return Loaded(cells, by_column, releases)


def _frames(session: Session, ids: list[str]) -> dict[str, pl.DataFrame]:
    with _lock:
        found = {i: _releases[i] for i in ids if i in _releases}
    missing = [i for i in ids if i not in found]
    if missing:
        rows = session.execute(
            select(StatRelease.id, StatRelease.values_blob).where(StatRelease.id.in_(missing))
        )
        for release_id, blob in rows:
            found[release_id] = decode(blob)
            remember(release_id, found[release_id])
    return found


def _keep(store: OrderedDict[Any, Any], key: Any, value: Any, limit: int) -> None:
    with _lock:
        store[key] = value
        store.move_to_end(key)
        while len(store) > limit:
            store.popitem(last=False)


def forget() -> None:
    """Drop every cached frame, so the next query reads the blobs again (as a new process
    would)."""
    with _lock:
        _releases.clear()
        _versions.clear()
