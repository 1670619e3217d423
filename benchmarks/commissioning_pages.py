"""Joint commissioning figures: p50/p95 latency of the needs-against-provision page with 8
concurrent clients against `sendsight serve` on the demo (SQLite), as ratios to `/healthz` in
the same run; and the time to project the cost ahead with scenarios (and a goal-seek) for one
LA, against the time to read the LA's caseload forecast.

With ``--service-time``: the single-request service time of each commissioning page instead
(the Flask test client, sequential, ``--requests`` timed requests after a warm-up), wall clock
and this process's CPU time (steadier on a shared machine), with ``/healthz`` in the same run.
Builds the demo in a temporary SQLite database unless ``--database-url`` names one built.

Usage: .venv/bin/python benchmarks/commissioning_pages.py [--seconds 20]
       .venv/bin/python benchmarks/commissioning_pages.py --service-time [--requests 50]
Goals (issue 19): needs page p95 <= 150 ms at 8 clients; cost projection with scenarios <= 1 s;
common brief: service time p50 <= 12 ms and p95 <= 25 ms per page.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from _load import load, served, sqlite_url
from coproduction_pages import session_cookie

PAGES = ["/commissioning/needs", "/commissioning/costs?to_special=10&to_resourced=10"]
SERVICE_PAGES = [
    "/commissioning/needs",
    "/commissioning/costs",
    "/commissioning/costs?to_special=10&to_resourced=10&target=40000000",
    "/commissioning/",
    "/commissioning/contracts",
    "/commissioning/needs.csv",
]


def _timed(client: Any, path: str, count: int) -> tuple[float, float, float, float]:
    """(wall p50, wall p95, CPU p50, CPU p95) in ms of ``count`` requests after one warm-up."""
    assert client.get(path).status_code == 200, path
    wall, cpu = [], []
    for _ in range(count):
        started, used = time.perf_counter(), time.process_time()
        response = client.get(path)
        cpu.append((time.process_time() - used) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    wall.sort()
    cpu.sort()
    at = round(0.95 * (count - 1))
    return statistics.median(wall), wall[at], statistics.median(cpu), cpu[at]


def service_time(database_url: str | None, count: int) -> None:
    """Print each page's single-request service time and its ratio to /healthz."""
    from schools_service import PASSWORD, _build, _client

    from sendsight.config import Settings
    from sendsight.web import create_app

    url = database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'commissioning.db'}"
    if database_url is None:
        _build(url)
    app = create_app(Settings(database_url=url, environment="test", secret_key="bench"))
    analyst = _client(app, "analyst", PASSWORD)
    reference = _timed(app.test_client(), "/healthz", count)
    print(
        f"{'/healthz':<70} wall p50={reference[0]:6.1f} p95={reference[1]:6.1f}  "
        f"cpu p50={reference[2]:6.1f} p95={reference[3]:6.1f} ms"
    )
    for path in SERVICE_PAGES:
        p50, p95, cpu50, cpu95 = _timed(analyst, path, count)
        print(
            f"{path:<70} wall p50={p50:6.1f} p95={p95:6.1f}  cpu p50={cpu50:6.1f} "
            f"p95={cpu95:6.1f} ms  ratio_p50_to_healthz={p50 / reference[0]:.0f}"
        )


def projection_time(url: str) -> None:
    from sendsight.access import queries as access
    from sendsight.commissioning import costs
    from sendsight.db.session import transaction

    with transaction(url) as session:
        partnership = access.list_partnerships(session=session)[0].id
        started = time.perf_counter()
        forecast = costs.placement_forecast(session, la_code="354")
        first = time.perf_counter() - started
        started = time.perf_counter()
        unit = costs.resolve_unit_costs(session, partnership_id=partnership, la_code="354")
        forecast = costs.placement_forecast(session, la_code="354")
        for levers in (
            costs.Levers(),
            costs.Levers(to_special=10),
            costs.Levers(to_resourced=20),
            costs.Levers(to_special=5, to_resourced=5, growth_pct=3),
        ):
            costs.project(forecast, unit, levers, "354")
        base = costs.project(forecast, unit, costs.Levers(), "354").final_cost()
        costs.goal_seek(
            forecast, unit, target=base * 0.97, lever="to_special", growth_pct=0, la_code="354"
        )
        scenarios = time.perf_counter() - started
    print(f"forecast by placement, first read (builds the cached forecast): {first * 1000:.0f} ms")
    print(
        f"four scenarios and a goal-seek for 354: {scenarios * 1000:.0f} ms "
        f"(goal <= 1000 ms: {'met' if scenarios <= 1 else 'NOT met'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="Load time per page.")
    parser.add_argument("--service-time", action="store_true", help="Time single requests.")
    parser.add_argument("--requests", type=int, default=50, help="Timed requests per page.")
    parser.add_argument("--database-url", default=None, help="A demo database already built.")
    args = parser.parse_args()
    if args.service_time:
        service_time(args.database_url, args.requests)
        return
    seconds = args.seconds
    url = sqlite_url()
    with served(url) as base:
        projection_time(url)
        cookie = {"Cookie": session_cookie(base, "analyst")}
        for page in PAGES:  # the first request works the caseload forecast out: wait for it
            request = urllib.request.Request(base + page, headers=cookie)
            with urllib.request.urlopen(request, timeout=300) as answer:
                assert answer.status == 200
        load(base, PAGES, clients=2, seconds=3, headers=cookie)  # warm-up
        reference = load(base, ["/healthz"], clients=8, seconds=seconds / 3)[0]
        results = load(base, PAGES, clients=8, seconds=seconds, headers=cookie)
    print(reference.line())
    for r in results:
        print(r.line() + f"  ratio_p95_to_healthz={r.p95 / reference.p95:.1f}")
    needs = results[0]
    print(
        f"needs page p95={needs.p95:.1f} ms goal<=150 ms: "
        f"{'met' if needs.p95 <= 150 and not needs.errors else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
