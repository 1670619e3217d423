"""Importing every shipped statistics file, as a ratio to ``polars.read_csv`` of the same files.

Run: ``.venv/bin/python benchmarks/import_statistics.py`` (SQLite in a temporary file). Set
``SENDSIGHT_BENCH_POSTGRES_URL`` to also time PostgreSQL; only the statistics table is
created there and dropped afterwards. Goal: at most 4x the plain CSV read, as the median of 5
imports against the median of 20 reads in the same run. Also prints the slowest cold call of
each page query over all indicators (goal under 50 ms).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl
from sqlalchemy.orm import Session

from sendsight.db.session import get_engine
from sendsight.statistics import blobs, queries
from sendsight.statistics.loader import load_shipped_statistics, shipped_files, shipped_path
from sendsight.statistics.models import StatRelease
from sendsight.statistics.registry import list_indicators

TABLES = [StatRelease.metadata.tables["stat_release"]]
REPEATS = 5


def say(line: str) -> None:
    """Write one line of results."""
    sys.stdout.write(line + "\n")


def median_of(
    run: Callable[[], object], repeats: int = REPEATS, setup: Callable[[], object] | None = None
) -> float:
    """The median of ``repeats`` timed runs, in seconds; ``setup`` runs before each, untimed."""
    times = []
    for _ in range(repeats):
        if setup is not None:
            setup()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def read_all_with_polars() -> int:
    """The reference: read every shipped file with polars, as text, as the importer does."""
    return sum(
        pl.read_csv(shipped_path(f.file), infer_schema=False).height for f in shipped_files()
    )


def fresh_tables(url: str) -> None:
    """Empty statistics tables (only this table is touched)."""
    engine = get_engine(url)
    StatRelease.metadata.drop_all(engine, tables=TABLES)
    StatRelease.metadata.create_all(engine, tables=TABLES)


def import_all(url: str) -> int:
    """Import every shipped file in one transaction and commit; returns values written."""
    with Session(get_engine(url)) as session:
        written = sum(r.values_written for r in load_shipped_statistics(session))
        session.commit()
    return int(written)


def page_query_times(url: str, indicator_id: str) -> dict[str, float]:
    """How long, in seconds, each query a page makes takes for one indicator, on a fresh
    session; the first (``latest_period``) also reads every release's blob, as the first query
    in a new process or after an import does."""
    blobs.forget()
    with Session(get_engine(url)) as session:
        started = time.perf_counter()
        latest = queries.latest_period(session=session, indicator_id=indicator_id)
        assert latest is not None
        return {
            "latest_period (reads every blob)": time.perf_counter() - started,
            "values_for_period": median_of(
                lambda: queries.values_for_period(
                    session=session, indicator_id=indicator_id, period=latest
                ),
                repeats=1,
            ),
            "indicator_series": median_of(
                lambda: queries.indicator_series(
                    session=session, indicator_id=indicator_id, area_code="354"
                ),
                repeats=1,
            ),
        }


def slowest_page_queries(url: str) -> dict[str, float]:
    """The slowest single call of each page query, over every indicator."""
    times = [page_query_times(url, indicator.id) for indicator in list_indicators()]
    return {name: max(t[name] for t in times) for name in times[0]}


def report(name: str, url: str, reference: float) -> None:
    """Print the import time (into empty tables), its ratio to the polars read, and the
    slowest page query on the imported data."""
    fresh_tables(url)
    values = import_all(url)
    try:
        seconds = median_of(lambda: import_all(url), setup=lambda: fresh_tables(url))
        slowest = slowest_page_queries(url)
    finally:
        StatRelease.metadata.drop_all(get_engine(url), tables=TABLES)
    say(
        f"{name:<11} import {values:>7,} values: {seconds * 1000:7.1f} ms  "
        f"ratio {seconds / reference:5.1f}x (goal <= 4x)"
    )
    for query, taken in slowest.items():
        say(f"{'':<11} slowest {query}: {taken * 1000:5.1f} ms (goal < 50 ms)")


def main() -> None:
    """Time the reference read, then the import on each configured database."""
    rows = read_all_with_polars()
    reference = median_of(read_all_with_polars, repeats=20)
    sizes = [shipped_path(f.file).stat().st_size for f in shipped_files()]
    say(
        f"reference   polars.read_csv of {len(sizes)} files ({sum(sizes) / 1024:.0f} KiB "
        f"gzipped, {rows:,} rows): {reference * 1000:.1f} ms"
    )
    with tempfile.TemporaryDirectory() as folder:
        report("SQLite", f"sqlite:///{Path(folder) / 'bench.db'}", reference)
    postgres = os.environ.get("SENDSIGHT_BENCH_POSTGRES_URL")
    if postgres:
        report("PostgreSQL", postgres, reference)
    else:
        say("PostgreSQL  skipped (set SENDSIGHT_BENCH_POSTGRES_URL)")


if __name__ == "__main__":
    main()
