"""EHC import of one year for the demo LA, with its refresh, against the import alone.

Issue #11's figure: an import plus everything it refreshes (the LA's facts are rebuilt inside the
import; the wiring then refreshes the partnership's fact-fed scorecard measures) must take at most
2× the import alone. Both are timed in the same run on copies of one prepared SQLite database: the
shipped statistics, the demo partnership without cases, and one fact-fed measure per EHC fact. The
file is about one year of the demo LA's case records (Rochdale received 755 requests in 2024).

    .venv/bin/python benchmarks/ehc_import_refresh.py [--runs 5] [--rows 4000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.bulk_ehc import write_bulk_template

from sendsight.access import queries as access_queries
from sendsight.access.audit import NamedActor
from sendsight.cli.setup import load_shipped_data
from sendsight.core import events
from sendsight.db.migrate import upgrade
from sendsight.db.session import transaction
from sendsight.demo.build import build_demo
from sendsight.ehc import imports
from sendsight.ehc.scorecard import FACTS
from sendsight.outcomes import queries as outcomes
from sendsight.wiring import wire

ACTOR = NamedActor(email="benchmark@example.test")


def prepare(folder: Path) -> Path:
    """A migrated SQLite database with the demo partnership (no cases) and fact-fed measures."""
    path = folder / "base.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    with transaction(url) as session:
        load_shipped_data(session)
        build_demo(session, la_code="354", password="benchmark password 1234",
                   with_cases=False, today=date(2026, 12, 3))  # fmt: skip
        partnership = access_queries.partnership_for_la_or_none(session=session, la_code="354")
        assert partnership is not None
        for key, (label, *_) in FACTS.items():
            outcomes.create_measure(
                session=session, partnership_id=partnership.id, key=f"bench_{key}", name=label,
                level="indicator", unit="count", decimals=0, frequency="calendar_year",
                source_kind="fact", source_key=key, la_code="354",
            )  # fmt: skip
    return path


def timed_import(base: Path, files: dict[str, Path], *, refresh: bool) -> float:
    """Seconds for one import into a fresh copy of ``base`` (with or without the refresh)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.db"
        shutil.copy(base, copy)
        saved = events._handlers.get(events.ChangeKind.EHC_FACTS, [])
        if not refresh:
            events._handlers[events.ChangeKind.EHC_FACTS] = []
        try:
            started = time.perf_counter()
            with transaction(f"sqlite:///{copy}") as session:
                result = imports.import_template(
                    session, la_code="354", requests=files["requests"],
                    advice=files["advice"], reviews=files["reviews"], actor=ACTOR,
                )  # fmt: skip
            elapsed = time.perf_counter() - started
        finally:
            events._handlers[events.ChangeKind.EHC_FACTS] = saved
        assert result.changed
        return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=4000)
    args = parser.parse_args()
    wire()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = prepare(folder)
        files = write_bulk_template(folder / "files", rows=args.rows)
        timed_import(base, files, refresh=True)  # warm-up: imports, caches
        alone: list[float] = []
        both: list[float] = []
        for _ in range(args.runs):  # interleaved, so machine noise hits both alike
            alone.append(timed_import(base, files, refresh=False))
            both.append(timed_import(base, files, refresh=True))
    a, b = statistics.median(alone), statistics.median(both)
    print(f"EHC import of {args.rows} rows for LA 354, median of {args.runs} runs (SQLite)")
    print(f"  import alone:           {a * 1000:8.1f} ms")
    print(f"  import + refresh:       {b * 1000:8.1f} ms")
    print(f"  ratio (goal <= 2.0):    {b / a:8.2f}")


if __name__ == "__main__":
    main()
