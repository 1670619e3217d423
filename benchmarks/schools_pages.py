"""p50/p95 latency of school profile pages (two real Rochdale schools as the demo analyst, the
demo school user's own profile) and an LA funnel page: 8 concurrent clients against
`sendsight serve` on the demo (SQLite). Reference: `/healthz` in the same run.

Usage: .venv/bin/python benchmarks/schools_pages.py [--seconds 20] [--database-url URL]
(``--database-url``: an already built demo database, to skip building one.)
Goal (issue 18): profile page p95 <= 150 ms at 8 clients. For what one request costs on its
own (no network, sequential), see `benchmarks/schools_service.py`.
"""

from __future__ import annotations

import argparse

from _load import load, served, sqlite_url
from coproduction_pages import session_cookie

ANALYST = ["/schools/105764", "/schools/105783"]
SCHOOL = ["/schools/990001"]
FUNNEL = ["/schools/la/354/funnel"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with served(
        args.database_url or sqlite_url(), demo=args.database_url is None, wait_seconds=180
    ) as base:
        analyst = {"Cookie": session_cookie(base, "analyst")}
        school = {"Cookie": session_cookie(base, "school")}
        # warm-up: the first request works out England's similar schools (a second or more);
        # one request to each page first, so no timed request waits for that.
        load(base, ANALYST + FUNNEL, clients=1, seconds=0.1, headers=analyst)
        load(base, SCHOOL, clients=1, seconds=0.1, headers=school)
        load(base, ANALYST + FUNNEL, clients=2, seconds=4, headers=analyst)
        load(base, SCHOOL, clients=2, seconds=2, headers=school)
        reference = load(base, ["/healthz"], clients=8, seconds=args.seconds / 3)[0]
        results = load(base, ANALYST, clients=8, seconds=args.seconds, headers=analyst)
        results += load(base, SCHOOL, clients=8, seconds=args.seconds / 2, headers=school)
        results += load(base, FUNNEL, clients=8, seconds=args.seconds / 2, headers=analyst)
    print(reference.line())
    for r in results:
        print(r.line() + f"  ratio_p95_to_healthz={r.p95 / reference.p95:.1f}")
    profiles = [r for r in results if r.path not in FUNNEL]
    worst = max(r.p95 for r in profiles)
    errors = sum(r.errors for r in results)
    print(
        f"profile pages: worst p95={worst:.1f} ms goal<=150 ms, errors={errors} -> "
        f"{'met' if worst <= 150 and not errors else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
