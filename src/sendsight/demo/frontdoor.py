"""DEMONSTRATION DATA: a front door with a year and a bit of requests for support, triage,
weekly panels and their decisions, consistent with the demo's EHC cases.

Nothing here describes a real child. The demo runs from 1 January of the year before the demo's
last complete month to that month's end: about 1,200 requests a year (an East Sussex-sized
single front door; fewer in August, more in spring and autumn), from schools mostly, then
families, health, social care and other professionals. Most are routed to information and
advice, outreach or a Local Offer service within 10 working days; about one in eight takes
longer (the breaches); a few ask again for the same child within a year; a few are declined
because no suitable service exists.

The requests for an EHC needs assessment are *not* new cases: each one is the front door's
record of an existing demo EHC request (``demo/ehc_cases.py``) made by a school, health or
another professional, received the same day. Some go straight to a statutory assessment, the
rest to the weekly assessment panel, whose decision is the one the EHC case records; plans
assessed go on to the issue panel, whose decision is the assessment's outcome. So the EHC
figures (calibrated on Rochdale's published ones) are unchanged by this step.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

import polars as pl
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sendsight.core.identifiers import upn_check_letter
from sendsight.db.base import new_id
from sendsight.demo import clock
from sendsight.demo.ehc_settings import PRIMARY, SECONDARY, SPECIAL, pick_setting, school_name
from sendsight.frontdoor import models as m
from sendsight.frontdoor import queries, vocab, workdays

MONTH_SHAPE: Final = {
    1: 1.0,
    2: 1.05,
    3: 1.2,
    4: 0.9,
    5: 1.15,
    6: 1.1,
    7: 0.9,
    8: 0.45,
    9: 0.95,
    10: 1.15,
    11: 1.1,
    12: 0.75,
}
PER_MONTH: Final = 1200 / sum(MONTH_SHAPE.values())
SOURCES: Final = (("school", 55), ("family", 17), ("health", 15), ("social_care", 8), ("other", 5))
EHC_NEED: Final = {
    "ASD": "communication_interaction",
    "SLCN": "communication_interaction",
    "SEMH": "semh",
    "HI": "sensory_physical",
    "VI": "sensory_physical",
    "MSI": "sensory_physical",
    "PD": "sensory_physical",
}
NEED_WEIGHTS: Final = (
    ("communication_interaction", 36),
    ("cognition_learning", 24),
    ("semh", 30),
    ("sensory_physical", 10),
)
LINK_SHARE: Final = 0.6  # of professionals' EHC requests, made through the front door
RE_REQUEST_SHARE: Final = 0.06
LOCALITY_OF_URN: Final = {
    urn: vocab.LOCALITIES[i % len(vocab.LOCALITIES)]
    for i, (urn, _) in enumerate(PRIMARY + SECONDARY + SPECIAL)
}
PANEL_USER: Final = "panel@demo.sendsight.test"
FAMILY_USER: Final = "family@demo.sendsight.test"
FAMILY_ACCOUNT_REQUESTS: Final = 4
# name, question, weekday (0 = Monday), every n weeks, quorum, required agencies
PANELS: Final = (
    ("Assessment panel", "assess", 1, 1, 3, ("education", "health", "social_care")),
    ("Issue panel", "issue", 3, 1, 3, ("education", "health")),
    ("Placement and funding panel", "placement", 2, 2, 3, ("education",)),
    ("Personal budget panel", "personal_budget", 0, 4, 2, ("education",)),
    ("Post-16 panel", "post16", 4, 4, 2, ("education",)),
)
MEMBERS: Final = (
    ("Head of SEND (demo)", "education", True),
    ("Designated clinical officer (demo)", "health", False),
    ("Social care team manager (demo)", "social_care", False),
    ("Educational psychologist (demo)", "education", False),
    ("Parent carer forum representative (demo)", "parent_carers", False),
)
NEEDS_TEXT: Final = {
    "communication_interaction": "Finds it hard to understand and use language in class; "
    "struggles with changes to routine (demonstration).",
    "cognition_learning": "Working well below age-related expectations in reading and "
    "number despite small-group teaching (demonstration).",
    "semh": "Frequent distress and withdrawal at school; attendance falling this term "
    "(demonstration).",
    "sensory_physical": "Needs adapted equipment and support to move around the building "
    "(demonstration).",
}


@dataclass
class _Build:
    rng: random.Random
    places: random.Random
    start: date
    cut: date
    partnership_id: str
    la_code: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    meetings: dict[tuple[str, date], dict[str, Any]] = field(default_factory=dict)
    panels: dict[str, dict[str, Any]] = field(default_factory=dict)
    members: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def seed(session: Session, *, la_code: str, partnership_id: str, today: date) -> None:
    """Store the demo front door for ``la_code`` as at ``today`` (idempotent)."""
    from sendsight.ehc import queries as ehc_queries
    from sendsight.outcomes import sources

    cut = clock.last_complete_month_end(today)
    b = _Build(
        random.Random(f"frontdoor{la_code}"),
        random.Random(f"fdplaces{la_code}"),
        date(cut.year - 1, 1, 1),
        cut,
        partnership_id,
        la_code,
    )
    _panels(b)
    ehc = ehc_queries.load_requests(session=session, la_code=la_code)
    _linked(b, ehc.filter(pl.col("received_on").is_between(b.start, cut)))
    _others(b)
    _number(b)
    _family_account(b)
    if _fingerprint_stored(session, partnership_id) != _fingerprint(b):
        _wipe(session, partnership_id)
        _store(session, b)
        sources.refresh_measures(session, partnership_id=partnership_id, la_codes=[la_code])


# --- Panels and meetings --------------------------------------------------------------------


def _panels(b: _Build) -> None:
    for name, question, weekday, every, quorum, agencies in PANELS:
        panel_id = new_id()
        b.panels[question] = {
            "id": panel_id,
            "partnership_id": b.partnership_id,
            "la_code": b.la_code,
            "name": name,
            "panel_type": question,
            "quorum": quorum,
            "required_agencies": list(agencies),
            "weekday": weekday,
            "every": every,
        }
        b.members[question] = [
            {
                "id": new_id(),
                "partnership_id": b.partnership_id,
                "panel_id": panel_id,
                "email": f"member{i + 1}.{question}@demo.sendsight.test",
                "name": who,
                "agency": agency,
                "is_chair": chair,
            }
            for i, (who, agency, chair) in enumerate(MEMBERS[: quorum + 2])
        ]
        if question in ("assess", "placement"):
            b.members[question][-1]["email"] = PANEL_USER


def _meeting_on_or_after(b: _Build, question: str, day: date) -> date:
    spec = b.panels[question]
    first = b.start + timedelta(days=(spec["weekday"] - b.start.weekday()) % 7)
    step = 7 * spec["every"]
    if day <= first:
        return first
    return first + timedelta(days=-(-(day - first).days // step) * step)


def _meeting_on_or_before(b: _Build, question: str, day: date) -> date | None:
    after = _meeting_on_or_after(b, question, day)
    found = after if after == day else after - timedelta(days=7 * b.panels[question]["every"])
    return found if found >= b.start else None


def _meeting(b: _Build, question: str, day: date) -> dict[str, Any]:
    key = (question, day)
    if key not in b.meetings:
        members = b.members[question]
        present = [x["id"] for x in members if x["is_chair"] or b.rng.random() > 0.15]
        b.meetings[key] = {
            "id": new_id(),
            "partnership_id": b.partnership_id,
            "panel_id": b.panels[question]["id"],
            "meets_on": day,
            "papers_due_on": day - timedelta(days=7),
            "present_member_ids": sorted(present),
        }
    return b.meetings[key]


def _on_agenda(
    b: _Build, request: dict[str, Any], question: str, day: date, agreed: bool | None
) -> None:
    meeting = _meeting(b, question, day)
    item_id = new_id()
    b.items.append(
        {
            "id": item_id,
            "partnership_id": b.partnership_id,
            "meeting_id": meeting["id"],
            "request_id": request["id"],
            "question": question,
            "position": 0,
            "papers": "Request, school's SEN support plan and reviews (demonstration).",
            "date_of_birth": request["date_of_birth"],
        }
    )
    if agreed is None or day > b.cut:
        return
    criteria = {key: True for key, _ in vocab.CRITERIA[question]}
    if not agreed:
        criteria[b.rng.choice(list(criteria))] = False
    from sendsight.frontdoor.panels import reasons

    words = (
        "Agreed after discussion of the evidence."
        if agreed
        else ("The setting should continue its support plan and review it in a term.")
    )
    b.decisions.append(
        {
            "id": new_id(),
            "partnership_id": b.partnership_id,
            "agenda_item_id": item_id,
            "request_id": request["id"],
            "panel_id": b.panels[question]["id"],
            "question": question,
            "agreed": agreed,
            "criteria": criteria,
            "chair_words": words,
            "reasons": reasons(question, criteria, words),
            "dissent": "The health representative would have agreed."
            if not agreed and b.rng.random() < 0.1
            else None,
            "decided_on": day,
            "decided_by": PANEL_USER,
            "date_of_birth": request["date_of_birth"],
        }
    )
    _status(b, request, "decided", day, 17)


# --- Requests -------------------------------------------------------------------------------


def _status(b: _Build, request: dict[str, Any], status: str, day: date, hour: int) -> None:
    if day > b.cut:
        return
    request["status"] = status
    b.changes.append(
        {
            "id": new_id(),
            "partnership_id": b.partnership_id,
            "request_id": request["id"],
            "status": status,
            "at_utc": datetime.combine(day, time(hour), tzinfo=UTC),
            "by_email": "triage@demo.sendsight.test",
            "note": None,
            "date_of_birth": request["date_of_birth"],
        }
    )


def _request(
    b: _Build, received: date, child: dict[str, Any], source: str, need: str, asked_for: str
) -> dict[str, Any]:
    cycles = []
    for back in (150, 70)[: b.rng.randint(1, 2)]:
        begun = received - timedelta(days=back + b.rng.randint(0, 20))
        cycles.append(
            {
                "started_on": begun.isoformat(),
                "reviewed_on": (begun + timedelta(days=56)).isoformat(),
            }
        )
    row: dict[str, Any] = {
        "id": new_id(),
        "partnership_id": b.partnership_id,
        "la_code": b.la_code,
        "reference": "",
        "received_on": received,
        "source": source,
        "submitted_by": f"{source}.referrer@demo.sendsight.test",
        "need_area": need,
        "other_need_areas": [],
        "needs_text": NEEDS_TEXT[need],
        "graduated_approach": cycles,
        "asked_for": asked_for,
        "consent": True,
        "acknowledged_on": None,
        "routed_on": None,
        "working_days_to_route": None,
        "route": None,
        "route_note": None,
        "unmet_need": False,
        "status": "received",
        "ehc_request_id": None,
        "locality": LOCALITY_OF_URN.get(child["setting_urn"] or ""),
        **child,
    }
    b.requests.append(row)
    _status(b, row, "received", received, 9)
    return row


def _triage_days(b: _Build) -> tuple[int, int]:
    """(working days to acknowledge, working days to decide the route): about one in eight
    routes takes longer than the 10-day target."""
    draw = b.rng.random()
    route = (
        b.rng.randint(1, 5)
        if draw < 0.55
        else (b.rng.randint(6, 10) if draw < 0.88 else b.rng.randint(11, 18))
    )
    acknowledge = b.rng.randint(0, 2) if b.rng.random() < 0.92 else b.rng.randint(3, 4)
    return min(acknowledge, route), route


def _route(b: _Build, row: dict[str, Any], route: str, days: int | None = None) -> date | None:
    acknowledge, wd = _triage_days(b)
    wd = wd if days is None else days
    received = row["received_on"]
    acknowledged = workdays.add_working_days(received, acknowledge)
    if acknowledged <= b.cut:
        row["acknowledged_on"] = acknowledged
        _status(b, row, "acknowledged", acknowledged, 11)
    routed = workdays.add_working_days(received, wd)
    if routed > b.cut:
        return None
    row.update(route=route, routed_on=routed, working_days_to_route=wd)
    _status(b, row, "at_panel" if route == "panel" else "routed", routed, 15)
    return routed


def _linked(b: _Build, ehc: pl.DataFrame) -> None:
    """Front door records of the professionals' EHC requests (see the module docstring)."""
    for e in ehc.sort("received_on", "request_id").iter_rows(named=True):
        source = {"school": "school", "health": "health", "other": "other"}.get(
            e["request_source"] or ""
        )
        if source is None or b.rng.random() >= LINK_SHARE:
            continue
        child = {
            "person_id": e["person_id"],
            "date_of_birth": e["date_of_birth"],
            "upn": e["upn"],
            "setting_urn": e["setting_urn"],
        }
        if source == "school" and child["setting_urn"] is None:
            source = "other"
        need = EHC_NEED.get(e["primary_need"] or "", None) or _need(b)
        row = _request(b, e["received_on"], child, source, need, "ehc_assessment")
        row["ehc_request_id"] = e["request_id"]
        _linked_route(b, row, e)


