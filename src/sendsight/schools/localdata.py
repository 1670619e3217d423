"""The local measures of an LA's schools from the partnership's own records (ADR 1303): which
schools, their latest census figures, the requests named on cases, worked out once per data
version and day and kept in memory.

The schools are those of the LA in the partnership's GIAS imports (a council's establishments
file is its own schools), not closed, with pupils on roll in a census year. EHC needs
assessment requests come from ``sendsight.ehc``; front-door requests from
``sendsight.frontdoor`` when that domain is installed (``sendsight.wiring.optional_module``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from sendsight.ehc import queries as ehc_queries
from sendsight.schools import local, profiles, queries
from sendsight.wiring import optional_module

_FRONTDOOR = "sendsight.frontdoor.queries"
_CACHE: dict[tuple[Any, ...], LocalResult] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class LocalResult:
    """One LA's local measures: the funnel rows (sorted by row) and where each school's start."""

    schools: pl.DataFrame
    funnel: pl.DataFrame
    urn_row: dict[str, int]
    funnel_start: np.ndarray
    frontdoor: bool
    #: Similar-school pairs (row, peer_row, distance) sorted by row, and where each school's start.
    pairs: pl.DataFrame
    pairs_start: np.ndarray
    #: Each school's lines, counts and peers once worked out (they stay true for this result).
    memo: dict[str, Any] = field(default_factory=dict)

    def lines_of(self, urn: str) -> list[profiles.MeasureLine]:
        """The school's local measures (none when it is not one of the LA's schools)."""
        row = self.urn_row.get(urn)
        if row is None:
            return []
        start, end = int(self.funnel_start[row]), int(self.funnel_start[row + 1])
        order = {key: i for i, key in enumerate(local.LOCAL_KEYS)}
        lines = [
            profiles.line_of(r, local.LOCAL_BY_KEY[r["measure"]].label)
            for r in self.funnel.slice(start, end - start).iter_rows(named=True)
        ]
        return sorted(lines, key=lambda line: order[line.measure])

    def peers_of(self, urn: str) -> list[profiles.Peer]:
        """The school's similar schools in its LA, nearest first."""
        row = self.urn_row.get(urn)
        if row is None:
            return []
        start, end = int(self.pairs_start[row]), int(self.pairs_start[row + 1])
        part = self.pairs.slice(start, end - start)
        urns = self.schools["urn"]
        return [
            profiles.Peer(str(urns[peer]), str(self.schools["la_code"][peer]), float(d), True)
            for peer, d in zip(part["peer_row"], part["distance"], strict=True)
        ]

    def counts_of(self, urn: str) -> dict[str, int | None]:
        """The school's request counts (the numerators and denominators of its measures)."""
        row = self.urn_row.get(urn)
        if row is None:
            return {}
        found = self.schools.row(row, named=True)
        return {c: found[c] for c in local.COUNT_COLUMNS}


def _schools(session: Session, *, partnership_id: str, la_code: str) -> pl.DataFrame:
    """The LA's open schools in the partnership's GIAS imports, with their newest figures."""
    wanted = {
        e.urn
        for e in queries.establishments(session=session, partnership_id=partnership_id)
        if e.la_code == la_code and (e.status or "").lower() != "closed"
    }
    parts: list[pl.DataFrame] = []
    for year in reversed(profiles.years(session, partnership_id=partnership_id)):
        if not wanted:
            break
        frame = profiles.year_result(session, partnership_id=partnership_id, year=year).schools
        found = frame.filter(pl.col("urn").is_in(sorted(wanted)))
        wanted -= set(found["urn"].to_list())
        parts.append(found.with_columns(pl.lit(la_code).alias("la_code")))
    if not parts:
        return profiles.year_result(
            session, partnership_id=partnership_id, year=2019
        ).schools.clear()
    return pl.concat(parts).sort("urn")


def _version(session: Session, *, partnership_id: str, la_code: str) -> tuple[Any, ...]:
    imports = ehc_queries.list_imports(session=session, la_code=la_code)
    frontdoor = optional_module(_FRONTDOOR)
    fd_version = frontdoor.data_version(session=session, la_code=la_code) if frontdoor else ()
    schools = profiles.data_version(session, partnership_id)
    return (len(imports), imports[0].id if imports else "", fd_version, schools)


def _compute(session: Session, *, partnership_id: str, la_code: str, until: date) -> LocalResult:
    schools = _schools(session, partnership_id=partnership_id, la_code=la_code)
    first, last = local.window(until)
    ehc = ehc_queries.load_requests(session=session, la_code=la_code)
    frontdoor = optional_module(_FRONTDOOR)
    fd = (
        frontdoor.requests_frame(
            session=session,
            la_code=la_code,
            partnership_id=partnership_id,
            received_from=first,
            received_to=last,
            columns=("setting_urn", "received_on", "route"),
        )
        if frontdoor is not None
        else None
    )
    counts = local.request_counts(ehc, fd, until=until)
    schools = local.with_counts(schools, counts, frontdoor=fd is not None)
    funnel, pairs = local.local_funnel(schools)
    funnel = funnel.sort("row", "measure")
    pairs = pairs.sort("row", "distance", "peer_row")
    every = np.arange(schools.height + 1)
    return LocalResult(
        schools,
        funnel,
        dict(zip(schools["urn"].to_list(), range(schools.height), strict=True)),
        np.searchsorted(funnel["row"].to_numpy(), every),
        fd is not None,
        pairs,
        np.searchsorted(pairs["row"].to_numpy(), every),
    )


def local_result(
    session: Session, *, partnership_id: str, la_code: str, until: date
) -> LocalResult:
    """The LA's local measures for the 12 months to ``until`` (cached per data version)."""
    key = (
        partnership_id,
        la_code,
        until,
        _version(session, partnership_id=partnership_id, la_code=la_code),
    )
    with _LOCK:
        found = _CACHE.get(key)
    if found is not None:
        return found
    result = _compute(session, partnership_id=partnership_id, la_code=la_code, until=until)
    with _LOCK:
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = result
    return result


def london_today() -> date:
    """Today in London: the last day of the 12 months local measures cover."""
    return datetime.now(ZoneInfo("Europe/London")).date()


def with_local(
    session: Session, found: profiles.Profile, *, partnership_id: str, until: date | None = None
) -> profiles.Profile:
    """``found`` with its local measures for the 12 months to ``until`` (default today)."""
    schools = profiles.held(session, partnership_id=partnership_id).establishments
    if not found.la_code or found.urn not in schools:
        return found  # not one of the partnership's own schools: no local measures
    result = local_result(
        session, partnership_id=partnership_id, la_code=found.la_code, until=until or london_today()
    )
    parts = result.memo.get(found.urn)
    if parts is None:
        parts = {
            "local": result.lines_of(found.urn),
            "local_counts": result.counts_of(found.urn),
            "local_peers": result.peers_of(found.urn),
        }
        result.memo[found.urn] = parts
    return replace(found, **parts)


def funnel_frame(
    session: Session, *, partnership_id: str, la_code: str, measure: str, until: date | None = None
) -> pl.DataFrame:
    """Every one of the LA's schools on the funnel of local ``measure``, by URN (with
    ``count``, the measure's count, and ``pupils``, what it is out of)."""
    result = local_result(
        session, partnership_id=partnership_id, la_code=la_code, until=until or london_today()
    )
    rows = result.funnel.filter(pl.col("measure") == measure)
    return rows.with_columns(pl.lit(la_code).alias("la_code")).sort("urn")
