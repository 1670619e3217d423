"""Wall time of the full caseload backtest (all methods, 150 footprints, 7 origins, 3 horizons).

The published history is read from the statistics store: the shipped reference data and
statistics are loaded into an in-memory SQLite database first (outside the timings), as
``sendsight init`` loads them. Prints the median of 3 runs of the backtest as the pages show it
(each origin's forecasts made from the figures first published by then), its ratio to the
2-minute goal and to a reference run of the naive method alone (computed in the same run), the
time of a backtest on the newest figures only (as before decision 0401's rule), the wall time
of the nested backtest (every design choice made again at each origin from earlier origins
only; the figure the pages show) and its ratio to the full backtest, then the accuracy tables
and the in-sample against nested table of the recommended method.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence

from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from sendsight.db.models import metadata
from sendsight.forecasting import history, run_backtest
from sendsight.forecasting.backtest import METRICS, BacktestResult
from sendsight.forecasting.engine import METHODS
from sendsight.forecasting.nested import NestedResult, backtest_text, run_nested
from sendsight.forecasting.panel import History
from sendsight.reference.loader import load_reference_data
from sendsight.statistics.loader import load_shipped_statistics

GOAL_SECONDS = 120.0


def _session() -> Session:
    engine = create_engine("sqlite://", poolclass=StaticPool)
    metadata.create_all(engine)
    session = Session(engine)
    load_reference_data(session)
    load_shipped_statistics(session)
    session.commit()
    return session


def _backtest(
    session: Session, methods: Sequence[str] = METHODS, first_published: bool = True
) -> BacktestResult:
    def known_at(origin: int) -> History:
        return history.history(session=session, as_published_at=origin)

    latest = history.history(session=session)
    return run_backtest(latest, methods=methods, known_at=known_at if first_published else None)


def _nested(session: Session) -> NestedResult:
    def known_at(origin: int) -> History:
        return history.history(session=session, as_published_at=origin)

    return run_nested(history.history(session=session), known_at)


def _timed_nested(session: Session) -> float:
    start = time.perf_counter()
    _nested(session)
    return time.perf_counter() - start


def _timed(session: Session, **options: object) -> float:
    start = time.perf_counter()
    _backtest(session, **options)  # type: ignore[arg-type]
    return time.perf_counter() - start


def _table(result: BacktestResult) -> None:
    print(f"recommended: {result.recommended}")
    cols = ["method", "horizon", *METRICS]
    for row in result.summary.select(cols).iter_rows():
        print(" ".join(f"{v:>14.2f}" if isinstance(v, float) else f"{v!s:>14}" for v in row))


def main() -> None:
    """Time three full backtests and print the accuracy tables."""
    session = _session()
    for year in range(2018, 2025):  # read every vintage once, outside the timings
        history.history(session=session, as_published_at=year)
    full = statistics.median(_timed(session) for _ in range(3))
    reference = statistics.median(_timed(session, methods=("naive",)) for _ in range(3))
    newest = statistics.median(_timed(session, first_published=False) for _ in range(3))
    print(f"full backtest (first published at each origin): median {full:.2f} s of 3 runs")
    print(f"ratio to the 120 s goal: {full / GOAL_SECONDS:.4f}")
    print(f"ratio to naive-only backtest ({reference:.2f} s): {full / reference:.1f}")
    print(f"ratio to a backtest on the newest figures only ({newest:.2f} s): {full / newest:.2f}")
    nested = statistics.median(_timed_nested(session) for _ in range(3))
    print(f"nested backtest: median {nested:.2f} s of 3 runs")
    print(f"ratio of the nested backtest to the full backtest: {nested / full:.2f}")
    print("\nrecommended method, in-sample against nested (the pages show nested):")
    print(backtest_text(_backtest(session), _nested(session)), end="")
    print("\nfirst published at each origin (in-sample):")
    _table(_backtest(session))
    print("\nnewest figures at every origin (later revisions used):")
    _table(_backtest(session, first_published=False))


if __name__ == "__main__":
    main()
