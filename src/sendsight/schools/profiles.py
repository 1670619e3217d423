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

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from sendsight.core.errors import NotFound
from sendsight.schools import method, queries
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


def years(session: Session, *, partnership_id: str) -> list[int]:
    """Census years with figures, oldest first (read once per session; an import clears it)."""
    held: dict[str, list[int]] = session.info.setdefault("schools_years", {})
    if partnership_id not in held:
        imported = queries.imported_years(session=session, partnership_id=partnership_id)
        held[partnership_id] = sorted({SHIPPED_YEAR, *imported})
    return held[partnership_id]


def _version(session: Session, partnership_id: str) -> tuple[int, int, str]:
    """The partnership's data version, read once per session (an import clears it)."""
    held: dict[str, tuple[int, int, str]] = session.info.setdefault("schools_versions", {})
    if partnership_id not in held:
        held[partnership_id] = queries.data_version(session=session, partnership_id=partnership_id)
    return held[partnership_id]


def year_result(session: Session, *, partnership_id: str, year: int) -> YearResult:
    """Expected values and limits for every school with figures in ``year`` (cached)."""
    version = _version(session, partnership_id)
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
    cached: dict[str, dict[str, str]] = session.info.setdefault("schools_names", {})
    if partnership_id not in cached:
        cached[partnership_id] = {
            e.urn: e.name
            for e in queries.establishments(session=session, partnership_id=partnership_id)
        }
    held = cached[partnership_id]
    shipped = _shipped_names()
    return {u: held.get(u) or shipped.get(u) or f"School with URN {u}" for u in urns}


def school_name(session: Session, urn: str, *, partnership_id: str) -> str:
    """One school's name, as :func:`school_names`."""
    return school_names(session, [urn], partnership_id=partnership_id)[urn]


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
    row = result.urn_row.get(urn)
    if row is None:
        raise NotFound(f"No school with URN {urn} in {year}")
    school = result.schools.row(row, named=True)
    lines = [
        MeasureLine(
            measure=r["measure"],
            label=method.BY_KEY[r["measure"]].label,
            value=r["value"],
            expected=r["expected"],
            lower_95=r["lower_95"],
            upper_95=r["upper_95"],
            lower_998=r["lower_998"],
            upper_998=r["upper_998"],
            position=r["position"],
            pupils=int(r["pupils"]),
            peers=int(r["peers"]),
        )
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
        counts={k: school[k] for k in ("ehc_plan", "sen_support", "eal", "fsm")},
    )


def profile_json(found: Profile) -> list[dict[str, object]]:
    """The CLI's ``--format json``: one object per measure, each naming the similar schools."""
    similar = [
        {"urn": p.urn, "la_code": p.la_code, "same_la": p.same_la, "distance": round(p.distance, 3)}
        for p in found.peers
    ]
    return [
        {"urn": found.urn, "year": found.year, **line.as_dict(), "similar_schools": similar}
        for line in found.measures
    ]


def funnel_frame(
    session: Session,
    *,
    partnership_id: str,
    la_code: str | None,
    measure: str,
    year: int | None = None,
) -> pl.DataFrame:
    """Every school's row of the funnel for ``measure`` in ``la_code`` (None: all England),
    newest year unless ``year``; sorted by URN (never ranked)."""
    if measure not in method.BY_KEY:
        raise NotFound(f"No measure {measure!r}; use one of {', '.join(method.MEASURE_KEYS)}")
    year = year or years(session, partnership_id=partnership_id)[-1]
    result = year_result(session, partnership_id=partnership_id, year=year)
    rows = result.funnel.filter(pl.col("measure") == measure)
    if la_code is not None:
        rows = rows.join(result.schools.select("urn", "la_code"), on="urn").filter(
            pl.col("la_code") == la_code
        )
    return rows.with_columns(pl.lit(year).alias("year")).sort("urn")


def trend(
    session: Session, urn: str, *, partnership_id: str
) -> list[tuple[int, str, list[MeasureLine]]]:
    """Each year's measures for ``urn`` or, before it opened, its predecessors (GIAS links):
    (year, the URN the figures are for, measures), oldest first."""
    chain = [urn]
    held = {
        e.urn: e.predecessor_urn
        for e in queries.establishments(session=session, partnership_id=partnership_id)
    }
    while held.get(chain[-1]) and held[chain[-1]] not in chain and len(chain) < 10:
        chain.append(str(held[chain[-1]]))
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
