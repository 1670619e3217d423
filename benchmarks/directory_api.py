"""The Local Offer at scale: 10,000 generated services, served by `sendsight serve`.

Measures, on SQLite and on PostgreSQL, with 8 concurrent clients:
- `/api/oruk/services?search=...&taxonomy_term_id=...` p95 against `/healthz` in the same run
  (goal: at most 5 times);
- the family search page p95 (goal: at most 150 ms);
- a full ORUK JSON export of the directory (goal: at most 10 s).
The rate limit is turned off for the run (`SENDSIGHT_ORUK_RATE_LIMIT=off`): 8 clients from one
address would otherwise be throttled, which is the limit working, not the API being slow.

Usage: .venv/bin/python benchmarks/directory_api.py [--seconds 20] [--backend sqlite]
"""

from __future__ import annotations

import argparse
import json
import time
import urllib.request
from datetime import date

from _load import load, postgres_url, served, sqlite_url
from sqlalchemy import text
from sqlalchemy.orm import Session

SERVICES = 10_000


def _grow(url: str) -> str:
    """Add generated services to the demo directory (after `demo` built it); returns a term id."""
    from sendsight.db.session import get_engine
    from sendsight.demo.directory import build_package
    from sendsight.directory import queries
    from sendsight.directory.store import store
    from sendsight.directory.taxonomies import term_id

    with Session(get_engine(url)) as session:
        owner = queries.published_partnership_id(session=session)
        assert owner
        package = build_package(owner, today=date.today(), count=SERVICES, salt="-bench")
        store(session, partnership_id=owner, package=package)
        session.commit()
        return term_id(owner, "need", "ASD")


def _export_seconds(url: str) -> float:
    from sendsight.db.session import get_engine
    from sendsight.directory import exchange, queries

    with Session(get_engine(url)) as session:
        owner = queries.published_partnership_id(session=session)
        assert owner
        started = time.perf_counter()
        document = exchange.export_oruk(session, partnership_id=owner)
        json.dumps(document)
        elapsed = time.perf_counter() - started
        print(f"export: {len(document)} services in {elapsed:.2f} s goal<=10 s")
        return elapsed


def _reset_postgres(url: str) -> None:
    from sendsight.db.session import get_engine

    with get_engine(url).begin() as c:
        c.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))


def run(backend: str, seconds: float) -> None:
    url = sqlite_url() if backend == "sqlite" else postgres_url()
    assert url
    if backend == "postgresql":
        _reset_postgres(url)
    env = {"SENDSIGHT_ORUK_RATE_LIMIT": "off"}
    with served(url, extra_env=env) as base:
        term = _grow(url)
        with urllib.request.urlopen(base + "/api/oruk/services?per_page=1") as response:
            total = json.load(response)["total_items"]
        api = [
            f"/api/oruk/services?search=swimming&taxonomy_term_id={term}",
            f"/api/oruk/services?search=autism+workshops&taxonomy_term_id={term}&per_page=20",
        ]
        page = ["/local-offer/?q=speech&need=SLCN&age=7&locality=heywood"]
        load(base, api + page, clients=2, seconds=3)  # warm-up
        reference = load(base, ["/healthz"], clients=8, seconds=seconds / 3)[0]
        api_results = load(base, api, clients=8, seconds=seconds)
        page_results = load(base, page, clients=8, seconds=seconds)
    print(f"\n== {backend}: {total} services ==")
    print(reference.line())
    for r in api_results:
        print(r.line() + f"  ratio_p95_to_healthz={r.p95 / reference.p95:.1f} (goal <= 5)")
    for r in page_results:
        print(r.line() + "  (goal p95 <= 150 ms)")
    _export_seconds(url)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--backend", default="both", choices=["sqlite", "postgresql", "both"])
    args = parser.parse_args()
    for backend in ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]:
        run(backend, args.seconds)


if __name__ == "__main__":
    main()
