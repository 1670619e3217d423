"""Audited page views while a large EHC import writes: errors and latency, SQLite and PostgreSQL.

Issue #12 item 4. Serves the demo with `sendsight serve` (8 threads); 8 signed-in clients (half
caseworker, half analyst) view the at-risk list and case pages of LA 354, every view audited.
First with nothing else running (the reference), then while `sendsight ehc import` loads a
synthetic template of about 100,000 rows (into LA 355, so the pages' own work stays the same).
Prints requests, errors, p50/p95/max latency of both phases and the ratio of p95 under import to
p95 idle, measured in the same run.

Usage: .venv/bin/python benchmarks/concurrency.py [--seconds 20] [--rows 100000]
       [--backend sqlite|postgresql|both]
PostgreSQL: SENDSIGHT_BENCH_POSTGRES_URL (its public schema is dropped and rebuilt).
Goal: 0 errors and a completed import on both databases.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from _load import postgres_url, served, sqlite_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.bulk_ehc import write_bulk_template

CLIENTS = 8
PASSWORD = "benchmark password 1234"  # what `_load.served` gives the demo accounts
LA, IMPORT_LA = "354", "355"


@dataclass
class Phase:
    """Latencies (ms) and errors of the views made in one phase."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, ms: float, ok: bool) -> None:
        with self.lock:
            self.latencies.append(ms)
            self.errors += 0 if ok else 1

    def p(self, q: float) -> float:
        ordered = sorted(self.latencies) or [float("nan")]
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    def line(self) -> str:
        ordered = self.latencies or [float("nan")]
        return (
            f"{self.name:<14} requests={len(self.latencies):<6} errors={self.errors:<4} "
            f"p50={statistics.median(ordered):7.1f} ms  p95={self.p(0.95):7.1f} ms  "
            f"max={max(ordered):7.1f} ms"
        )


def signed_in(base: str, role: str) -> urllib.request.OpenerDirector:
    """An opener holding the session cookie of the demo user for ``role``."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with opener.open(base + "/sign-in", timeout=30) as page:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.read().decode())
    assert token, "no CSRF token on the sign-in page"
    form = {"email": f"{role}@demo.sendsight.test", "password": PASSWORD, "csrf_token": token[1]}
    with opener.open(base + "/sign-in", urllib.parse.urlencode(form).encode(), timeout=30) as r:
        assert "/sign-in" not in r.geturl(), f"{role} could not sign in"
    return opener


def view(opener: urllib.request.OpenerDirector, url: str, phase: Phase) -> None:
    started = time.perf_counter()
    try:
        with opener.open(url, timeout=60) as response:
            response.read()
            ok = response.status == 200
    except (OSError, urllib.error.HTTPError):
        ok = False
    phase.add((time.perf_counter() - started) * 1000, ok)


def run_phase(
    openers: list[urllib.request.OpenerDirector],
    paths: list[str],
    phase: Phase,
    until: threading.Event,
) -> None:
    def client(n: int) -> None:
        i = n
        while not until.is_set():
            view(openers[n], paths[i % len(paths)], phase)
            i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(len(openers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def timer(seconds: float) -> threading.Event:
    done = threading.Event()
    threading.Timer(seconds, done.set).start()
    return done


def case_paths(database_url: str, base: str) -> list[str]:
    from sqlalchemy import select

    from sendsight.db.session import session_factory
    from sendsight.ehc.models import EhcRequest

    with session_factory(database_url, write_intent=False)() as session:
        query = select(EhcRequest.request_id).where(EhcRequest.la_code == LA)
        ids = session.scalars(query.order_by(EhcRequest.request_id).limit(20)).all()
    return [f"{base}/ehc/at-risk?la={LA}"] + [f"{base}/ehc/cases/{i}?la={LA}" for i in ids]


def start_import(database_url: str, folder: Path, rows: int) -> subprocess.Popen[bytes]:
    paths = write_bulk_template(folder, rows=rows)
    env = {
        **os.environ,
        "SENDSIGHT_DATABASE_URL": database_url,
        "SENDSIGHT_ENVIRONMENT": "development",
    }
    command = [
        sys.executable,
        "-m",
        "sendsight",
        "ehc",
        "import",
        "--la",
        IMPORT_LA,
        "--requests",
        str(paths["requests"]),
        "--advice",
        str(paths["advice"]),
        "--reviews",
        str(paths["reviews"]),
    ]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run(backend: str, seconds: float, rows: int) -> None:
    url = sqlite_url() if backend == "sqlite" else postgres_url()
    assert url
    if backend == "postgresql":
        reset_postgres(url)
    with served(url) as base, tempfile.TemporaryDirectory() as tmp:
        openers = [signed_in(base, ["caseworker", "analyst"][n % 2]) for n in range(CLIENTS)]
        paths = case_paths(url, base)
        run_phase(openers, paths, Phase("warm-up"), timer(3))
        idle = Phase("idle")
        run_phase(openers, paths, idle, timer(seconds))
        busy, finished = Phase("under import"), threading.Event()
        started = time.perf_counter()
        process = start_import(url, Path(tmp) / "bulk", rows)
        threading.Thread(target=lambda: (process.wait(), finished.set())).start()
        run_phase(openers, paths, busy, finished)
        took = time.perf_counter() - started
        _, stderr = process.communicate()
    print(f"\n== {backend}: {rows:,}-row import while {CLIENTS} clients view audited pages ==")
    print(idle.line())
    print(busy.line())
    outcome = "completed" if process.returncode == 0 else f"FAILED: {stderr.decode()[-300:]}"
    print(f"import: {outcome} in {took:.1f} s")
    ratio = busy.p(0.95) / idle.p(0.95)
    errors = idle.errors + busy.errors
    print(
        f"{backend}: ratio p95 under import / p95 idle = {ratio:.1f}; errors={errors} -> "
        f"{'met' if errors == 0 and process.returncode == 0 else 'NOT met'}"
    )


def reset_postgres(url: str) -> None:
    from sqlalchemy import text

    from sendsight.db.session import get_engine

    with get_engine(url).begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20, help="Length of the idle phase.")
    parser.add_argument("--rows", type=int, default=100_000, help="Rows in the imported file.")
    parser.add_argument("--backend", default="both", choices=["sqlite", "postgresql", "both"])
    args = parser.parse_args()
    for backend in ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]:
        run(backend, args.seconds, args.rows)


if __name__ == "__main__":
    main()
