"""The front door with 50,000 generated requests: the uncached time to work out one year's
figures and decision analytics (goal <= 1 s) against a reference in the same run (reading the
year's requests and nothing else), then the single-request service time (Flask test client,
sequential, after a warm-up) of the triage queue and the analytics page with p50/p95 and the
ratio to `/healthz`; optionally (``--seconds``) the same pages under 8 concurrent clients
against `sendsight serve`.

Builds the demo (today) in a temporary SQLite database and adds the requests, unless
``--database-url`` names one this script built before (``--keep`` prints its URL).

Usage: .venv/bin/python benchmarks/frontdoor_pages.py [--requests 50000] [--timed 50]
       [--seconds 0] [--database-url URL] [--keep]
Goals (issue 16): a year's decision analytics <= 1 s; pages p95 <= 150 ms at 8 clients;
single-request service time p50 <= 12 ms, p95 <= 25 ms (common brief).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from _load import load, served, service_time, signed_in_test_client
from coproduction_pages import session_cookie
from sqlalchemy import select

import sendsight.db.models  # noqa: F401  (every table, for the foreign keys)
from sendsight.db.base import new_id
from sendsight.db.session import transaction
from sendsight.frontdoor import queries, reports, vocab, workdays
from sendsight.frontdoor.models import (
    FdAgendaItem,
    FdDecision,
    FdMeeting,
    FdPanel,
    FdRequest,
)

PASSWORD = "benchmark password 1234"
YEAR = date.today().year - 1
TRIAGE = ["/frontdoor/triage", "/frontdoor/triage?soon=yes", "/frontdoor/triage?need=semh"]
ANALYST = [f"/frontdoor/analytics?year={YEAR}", f"/frontdoor/analytics/funnel.csv?year={YEAR}"]


def build(url: str, count: int) -> None:
    """The demo as of today, with ``count`` generated requests on top."""
    from sendsight.cli.setup import load_shipped_data
    from sendsight.db.migrate import upgrade
    from sendsight.demo.build import build_demo

    upgrade(url)
    with transaction(url) as session:
        load_shipped_data(session)
        build_demo(session, la_code="354", password=PASSWORD, today=date.today())
    generate(url, count)


def generate(url: str, count: int) -> None:
    """Add ``count`` requests over four years, a tenth decided by the demo's panels."""
    rng = random.Random(16)
    with transaction(url) as session:
        partnership_id = session.scalar(select(FdPanel.partnership_id))
        panels = list(session.scalars(select(FdPanel)))
        meetings = {
            p.id: session.scalar(select(FdMeeting.id).where(FdMeeting.panel_id == p.id))
            for p in panels
        }
        rows, items, decisions = [], [], []
        for n in range(count):
            received = date(YEAR - 3, 1, 3) + timedelta(days=rng.randrange(4 * 365 + 300))
            days = rng.randint(1, 16)
            routed = workdays.add_working_days(received, days)
            route = rng.choice(list(vocab.ROUTES))
            row = {
                "id": new_id(),
                "partnership_id": partnership_id,
                "la_code": "354",
                "reference": f"BENCH-{n:06d}",
                "person_id": f"BENCH-P{rng.randrange(count):06d}",
                "date_of_birth": received - timedelta(days=rng.randint(800, 6000)),
                "upn": None,
                "setting_urn": f"{990101 + rng.randrange(60)}",
                "locality": rng.choice(vocab.LOCALITIES),
                "source": rng.choice(list(vocab.SOURCES)),
                "submitted_by": "bench@demo.sendsight.test",
                "need_area": rng.choice(list(vocab.NEED_AREAS)),
                "other_need_areas": [],
                "needs_text": "Generated",
                "graduated_approach": [],
                "asked_for": "outreach",
                "consent": True,
                "received_on": received,
                "acknowledged_on": received,
                "routed_on": routed,
                "working_days_to_route": days,
                "route": route,
                "route_note": None,
                "unmet_need": rng.random() < 0.02,
                "status": "routed",
                "ehc_request_id": None,
            }
            if n % 200 == 0:
                row.update(
                    routed_on=None,
                    working_days_to_route=None,
                    route=None,
                    status="received",
                    received_on=date.today() - timedelta(days=n % 20),
                )
            rows.append(row)
            if route == "panel" and row["route"]:
                panel = rng.choice(panels)
                item = {
                    "id": new_id(),
                    "partnership_id": partnership_id,
                    "meeting_id": meetings[panel.id],
                    "request_id": row["id"],
                    "question": panel.panel_type,
                    "position": n,
                    "papers": None,
                    "date_of_birth": row["date_of_birth"],
                }
                items.append(item)
                decisions.append(
                    {
                        "id": new_id(),
                        "partnership_id": partnership_id,
                        "agenda_item_id": item["id"],
                        "request_id": row["id"],
                        "panel_id": panel.id,
                        "question": panel.panel_type,
                        "agreed": rng.random() < 0.75,
                        "criteria": {},
                        "chair_words": "Generated",
                        "reasons": "Generated",
                        "dissent": None,
                        "decided_on": routed + timedelta(days=7),
                        "decided_by": "bench",
                        "date_of_birth": row["date_of_birth"],
                    }
                )
        for model, chunk in ((FdRequest, rows), (FdAgendaItem, items), (FdDecision, decisions)):
            queries.bulk_insert(session=session, model=model, rows=chunk)


