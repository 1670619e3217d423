"""School inclusion profiles: each school's measures against its similar schools, the funnel
for an LA, trends across years with predecessors joined, and the scorecard facts.

The frame a year's figures come from is the shipped January 2019 data (all England) overlaid
with the partnership's own imports for that year; other years are the partnership's imports
only. Results are worked out once per partnership, year and data version and kept in memory
(a new import changes the version, so nothing stale is served).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from sendsight.core.errors import NotFound
from sendsight.schools import local, method, queries
from sendsight.schools.shipped import COLUMNS, SHIPPED_YEAR, school_level_2019

LIMIT_KEYS = ("lower_95", "upper_95", "lower_998", "upper_998")


@dataclass(frozen=True)
class YearResult:
    """One year's schools, their funnel rows and similar-school pairs."""

    year: int
    schools: pl.DataFrame
    funnel: pl.DataFrame
    pairs: pl.DataFrame
    urn_row: dict[str, int] = field(default_factory=dict)
    # ``funnel`` and ``pairs`` sorted by row; a school's lines are [start[row], start[row + 1]).
    funnel_start: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    pairs_start: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))

    urns: list[str] = field(default_factory=list)
    las: list[str] = field(default_factory=list)
    peer_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    peer_distances: np.ndarray = field(default_factory=lambda: np.zeros(0))
    #: Profiles worked out already (the result is per data version, so they stay true).
    memo: dict[str, Profile] = field(default_factory=dict)
    frames: dict[tuple[str | None, str], pl.DataFrame] = field(default_factory=dict)
    lists: dict[tuple[str, ...], list[tuple[str, str, str, str]]] = field(default_factory=dict)

    def funnel_of(self, row: int) -> pl.DataFrame:
        """The school's funnel lines (one per measure with a value)."""
        start = int(self.funnel_start[row])
        return self.funnel.slice(start, int(self.funnel_start[row + 1]) - start)

    def pairs_of(self, row: int) -> pl.DataFrame:
        """The school's similar schools as (row, peer_row, distance), nearest first."""
        start = int(self.pairs_start[row])
        return self.pairs.slice(start, int(self.pairs_start[row + 1]) - start)


_CACHE: dict[tuple[str, int, tuple[int, int, str]], YearResult] = {}
_LOCK = threading.Lock()
# One computation at a time: concurrent first requests wait for it rather than repeat it.
_COMPUTING = threading.Lock()


def _year_frame(session: Session, *, partnership_id: str, year: int) -> pl.DataFrame:
    base = (
        school_level_2019().drop("name") if year == SHIPPED_YEAR else pl.DataFrame(schema=COLUMNS)
    )
    own = queries.imported_figures(session=session, partnership_id=partnership_id, year=year)
    if own.height == 0:
        return base
    joined = base.join(own, on="urn", how="full", coalesce=True, suffix="~own")
    return joined.select(
        "urn",
        *[pl.coalesce(pl.col(f"{c}~own"), pl.col(c)).alias(c) for c in COLUMNS if c != "urn"],
    ).with_columns(pl.col("school_type").fill_null("Unknown"), pl.col("la_code").fill_null(""))


@dataclass(frozen=True)
class Establishment:
    """What a GIAS import says of a school (the parts profiles use)."""

    name: str
    la_code: str
    status: str | None
    predecessor_urn: str | None


@dataclass(frozen=True)
class Held:
    """What a partnership's imports hold at one data version: census years and GIAS schools."""

    years: list[int]
    establishments: dict[str, Establishment]


_HELD: dict[tuple[str, tuple[int, int, str]], Held] = {}


def held(session: Session, *, partnership_id: str) -> Held:
    """The partnership's years and GIAS schools, read once per data version (an import
    changes the version, so nothing stale is served)."""
    key = (partnership_id, data_version(session, partnership_id))
    with _LOCK:
        found = _HELD.get(key)
    if found is not None:
        return found
    imported = queries.imported_years(session=session, partnership_id=partnership_id)
    schools = {
        e.urn: Establishment(e.name, e.la_code, e.status, e.predecessor_urn)
        for e in queries.establishments(session=session, partnership_id=partnership_id)
    }
    found = Held(sorted({SHIPPED_YEAR, *imported}), schools)
    with _LOCK:
        if len(_HELD) > 64:
            _HELD.clear()
        _HELD[key] = found
    return found


def years(session: Session, *, partnership_id: str) -> list[int]:
    """Census years with figures, oldest first."""
    return held(session, partnership_id=partnership_id).years


