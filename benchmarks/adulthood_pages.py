"""p50/p95 of the preparing-for-adulthood cohort pages for an LA with 3,000 young people.

The LA has 3,000 young people aged 14 to 25, on SQLite, with `/healthz` in the same run as the
reference.

The demo (about 1,300 young people) is topped up with made-up young people, reviews, activities
and internships (the demo's own generator, on made-up plans) to 3,000, and the cohort figures
are rebuilt, before the server starts. The page is read as the demo partner (figures after
disclosure control) and as the demo analyst (case level).

First the single-request service time of each cohort page (Flask test client, sequential, 50
requests after a warm-up; goal p50 <= 12 ms, p95 <= 25 ms) with the ratio to `/healthz`; then,
with --load-seconds, 8 concurrent clients against `sendsight serve`.

Usage: .venv/bin/python benchmarks/adulthood_pages.py [--requests 50] [--load-seconds 20]
Goal (issue 20): p95 <= 150 ms at 8 clients.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta

from _load import load, served, service_time, signed_in_test_client, sqlite_url
from coproduction_pages import PASSWORD, session_cookie
from sqlalchemy.orm import Session

TARGET = 3000
PAGES = ["/adulthood/", "/adulthood/cohort.csv"]
#: Pages timed one request at a time, by the demo role reading them.
SERVICE = {
    "partner": PAGES,
    "analyst": PAGES,
    "caseworker": ["/adulthood/young-people"],
}


def top_up(url: str, today: date) -> tuple[int, float]:
    """Add made-up young people until the LA has at least ``TARGET`` aged 14 to 25; returns
    the count and the seconds the last rebuild of the figures took."""
    from sendsight.adulthood import summary
    from sendsight.db.session import transaction
    from sendsight.demo.access import demo_partnership

    rng = random.Random(20)
    added, seconds = 0, 0.0
    with transaction(url) as session:
        partnership_id = demo_partnership(session, la_code="354").id
        count = int(
            summary.latest(session, partnership_id=partnership_id, la_codes=["354"]).get(
                "young_people", 0
            )
        )
        while count < TARGET:
            batch = int((TARGET - count) * 1.1) + 1
            _add(session, partnership_id, rng, range(added, added + batch), today)
            added += batch
            started = time.perf_counter()
            summary.rebuild(session, partnership_id=partnership_id, la_code="354", today=today)
            seconds = time.perf_counter() - started
            count = int(
                summary.latest(session, partnership_id=partnership_id, la_codes=["354"])[
                    "young_people"
                ]
            )
    return count, seconds


def _add(
    session: Session, partnership_id: str, rng: random.Random, numbers: range, today: date
) -> None:
    from sendsight.adulthood import queries
    from sendsight.adulthood.models import PfaActivity, PfaInternship, PfaReview
    from sendsight.demo import adulthood as demo

    plans = []
    for n in numbers:
        born = today - timedelta(days=rng.randint(14 * 365 + 5, 25 * 365 + 300))
        plans.append((f"BENCH-P{n:06d}", born, born + timedelta(days=rng.randint(1500, 5000))))
    made = demo._make(plans, "354", today)
    ids = queries.add_young_people(session=session, rows=made.people, partnership_id=partnership_id)
    for model, rows in (
        (PfaReview, made.reviews),
        (PfaActivity, made.activities),
        (PfaInternship, made.internships),
    ):
        for row in rows:
            row["young_person_id"] = ids[row.pop("person_id")]
        queries.add_child_rows(
            session=session, model=model, rows=rows, partnership_id=partnership_id
        )


def service_times(url: str, requests: int) -> float:
    """Single-request service time (Flask test client, sequential) of each cohort page for
    each role, against ``/healthz``; returns the worst p95 in ms."""
    from sendsight.config import Settings
    from sendsight.web import create_app

    app = create_app(Settings(database_url=url, environment="test", secret_key="bench"))
    reference = service_time(app.test_client(), "/healthz", requests, warm_up=3)
    print(f"{'/healthz':<34} p50={reference[0]:6.1f} ms  p95={reference[1]:6.1f} ms")
    worst = 0.0
    for role, paths in SERVICE.items():
        client = signed_in_test_client(app, role, PASSWORD)
        for path in paths:
            p50, p95 = service_time(client, path, requests, warm_up=3)
            worst = max(worst, p95)
            print(
                f"{role:<10}{path:<24} p50={p50:6.1f} ms  p95={p95:6.1f} ms  "
                f"ratio_p95_to_healthz={p95 / reference[1]:.1f}"
            )
    print(
        f"worst service p95 {worst:.1f} ms (goal <= 25 ms): {'met' if worst <= 25 else 'NOT met'}"
    )
    return worst


def load_test(url: str, seconds: float) -> None:
    """8 concurrent clients against `sendsight serve` (goal: p95 <= 150 ms)."""
    with served(url, demo=False) as base:
        cookies = {role: {"Cookie": session_cookie(base, role)} for role in ("partner", "analyst")}
        for headers in cookies.values():
            load(base, PAGES, clients=2, seconds=2, headers=headers)
        reference = load(base, ["/healthz"], clients=8, seconds=seconds / 3)[0]
        results = []
        for role, headers in cookies.items():
            for r in load(base, PAGES, clients=8, seconds=seconds, headers=headers):
                results.append((role, r))
    print(reference.line())
    for role, r in results:
        print(f"{role:<8} " + r.line() + f"  ratio_p95_to_healthz={r.p95 / reference.p95:.1f}")
    worst = max(r.p95 for _, r in results)
    errors = sum(r.errors for _, r in results)
    verdict = "met" if worst <= 150 and not errors else "NOT met"
    print(f"worst p95={worst:.1f} ms goal<=150 ms; errors={errors} -> {verdict}")


def main() -> None:
    """Build the demo, top it up to 3,000 young people, time the cohort pages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="Timed requests per page.")
    parser.add_argument(
        "--load-seconds",
        type=float,
        default=0,
        help="Also run 8 concurrent clients against the server for this long (0: skip).",
    )
    parser.add_argument(
        "--database-url", default=None, help="A demo database already built (topped up if short)."
    )
    args = parser.parse_args()
    url = args.database_url or sqlite_url()
    env = {
        **os.environ,
        "SENDSIGHT_DATABASE_URL": url,
        "SENDSIGHT_DEMO_PASSWORD": PASSWORD,
        "SENDSIGHT_ENVIRONMENT": "development",
    }
    if args.database_url is None:
        subprocess.run(
            [sys.executable, "-m", "sendsight", "demo", "--no-serve"],
            env=env,
            check=True,
            capture_output=True,
        )
    people, rebuild = top_up(url, date.today())
    print(f"young people aged 14 to 25: {people}; figures rebuilt in {rebuild * 1000:.0f} ms")
    service_times(url, args.requests)
    if args.load_seconds:
        load_test(url, args.load_seconds)


if __name__ == "__main__":
    main()
