"""The Local Offer at scale: 10,000 generated services, served by `sendsight serve`.

Measures, on SQLite and on PostgreSQL:
- with 8 concurrent clients: `/api/oruk/services?search=...&taxonomy_term_id=...` p95 against
  `/healthz` in the same run (goal: at most 5 times) and the family search page p95 (goal: at
  most 150 ms);
- the single-request service time of the same pages (Flask test client, sequential, 50 requests
  after a warm-up; goal p50 <= 12 ms, p95 <= 25 ms), with the ratio to `/healthz`.
The full export has its own script (`benchmarks/directory_export.py`).
The rate limit is turned off for the run (`SENDSIGHT_ORUK_RATE_LIMIT=off`): 8 clients from one
address would otherwise be throttled, which is the limit working, not the API being slow.
PostgreSQL: `SENDSIGHT_BENCH_POSTGRES_URL` (its public schema is dropped and made again).

Usage: .venv/bin/python benchmarks/directory_api.py [--seconds 20] [--backend sqlite]
       [--timed 50]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import urllib.request
from datetime import date

from _load import load, postgres_url, served, sqlite_url
from sqlalchemy import text
from sqlalchemy.orm import Session

SERVICES = 10_000


def _grow(url: str) -> tuple[str, str]:
    """Add generated services to the demo directory (after `demo` built it); returns the term
    ids of autism and of speech and language."""
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
        return term_id(owner, "need", "ASD"), term_id(owner, "need", "SLCN")


def _service_times(url: str, paths: list[str], timed: int) -> None:
    """Sequential single-request times through the Flask test client (no server, no network)."""
    os.environ.update(
        SENDSIGHT_DATABASE_URL=url,
        SENDSIGHT_ORUK_RATE_LIMIT="off",
        SENDSIGHT_ENVIRONMENT="development",
    )
    from sendsight.config import get_settings
    from sendsight.web import create_app

    get_settings.cache_clear()  # a second backend in the same run has another database URL
    client = create_app().test_client()
    reference = 0.0
    for path in ["/healthz", *paths]:
        for _ in range(5):
            client.get(path)
        times = []
        for _ in range(timed):
            started = time.perf_counter()
            assert client.get(path).status_code == 200, path
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p50, p95 = statistics.median(times), times[int(0.95 * (len(times) - 1))]
        reference = reference or p95
        print(
            f"single {path[:70]:<70} p50={p50:6.1f} ms p95={p95:6.1f} ms "
            f"ratio_p95_to_healthz={p95 / reference:.1f} (goal p50<=12, p95<=25)"
        )


def _reset_postgres(url: str) -> None:
    from sendsight.db.session import get_engine

    with get_engine(url).begin() as c:
        c.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))


def run(backend: str, seconds: float, timed: int) -> None:
    url = sqlite_url() if backend == "sqlite" else postgres_url()
    assert url
    if backend == "postgresql":
        _reset_postgres(url)
    env = {"SENDSIGHT_ORUK_RATE_LIMIT": "off"}
    with served(url, extra_env=env) as base:
        autism, speech = _grow(url)
        with urllib.request.urlopen(base + "/api/oruk/services?per_page=1") as response:
            total = json.load(response)["total_items"]
        api = [
            f"/api/oruk/services?search=swimming&taxonomy_term_id={autism}",
            f"/api/oruk/services?search=autism+workshops&taxonomy_term_id={autism}&per_page=20",
            f"/api/oruk/services?search=speech&taxonomy_term_id={speech}",
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
    _service_times(url, api + page, timed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--backend", default="both", choices=["sqlite", "postgresql", "both"])
    parser.add_argument("--timed", type=int, default=50, help="Sequential requests per page.")
    args = parser.parse_args()
    for backend in ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]:
        run(backend, args.seconds, args.timed)


if __name__ == "__main__":
    main()
