"""p50/p95 latency of the area overview and an indicator page: 8 concurrent clients, 30 s each,
against `sendsight serve`, on SQLite and on PostgreSQL. Reference: `/healthz` in the same run.

Usage: .venv/bin/python benchmarks/web_latency.py [--seconds 30] [--backend sqlite|postgresql|both]
Goal (issue 2): p95 <= 150 ms.
"""

from __future__ import annotations

import argparse

from _load import load, postgres_url, served, sqlite_url

PAGES = [
    "/areas/354",
    "/areas/354/indicators/ehc-plans-january",
    "/indicators/pct-20-weeks-excl-exceptions/all",
]


def run(backend: str, seconds: float) -> None:
    url = sqlite_url() if backend == "sqlite" else postgres_url()
    assert url
    if backend == "postgresql":
        from sqlalchemy import text

        from sendsight.db.session import get_engine

        with get_engine(url).begin() as c:
            c.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            c.execute(text("CREATE SCHEMA public"))
    with served(url) as base:
        load(base, PAGES, clients=2, seconds=3)  # warm-up
        reference = load(base, ["/healthz"], clients=8, seconds=seconds / 3)[0]
        results = load(base, PAGES, clients=8, seconds=seconds)
    print(f"\n== {backend} ==")
    print(reference.line())
    for r in results:
        print(r.line() + f"  ratio_p95_to_healthz={r.p95 / reference.p95:.1f}")
    worst = max(r.p95 for r in results)
    errors = sum(r.errors for r in results)
    print(
        f"{backend}: worst p95={worst:.1f} ms goal<=150 ms -> "
        f"errors={errors} {'met' if worst <= 150 and not errors else 'NOT met'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--backend", default="both", choices=["sqlite", "postgresql", "both"])
    args = parser.parse_args()
    for backend in ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]:
        run(backend, args.seconds)


if __name__ == "__main__":
    main()
