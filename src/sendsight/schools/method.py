"""Expected values from similar schools and funnel-plot limits (ADR 1302). Frames in, frames out.

**Similar schools.** Schools are compared only with schools of the same type (state-funded
primary, secondary, special, nursery, pupil referral unit, independent, non-maintained special).
Within a type each school is placed by three features, each standardised (minus the type's
mean, over its standard deviation): the natural log of pupils on roll, the share of pupils
eligible for free school meals and the share with English as an additional language (a missing
share counts as the type's mean). Distance is Euclidean. A school's similar schools are its
``NATIONAL_PEERS`` nearest schools anywhere in England plus its ``LOCAL_PEERS`` nearest in its
own local authority (not itself), without repeats.

**Expected value.** For each measure, the pupil-weighted mean of the similar schools' values
(for a count measure that is the peers' pooled rate: all their pupils with EHC plans over all
their pupils), using only peers that have a value.

**Funnel limits.** Spiegelhalter D J (2005), "Funnel plots for comparing institutional
performance", *Statistics in Medicine* 24(8):1185-1202. For a school with ``n`` pupils and
expected percentage ``e``, the binomial standard error is ``sqrt(e (100 - e) / n)``. Each
school's z-score against its own expectation is winsorised at the 10th and 90th percentiles of
its type; the over-dispersion factor ``phi`` is the mean squared winsorised z-score for the
measure and type (taken as 1 when below 1, so limits are never narrower than the binomial
ones). The limits are ``e +/- z * sqrt(phi) * se`` with ``z`` = 1.96 (95%) and 3.09 (99.8%),
kept within 0 to 100.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.spatial import cKDTree

NATIONAL_PEERS = 15
LOCAL_PEERS = 5
Z_95 = 1.959964
Z_998 = 3.090232
WINSOR = (0.1, 0.9)
_LA_APART = 1.0e6
_EXPECTED_SCHEMA = {
    "row": pl.Int64,
    "measure": pl.String,
    "expected": pl.Float64,
    "peers": pl.UInt32,
}  # far beyond any distance between standardised features


@dataclass(frozen=True)
class Measure:
    """A school-level measure: its key, the words for it and how to find its percentage."""

    key: str
    label: str
    count: str | None = None  # a count column over the denominator
    percent: str | None = None  # a published percentage column
    denominator: str = "pupils"  # what the count is out of: the funnel's size

    def value_expr(self) -> pl.Expr:
        """The school's percentage for this measure."""
        if self.count is not None:
            size = pl.col(self.denominator)
            return pl.when(size > 0).then(100.0 * pl.col(self.count) / size)
        return pl.col(str(self.percent)).cast(pl.Float64)


MEASURES: tuple[Measure, ...] = (
    Measure("ehc_plan_pct", "Pupils with an EHC plan (%)", count="ehc_plan"),
    Measure("sen_support_pct", "Pupils on SEN support (%)", count="sen_support"),
    Measure("absence_pct", "Sessions missed, overall absence (%)", percent="absence_pct"),
    Measure(
        "persistent_absence_pct",
        "Pupils persistently absent, 10% or more of sessions (%)",
        percent="persistent_absence_pct",
    ),
    Measure(
        "ks4_sustained_pct",
        "Year 11 leavers in a sustained education, training or work destination (%)",
        count="ks4_sustained",
        denominator="ks4_cohort",
    ),
)
MEASURE_KEYS = tuple(m.key for m in MEASURES)
BY_KEY = {m.key: m for m in MEASURES}


def _features(group: pl.DataFrame) -> np.ndarray:
    pupils = group["pupils"].cast(pl.Float64).fill_null(1.0).clip(lower_bound=1.0).to_numpy()
    columns = [np.log(pupils)]
    for name in ("fsm", "eal"):
        share = (group[name].cast(pl.Float64) / group["pupils"].cast(pl.Float64)).to_numpy()
        share = np.where(np.isfinite(share), share, np.nan)
        mean = np.nanmean(share) if np.isfinite(share).any() else 0.0
        columns.append(np.where(np.isnan(share), mean, share))
    matrix = np.column_stack(columns)
    spread = matrix.std(axis=0)
    spread[spread == 0] = 1.0
    standardised: np.ndarray = (matrix - matrix.mean(axis=0)) / spread
    return standardised