def data_version(session: Session, partnership_id: str) -> tuple[int, int, str]:
    """The partnership's data version, read once per session (an import clears it)."""
    held: dict[str, tuple[int, int, str]] = session.info.setdefault("schools_versions", {})
    if partnership_id not in held:
        held[partnership_id] = queries.data_version(session=session, partnership_id=partnership_id)
    return held[partnership_id]


def year_result(session: Session, *, partnership_id: str, year: int) -> YearResult:
    """Expected values and limits for every school with figures in ``year`` (cached)."""
    version = data_version(session, partnership_id)
    key = ("" if version[0] == 0 else partnership_id, year, version)
    with _LOCK:
        found = _CACHE.get(key)
    if found is not None:
        return found
    with _COMPUTING:
        with _LOCK:
            found = _CACHE.get(key)
        if found is not None:
            return found
        result = _compute(session, partnership_id=partnership_id, year=year)
        with _LOCK:
            if len(_CACHE) > 64:
                _CACHE.clear()
            _CACHE[key] = result
    return result


def _compute(session: Session, *, partnership_id: str, year: int) -> YearResult:
    # A school needs its pupils on roll (a census file) for a year to count in that year.
    schools = (
        _year_frame(session, partnership_id=partnership_id, year=year)
        .filter(pl.col("pupils") > 0)
        .sort("urn")
    )
    funnel, pairs = method.compute(schools)
    funnel = funnel.sort("row", "measure")
    pairs = pairs.sort("row", "distance", "peer_row")
    every = np.arange(schools.height + 1)
    urn_row = dict(zip(schools["urn"].to_list(), range(schools.height), strict=True))
    return YearResult(
        year,
        schools,
        funnel,
        pairs,
        urn_row,
        np.searchsorted(funnel["row"].to_numpy(), every),
        np.searchsorted(pairs["row"].to_numpy(), every),
        schools["urn"].to_list(),
        [str(la or "") for la in schools["la_code"].to_list()],
        pairs["peer_row"].to_numpy(),
        pairs["distance"].to_numpy(),
    )


@cache
def _shipped_names() -> dict[str, str]:
    shipped = school_level_2019().filter(pl.col("name").is_not_null())
    return dict(zip(shipped["urn"].to_list(), shipped["name"].to_list(), strict=True))


def school_names(session: Session, urns: list[str], *, partnership_id: str) -> dict[str, str]:
    """Each URN's name: from an imported GIAS file, else the DfE files, else "School with URN
    …" (the 2019 census files name only secondary and special schools)."""
    schools = held(session, partnership_id=partnership_id).establishments
    shipped = _shipped_names()
    return {
        u: (schools[u].name if u in schools else shipped.get(u)) or f"School with URN {u}"
        for u in urns
    }


def school_name(session: Session, urn: str, *, partnership_id: str) -> str:
    """One school's name, as :func:`school_names`."""
    return school_names(session, [urn], partnership_id=partnership_id)[urn]


def la_schools(
    session: Session, *, partnership_id: str, la_codes: tuple[str, ...]
) -> tuple[int, list[tuple[str, str, str, str]]]:
    """The newest year with figures and the schools of ``la_codes`` in it, by name: (name,
    URN, type, LA) each (never ranked)."""
    year = years(session, partnership_id=partnership_id)[-1]
    result = year_result(session, partnership_id=partnership_id, year=year)
    found = result.lists.get(la_codes)
    if found is None:
        local = result.schools.filter(pl.col("la_code").is_in(list(la_codes)))
        names = school_names(session, local["urn"].to_list(), partnership_id=partnership_id)
        found = sorted(
            (names[urn], urn, str(kind), str(la))
            for urn, kind, la in local.select("urn", "school_type", "la_code").iter_rows()
        )
        if len(result.lists) > 256:
            result.lists.clear()
        result.lists[la_codes] = found
    return year, found


@dataclass(frozen=True)
class MeasureLine:
    """One measure of a school's profile."""

    measure: str
    label: str
    value: float
    expected: float
    lower_95: float
    upper_95: float
    lower_998: float
    upper_998: float
    position: str
    pupils: int
    peers: int

    def as_dict(self) -> dict[str, object]:
        """The line as the CLI's JSON gives it (figures to 2 decimal places)."""
        return {
            "measure": self.measure,
            "label": self.label,
            "value": round(self.value, 2),
            "expected": round(self.expected, 2),
            **{k: round(float(getattr(self, k)), 2) for k in LIMIT_KEYS},
            "position": self.position,
            "pupils": self.pupils,
            "peers_with_value": self.peers,
        }


