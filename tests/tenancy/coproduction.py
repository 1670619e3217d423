"""Co-production objects for the tenancy matrix: one activity with one answered, published item."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from sendsight.access.models import User
from sendsight.coproduction import queries
from sendsight.coproduction.records import ActivityRecord, ThemeRecord

OBJECT_ARGUMENTS = {"engagement_id", "said_id"}


def make(
    session: Session, *, partnership_id: str, la_code: str, admin: User, tag: str
) -> dict[str, str]:
    """An activity and a "you said" item, every text carrying ``tag``."""
    item = ThemeRecord(
        key=f"{tag.lower()}-said",
        topic=f"{tag} topic",
        said=f"{tag} you said",
        response_kind="did",
        response=f"{tag} we did",
        owner=f"{tag} owner",
        status="done",
        published_on=date(2026, 6, 1),
    )
    record = ActivityRecord(
        key=f"{tag.lower()}-activity",
        held_on=date(2026, 5, 1),
        title=f"{tag} forum",
        method="forum",
        ladder_level="co_design",
        coproduction_type="co_design",
        partners=(f"{tag} partner",),
        counts={("parents_carers", "all"): 7, ("locality", f"{tag} locality"): 3},
        themes=(item,),
    )
    queries.save_activity(session=session, record=record, partnership_id=partnership_id)
    activity = queries.get_activity_by_key_or_none(
        session=session, key=record.key, partnership_id=partnership_id
    )
    assert activity is not None
    return {"engagement_id": activity.id, "said_id": activity.themes[0].id}


def held(session: Session, *, partnership_id: str) -> object:
    """Every activity and item the partnership holds, as plain records."""
    session.expire_all()
    return [
        queries.activity_record(a)
        for a in queries.list_activities(session=session, partnership_id=partnership_id)
    ]
