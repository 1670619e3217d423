"""Governance objects for the tenancy matrix: a board meeting with an issued pack, a commentary
request, a decision, a census pupil and a plan priority (with its outcomes action), each
``tag``ged."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from sendsight.access.models import User
from sendsight.governance import pack, plan, queries
from sendsight.governance.census import read_census_text
from sendsight.outcomes.queries import create_measure

OBJECT_ARGUMENTS = {"meeting_id", "commentary_id", "decision_id"}


def make(
    session: Session, *, partnership_id: str, la_code: str, admin: User, tag: str
) -> dict[str, str]:
    """One meeting (pack issued), one commentary request, one decision and one census pupil."""
    day = date(2026, 9, 17) if tag == "Alpha" else date(2026, 9, 24)
    meeting = queries.create_meeting(
        session=session, partnership_id=partnership_id, meeting_on=day, title=f"{tag} board meeting"
    )
    asked = queries.ask_commentary(
        session=session,
        meeting=meeting,
        measure_key=f"{tag.lower()}_m",
        measure_name=f"{tag} measure",
        owner_email=admin.email,
        requested_on=day,
    )
    asked.text = f"{tag} commentary text"
    decision = queries.create_decision(
        session=session,
        partnership_id=partnership_id,
        meeting_id=meeting.id,
        decided_on=day,
        summary=f"{tag} decision summary",
        owner=f"{tag} owner",
        concerns_kind="action",
        concerns_ref=None,
        status="agreed",
        due_on=None,
    )
    frozen = {
        "version": 1,
        "title": f"{tag} board pack",
        "meeting_on": day.isoformat(),
        "has_data": True,
        "data_date": day.isoformat(),
        "scorecard": [],
        "exceptions": [
            {
                "key": "k",
                "name": f"{tag} exception",
                "owner": f"{tag} owner",
                "shown": "1",
                "period": "x",
                "why": "Off target",
                "commentary": f"{tag} commentary text",
            }
        ],
        "ehc": [],
        "actions": {"due": [], "overdue": []},
        "decisions": [],
        "self_assessment": None,
        "you_said_we_did": None,
        "threshold": 5,
    }
    pack.issue(session, meeting=meeting, pack=frozen, issued_by=admin.email)
    census = read_census_text(
        "upn,date_of_birth,gender,ethnicity,sen_provision,primary_need,urn,phase,person_id\n"
        f"J999900019001,2015-01-01,F,WBRI,K,SLCN,990001,primary,{tag} P1\n",
        f"{tag} census.csv",
    )
    queries.store_census(
        session=session,
        partnership_id=partnership_id,
        la_code=la_code,
        census=census,
        census_date=day,
        imported_by=admin.email,
    )
    measure = create_measure(
        session=session, partnership_id=partnership_id, key=f"{tag.lower()}_plan_measure",
        name=f"{tag} plan measure", level="indicator", frequency="academic_year", unit="count",
    )  # fmt: skip
    new = plan.NewPriority(la_code, "strategic_plan", 1, f"{tag} plan priority",
                           f"{tag} plan action", measure.id, f"{tag} plan owner", day)  # fmt: skip
    plan.create_priority(session, partnership_id=partnership_id, new=new)
    session.flush()
    return {"meeting_id": meeting.id, "commentary_id": asked.id, "decision_id": decision.id}


def held(session: Session, *, partnership_id: str) -> object:
    """How many governance rows the partnership holds, and its issued packs' fingerprints."""
    digests = tuple(
        m.pack_digest for m in queries.list_meetings(session=session, partnership_id=partnership_id)
    )
    return (queries.count_rows(session=session, partnership_id=partnership_id), digests)
