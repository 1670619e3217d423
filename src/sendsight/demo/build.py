"""Build (or refresh) the demo partnership around a real local area's published figures."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from sendsight.db.meta import DEMO_KEY, set_meta
from sendsight.wiring import optional_module, wire

# Each later domain seeds its demo data with ``seed(session, la_code=, partnership_id=, today=)``
# in its own module, in this order (a step may read what an earlier one made).
DEMO_STEPS = (
    "sendsight.demo.directory",
    "sendsight.demo.assessment",
    "sendsight.demo.coproduction",
    "sendsight.demo.frontdoor",
    "sendsight.demo.schools",
    "sendsight.demo.adulthood",
    "sendsight.demo.commissioning",
    "sendsight.demo.governance",
)


def build_demo(
    session: Session,
    *,
    la_code: str,
    password: str,
    with_cases: bool = True,
    today: date | None = None,
) -> list[tuple[str, str]]:
    """Seed the demo partnership, its users, outcomes framework and case records; idempotent.

    ``with_cases=False`` leaves out the synthetic EHC case records (for tests that import their
    own). Everything dated (cases, measure values, notes, actions, places) runs up to the last
    complete month before ``today`` (default: the real today; the same day always builds the
    same data). Returns the demo accounts as (email, role) pairs.
    """
    from sendsight.demo import clock
    from sendsight.demo.access import demo_partnership, seed_demo_access
    from sendsight.demo.capacity import seed_demo_capacity
    from sendsight.demo.ehc_cases import seed_demo_cases
    from sendsight.demo.mail import seed_demo_mail
    from sendsight.demo.outcomes import seed_demo_outcomes

    wire()
    set_meta(session, DEMO_KEY, "true")
    set_meta(session, "demo_la_code", la_code)
    today = clock.resolve(today)
    set_meta(session, "demo_as_of", today.isoformat())
    accounts = seed_demo_access(session, la_code=la_code, password=password)
    partnership_id = demo_partnership(session, la_code=la_code).id
    if with_cases:
        seed_demo_cases(session, la_code=la_code, today=today)
    seed_demo_outcomes(session, la_code=la_code, partnership_id=partnership_id, today=today)
    seed_demo_capacity(session, la_code=la_code, partnership_id=partnership_id, today=today)
    seed_demo_mail(session, today=today)
    for name in DEMO_STEPS:
        step = optional_module(name)
        if step is not None:
            step.seed(session, la_code=la_code, partnership_id=partnership_id, today=today)
    return accounts