def _linked_route(b: _Build, row: dict[str, Any], e: dict[str, Any]) -> None:
    decided = e["decision_on"] if e["decision"] in ("assess", "not_assess") else None
    meeting = _meeting_on_or_before(b, "assess", decided) if decided else None
    days = workdays.working_days_between(row["received_on"], meeting) if meeting else 0
    if b.rng.random() < 0.35 or meeting is None or not 2 <= days <= 30:
        _route(b, row, "statutory_assessment", b.rng.randint(1, 4))
        return
    routed = _route(b, row, "panel", b.rng.randint(1, min(8, days - 1)))
    if routed is None or meeting < routed:
        return
    _on_agenda(b, row, "assess", meeting, e["decision"] == "assess")
    outcome_on = e["assessment_outcome_on"]
    if e["assessment_outcome"] in ("issue", "not_issue") and outcome_on:
        issue_day = _meeting_on_or_before(b, "issue", outcome_on)
        if issue_day and issue_day > meeting:
            _on_agenda(b, row, "issue", issue_day, e["assessment_outcome"] == "issue")


def _need(b: _Build) -> str:
    return b.rng.choices([n for n, _ in NEED_WEIGHTS], [w for _, w in NEED_WEIGHTS])[0]


def _child(b: _Build, received: date, number: int) -> dict[str, Any]:
    age_days = b.rng.randint(2 * 365, 17 * 365)
    body = f"999{8000 + number // 1000:04d}{received.year % 100:02d}{number % 1000:03d}"
    return {
        "person_id": f"DEMO-F{number:06d}",
        "date_of_birth": received - timedelta(days=age_days),
        "upn": upn_check_letter(body) + body if age_days > 4 * 365 else None,
        "setting_urn": pick_setting(b.places, age_days),
    }


