"""Shared helpers for benchmarks that load a running `sendsight serve` with concurrent clients."""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class LoadResult:
    """Latencies (ms) of one path under load."""

    path: str
    count: int
    errors: int
    p50: float
    p95: float

    def line(self) -> str:
        return (
            f"{self.path:<55} n={self.count:<6} errors={self.errors:<3} "
            f"p50={self.p50:7.1f} ms  p95={self.p95:7.1f} ms"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(
    database_url: str,
    *,
    demo: bool = True,
    extra_env: dict[str, str] | None = None,
    wait_seconds: float = 60,
) -> Iterator[str]:
    """Build the demo database at ``database_url`` and serve it; yields the base URL."""
    env = {
        **os.environ,
        "SENDSIGHT_DATABASE_URL": database_url,
        "SENDSIGHT_DEMO_PASSWORD": "benchmark password 1234",
        "SENDSIGHT_ENVIRONMENT": "development",
        **(extra_env or {}),
    }
    cli = [sys.executable, "-m", "sendsight"]
    if demo:
        subprocess.run([*cli, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--threads", "8"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def load(
    base: str,
    paths: list[str],
    *,
    clients: int = 8,
    seconds: float = 30,
    headers: dict[str, str] | None = None,
) -> list[LoadResult]:
    """Hit ``paths`` round-robin from ``clients`` keep-alive connections for ``seconds``."""
    parsed = urllib.parse.urlparse(base)
    samples: dict[str, list[float]] = {p: [] for p in paths}
    errors: dict[str, int] = dict.fromkeys(paths, 0)
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
        i = offset
        while time.monotonic() < stop_at:
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                samples[path].append(elapsed)
                errors[path] += 0 if ok else 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [_summarise(p, samples[p], errors[p]) for p in paths]


def _summarise(path: str, values: list[float], errors: int) -> LoadResult:
    ordered = sorted(values) or [float("nan")]
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return LoadResult(path, len(values), errors, statistics.median(ordered), p95)


def sqlite_url() -> str:
    return f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"


def postgres_url() -> str | None:
    return os.environ.get(
        "SENDSIGHT_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )


def signed_in_test_client(app: Any, role: str, password: str) -> Any:
    """A Flask test client signed in as the demo user of ``role`` (through the sign-in form)."""
    import re

    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    form = {"email": f"{role}@demo.sendsight.test", "password": password, "csrf_token": token[1]}
    assert client.post("/sign-in", data=form).status_code in (302, 303), f"sign-in as {role}"
    return client


def service_time(client: Any, path: str, count: int, *, warm_up: int = 1) -> tuple[float, float]:
    """Median and p95 (ms) of ``count`` sequential requests for ``path`` after ``warm_up``."""
    for _ in range(warm_up):
        assert client.get(path).status_code == 200, path
    spent = []
    for _ in range(count):
        start = time.perf_counter()
        response = client.get(path)
        spent.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    ordered = sorted(spent)
    return statistics.median(ordered), ordered[int(round(0.95 * (len(ordered) - 1)))]
