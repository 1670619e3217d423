"""A progress bar for long imports, on standard error so that standard output stays readable."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

# Below this many rows an import takes a second or two and needs no bar.
PROGRESS_ROWS = 10_000


def count_rows(paths: Iterable[Path]) -> int:
    """Data rows in CSV files: their lines less each header line (an XML file: its lines)."""
    total = 0
    for path in paths:
        with path.open("rb") as lines:
            total += max(sum(1 for _ in lines) - 1, 0)
    return total


@contextmanager
def working(rows: int, what: str, *, console: Console | None = None) -> Iterator[None]:
    """Show a moving bar with the time taken while the block runs, when ``rows`` is more than
    :data:`PROGRESS_ROWS`. The import is one step that reports no progress of its own, so the
    bar shows that work goes on, not how much is left."""
    if rows <= PROGRESS_ROWS:
        yield
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console or Console(stderr=True), transient=True) as bar:
        bar.add_task(f"{what} {rows:,} rows", total=None)
        yield
