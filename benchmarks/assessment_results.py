"""Self-assessment at scale: the results page of a round of 12 organisations x 45 statements
(p50/p95 at 8 concurrent clients against `sendsight serve` on the demo, SQLite; reference
`/healthz` in the same run), and importing a framework of 200 statements (reference: parsing the
same text with libyaml's safe loader, which any YAML import must at least do). The small
self-assessment index page is loaded alongside as a second, signed-in reference.

Usage: .venv/bin/python benchmarks/assessment_results.py [--seconds 20] [--service]
Goals (issue 15): results p95 <= 150 ms at 8 clients; 200-statement import <= 1 s.

``--service`` measures the single-request service time instead: the Flask test client in this
process, one request after another (a warm-up, then 50 of each page and of ``/healthz``), on
the same demo database with the same big round; goal p50 <= 12 ms, p95 <= 25 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

import yaml
from _load import load, served, sqlite_url
from coproduction_pages import PASSWORD, session_cookie
from sqlalchemy import insert

LEVELS = ("emerging", "developing", "established", "embedded")


def framework_text(statements: int, key: str) -> str:
    """A framework of ``statements`` statements in themes of 5 to 7."""
    themes, made = [], 0
    while made < statements:
        count = min(5 + len(themes) % 3, statements - made)
        themes.append(
            {
                "key": f"t{len(themes)}",
                "title": f"Theme {len(themes)}",
                "inspection_areas": ["leadership"],
                "statements": [
                    {
                        "key": f"s{made + i}",
                        "text": f"Statement {made + i} about the partnership",
                        "plain": f"Plain words {made + i}",
                        "statutory": (made + i) % 9 == 0,
                        "duty": "Children and Families Act 2014" if (made + i) % 9 == 0 else "",
                        "descriptors": {level: f"What {level} looks like" for level in LEVELS},
                    }
                    for i in range(count)
                ],
            }
        )
        made += count
    scale = [{"key": k, "label": k.capitalize(), "description": ""} for k in LEVELS]
    return str(yaml.safe_dump({"key": key, "name": key, "scale": scale, "themes": themes}))


def big_round(url: str) -> str:
    """Add 4 organisations (12 in all), a 45-statement framework and a closed round with every
    organisation's rating of every statement; returns the round's id."""
    from sendsight.access import queries as access
    from sendsight.access.models import OrganisationKind
    from sendsight.assessment import queries
    from sendsight.assessment.frameworks import import_framework
    from sendsight.assessment.models import Consensus, Rating
    from sendsight.db.session import transaction

    rng = random.Random(15)
    with transaction(url) as session:
        partnership = access.get_partnership_by_name_or_none(
            session=session, name="Demo SEND Alliance"
        )
        assert partnership is not None
        for n in range(4):
            access.create_organisation(
                session=session,
                partnership=partnership,
                name=f"Bench org {n}",
                kind=OrganisationKind.PROVIDER,
            )
        orgs = [
            o.id for o in access.list_organisations(session=session, partnership_id=partnership.id)
        ]
        framework = import_framework(
            session,
            framework_text(45, "bench"),
            filename="b.yaml",
            partnership_id=partnership.id,
            actor=None,
        ).framework
        today = date.today()
        round_ = queries.create_round(
            session=session,
            partnership_id=partnership.id,
            framework_id=framework.id,
            name="Bench",
            opens_on=today - timedelta(days=60),
            closes_on=today - timedelta(days=30),
            target_level="established",
            organisation_ids=orgs[:12],
        )
        statements = queries.list_statements(
            session=session, framework_id=framework.id, partnership_id=partnership.id
        )
        own = {"partnership_id": partnership.id, "round_id": round_.id}
        rows = []
        for s in statements:
            for org in orgs[:12]:
                level = rng.randint(1, 4)
                rows.append(
                    {
                        **own,
                        "statement_id": s.id,
                        "organisation_id": org,
                        "level": LEVELS[level - 1],
                        "level_index": level,
                        "confidence": "medium",
                        "duty_met": True if s.statutory else None,
                        "comment": "",
                        "rated_by": "bench",
                        "rated_at_utc": datetime.now(UTC),
                    }
                )
        session.execute(insert(Rating), rows)
        session.execute(
            insert(Consensus),
            [
                {
                    **own,
                    "statement_id": s.id,
                    "level": "developing",
                    "level_index": 2,
                    "reason": "Agreed",
                    "agreed_by": "bench",
                }
                for s in statements[::2]
            ],
        )
        print(
            f"round of {len(orgs[:12])} organisations x {len(statements)} statements, "
            f"{len(rows)} ratings"
        )
        return round_.id


def import_timing() -> None:
    """Import a 200-statement framework into an empty database; ratio to yaml.safe_load."""
    from sendsight.access import queries as access
    from sendsight.assessment.frameworks import import_framework
    from sendsight.db.migrate import upgrade
    from sendsight.db.session import transaction

    url = sqlite_url()
    upgrade(url)
    text = framework_text(200, "big")
    started = time.perf_counter()
    yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    reference = time.perf_counter() - started
    with transaction(url) as session:
        partnership = access.create_partnership(session=session, name="Bench", la_codes=[])
        started = time.perf_counter()
        import_framework(
            session, text, filename="big.yaml", partnership_id=partnership.id, actor=None
        )
        took = time.perf_counter() - started
    print(
        f"framework import, 200 statements: {took * 1000:.0f} ms (goal <= 1000 ms); "
        f"yaml parse alone {reference * 1000:.0f} ms; ratio {took / reference:.1f}"
    )


def _timed(client: object, path: str, count: int) -> tuple[float, float]:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(path)  # type: ignore[attr-defined]
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[round(0.95 * (len(ordered) - 1))]


def service_time(requests: int = 50) -> None:
    """Sequential service time through the Flask test client on the demo database."""
    import os
    import re
    import subprocess
    import sys

    from sendsight.config import Settings
    from sendsight.web import create_app

    url = sqlite_url()
    env = {
        **os.environ,
        "SENDSIGHT_DATABASE_URL": url,
        "SENDSIGHT_DEMO_PASSWORD": PASSWORD,
        "SENDSIGHT_ENVIRONMENT": "development",
    }
    cli = [sys.executable, "-m", "sendsight", "demo", "--no-serve"]
    subprocess.run(cli, env=env, check=True, capture_output=True)
    round_id = big_round(url)
    app = create_app(Settings(database_url=url, environment="test", secret_key="bench"))
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token
    form = {"email": "admin@demo.sendsight.test", "password": PASSWORD, "csrf_token": token[1]}
    client.post("/sign-in", data=form)
    paths = [
        f"/self-assessment/rounds/{round_id}/results",
        "/self-assessment/",
        "/coproduction/",
        "/coproduction/coverage",
        "/you-said-we-did/",
    ]
    for path in ["/healthz", *paths]:
        client.get(path)
    ref50, ref95 = _timed(client, "/healthz", requests)
    print(f"{'/healthz':<60} p50={ref50:6.1f} ms p95={ref95:6.1f} ms (reference)")
    for path in paths:
        p50, p95 = _timed(client, path, requests)
        verdict = "met" if p50 <= 12 and p95 <= 25 else "NOT met"
        ratios = f"ratio_p50={p50 / ref50:.1f} ratio_p95={p95 / ref95:.1f} to /healthz"
        print(f"{path[:60]:<60} p50={p50:6.1f} ms p95={p95:6.1f} ms {ratios} {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--service", action="store_true", help="sequential service time")
    args = parser.parse_args()
    if args.service:
        service_time()
        return
    seconds = args.seconds
    import_timing()
    url = sqlite_url()
    with served(url) as base:
        round_id = big_round(url)
        cookie = {"Cookie": session_cookie(base, "admin")}
        pages = [f"/self-assessment/rounds/{round_id}/results", "/self-assessment/"]
        load(base, pages, clients=2, seconds=3, headers=cookie)
        reference = load(base, ["/healthz"], clients=8, seconds=seconds / 3)[0]
        results = load(base, pages, clients=8, seconds=seconds, headers=cookie)
    print(reference.line())
    for r in results:
        print(r.line() + f"  ratio_p95_to_healthz={r.p95 / reference.p95:.1f}")
    worst = max(r.p95 for r in results)
    errors = sum(r.errors for r in results)
    print(
        f"worst p95={worst:.1f} ms goal<=150 ms errors={errors} "
        f"{'met' if worst <= 150 and not errors else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
