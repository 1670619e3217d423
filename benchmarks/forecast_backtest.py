"""Wall time of the full caseload backtest (all methods, 150 footprints, 7 origins, 3 horizons).

Prints the median of 3 runs, its ratio to the 2-minute goal and to a reference run of the
naive method alone (computed in the same run), then the accuracy table.
"""

from __future__ import annotations

import statistics
import time

from sendsight.forecasting import run_backtest, shipped
from sendsight.forecasting.backtest import METRICS

GOAL_SECONDS = 120.0


def _timed(methods: tuple[str, ...] | None = None) -> float:
    start = time.perf_counter()
    if methods is None:
        run_backtest(shipped.caseload_panel())
    else:
        run_backtest(shipped.caseload_panel(), methods=methods)
    return time.perf_counter() - start


def main() -> None:
    """Time three full backtests and print the accuracy table."""
    shipped.caseload_panel()  # read the shipped data once, outside the timings
    full = statistics.median(_timed() for _ in range(3))
    reference = statistics.median(_timed(("naive",)) for _ in range(3))
    print(f"full backtest: median {full:.2f} s of 3 runs")
    print(f"ratio to the 120 s goal: {full / GOAL_SECONDS:.4f}")
    print(f"ratio to naive-only backtest ({reference:.2f} s): {full / reference:.1f}")
    result = run_backtest(shipped.caseload_panel())
    print(f"recommended: {result.recommended}")
    cols = ["method", "horizon", *METRICS]
    for row in result.summary.select(cols).iter_rows():
        print(" ".join(f"{v:>14.2f}" if isinstance(v, float) else f"{v!s:>14}" for v in row))


if __name__ == "__main__":
    main()
