"""The front door with 50,000 generated requests: p50/p95 of the triage queue and the analytics
page (8 concurrent clients against `sendsight serve`, SQLite), against `/healthz` in the same
run; and the time to compute one year's figures and decision analytics in-process.

Usage: .venv/bin/python benchmarks/frontdoor_pages.py [--seconds 20] [--requests 50000]
Goal (issue 16): pages p95 <= 150 ms; a year's decision analytics <= 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
import urllib.request
from datetime import date, timedelta

from _load import load, served, sqlite_url
from coproduction_pages import session_cookie
from sqlalchemy import select

import sendsight.db.models  # noqa: F401  (every table, for the foreign keys)
from sendsight.db.base import new_id
from sendsight.db.session import transaction
from sendsight.frontdoor import queries, reports, vocab, workdays
from sendsight.frontdoor.models import FdAgendaItem, FdDecision, FdMeeting, FdPanel, FdRequest

PAGES = ["/frontdoor/triage", "/frontdoor/analytics?year=2025", "/frontdoor/triage?soon=yes"]


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
            received = date(2022, 1, 3) + timedelta(days=rng.randrange(4 * 365 + 300))
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


def year_analytics(url: str) -> float:
    """Seconds to compute 2025's figures (requests, triage, panels with funnel limits)."""
    with transaction(url) as session:
        started = time.perf_counter()
        figures = reports.year_stats(session, la_code="354", year=2025)
        elapsed = time.perf_counter() - started
    print(
        f"2025: {figures['requests']['total']} requests, "
        f"{sum(p['decisions'] for p in figures['panels'])} decisions"
    )
    return elapsed


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--requests", type=int, default=50_000)
    args = parser.parse_args()
    url = sqlite_url()
    env = {
        **os.environ,
        "SENDSIGHT_DATABASE_URL": url,
        "SENDSIGHT_ENVIRONMENT": "development",
        "SENDSIGHT_DEMO_PASSWORD": "benchmark password 1234",
    }
    subprocess.run(
        [sys.executable, "-m", "sendsight", "demo", "--no-serve"],
        env=env,
        check=True,
        capture_output=True,
    )
    generate(url, args.requests)
    seconds = year_analytics(url)
    print(f"a year's decision analytics: {seconds * 1000:.0f} ms (goal <= 1000 ms)")
    with served(url, demo=False) as base:
        wait_until_up(base)
        cookie = {"Cookie": session_cookie(base, "triage")}
        analyst = {"Cookie": session_cookie(base, "analyst")}
        load(base, PAGES[:1], clients=2, seconds=2, headers=cookie)
        reference = load(base, ["/healthz"], clients=8, seconds=args.seconds / 3)[0]
        results = load(base, [PAGES[0], PAGES[2]], clients=8, seconds=args.seconds, headers=cookie)
        results += load(base, [PAGES[1]], clients=8, seconds=args.seconds, headers=analyst)
    print(reference.line())
    for r in results:
        print(r.line() + f"  ratio_p95_to_healthz={r.p95 / reference.p95:.1f}")
    worst = max(r.p95 for r in results)
    print(f"worst p95={worst:.1f} ms goal<=150 ms; errors={sum(r.errors for r in results)}")


if __name__ == "__main__":
    main()
