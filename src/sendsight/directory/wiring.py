"""What the directory registers at start-up: the freshness share as a scorecard fact, and the
Local Offer comments (a parent's words, sometimes their contact) under the retention schedule."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from sendsight.access import queries as access
from sendsight.directory import freshness
from sendsight.outcomes.sources import SourcePoint, register_fact

FACT_KEY = "directory_pct_assured_3_months"
FACT_LABEL = "% of Local Offer listings checked in the last 3 months"


def share_points(session: Session, la_code: str, today: date | None = None) -> list[SourcePoint]:
    """This year's share of the directory (of the partnership covering ``la_code``) assured in
    the last three months, as one scorecard point."""
    partnership = access.partnership_for_la_or_none(session=session, la_code=la_code)
    if partnership is None:
        return []
    day = today or date.today()
    share = freshness.share_assured(session, partnership_id=partnership.id, today=day)
    if share.percent is None:
        return []
    return [SourcePoint(str(day.year), share.percent, float(share.assured), float(share.listings))]


def _compute(session: Session, la_code: str) -> list[SourcePoint]:
    return share_points(session, la_code)


def register() -> None:
    """Offer the share of listings assured in the last three months to the scorecard, and put
    the comments under the retention schedule (``sendsight retention run``): a comment falls due
    the schedule's years after the day it was received (UK GDPR Art 5(1)(e); decision 0903)."""
    from sendsight.access.retention import register_rule
    from sendsight.directory.models import ListingFeedback

    register_fact(FACT_KEY, FACT_LABEL, _compute)
    # The schedule counts from the record's first date (a date of birth for case records);
    # a comment has none, so the day it was received stands in.
    register_rule(ListingFeedback.__tablename__, ListingFeedback, "received_on")
