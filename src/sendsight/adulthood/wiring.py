"""What the adulthood domain registers at start-up (called once by ``sendsight.wiring``):
young people's records under the retention schedule, and three scorecard facts for the
outcome "I am ready for adult life"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from sqlalchemy.orm import Session

from sendsight.adulthood import queries
from sendsight.adulthood.summary import AGE_19_YEAR
from sendsight.outcomes.sources import SourcePoint, register_fact

#: key: (label, how to find the [numerator, denominator] pairs by school year in the figures)
FACTS: Final[dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, list[int]]]]]] = {
    "adulthood_pct_year9_review_on_time": (
        "% of young people with a preparing-for-adulthood review by the end of Year 9",
        lambda f: f.get("year9_on_time", {}),
    ),
    "adulthood_pct_sustained_at_19": (
        "% of young people with a plan in sustained education, employment or training in the "
        "year they turn 19",
        lambda f: f.get("destinations", {}).get(str(AGE_19_YEAR), {}),
    ),
    "adulthood_pct_internships_into_jobs": (
        "% of supported interns in a paid job 6 months after completing",
        lambda f: {
            year: [c["job_6"], c["job_6_known"]]
            for year, c in f.get("internships", {}).get("by_year", {}).items()
        },
    ),
}


def series(session: Session, la_code: str, key: str) -> list[SourcePoint]:
    """The yearly values of fact ``key`` for ``la_code`` (school years, ``2024/25``)."""
    held = queries.get_summary_for_la_or_none(session=session, la_code=la_code)
    if held is None:
        return []
    pairs = FACTS[key][1](held.figures)
    return [
        SourcePoint(period, round(100 * num / den, 1), float(num), float(den))
        for period, (num, den) in sorted(pairs.items())
        if den > 0
    ]


def _compute(key: str) -> Callable[[Session, str], list[SourcePoint]]:
    def compute(session: Session, la_code: str) -> list[SourcePoint]:
        return series(session, la_code, key)

    return compute


def register() -> None:
    """Register the retention rule and the scorecard facts."""
    from sendsight.access.retention import register_rule
    from sendsight.adulthood.models import PfaYoungPerson

    register_rule(
        PfaYoungPerson.__tablename__, PfaYoungPerson, "date_of_birth", ("plan_ceased_on",)
    )
    for key, (label, _) in FACTS.items():
        register_fact(key, label, _compute(key))
