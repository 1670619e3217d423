"""Benchmark: protect a 2,000 x 50 table of counts with totals, against copying it with Polars.

Run: .venv/bin/python benchmarks/disclosure.py
The reference is a real copy of every count (each column rebuilt as ``col + 0``), timed in
the same run, so the ratio is comparable across machines. Goal: protect_table <= 20x.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

import numpy as np
import polars as pl

from sendsight.disclosure import protect_table

ROWS, COLUMNS, REPEATS = 2_000, 50, 15


def make_table(p: float = 0.08, seed: int = 20250101) -> pl.DataFrame:
    """Synthetic counts skewed towards small numbers, as in school-by-need tables."""
    rng = np.random.default_rng(seed)
    body = rng.negative_binomial(1, p, size=(ROWS, COLUMNS))
    body = np.hstack([body, body.sum(axis=1, keepdims=True)])
    body = np.vstack([body, body.sum(axis=0, keepdims=True)])
    names = [f"need_{j:02d}" for j in range(COLUMNS)] + ["Total"]
    labels = [f"school_{i:04d}" for i in range(ROWS)] + ["Total"]
    frame = pl.DataFrame(body, schema=names, orient="row")
    return frame.insert_column(0, pl.Series("label", labels))


def report(line: str) -> None:
    sys.stdout.write(line + "\n")


def median_seconds(work: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(label: str, frame: pl.DataFrame) -> None:
    counts = [c for c in frame.columns if c != "label"]
    reference = median_seconds(lambda: frame.with_columns(pl.col(counts) + 0))
    protect = median_seconds(lambda: protect_table(frame))
    with_text = median_seconds(lambda: protect_table(frame).to_frame())
    table = protect_table(frame)
    grid = frame.select(counts).to_numpy()
    small = int(((grid >= 1) & (grid < 5)).sum())
    report(
        f"{label}: {ROWS} x {COLUMNS} with totals; {small} small counts; "
        f"{int(table.suppressed.sum())} cells suppressed in all"
    )
    report(f"  copy with Polars (reference): median {reference * 1000:.2f} ms")
    report(
        f"  protect_table:                median {protect * 1000:.2f} ms  "
        f"ratio {protect / reference:.1f}x (goal <= 20x)"
    )
    report(
        f"  protect_table + to_frame:     median {with_text * 1000:.2f} ms  "
        f"ratio {with_text / reference:.1f}x"
    )


def main() -> None:
    run("many small counts", make_table(0.08))
    run("few small counts (secondary suppression busy)", make_table(0.005))


if __name__ == "__main__":
    main()