def line_of(row: dict[str, Any], label: str) -> MeasureLine:
    """A funnel frame's row as a profile line."""
    return MeasureLine(
        measure=row["measure"],
        label=label,
        value=row["value"],
        expected=row["expected"],
        lower_95=row["lower_95"],
        upper_95=row["upper_95"],
        lower_998=row["lower_998"],
        upper_998=row["upper_998"],
        position=row["position"],
        pupils=int(row["pupils"]),
        peers=int(row["peers"]),
    )


@dataclass(frozen=True)
class Peer:
    """A similar school: its URN and LA, how near it is and whether it is in the same LA."""

    urn: str
    la_code: str
    distance: float
    same_la: bool


@dataclass(frozen=True)
class Profile:
    """A school's profile for its latest year."""

    urn: str
    name: str
    la_code: str
    school_type: str
    year: int
    pupils: int | None
    measures: list[MeasureLine]
    peers: list[Peer]
    counts: dict[str, int | None]
    #: Local measures from the partnership's own cases (``localdata.with_local``), and counts.
    local: list[MeasureLine] = field(default_factory=list)
    local_counts: dict[str, int | None] = field(default_factory=dict)
    local_peers: list[Peer] = field(default_factory=list)


def latest_year(session: Session, urn: str, *, partnership_id: str) -> int:
    """The newest census year with figures for ``urn``; ``NotFound`` when there are none."""
    for year in reversed(years(session, partnership_id=partnership_id)):
        if urn in year_result(session, partnership_id=partnership_id, year=year).urn_row:
            return year
    raise NotFound(f"No school with URN {urn} in the school-level figures")


def profile(session: Session, urn: str, *, partnership_id: str, year: int | None = None) -> Profile:
    """``urn``'s measures for its latest year (or ``year``) against similar schools."""
    year = year or latest_year(session, urn, partnership_id=partnership_id)
    result = year_result(session, partnership_id=partnership_id, year=year)
    found = result.memo.get(urn)
    if found is None:
        found = _profile(session, result, urn, partnership_id=partnership_id)
        if len(result.memo) > 4096:
            result.memo.clear()
        result.memo[urn] = found
    return found


def _profile(session: Session, result: YearResult, urn: str, *, partnership_id: str) -> Profile:
    year = result.year
    row = result.urn_row.get(urn)
    if row is None:
        raise NotFound(f"No school with URN {urn} in {year}")
    school = result.schools.row(row, named=True)
    lines = [
        line_of(r, method.BY_KEY[r["measure"]].label)
        for r in result.funnel_of(row).iter_rows(named=True)
    ]
    lines.sort(key=lambda line: method.MEASURE_KEYS.index(line.measure))
    start, end = int(result.pairs_start[row]), int(result.pairs_start[row + 1])
    peer_rows = result.peer_rows[start:end].tolist()
    distances = result.peer_distances[start:end].tolist()
    own_la = result.las[row]
    peers = [
        Peer(result.urns[p], result.las[p] or "", float(d), result.las[p] == own_la)
        for p, d in zip(peer_rows, distances, strict=True)
    ]
    return Profile(
        urn=urn,
        name=school_name(session, urn, partnership_id=partnership_id),
        la_code=str(school["la_code"] or ""),
        school_type=str(school["school_type"]),
        year=year,
        pupils=school["pupils"],
        measures=lines,
        peers=peers,
        counts={k: school[k] for k in ("ehc_plan", "sen_support", "eal", "fsm", "ks4_sustained")},
    )


def _peer_dicts(peers: list[Peer]) -> list[dict[str, object]]:
    return [
        {"urn": p.urn, "la_code": p.la_code, "same_la": p.same_la, "distance": round(p.distance, 3)}
        for p in peers
    ]


def profile_json(found: Profile) -> list[dict[str, object]]:
    """The CLI's ``--format json``: one object per measure, each naming the similar schools
    (local measures say so with ``period`` and ``peers_from``)."""
    similar = _peer_dicts(found.peers)
    census = [
        {"urn": found.urn, "year": found.year, **line.as_dict(), "similar_schools": similar}
        for line in found.measures
    ]
    # Local measures (decision 1303): the 12 months to today, against similar schools in the
    # school's own LA only.
    local_lines = [
        {
            "urn": found.urn,
            "year": found.year,
            **line.as_dict(),
            "period": "last 12 months",
            "peers_from": "same local authority",
            "similar_schools": _peer_dicts(found.local_peers),
        }
        for line in found.local
    ]
    return census + local_lines


