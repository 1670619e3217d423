"""Joint commissioning figures: p50/p95 latency of the needs-against-provision page with 8
concurrent clients against `sendsight serve` on the demo (SQLite), as ratios to `/healthz` in
the same run; and the time to project the cost ahead with scenarios (and a goal-seek) for one
LA, against the time to read the LA's caseload forecast.

Usage: .venv/bin/python benchmarks/commissioning_pages.py [--seconds 20]
Goals (issue 19): needs page p95 <= 150 ms at 8 clients; cost projection with scenarios <= 1 s.
"""

from __future__ import annotations

import argparse
import time
import urllib.request

from _load import load, served, sqlite_url
from coproduction_pages import session_cookie

PAGES = ["/commissioning/needs", "/commissioning/costs?to_special=10&to_resourced=10"]


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
        for levers in (costs.Levers(), costs.Levers(to_special=10), costs.Levers(to_resourced=20),
                       costs.Levers(to_special=5, to_resourced=5, growth_pct=3)):  # fmt: skip
            costs.project(forecast, unit, levers, "354")
        base = costs.project(forecast, unit, costs.Levers(), "354").final_cost()
        costs.goal_seek(forecast, unit, target=base * 0.97, lever="to_special", growth_pct=0,
                        la_code="354")  # fmt: skip
        scenarios = time.perf_counter() - started
    print(f"forecast by placement, first read (builds the cached forecast): {first * 1000:.0f} ms")
    print(f"four scenarios and a goal-seek for 354: {scenarios * 1000:.0f} ms "
          f"(goal <= 1000 ms: {'met' if scenarios <= 1 else 'NOT met'})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    seconds = parser.parse_args().seconds
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
    print(f"needs page p95={needs.p95:.1f} ms goal<=150 ms: "
          f"{'met' if needs.p95 <= 150 and not needs.errors else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
