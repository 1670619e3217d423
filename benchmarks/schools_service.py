"""Single-request service time of the school profile and funnel pages (the Flask test client,
sequential, no network): what one request costs the server, free of the noise of a shared
machine. Reference: `/healthz` in the same run.

Builds the demo in a temporary SQLite database unless ``--database-url`` names one already
built (``sendsight demo`` leaves one), signs in as the demo analyst and the demo school user,
warms each page once, then times ``--requests`` requests of each page.

Usage: .venv/bin/python benchmarks/schools_service.py [--requests 50] [--database-url URL]
Goal (common brief for issue 18): p50 <= 12 ms and p95 <= 25 ms per page.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

PASSWORD = "benchmark password 1234"
ANALYST = ["/schools/105764", "/schools/105783", "/schools/la/354/funnel", "/schools/"]
SCHOOL = ["/schools/990001"]


def _build(url: str) -> None:
    from sendsight.cli.setup import load_shipped_data
    from sendsight.db.migrate import upgrade
    from sendsight.db.session import transaction
    from sendsight.demo.build import build_demo

    upgrade(url)
    with transaction(url) as session:
        load_shipped_data(session)
        build_demo(session, la_code="354", password=PASSWORD, today=date.today())


def _client(app: Any, role: str, password: str) -> Any:
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    form = {"email": f"{role}@demo.sendsight.test", "password": password, "csrf_token": token[1]}
    answer = client.post("/sign-in", data=form)
    assert answer.status_code in (302, 303), f"could not sign in as {role}"
    return client


def _time(client: Any, path: str, count: int) -> tuple[float, float, float]:
    """p50 and p95 wall time, and p50 CPU time of this process (ms): on a busy shared machine
    the CPU time is the steadier figure of what one request costs."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    wall, cpu = [], []
    for _ in range(count):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    ordered = sorted(wall)
    p95 = ordered[int(round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, statistics.median(cpu)


def main() -> None:
    """Build (or open) the demo, time each page, print p50/p95 and the ratio to /healthz."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="Timed requests per page.")
    parser.add_argument("--database-url", default=None, help="A demo database already built.")
    parser.add_argument("--password", default=PASSWORD, help="The demo users' password.")
    args = parser.parse_args()
    from sendsight.config import Settings
    from sendsight.web import create_app

    url = args.database_url
    if url is None:
        url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'schools.db'}"
        _build(url)
    app = create_app(Settings(database_url=url, environment="test", secret_key="bench"))
    analyst = _client(app, "analyst", args.password)
    school = _client(app, "school", args.password)
    reference = _time(app.test_client(), "/healthz", args.requests)
    print(
        f"{'/healthz':<28} p50={reference[0]:6.1f} ms  p95={reference[1]:6.1f} ms  "
        f"cpu_p50={reference[2]:5.1f} ms"
    )
    worst = 0.0
    for client, paths in ((analyst, ANALYST), (school, SCHOOL)):
        for path in paths:
            p50, p95, cpu = _time(client, path, args.requests)
            worst = max(worst, p95)
            print(
                f"{path:<28} p50={p50:6.1f} ms  p95={p95:6.1f} ms  cpu_p50={cpu:5.1f} ms  "
                f"ratio_p95_to_healthz={p95 / reference[1]:.1f}"
            )
    print(f"worst p95 {worst:.1f} ms (goal <= 25 ms): {'met' if worst <= 25 else 'NOT met'}")


if __name__ == "__main__":
    main()