def _others(b: _Build) -> None:
    """Requests for advice, outreach and services, topping each month up to its volume."""
    linked: dict[date, int] = {}
    for r in b.requests:
        month = r["received_on"].replace(day=1)
        linked[month] = linked.get(month, 0) + 1
    month, number = b.start, 0
    while month <= b.cut:
        wanted = round(PER_MONTH * MONTH_SHAPE[month.month] * b.rng.uniform(0.93, 1.07))
        for _ in range(max(0, wanted - linked.get(month, 0))):
            number += 1
            _other(b, _working_day_in(b, month), number)
        month = (month + timedelta(days=32)).replace(day=1)


def _working_day_in(b: _Build, month: date) -> date:
    end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    while True:
        day = month + timedelta(days=b.rng.randrange((end - month).days + 1))
        if workdays.is_working_day(day) or b.rng.random() < 0.05:
            return day


def _other(b: _Build, received: date, number: int) -> None:
    child = _earlier_child(b, received) or _child(b, received, number)
    source = b.rng.choices([s for s, _ in SOURCES], [w for _, w in SOURCES])[0]
    if source == "school" and child["setting_urn"] is None:
        source = "family"
    asked = b.rng.choices(("advice", "outreach", "service"), (25, 40, 35))[0]
    row = _request(b, received, child, source, _need(b), asked)
    age = (received - child["date_of_birth"]).days // 365
    if b.rng.random() < 0.08:
        question = "post16" if age >= 14 else b.rng.choice(("placement", "personal_budget"))
        routed = _route(b, row, "panel")
        if routed is not None:
            day = _meeting_on_or_after(b, question, routed + timedelta(days=3))
            _on_agenda(b, row, question, day, b.rng.random() < 0.7)
        return
    route = {
        "advice": "information_advice",
        "outreach": "outreach",
        "service": "local_offer_service",
    }[asked]
    if b.rng.random() < 0.15:
        route = b.rng.choice(("information_advice", "outreach", "local_offer_service"))
    if _route(b, row, route) and route == "local_offer_service" and b.rng.random() < 0.08:
        row["unmet_need"] = True
        row["route_note"] = "No suitable service exists in the Local Offer (demonstration)."


