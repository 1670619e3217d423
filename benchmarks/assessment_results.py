"""Self-assessment at scale: the results page of a round of 12 organisations x 45 statements
(p50/p95 at 8 concurrent clients against `sendsight serve` on the demo, SQLite; reference
`/healthz` in the same run), and importing a framework of 200 statements (reference: parsing the
same text with libyaml's safe loader, which any YAML import must at least do). The small
self-assessment index page is loaded alongside as a second, signed-in reference.

Usage: .venv/bin/python benchmarks/assessment_results.py [--seconds 20]
Goals (issue 15): results p95 <= 150 ms at 8 clients; 200-statement import <= 1 s.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, date, datetime, timedelta

import yaml
from _load import load, served, sqlite_url
from coproduction_pages import session_cookie
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    seconds = parser.parse_args().seconds
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