def year_analytics(url: str) -> tuple[float, float]:
    """Seconds to work out last year's figures uncached, and to read the year's requests (the
    reference: the least any figure needs)."""
    with transaction(url) as session:
        reports.forget()
        started = time.perf_counter()
        figures = reports.year_stats(session, la_code="354", year=YEAR)
        elapsed = time.perf_counter() - started
        started = time.perf_counter()
        queries.requests_frame(
            session=session,
            la_code="354",
            received_from=date(YEAR, 1, 1),
            received_to=date(YEAR, 12, 31),
            columns=("received_on",),
        )
        reference = time.perf_counter() - started
    print(
        f"{YEAR}: {figures['requests']['total']} requests, "
        f"{sum(p['decisions'] for p in figures['panels'])} decisions"
    )
    return elapsed, reference


def service_times(url: str, count: int) -> None:
    """Single-request service time of each page, sequential, after one warm-up request."""
    from sendsight.config import Settings
    from sendsight.web import create_app

    app = create_app(Settings(database_url=url, environment="test", secret_key="bench"))
    reference = service_time(app.test_client(), "/healthz", count)
    print(f"{'/healthz':<45} p50={reference[0]:6.1f} ms  p95={reference[1]:6.1f} ms")
    worst = 0.0
    for role, paths in (("triage", TRIAGE), ("analyst", ANALYST)):
        client = signed_in_test_client(app, role, PASSWORD)
        for path in paths:
            p50, p95 = service_time(client, path, count)
            worst = max(worst, p95)
            print(
                f"{path:<45} p50={p50:6.1f} ms  p95={p95:6.1f} ms  "
                f"ratio_p95_to_healthz={p95 / reference[1]:.1f}"
            )
    print(
        f"worst service p95 {worst:.1f} ms (goal <= 25 ms): {'met' if worst <= 25 else 'NOT met'}"
    )


def wait_until_up(base: str, seconds: float = 300) -> None:
    """Wait for the server (slow to start on a loaded machine)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5):
                return
        except OSError:
            time.sleep(1)
    raise SystemExit("the server did not start")


def under_load(url: str, seconds: float) -> None:
    """p50/p95 at 8 concurrent clients against `sendsight serve`, with /healthz's."""
    with served(url, demo=False) as base:
        wait_until_up(base)
        cookie = {"Cookie": session_cookie(base, "triage")}
        analyst = {"Cookie": session_cookie(base, "analyst")}
        load(base, TRIAGE[:1], clients=2, seconds=2, headers=cookie)
        load(base, ANALYST[:1], clients=2, seconds=2, headers=analyst)
        reference = load(base, ["/healthz"], clients=8, seconds=seconds / 3)[0]
        results = load(base, TRIAGE[:2], clients=8, seconds=seconds, headers=cookie)
        results += load(base, ANALYST[:1], clients=8, seconds=seconds, headers=analyst)
    print(reference.line())
    for r in results:
        print(r.line() + f"  ratio_p95_to_healthz={r.p95 / reference.p95:.1f}")
    worst = max(r.p95 for r in results)
    print(
        f"worst p95 at 8 clients={worst:.1f} ms goal<=150 ms; "
        f"errors={sum(r.errors for r in results)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50_000, help="Requests to generate.")
    parser.add_argument("--timed", type=int, default=50, help="Timed requests per page.")
    parser.add_argument("--seconds", type=float, default=0, help="Load test length (0: none).")
    parser.add_argument("--database-url", default=None, help="A database built by --keep.")
    parser.add_argument("--keep", action="store_true", help="Print the database's URL.")
    args = parser.parse_args()
    url = args.database_url
    if url is None:
        url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'frontdoor.db'}"
        build(url, args.requests)
        if args.keep:
            print(f"database: {url}")
    seconds, reference = year_analytics(url)
    print(
        f"a year's decision analytics, uncached: {seconds * 1000:.0f} ms (goal <= 1000 ms); "
        f"reference (reading the year's requests): {reference * 1000:.0f} ms, "
        f"ratio {seconds / reference:.1f}"
    )
    service_times(url, args.timed)
    if args.seconds > 0:
        under_load(url, args.seconds)


if __name__ == "__main__":
    main()
