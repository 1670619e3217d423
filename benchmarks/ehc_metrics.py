"""Benchmark: every EHC metric for a synthetic England, checked against DuckDB SQL.

    .venv/bin/python benchmarks/ehc_metrics.py --scale national

Builds ~150 LAs x 6 years x 1,000 requests (3 advice rows each) and 650,000 reviews of random,
synthetic cases; times ``sendsight.ehc.metrics.build_facts`` (all metrics, all LAs and years);
then computes the headline three (6-week %, 20-week % incl. and excl. exceptions) again with an
independent DuckDB SQL query over the same frames and compares counts and percentages.
Prints ``ratio=<sendsight time / duckdb time> match=<true|false>`` last.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import duckdb
import numpy as np
import polars as pl

from sendsight.ehc.frames import EhcFrames, assemble
from sendsight.ehc.metrics import build_facts

SCALES = {"national": (150, 1000, 650_000), "small": (15, 1000, 65_000)}
YEARS = range(2019, 2025)

HEADLINE_SQL = """
WITH decided AS (
    SELECT la_code, year(decision_on) AS year, count(*) AS decisions_made,
           count(*) FILTER (WHERE date_diff('day', received_on, decision_on) <= 42) AS d_in
    FROM requests
    WHERE decision IN ('assess', 'not_assess') AND decision_on IS NOT NULL
    GROUP BY 1, 2
), issued AS (
    SELECT la_code, year(final_issued_on) AS year, count(*) AS plans_issued,
           count(*) FILTER (WHERE date_diff('day', received_on, final_issued_on) <= 140) AS p_in,
           count(*) FILTER (WHERE NOT coalesce(exceptions_apply, false)) AS plans_ex,
           count(*) FILTER (WHERE NOT coalesce(exceptions_apply, false)
                            AND date_diff('day', received_on, final_issued_on) <= 140) AS p_in_ex
    FROM requests
    WHERE final_issued_on IS NOT NULL
    GROUP BY 1, 2
)
SELECT coalesce(d.la_code, i.la_code) AS la_code, coalesce(d.year, i.year) AS year,
       coalesce(decisions_made, 0) AS decisions_made,
       round(100.0 * d_in / nullif(decisions_made, 0), 1) AS decisions_within_6_weeks_pct,
       coalesce(plans_issued, 0) AS plans_issued,
       round(100.0 * p_in / nullif(plans_issued, 0), 1)
           AS plans_within_20_weeks_pct_incl_exceptions,
       coalesce(plans_ex, 0) AS plans_issued_excl_exceptions,
       round(100.0 * p_in_ex / nullif(plans_ex, 0), 1)
           AS plans_within_20_weeks_pct_excl_exceptions
