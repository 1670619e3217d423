"""Build (or refresh) the demo partnership around a real local area's published figures."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sendsight.db.meta import DEMO_KEY, set_meta


def build_demo(
    session: Session, *, la_code: str, password: str, with_cases: bool = True
) -> list[tuple[str, str]]:
    """Seed the demo partnership, its users, outcomes framework and case records; idempotent.

    ``with_cases=False`` leaves out the synthetic EHC case records (for tests that import their
    own). Returns the demo accounts as (email, role) pairs.
    """
    from sendsight.demo.access import seed_demo_access
    from sendsight.demo.capacity import seed_demo_capacity
    from sendsight.demo.ehc_cases import seed_demo_cases
    from sendsight.demo.outcomes import seed_demo_outcomes

    set_meta(session, DEMO_KEY, "true")
    set_meta(session, "demo_la_code", la_code)
    accounts = seed_demo_access(session, la_code=la_code, password=password)
    if with_cases:
        seed_demo_cases(session, la_code=la_code)
    seed_demo_outcomes(session, la_code=la_code)
    seed_demo_capacity(session, la_code=la_code)
    return accounts
