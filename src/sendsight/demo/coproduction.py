"""The demo partnership's co-production log: a year of engagement activities, what families
and young people said at each, and every kind of response (done, will do by a date, could not
and why, and some not answered yet), with three scorecard measures computed from it.

Everything is dated relative to ``today`` and drawn from a ``random.Random`` seeded by that
day, so the same day always builds the same log; activities and items are matched by their
references, so running the step twice changes nothing.
"""

# ruff: noqa: E501  (the tables below read best one row per line)
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from sendsight.coproduction import queries
from sendsight.coproduction.records import ActivityRecord, ThemeRecord
from sendsight.coproduction.wiring import FACTS
from sendsight.outcomes import queries as outcomes
from sendsight.outcomes import sources

# title, method, ladder level, type, partners
ACTIVITIES = (
    (
        "Parent carer forum: EHC plan timeliness",
        "forum",
        "consult",
        "co_assessment",
        "Demo Parent Carer Forum; Demo Borough Council",
    ),
    (
        "Youth SEND council: what makes a good review",
        "forum",
        "co_design",
        "co_design",
        "Youth SEND council; Demo Borough Council",
    ),
    ("Local Offer website survey", "survey", "consult", "co_assessment", "Demo Borough Council"),
    (
        "Young researchers: moving to college",
        "young_researchers",
        "co_produce",
        "co_assessment",
        "Youth SEND council; Demo College",
    ),
    (
        "Short breaks redesign workshops",
        "workshop",
        "co_design",
        "co_commissioning",
        "Demo Parent Carer Forum; Demo Borough Council",
    ),
    (
        "Neurodevelopmental pathway focus group",
        "focus_group",
        "engage",
        "co_design",
        "Demo Integrated Care Board; Demo Parent Carer Forum",
    ),
    ("SEND information day", "event", "inform", "co_delivery", "Demo Borough Council; SENDIASS"),
    (
        "Preparing for adulthood conversations",
        "interview",
        "engage",
        "co_assessment",
        "Demo Borough Council; Demo College",
    ),
    (
        "Co-producing the SEND strategy refresh",
        "workshop",
        "co_produce",
        "co_design",
        "Demo Parent Carer Forum; Demo Integrated Care Board; Demo Borough Council",
    ),
    ("Transport review survey", "survey", "consult", "co_commissioning", "Demo Borough Council"),
    (
        "Speech and language therapy drop-in",
        "focus_group",
        "engage",
        "co_delivery",
        "Demo Integrated Care Board",
    ),
    (
        "Annual Local Offer feedback event",
        "event",
        "consult",
        "co_assessment",
        "Demo Parent Carer Forum; SENDIASS; Demo Borough Council",
    ),
)

# topic, what was said, response kind, response words, owner, linked measure key
SAID = (
    (
        "Communication",
        "We are not told where our child's EHC needs assessment has got to.",
        "did",
        "Families now get a text at each stage of the assessment, and a named caseworker.",
        "Head of SEND",
        "ehcp_20_weeks",
    ),
    (
        "Reviews",
        "Reviews are about paperwork, not about what I want to do next.",
        "will",
        "Reviews will open with the young person's own one-page profile, written with them.",
        "SEND review team",
        "cyp_feel_listened",
    ),
    (
        "Local Offer",
        "The Local Offer website is hard to search on a phone.",
        "did",
        "The Local Offer search was rebuilt to work on phones, tested with parents.",
        "Local Offer manager",
        None,
    ),
    (
        "Moving to college",
        "Nobody explained what support college would give before I started.",
        "will",
        "Every college will hold a transition day for Year 11 students with plans.",
        "Post-16 lead",
        None,
    ),
    (
        "Short breaks",
        "We want short breaks at weekends and in the holidays, not only after school.",
        "cannot",
        "The budget for this year is fully committed; we will ask again when the short breaks contract is re-let.",
        "Commissioning manager",
        None,
    ),
    (
        "Waiting times",
        "The wait for an autism assessment is far too long.",
        "will",
        "A second assessment team will start, funded by the ICB.",
        "Designated clinical officer",
        None,
    ),
    (
        "Communication",
        "Letters are full of jargon.",
        "did",
        "All standard letters were rewritten in plain English with the forum.",
        "Head of SEND",
        "sendiass_confident",
    ),
    (
        "Transport",
        "Taxi drivers change too often and my child gets anxious.",
        "cannot",
        "Drivers are allocated by the contractor; the contract cannot be changed until it ends, but we have asked for named drivers where possible.",
        "Transport manager",
        None,
    ),
    (
        "Being listened to",
        "Ask young people before changing services, not after.",
        "did",
        "Young people now sit on every commissioning panel for SEND services.",
        "Commissioning manager",
        "cyp_feel_listened",
    ),
    (
        "Therapies",
        "Therapy stops in the summer holidays.",
        "will",
        "A holiday therapy offer will run at two family hubs.",
        "Therapies lead",
        None,
    ),
)

