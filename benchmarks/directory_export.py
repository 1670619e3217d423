"""The full ORUK JSON export of a Local Offer of 10,000 generated services (goal: at most
10 s), on SQLite and on PostgreSQL, against a reference in the same run: reading every row of
the directory's tables with bare `SELECT`s and `json.dumps` of them as plain dicts (the floor
any export has to pay). The export is timed to the end of its own `json.dumps`.

Builds the demo in a temporary SQLite database (PostgreSQL: `SENDSIGHT_BENCH_POSTGRES_URL`, whose
public schema is dropped and made again) and adds the services, as `directory_api.py` does.

Usage: .venv/bin/python benchmarks/directory_export.py [--backend sqlite|postgresql|both]
       [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from _load import postgres_url, sqlite_url
from directory_api import _grow, _reset_postgres
from sqlalchemy import select
from sqlalchemy.orm import Session


def _build(url: str) -> None:
    env = {
        **os.environ,
        "SENDSIGHT_DATABASE_URL": url,
        "SENDSIGHT_ENVIRONMENT": "development",
        "SENDSIGHT_DEMO_PASSWORD": "benchmark password 1234",
    }
    subprocess.run(
        [sys.executable, "-m", "sendsight", "demo", "--no-serve"],
        env=env,
        check=True,
        capture_output=True,
    )
    _grow(url)


def _reference(session: Session, owner: str) -> tuple[float, int]:
    """Seconds to read every directory row of the partnership and dump them as plain dicts."""
    from sendsight.directory.bulk import _BY_SERVICE
    from sendsight.directory.models import (
        Accessibility,
        Address,
        Attribute,
        Location,
        Organization,
        Service,
        TaxonomyTerm,
    )

    models = [Service, Organization, Location, Address, Accessibility, Attribute, TaxonomyTerm]
    models += [model for model, _ in _BY_SERVICE]
    started = time.perf_counter()
    rows = []
    for model in models:
        table = model.__table__
        query = select(table).where(table.c.partnership_id == owner)
        rows += [dict(r._mapping) for r in session.execute(query)]
    json.dumps(rows, default=str)
    return time.perf_counter() - started, len(rows)


def _export(session: Session, owner: str) -> tuple[float, float, int]:
    """Seconds (wall and this process's CPU) to export and dump; how many services."""
    from sendsight.directory import exchange

    started, cpu = time.perf_counter(), time.process_time()
    document = exchange.export_oruk(session, partnership_id=owner)
    json.dumps(document)
    return time.perf_counter() - started, time.process_time() - cpu, len(document)


def run(backend: str, repeat: int) -> None:
    from sendsight.db.session import get_engine
    from sendsight.directory import queries

    url = sqlite_url() if backend == "sqlite" else postgres_url()
    assert url
    if backend == "postgresql":
        _reset_postgres(url)
    _build(url)
    with Session(get_engine(url)) as session:
        owner = queries.published_partnership_id(session=session)
        assert owner
        reference, rows = min(_reference(session, owner) for _ in range(repeat))
        export, cpu, services = min(_export(session, owner) for _ in range(repeat))
    print(f"\n== {backend}: {services} services, {rows} rows ==")
    print(f"reference (SELECT every row + json.dumps): {reference:6.2f} s")
    print(
        f"export (ORUK JSON, fully nested):          {export:6.2f} s  goal<=10 s  "
        f"ratio_to_reference={export / reference:.1f}"
    )
    print(
        f"export CPU time of this process:           {cpu:6.2f} s (a busy machine's wall time "
        "is mostly waiting)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="both", choices=["sqlite", "postgresql", "both"])
    parser.add_argument("--repeat", type=int, default=3, help="Best of this many runs.")
    args = parser.parse_args()
    for backend in ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]:
        run(backend, args.repeat)


if __name__ == "__main__":
    main()
