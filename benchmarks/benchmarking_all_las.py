"""Benchmark: vectorised ``benchmark_all`` against a plain-Python reference of the same rules.

Run: ``.venv/bin/python benchmarks/benchmarking_all_las.py``. For 153 local areas (England) and
a synthetic 20,000, prints the ratio of the reference's time to ours (above 1 means ours is
faster) after checking both give the same ranks, bands, neighbour medians and arrows. Also times
the SVG charts an all-LAs page draws.
"""

from __future__ import annotations

import bisect
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl

from sendsight.benchmarking import benchmark, benchmark_all
from sendsight.web.charts import Series, bar_chart, line_chart

REGIONS = [f"E1200000{i}" for i in range(1, 10)]
SCHEMA = {"geographic_level": pl.Utf8, "area_code": pl.Utf8, "value": pl.Float64, "symbol": pl.Utf8}
Frames = tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, dict[str, list[str]]]


def synthetic(seed: int, areas: int) -> Frames:
    """Made-up figures for ``areas`` areas in 9 regions, a previous period, 10 neighbours each."""
    rng = np.random.default_rng(seed)
    codes = [f"{800 + i:03d}" for i in range(areas)]
    regions = [REGIONS[i % 9] for i in range(areas)]
    las = pl.DataFrame(
        {"la_code": codes, "la_name": [f"Area {c}" for c in codes], "region_code": regions,
         "region_name": regions}
    )  # fmt: skip
    neighbours = {c: [str(x) for x in rng.choice(codes, 10, replace=False)] for c in codes}

    def frame(values: np.ndarray) -> pl.DataFrame:
        symbols = ["c" if i % 37 == 0 else None for i in range(areas)]
        rows = [("national", "E92000001", 50.0, None)]
        rows += [("regional", r, 45.0 + i, None) for i, r in enumerate(REGIONS)]
        rows += [
            ("la", code, None if symbol else round(float(value), 1), symbol)
            for code, value, symbol in zip(codes, values, symbols, strict=True)
        ]
        return pl.DataFrame(rows, schema=SCHEMA, orient="row")

    now = rng.normal(50, 10, areas)
    return frame(now), frame(now * rng.normal(1, 0.08, areas)), las, neighbours


def comparable(frame: pl.DataFrame) -> dict[str, float]:
    return {
        row["area_code"]: row["value"]
        for row in frame.iter_rows(named=True)
        if row["geographic_level"] == "la" and row["value"] is not None and row["symbol"] is None
    }


def reference(frames: Frames) -> dict[str, tuple[Any, ...]]:
    """The same rules written plainly, one local area at a time (higher is better)."""
    values, previous, las, neighbours = frames
    now, before = comparable(values), comparable(previous)
    q25, q50, q75 = np.quantile(list(now.values()), [0.25, 0.5, 0.75])
    ascending = sorted(now.values())
    out = {}
    for code in las["la_code"]:
        value = now.get(code)
        rank = band = direction = None
        if value is not None:
            rank = 1 + len(ascending) - bisect.bisect_right(ascending, value)
            band = "D" if value <= q25 else "C" if value <= q50 else "B" if value <= q75 else "A"
        if value is not None and code in before:
            change, size = value - before[code], abs(before[code])
            flat = abs(change) <= size * (0.05 + 1e-9)
            direction = "flat" if flat else "up" if change > 0 else "down"
        near = [now[n] for n in neighbours[code] if n in now and n != code]
        out[code] = (rank, band, statistics.median(near) if near else None, direction)
    return out


def best_of(runs: int, task: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return min(times)


def compare(areas: int) -> pl.DataFrame:
    frames = synthetic(seed=20250601, areas=areas)
    values, previous, las, neighbours = frames

    def ours() -> pl.DataFrame:
        return benchmark_all(values, las, neighbours, "high_is_good", previous=previous)

    table = ours()
    got = {
        r["la_code"]: (r["rank"], r["quartile_band"], r["sn_median"], r["direction"])
        for r in table.iter_rows(named=True)
    }
    assert got == reference(frames), "vectorised and reference benchmarks disagree"
    runs = 20 if areas < 1000 else 3
    fast, slow = best_of(runs, ours), best_of(runs, lambda: reference(frames))
    print(
        f"{areas} areas: benchmark_all {fast * 1000:.2f} ms; plain-Python reference "
        f"{slow * 1000:.2f} ms; ratio reference / ours {slow / fast:.2f}x (results identical)"
    )
    return table


def charts(table: pl.DataFrame) -> None:
    labels, values = table["la_name"].to_list(), table["value"].to_list()
    bars = best_of(20, lambda: bar_chart(labels, values, title="All", highlight={"Area 800"}))
    periods = [str(year) for year in range(2015, 2025)]
    trend = [float(v) for v in np.linspace(40, 50, 10)]
    lines = [Series(name, trend) for name in ("LA", "England", "Region")]
    line = best_of(20, lambda: line_chart(periods, lines, title="Trend"))
    print(
        f"bar chart of {len(labels)} LAs: {bars * 1000:.2f} ms; "
        f"line chart (3 series x 10 periods): {line * 1000:.2f} ms"
    )


def main() -> None:
    table = compare(153)
    compare(20_000)
    values, previous, las, neighbours = synthetic(seed=20250601, areas=153)
    one = best_of(
        20, lambda: benchmark("800", values, las, neighbours, "high_is_good", previous=previous)
    )
    print(f"benchmark() for one LA: {one * 1000:.2f} ms")
    charts(table)


if __name__ == "__main__":
    main()