def _nearest(points: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and distances of each point's ``k`` nearest other points (-1 where fewer)."""
    count = len(points)
    take = min(k + 1, count)
    if take <= 1:
        return np.full((count, 0), -1), np.zeros((count, 0))
    distances, indices = cKDTree(points).query(points, k=take, workers=-1)
    distances = np.asarray(distances).reshape(count, take)
    indices = np.asarray(indices).reshape(count, take)
    # drop each point itself (distance 0); where ties hid it, drop the farthest instead
    own = indices == np.arange(count)[:, None]
    own[~own.any(axis=1), -1] = True
    keep = ~own
    return indices[keep].reshape(count, take - 1), distances[keep].reshape(count, take - 1)


def similar_schools(
    schools: pl.DataFrame,
    *,
    national: int = NATIONAL_PEERS,
    local: int = LOCAL_PEERS,
) -> pl.DataFrame:
    """Pairs (urn, peer_urn, distance, same_la) for every school: its similar schools.

    ``schools`` needs ``urn``, ``la_code``, ``school_type``, ``pupils``, ``fsm`` and ``eal``.
    """
    return _named(similar_rows(schools, national=national, local=local), schools)


def similar_rows(schools: pl.DataFrame, *, national: int, local: int) -> pl.DataFrame:
    """Pairs (row, peer_row, distance) by position in ``schools``: integers, fast to join."""
    frame = schools.with_row_index("row")
    la_index = frame["la_code"].fill_null("").rank("dense").to_numpy()
    rows_parts: list[np.ndarray] = []
    peer_parts: list[np.ndarray] = []
    distance_parts: list[np.ndarray] = []
    for (_kind,), group in frame.group_by(["school_type"], maintain_order=True):
        points = _features(group)
        at = group["row"].to_numpy().astype(np.int64)
        # The local search: the LA as a far-apart extra coordinate keeps each search in its LA.
        spread = np.column_stack([points, la_index[at] * _LA_APART])
        for found, k in ((points, national), (spread, local)):
            index, distance = _nearest(found, k)
            rows, cols = np.nonzero((index >= 0) & (distance < _LA_APART / 2))
            rows_parts.append(at[rows])
            peer_parts.append(at[index[rows, cols]])
            distance_parts.append(distance[rows, cols])
    empty = np.array([], dtype=np.int64)
    rows = np.concatenate(rows_parts) if rows_parts else empty
    peers = np.concatenate(peer_parts) if peer_parts else empty
    distances = np.concatenate(distance_parts) if distance_parts else empty.astype(float)
    # A peer found by both searches counts once.
    _, first = np.unique(rows * (frame.height + 1) + peers, return_index=True)
    return pl.DataFrame(
        {"row": rows[first], "peer_row": peers[first], "distance": distances[first]},
        schema={"row": pl.Int64, "peer_row": pl.Int64, "distance": pl.Float64},
    )


def _named(pairs: pl.DataFrame, schools: pl.DataFrame) -> pl.DataFrame:
    urn = schools["urn"]
    la = schools["la_code"]
    rows = pairs["row"]
    peers = pairs["peer_row"]
    return pl.DataFrame(
        {
            "urn": urn.gather(rows),
            "peer_urn": urn.gather(peers),
            "distance": pairs["distance"],
            "same_la": la.gather(rows) == la.gather(peers),
        }
    ).sort("urn", "distance", "peer_urn")


def long_values(schools: pl.DataFrame) -> pl.DataFrame:
    """(row, urn, school_type, pupils, measure, value) for every school and measure with a
    value; ``row`` is the school's position in ``schools`` and ``pupils`` the measure's
    denominator (pupils on roll; the KS4 cohort for destinations). A measure whose columns
    ``schools`` lacks is left out."""
    frame = schools.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    frames = [
        frame.select(
            "row",
            "urn",
            "school_type",
            pl.col(m.denominator).cast(pl.Float64).alias("pupils"),
            pl.lit(m.key).alias("measure"),
            m.value_expr().alias("value"),
        )
        for m in MEASURES
        if {m.count or m.percent, m.denominator} <= set(frame.columns)
    ]
    return pl.concat(frames).filter(pl.col("value").is_not_null() & (pl.col("pupils") > 0))


def expected_values(
    values: pl.DataFrame, pairs: pl.DataFrame, keys: tuple[str, ...] = MEASURE_KEYS
) -> pl.DataFrame:
    """(row, measure, expected, peers): the pupil-weighted mean of the peers' values.

    ``pairs`` holds (row, peer_row) positions, as :func:`similar_rows` makes them; ``keys``
    the measures to work out (the weight is each value's ``pupils``: its denominator). Worked
    out with weighted bin counts over the pairs (one pass per measure, no join)."""
    rows = pairs["row"].to_numpy().astype(np.int64)
    peers = pairs["peer_row"].to_numpy().astype(np.int64)
    size = (
        int(
            max(
                rows.max(initial=-1),
                peers.max(initial=-1),
                values["row"].max() if values.height else -1,
            )
        )
        + 1
    )
    frames = []
    for key in keys:
        part = values.filter(pl.col("measure") == key)
        if part.height == 0 or size == 0:
            continue
        value = np.full(size, np.nan)
        pupils = np.zeros(size)
        at = part["row"].to_numpy().astype(np.int64)
        value[at] = part["value"].to_numpy()
        pupils[at] = part["pupils"].to_numpy()
        has = ~np.isnan(value[peers])
        weight = np.where(has, pupils[peers], 0.0)
        numerator = np.bincount(rows, weights=weight * np.nan_to_num(value[peers]), minlength=size)
        denominator = np.bincount(rows, weights=weight, minlength=size)
        count = np.bincount(rows, weights=has.astype(float), minlength=size)
        found = np.flatnonzero(denominator > 0)
        frames.append(
            pl.DataFrame(
                {
                    "row": found.astype(np.int64),
                    "measure": [key] * len(found),
                    "expected": numerator[found] / denominator[found],
                    "peers": count[found].astype(np.uint32),
                },
                schema=_EXPECTED_SCHEMA,
            )
        )
    return pl.concat(frames) if frames else pl.DataFrame(schema=_EXPECTED_SCHEMA)


def funnel(values: pl.DataFrame, expected: pl.DataFrame) -> pl.DataFrame:
    """Each school's value, expectation, over-dispersed 95% and 99.8% limits and where it sits."""
    frame = values.join(expected, on=["row", "measure"]).with_columns(
        se=(pl.col("expected") * (100.0 - pl.col("expected")) / pl.col("pupils")).sqrt()
    )
    frame = frame.with_columns(
        z=pl.when(pl.col("se") > 0).then((pl.col("value") - pl.col("expected")) / pl.col("se"))
    )
    group = ["measure", "school_type"]
    low = pl.col("z").quantile(WINSOR[0], "linear").over(group)
    high = pl.col("z").quantile(WINSOR[1], "linear").over(group)
    frame = frame.with_columns(
        phi=pl.max_horizontal(
            pl.col("z").clip(low, high).pow(2).mean().over(group), pl.lit(1.0)
        ).fill_null(1.0)
    )
    width = pl.col("phi").sqrt() * pl.col("se")
    frame = frame.with_columns(
        lower_95=(pl.col("expected") - Z_95 * width).clip(0.0, 100.0),
        upper_95=(pl.col("expected") + Z_95 * width).clip(0.0, 100.0),
        lower_998=(pl.col("expected") - Z_998 * width).clip(0.0, 100.0),
        upper_998=(pl.col("expected") + Z_998 * width).clip(0.0, 100.0),
    )
    return frame.with_columns(
        position=pl.when(pl.col("value") > pl.col("upper_998"))
        .then(pl.lit("above_998"))
        .when(pl.col("value") > pl.col("upper_95"))
        .then(pl.lit("above_95"))
        .when(pl.col("value") < pl.col("lower_998"))
        .then(pl.lit("below_998"))
        .when(pl.col("value") < pl.col("lower_95"))
        .then(pl.lit("below_95"))
        .otherwise(pl.lit("within"))
    ).drop("se", "z")


def compute(schools: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The funnel frame for every school and measure (with ``row``, its position in
    ``schools``), and the similar-school pairs used as positions (row, peer_row, distance);
    :func:`peers_of` names one school's."""
    rows = similar_rows(schools, national=NATIONAL_PEERS, local=LOCAL_PEERS)
    values = long_values(schools)
    return funnel(values, expected_values(values, rows)), rows


def peers_of(pairs: pl.DataFrame, schools: pl.DataFrame, row: int) -> pl.DataFrame:
    """One school's similar schools, nearest first: (urn, peer_urn, distance, same_la)."""
    return _named(pairs.filter(pl.col("row") == row), schools)