def _earlier_child(b: _Build, received: date) -> dict[str, Any] | None:
    """Now and then, a request for a child asked about 2 to 11 months ago."""
    if b.rng.random() >= RE_REQUEST_SHARE:
        return None
    earlier = [
        r
        for r in b.requests[-400:]
        if 60 <= (received - r["received_on"]).days <= 330 and r["person_id"].startswith("DEMO-F")
    ]
    if not earlier:
        return None
    r = b.rng.choice(earlier)
    return {k: r[k] for k in ("person_id", "date_of_birth", "upn", "setting_urn")}


def _number(b: _Build) -> None:
    b.requests.sort(key=lambda r: (r["received_on"], r["person_id"], r["asked_for"]))
    per_year: dict[int, int] = {}
    for row in b.requests:
        year = row["received_on"].year
        per_year[year] = per_year.get(year, 0) + 1
        row["reference"] = f"FD-{year}-{per_year[year]:05d}"
    positions: dict[str, int] = {}
    for item in sorted(b.items, key=lambda i: i["request_id"]):
        positions[item["meeting_id"]] = positions.get(item["meeting_id"], 0) + 1
        item["position"] = positions[item["meeting_id"]]


def _family_account(b: _Build) -> None:
    """The demo family member (``family@demo.sendsight.test``) made the last few requests a
    family made, so their page shows requests at different stages."""
    made = [r for r in b.requests if r["source"] == "family"][-FAMILY_ACCOUNT_REQUESTS:]
    for row in made:
        row["submitted_by"] = FAMILY_USER


