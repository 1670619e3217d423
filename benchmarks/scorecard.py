"""p95 of the scorecard page and a turn-the-curve page under 8 concurrent clients, on a framework
of 60 outcomes and 600 measures with 10 years of monthly values, SQLite and PostgreSQL.

In-process (Flask test clients in 8 threads, one signed-in session each). Reference in the same
run: ``/healthz``. Usage: .venv/bin/python benchmarks/scorecard.py [--seconds 20]
[--backend sqlite|postgresql|both]. Goal (issue 3): p95 <= 300 ms. PostgreSQL uses its own
database (``SENDSIGHT_BENCH_POSTGRES_URL``), never the shared test database. Each path gets one
warm-up request; the cold scorecard build (empty cache) is timed and printed separately.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from sendsight.config import Settings
from sendsight.db.meta import DEMO_KEY, set_meta
from sendsight.db.models import metadata
from sendsight.db.session import get_engine, transaction
from sendsight.demo.access import demo_partnership, seed_demo_access
from sendsight.disclosure import PROTECTED
from sendsight.outcomes import periods, queries
from sendsight.outcomes.models import MeasureValue
from sendsight.web import create_app

PASSWORD = "benchmark password 123456"


def build(url: str) -> str:
    """60 outcomes × 10 measures × 120 monthly values; returns one measure's id."""
    metadata.create_all(get_engine(url))
    with transaction(url) as session:
        set_meta(session, DEMO_KEY, "true")  # demo accounts sign in only on a demo database
        seed_demo_access(session, la_code="354", password=PASSWORD)
        own = {"partnership_id": demo_partnership(session, la_code="354").id}
        at = datetime(2025, 10, 1, tzinfo=UTC)
        for o in range(60):
            outcome = queries.create_outcome(
                session=session, key=f"o{o}", statement=f"Outcome {o}", **own
            )
            for i in range(10):
                m = queries.create_measure(
                    session=session,
                    key=f"o{o}m{i}",
                    **own,
                    name=f"Measure {o}.{i}",
                    outcome_id=outcome.id,
                    level="indicator" if i < 5 else "performance",
                    frequency="monthly",
                    unit="percent",
                    polarity="up",
                    kind=None if i < 5 else "how_well",
                )
                session.add_all(
                    MeasureValue(partnership_id=m.partnership_id, measure_id=m.id,
                                 period=periods.from_index(k, "monthly").code,
                                 period_index=k, value=50 + (k % 7) + i, entered_at_utc=at)
                    for k in range(2015 * 12 + 9, 2025 * 12 + 9)
                )  # fmt: skip
        session.flush()
        first = queries.get_measure_by_key_or_none(session=session, key="o0m0", **own)
        assert first is not None
        return first.id


def signed_in_client(app):  # type: ignore[no-untyped-def]
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token
    client.post("/sign-in", data={"email": "analyst@demo.sendsight.test", "password": PASSWORD,
                                  "csrf_token": token.group(1)})  # fmt: skip
    return client


def load(app, path: str, seconds: float, clients: int = 8) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    timings: list[float] = []
    lock = threading.Lock()

    # Sign in one after another before the clock starts: eight simultaneous sign-ins would
    # measure SQLite's single writer, not the pages.
    signed_in = [signed_in_client(app) for _ in range(clients)]
    stop = time.perf_counter() + seconds

    def work(client) -> None:  # type: ignore[no-untyped-def]
        while time.perf_counter() < stop:
            start = time.perf_counter()
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            with lock:
                timings.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=work, args=(c,)) for c in signed_in]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cuts = statistics.quantiles(timings, n=20)
    return statistics.median(timings), cuts[18], len(timings)


def run(backend: str, seconds: float) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    else:
        # Its own database: test runs reset the shared test database's schema.
        url = os.environ.get("SENDSIGHT_BENCH_POSTGRES_URL", "")
        if not url:
            print(
                "postgresql: skipped (set SENDSIGHT_BENCH_POSTGRES_URL, e.g. "
                "postgresql+psycopg://postgres@127.0.0.1:5432/bench_outcomes)"
            )
            return
        with get_engine(url).begin() as c:
            c.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            c.execute(text("CREATE SCHEMA public"))
    measure_id = build(url)
    app = create_app(Settings(database_url=url, environment="test", secret_key="bench"))
    _, ref_p95, _ = load(app, "/healthz", seconds / 3)
    print(f"\n== {backend} ==  /healthz p95={ref_p95:.1f} ms (reference)")
    cold = cold_build(url)
    print(f"cold scorecard build (no cache, 600 measures): {cold:.0f} ms")
    for path in ("/scorecard", f"/scorecard/measures/{measure_id}"):
        signed_in_client(app).get(path)  # warm-up: the cold build is reported above
        p50, p95, n = load(app, path, seconds)
        verdict = "met" if p95 <= 300 else "NOT met"
        line = (f"{path[:40]:<42} n={n:<5} p50={p50:7.1f} ms p95={p95:7.1f} ms "
                f"ratio_p95_to_healthz={p95 / ref_p95:.1f}  goal<=300 ms {verdict}")  # fmt: skip
        print(line)


def cold_build(url: str) -> float:
    """Milliseconds to build the scorecard with an empty cache (what the first request pays)."""
    from sendsight.outcomes import scorecard

    scorecard.clear_cache()
    with transaction(url) as session:
        partnership_id = demo_partnership(session, la_code="354").id
        start = time.perf_counter()
        scorecard.build_scorecard(
            session, partnership_id=partnership_id, today=datetime.now(UTC).date(),
            viewpoint=PROTECTED,
        )  # fmt: skip
        return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--backend", default="both", choices=["sqlite", "postgresql", "both"])
    args = parser.parse_args()
    for backend in ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]:
        run(backend, args.seconds)


if __name__ == "__main__":
    main()