def funnel_frame(
    session: Session,
    *,
    partnership_id: str,
    la_code: str | None,
    measure: str,
    year: int | None = None,
) -> pl.DataFrame:
    """Every school's row of the funnel for ``measure`` in ``la_code`` (None: all England),
    newest year unless ``year``; sorted by URN (never ranked). A local measure (``local``)
    needs ``la_code`` and covers the 12 months to today."""
    if measure in local.LOCAL_BY_KEY and la_code is not None:
        from sendsight.schools import localdata  # it builds on this module

        rows = localdata.funnel_frame(
            session, partnership_id=partnership_id, la_code=la_code, measure=measure
        )
        return rows.with_columns(pl.lit(localdata.london_today().year).alias("year"))
    if measure not in method.BY_KEY:
        keys = ", ".join((*method.MEASURE_KEYS, *local.LOCAL_KEYS))
        raise NotFound(f"No measure {measure!r}; use one of {keys}")
    year = year or years(session, partnership_id=partnership_id)[-1]
    result = year_result(session, partnership_id=partnership_id, year=year)
    found = result.frames.get((la_code, measure))
    if found is None:
        found = _funnel_rows(result, la_code, measure)
        if len(result.frames) > 1024:
            result.frames.clear()
        result.frames[(la_code, measure)] = found
    return found


def _funnel_rows(result: YearResult, la_code: str | None, measure: str) -> pl.DataFrame:
    """The funnel rows of ``measure``, with ``count`` (the measure's count, where it has one)."""
    count = method.BY_KEY[measure].count
    schools = result.schools.select(
        "urn",
        "la_code",
        (pl.col(count) if count else pl.lit(None, pl.Int64)).cast(pl.Int64).alias("count"),
    )
    if la_code is not None:
        schools = schools.filter(pl.col("la_code") == la_code)
    rows = result.funnel.filter(pl.col("measure") == measure).join(schools, on="urn")
    return rows.with_columns(pl.lit(result.year).alias("year")).sort("urn")


def trend(
    session: Session, urn: str, *, partnership_id: str
) -> list[tuple[int, str, list[MeasureLine]]]:
    """Each year's measures for ``urn`` or, before it opened, its predecessors (GIAS links):
    (year, the URN the figures are for, measures), oldest first."""
    chain = [urn]
    schools = held(session, partnership_id=partnership_id).establishments
    while len(chain) < 10:
        known = schools.get(chain[-1])
        if known is None or not known.predecessor_urn or known.predecessor_urn in chain:
            break
        chain.append(known.predecessor_urn)
    out: list[tuple[int, str, list[MeasureLine]]] = []
    for year in years(session, partnership_id=partnership_id):
        rows = year_result(session, partnership_id=partnership_id, year=year).urn_row
        which = next((u for u in chain if u in rows), None)
        if which is not None:
            lines = profile(session, which, partnership_id=partnership_id, year=year).measures
            out.append((year, which, lines))
    return out


def la_summary(
    session: Session, *, partnership_id: str, la_code: str, year: int | None = None
) -> dict[str, float | None]:
    """Scorecard facts for an LA's schools in ``year`` (default the newest): the share of
    pupils in schools outside the 99.8% limits for EHC plans (either way), and pupils on SEN
    support per pupil with an EHC plan across the LA's schools."""
    year = year or years(session, partnership_id=partnership_id)[-1]
    result = year_result(session, partnership_id=partnership_id, year=year)
    local = result.schools.filter(pl.col("la_code") == la_code)
    if local.height == 0:
        return {"outside_998_pct": None, "support_per_plan": None}
    ehc = funnel_frame(
        session, partnership_id=partnership_id, la_code=la_code, measure="ehc_plan_pct", year=year
    )
    total = float(ehc["pupils"].sum() or 0)
    outside = ehc.filter(pl.col("position").is_in(["above_998", "below_998"]))
    plans = float(local["ehc_plan"].sum() or 0)
    support = float(local["sen_support"].sum() or 0)
    return {
        "outside_998_pct": round(100 * float(outside["pupils"].sum() or 0) / total, 1)
        if total
        else None,
        "support_per_plan": round(support / plans, 2) if plans else None,
    }