FROM decided d FULL OUTER JOIN issued i ON d.la_code = i.la_code AND d.year = i.year
ORDER BY 1, 2
"""
HEADLINE = [
    "la_code", "year", "decisions_made", "decisions_within_6_weeks_pct", "plans_issued",
    "plans_within_20_weeks_pct_incl_exceptions", "plans_issued_excl_exceptions",
    "plans_within_20_weeks_pct_excl_exceptions",
]  # fmt: skip


def _days(rng: np.random.Generator, start: np.ndarray, low: int, high: int) -> np.ndarray:
    return start + rng.integers(low, high, start.size).astype("timedelta64[D]")


def _nulls(rng: np.random.Generator, values: np.ndarray, keep: np.ndarray) -> pl.Series:
    return pl.Series(values).set(pl.Series(~keep), None)


def synthetic_requests(rng: np.random.Generator, n_las: int, per_year: int) -> pl.DataFrame:
    """Random requests: 70% assessed, 85% of those issued, 8% with exceptions."""
    n = n_las * len(YEARS) * per_year
    la = np.repeat([f"{300 + i}" for i in range(n_las)], len(YEARS) * per_year)
    year_start = np.tile(np.repeat([np.datetime64(f"{y}-01-01") for y in YEARS], per_year), n_las)
    received = _days(rng, year_start, 0, 365)
    decision = rng.choice(["assess", "not_assess", "withdrawn", ""], n, p=[0.7, 0.25, 0.02, 0.03])
    issued = (decision == "assess") & (rng.random(n) < 0.85)
    final = _days(rng, received, 70, 300)
    return pl.DataFrame({
        "la_code": la, "request_id": [f"R{i:07d}" for i in range(n)],
        "person_id": [f"P{i:07d}" for i in range(n)], "received_on": received,
        "decision": pl.Series(decision).replace("", None),
        "decision_on": _nulls(rng, _days(rng, received, 10, 80), decision != ""),
        "assessment_outcome": pl.Series(np.where(issued, "issue", "")).replace("", None),
        "exceptions_apply": rng.random(n) < 0.08,
        "draft_issued_on": _nulls(rng, final - np.timedelta64(20, "D"), issued),
        "final_issued_on": _nulls(rng, final, issued),
    })  # fmt: skip


def synthetic_advice(rng: np.random.Generator, requests: pl.DataFrame) -> pl.DataFrame:
    """Three advice requests per request, 5% not yet returned."""
    base = requests.select("la_code", "request_id", "received_on")
    advice = pl.concat([base] * 3)
    requested = _days(rng, advice.get_column("received_on").to_numpy(), 40, 50)
    kinds = rng.choice(
        ["education", "health", "social_care", "educational_psychology"], advice.height
    )
    returned = _days(rng, requested, 10, 80)
    return advice.select("la_code", "request_id").with_columns(
        advice_type=pl.Series(kinds), requested_on=pl.Series(requested),
        received_on=_nulls(rng, returned, rng.random(advice.height) > 0.05),
    )  # fmt: skip


def synthetic_reviews(rng: np.random.Generator, n_las: int, n: int) -> pl.DataFrame:
    """Review meetings spread over the years, 95% with a decision 0-80 days later."""
    meeting = _days(rng, np.full(n, np.datetime64("2019-01-01")), 0, 6 * 365)
    decided = rng.random(n) < 0.95
    return pl.DataFrame({
        "la_code": rng.choice([f"{300 + i}" for i in range(n_las)], n),
        "plan_id": [f"E{i:07d}" for i in range(n)], "person_id": [f"Q{i:07d}" for i in range(n)],
        "review_meeting_on": meeting,
        "decision": _nulls(rng, rng.choice(["maintain", "amend", "cease"], n), decided),
        "decision_on": _nulls(rng, _days(rng, meeting, 0, 80), decided),
    })  # fmt: skip


def build_england(scale: str, seed: int = 2024) -> EhcFrames:
    """The synthetic England at ``scale``, as normalised frames."""
    n_las, per_year, n_reviews = SCALES[scale]
    rng = np.random.default_rng(seed)
    requests = synthetic_requests(rng, n_las, per_year)
    advice = synthetic_advice(rng, requests)
    return assemble(requests, advice, synthetic_reviews(rng, n_las, n_reviews))


def best_time(run: Callable[[], Any], repeats: int = 7) -> tuple[float, Any]:
    """Fastest of ``repeats`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def frames_match(ours: pl.DataFrame, theirs: pl.DataFrame) -> bool:
    """Same rows, same counts, percentages within rounding of each other."""
    left = ours.select(HEADLINE).with_columns(pl.col("year").cast(pl.Int64)).sort("la_code", "year")
    right = theirs.with_columns(pl.col("year").cast(pl.Int64)).sort("la_code", "year")
    if left.shape != right.shape or not left.select(HEADLINE[:3]).equals(
        right.select(HEADLINE[:3])
    ):
        return False
    for column in HEADLINE[3:]:
        gap = (
            left.get_column(column).cast(pl.Float64) - right.get_column(column).cast(pl.Float64)
        ).abs()
        if gap.max() is not None and float(gap.max()) > 0.05 + 1e-9:  # type: ignore[arg-type]
            return False
        if not left.get_column(column).is_null().equals(right.get_column(column).is_null()):
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    args = parser.parse_args()
    start = time.perf_counter()
    frames = build_england(args.scale)
    print(f"built {frames.requests.height:,} requests, {frames.advice.height:,} advice, "
          f"{frames.reviews.height:,} reviews in {time.perf_counter() - start:.1f}s")  # fmt: skip
    ours_time, facts = best_time(lambda: build_facts(frames))
    con = duckdb.connect()
    con.register("requests", frames.requests.to_arrow())
    duck_time, duck = best_time(lambda: con.sql(HEADLINE_SQL).pl())
    print(f"sendsight all metrics: {ours_time:.3f}s ({facts.timeliness.height} LA-years); "
          f"duckdb headline three: {duck_time:.3f}s")  # fmt: skip
    match = frames_match(facts.timeliness, duck)
    print(f"ratio={ours_time / duck_time:.2f} match={str(match).lower()}")


if __name__ == "__main__":
    main()
