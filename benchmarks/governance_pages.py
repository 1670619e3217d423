"""p50/p95 of the board and inspection pages on the demo, with `/healthz` in the same run.

Single-request service time (Flask test client, sequential, 50 requests after a warm-up; goal
p50 <= 12 ms, p95 <= 25 ms) of each page for the role that reads it, and the ratio of its p95
to `/healthz`'s: the index, the decisions log, the inspection context (with the improvement
plan), an issued pack and its public summary (read from the archive) as the demo partner; the
Annex A quality page as the demo analyst (case level). The draft pack (built on request, about a
second) and the PDFs are timed by `governance_pack.py`.

Usage: .venv/bin/python benchmarks/governance_pages.py [--requests 50] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from typing import Any

from _load import sqlite_url
from adulthood_pages import _client, _time
from coproduction_pages import PASSWORD


def _pages(url: str) -> dict[str, list[str]]:
    from sendsight.db.session import transaction
    from sendsight.demo.access import demo_partnership
    from sendsight.governance import queries

    with transaction(url) as session:
        pid = demo_partnership(session, la_code="354").id
        meetings = queries.list_meetings(session=session, partnership_id=pid)
        issued = next(m.id for m in meetings if m.issued_at_utc is not None)
    return {
        "partner": [
            "/governance/",
            "/governance/decisions",
            "/governance/inspection?la=354",
            f"/governance/meetings/{issued}",
            f"/governance/meetings/{issued}/public",
        ],
        "analyst": ["/governance/annex-a?la=354"],
    }


def service_times(url: str, requests: int) -> float:
    """Each page's p50/p95 against `/healthz`; returns the worst p95 in ms."""
    from sendsight.config import Settings
    from sendsight.web import create_app

    app: Any = create_app(Settings(database_url=url, environment="test", secret_key="bench"))
    reference = _time(app.test_client(), "/healthz", requests)
    print(f"{'/healthz':<60} p50={reference[0]:6.1f} ms  p95={reference[1]:6.1f} ms")
    worst = 0.0
    for role, paths in _pages(url).items():
        client = _client(app, role)
        for path in paths:
            p50, p95 = _time(client, path, requests)
            worst = max(worst, p95)
            print(
                f"{role:<9}{path[:50]:<51} p50={p50:6.1f} ms  p95={p95:6.1f} ms  "
                f"ratio_p95_to_healthz={p95 / reference[1]:.1f}"
            )
    print(f"worst p95 {worst:.1f} ms (goal <= 25 ms): {'met' if worst <= 25 else 'NOT met'}")
    return worst


def main() -> None:
    """Build the demo (unless given one), then time the pages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="Timed requests per page.")
    parser.add_argument("--database-url", default=None, help="A demo database already built.")
    args = parser.parse_args()
    url = args.database_url or sqlite_url()
    if args.database_url is None:
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
    service_times(url, args.requests)


if __name__ == "__main__":
    main()
