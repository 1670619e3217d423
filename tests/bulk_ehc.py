"""A large synthetic EHC template built by repeating the small test template (no real child).

Block ``n`` copies every row of ``tests/data/ehc/template`` with ids prefixed ``B{n:06d}-``, so
the ids stay unique and every row stays valid. Used by the concurrency test and benchmark.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

TEMPLATE = Path(__file__).parent / "data" / "ehc" / "template"
ID_COLUMNS = ("request_id", "person_id", "plan_id")
FILES = ("requests", "advice", "reviews")


def rows_per_block() -> int:
    """How many rows (all three files) one block adds."""
    return sum(_small(name).height for name in FILES)


def write_bulk_template(directory: Path, *, rows: int) -> dict[str, Path]:
    """Write requests, advice and reviews CSVs with at least ``rows`` rows in all; their paths."""
    blocks = -(-rows // rows_per_block())
    directory.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name in FILES:
        small = _small(name)
        copies = [_prefixed(small, f"B{n:06d}-") for n in range(blocks)]
        paths[name] = directory / f"{name}.csv"
        pl.concat(copies).write_csv(paths[name])
    return paths


def _small(name: str) -> pl.DataFrame:
    return pl.read_csv(TEMPLATE / f"{name}.csv", infer_schema_length=0)


def _prefixed(frame: pl.DataFrame, prefix: str) -> pl.DataFrame:
    ids = [c for c in ID_COLUMNS if c in frame.columns]
    return frame.with_columns((pl.lit(prefix) + pl.col(c)).alias(c) for c in ids)
