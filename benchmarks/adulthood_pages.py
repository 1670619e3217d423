"""p50/p95 latency of the preparing-for-adulthood cohort page for an LA with 3,000 young people
aged 14 to 25: 8 concurrent clients against `sendsight serve` on SQLite. Reference: `/healthz`
in the same run.

The demo (about 1,300 young people) is topped up with made-up young people, reviews, activities
and internships (the demo's own generator, on made-up plans) to 3,000, and the cohort figures
are rebuilt, before the server starts. The page is read as the demo partner (figures after
disclosure control) and as the demo analyst (case level).

Usage: .venv/bin/python benchmarks/adulthood_pages.py [--seconds 20]
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

from _load import load, served, sqlite_url
from coproduction_pages import PASSWORD, session_cookie
from sqlalchemy.orm import Session

TARGET = 3000
PAGES = ["/adulthood/", "/adulthood/cohort.csv"]


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    seconds = parser.parse_args().seconds
    url = sqlite_url()
    env = {
        **os.environ,
        "SENDSIGHT_DATABASE_URL": url,
        "SENDSIGHT_DEMO_PASSWORD": PASSWORD,
        "SENDSIGHT_ENVIRONMENT": "development",
    }
    subprocess.run(
        [sys.executable, "-m", "sendsight", "demo", "--no-serve"],
        env=env,
        check=True,
        capture_output=True,
    )
    people, rebuild = top_up(url, date.today())
    print(f"young people aged 14 to 25: {people}; figures rebuilt in {rebuild * 1000:.0f} ms")
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


if __name__ == "__main__":
    main()