ETHNICITIES = ("White British", "Pakistani", "Bangladeshi", "Mixed", "Other White", "Black African")
LOCALITIES = ("North", "South", "East", "West", "Central")
ADJUSTMENTS = (
    ("easy_read",),
    ("bsl", "quiet_space"),
    ("makaton", "easy_read"),
    ("online",),
    ("interpreter", "childcare"),
    (),
)
MEASURES = (
    ("coproduction_days_to_response", "count", "down", 0),
    ("coproduction_pct_co_design", "percent", "up", 1),
    ("coproduction_pct_reach", "percent", "up", 1),
)


def seed(session: Session, *, la_code: str, partnership_id: str, today: date) -> None:
    """A year of activities (one a month), their "you said" items and responses, and the
    scorecard measures computed from them."""
    rng = random.Random(f"coproduction-{today.isoformat()}")
    measure_ids = _measure_ids(session, partnership_id)
    for i, row in enumerate(ACTIVITIES):
        record = _activity(rng, i, row, today, measure_ids)
        queries.save_activity(session=session, record=record, partnership_id=partnership_id)
    _measures(session, partnership_id)
    sources.refresh_measures(session, partnership_id=partnership_id, la_codes=[la_code])


def _measure_ids(session: Session, partnership_id: str) -> dict[str, str]:
    every = outcomes.list_measures(session=session, partnership_id=partnership_id)
    return {m.key: m.id for m in every}


def _activity(
    rng: random.Random, i: int, row: tuple[str, ...], today: date, measure_ids: dict[str, str]
) -> ActivityRecord:
    title, method, level, kind, partners = row
    held_on = today - timedelta(days=360 - 30 * i + rng.randint(0, 6))
    said = [SAID[(i + k) % len(SAID)] for k in range(1 + i % 2)]
    return ActivityRecord(
        key=f"demo-{i + 1:02d}",
        held_on=held_on,
        title=title,
        method=method,
        ladder_level=level,
        coproduction_type=kind,
        partners=tuple(p.strip() for p in partners.split(";")),
        adjustments=ADJUSTMENTS[i % len(ADJUSTMENTS)],
        counts=_counts(rng, method),
        themes=tuple(_theme(rng, k, s, held_on, today, measure_ids) for k, s in enumerate(said)),
    )


def _counts(rng: random.Random, method: str) -> dict[tuple[str, str], int]:
    """Who took part: parents and carers, and young people cut by age, need, ethnicity and
    locality (each cut adds up to the same number of young people)."""
    young = rng.randint(25, 160) if method in ("survey", "event") else rng.randint(4, 22)
    counts = {("parents_carers", "all"): rng.randint(6, 90)}
    cuts = {
        "age_band": ("5-10", "11-15", "16-19", "20-25"),
        "need": ("ASD", "SEMH", "SLCN", "MLD", "SLD", "PD"),
        "ethnicity": ETHNICITIES,
        "locality": LOCALITIES,
    }
    for group, categories in cuts.items():
        for category, n in zip(categories, _split(rng, young, len(categories)), strict=True):
            if n:
                counts[(group, category)] = n
    return counts


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    weights = [rng.random() + 0.2 for _ in range(parts)]
    shares = [int(total * w / sum(weights)) for w in weights]
    shares[0] += total - sum(shares)
    return shares


def _theme(
    rng: random.Random,
    k: int,
    said: tuple[str, str, str, str, str, str | None],
    held_on: date,
    today: date,
    measure_ids: dict[str, str],
) -> ThemeRecord:
    topic, words, kind, response, owner, measure_key = said
    age = (today - held_on).days
    answered = age > 45 or kind == "did" and age > 20
    published_on = held_on + timedelta(days=min(age, rng.randint(20, 70))) if answered else None
    return ThemeRecord(
        key=f"said-{k + 1}",
        topic=topic,
        said=words,
        response_kind=kind if answered else None,
        response=response if answered else "",
        will_by_on=today + timedelta(days=rng.randint(40, 200)) if kind == "will" else None,
        owner=owner,
        status=_status(kind, answered),
        published_on=published_on,
        measure_id=measure_ids.get(measure_key or ""),
    )


def _status(kind: str, answered: bool) -> str:
    if not answered:
        return "open"
    return {"did": "done", "will": "in_progress", "cannot": "not_possible"}[kind]


def _measures(session: Session, partnership_id: str) -> None:
    """The scorecard's co-production measures, fed by the log (created once)."""
    outcome = outcomes.get_outcome_by_key_or_none(
        session=session, key="listened", partnership_id=partnership_id
    )
    for position, (key, unit, polarity, decimals) in enumerate(MEASURES):
        if outcomes.get_measure_by_key_or_none(
            session=session, key=key, partnership_id=partnership_id
        ):
            continue
        outcomes.create_measure(
            session=session,
            partnership_id=partnership_id,
            key=key,
            name=FACTS[key],
            outcome_id=outcome.id if outcome else None,
            level="performance",
            kind="how_well",
            service="Co-production",
            unit=unit,
            polarity=polarity,
            decimals=decimals,
            frequency="calendar_year",
            source_kind="fact",
            source_key=key,
            source="Co-production log (demonstration)",
            is_demonstration=True,
            position=200 + position,
            definition=f"{FACTS[key]}, each calendar year, worked out from the co-production log.",
        )