# --- Storing --------------------------------------------------------------------------------

_TABLES: Final = (
    m.FdDecision,
    m.FdAgendaItem,
    m.FdMeeting,
    m.FdPanelMember,
    m.FdPanel,
    m.FdStatusChange,
    m.FdRequest,
    m.FdSetting,
    m.FdTargets,
)


def _fingerprint(b: _Build) -> list[tuple[Any, ...]]:
    return sorted(
        (r["reference"], r["status"], r["route"], r["routed_on"], r["person_id"], r["submitted_by"])
        for r in b.requests
    ) + [("decisions", len(b.decisions), len(b.items))]


def _fingerprint_stored(session: Session, partnership_id: str) -> list[tuple[Any, ...]]:
    rows = session.execute(
        select(
            m.FdRequest.reference,
            m.FdRequest.status,
            m.FdRequest.route,
            m.FdRequest.routed_on,
            m.FdRequest.person_id,
            m.FdRequest.submitted_by,
        ).where(m.FdRequest.partnership_id == partnership_id)
    ).all()
    decisions = session.scalars(
        select(m.FdDecision.id).where(m.FdDecision.partnership_id == partnership_id)
    ).all()
    items = session.scalars(
        select(m.FdAgendaItem.id).where(m.FdAgendaItem.partnership_id == partnership_id)
    ).all()
    return sorted(tuple(r) for r in rows) + [("decisions", len(decisions), len(items))]


def _wipe(session: Session, partnership_id: str) -> None:
    for model in _TABLES:
        session.execute(delete(model).where(model.partnership_id == partnership_id))


def _store(session: Session, b: _Build) -> None:
    settings = [
        {
            "partnership_id": b.partnership_id,
            "la_code": b.la_code,
            "urn": urn,
            "name": school_name(urn) or f"School {urn}",
            "phase": phase,
            "locality": LOCALITY_OF_URN[urn],
        }
        for phase, group in (("primary", PRIMARY), ("secondary", SECONDARY), ("special", SPECIAL))
        for urn, _ in group
    ]
    queries.bulk_insert(session=session, model=m.FdSetting, rows=settings)
    queries.set_targets(
        session=session,
        partnership_id=b.partnership_id,
        acknowledge_days=2,
        route_days=10,
        breaching_soon_days=2,
    )
    panels = [
        {k: v for k, v in p.items() if k not in ("weekday", "every")} for p in b.panels.values()
    ]
    queries.bulk_insert(session=session, model=m.FdPanel, rows=panels)
    queries.bulk_insert(
        session=session, model=m.FdPanelMember, rows=[x for ms in b.members.values() for x in ms]
    )
    for question in b.panels:  # the next meeting of each panel, papers out, agenda to come
        _meeting(b, question, _meeting_on_or_after(b, question, b.cut + timedelta(days=1)))
    queries.bulk_insert(session=session, model=m.FdMeeting, rows=list(b.meetings.values()))
    queries.bulk_insert(session=session, model=m.FdRequest, rows=b.requests)
    queries.bulk_insert(session=session, model=m.FdStatusChange, rows=b.changes)
    queries.bulk_insert(session=session, model=m.FdAgendaItem, rows=b.items)
    queries.bulk_insert(session=session, model=m.FdDecision, rows=b.decisions)
