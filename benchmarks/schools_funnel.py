"""Expected values from similar schools and funnel limits for every school in England (the
shipped January 2019 figures, about 24,000 schools, 4 measures), against a plain Polars
group-by over the same frame (each school type's pooled EHC plan and SEN support rates) in the
same run. Median of 5 runs each.

Usage: .venv/bin/python benchmarks/schools_funnel.py
Goal (issue 18): <= 2 s for all of England.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import polars as pl

from sendsight.schools import method
from sendsight.schools.shipped import school_level_2019


def _timed(work: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    schools = school_level_2019().drop("name")
    state = schools.filter(~pl.col("school_type").is_in(["Independent school"]))

    def reference() -> pl.DataFrame:
        return schools.group_by("school_type").agg(
            ehc=pl.col("ehc_plan").sum() / pl.col("pupils").sum(),
            support=pl.col("sen_support").sum() / pl.col("pupils").sum(),
        )

    funnel, pairs = method.compute(schools)
    print(
        f"schools={schools.height} (state-funded {state.height}) funnel rows={funnel.height} "
        f"similar-school pairs={pairs.height}"
    )
    base = _timed(reference)
    every = _timed(lambda: method.compute(schools))
    only_state = _timed(lambda: method.compute(state))
    print(f"plain group-by: {base * 1000:.1f} ms")
    print(
        f"expected + limits, all schools: {every * 1000:.0f} ms "
        f"(ratio {every / base:.0f}x) goal<=2000 ms -> {'met' if every <= 2 else 'NOT met'}"
    )
    print(
        f"expected + limits, state-funded only: {only_state * 1000:.0f} ms "
        f"(ratio {only_state / base:.0f}x)"
    )


if __name__ == "__main__":
    main()
