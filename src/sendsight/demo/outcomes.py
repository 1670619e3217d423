"""The demo partnership's outcomes framework: six I statements, their indicators and services.

Indicators wired to a published DfE statistic read the demo area's real figures from the
statistics store; the rest (local surveys, health and service data a partnership would hold)
are demonstration data, labelled as such on every page. Notes and actions are invented but written as a partnership would.
"""

# ruff: noqa: E501  (the framework tables below read best one row per line)
from __future__ import annotations

import zlib
from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy.orm import Session

from sendsight.outcomes import periods, published, queries, sources
from sendsight.outcomes.models import Measure
from sendsight.statistics.registry import get_indicator

DEMO_AUTHOR = "demo@demo.sendsight.test"
LAST_MONTH = 2025 * 12 + 8  # September 2025: the demo's "now" for monthly service data
LA = "Local authority SEND service"

OUTCOMES = (
    ("listened", "I am listened to and my views shape my support", "Voice and co-production"),
    ("right_help", "I get the right help at the right time", "Timely support"),
    ("healthy", "I am healthy and happy", "Health and wellbeing"),
    ("learn", "I learn and achieve", "Education"),
    ("adult_life", "I am ready for adult life", "Preparing for adulthood"),
    ("family", "My family feels supported", "Family support"),
)

# Indicators wired to the statistics store: key, outcome, registry indicator id. Their figures
# are the demo area's real published statistics, read live (a new release updates them).
PUBLISHED = (
    ("appeal_rate", "listened", "tribunal-appeal-rate"),
    ("request_refused", "listened", "pct-requests-refused"),
    ("ehcp_20_weeks", "right_help", "pct-20-weeks-excl-exceptions"),
    ("decided_6_weeks", "right_help", "pct-requests-decided-6-weeks"),
    ("ehc_requests", "right_help", "ehc-requests"),
    ("ehc_plans", "right_help", "ehc-plans-january"),
    ("pupils_ehcp", "right_help", "pct-pupils-ehc-plan"),
    ("pupils_sen_support", "right_help", "pct-pupils-sen-support"),
    ("plans_mainstream", "learn", "pct-plans-mainstream"),
    ("ks2_ehcp", "learn", "ks2-rwm-ehc-plan"),
    ("att8_ehcp", "learn", "att8-ehc-plan"),
    ("ks4_destinations_ehcp", "adult_life", "ks4-destination-ehc-plan"),
    ("age19_level2_ehcp", "adult_life", "level2-em-at-19-ehc-plan"),
)

# Demonstration indicators (no published figure exists): key, outcome, name, unit, polarity,
# frequency, source kind, first value, yearly change, owning organisation.
DEMO_INDICATORS = (
    ("cyp_feel_listened", "listened", "Children and young people who feel listened to", "percent", "up", "academic_year", "survey", 61.0, 1.5, "forum"),
    ("mh_admissions", "healthy", "Mental health inpatient admissions, 0 to 17 (per 100,000)", "rate", "down", "financial_year", "manual", 92.0, -2.0, "icb"),
    ("self_harm_ae", "healthy", "A&E attendances for self-harm, 10 to 24 with SEND", "count", "down", "financial_year", "manual", 118.0, -3.0, "icb"),
    ("cyp_happy", "healthy", "Young people with SEND who say they are happy most of the time", "percent", "up", "academic_year", "survey", 54.0, 1.0, "icb"),
    ("special_persistent_absence", "learn", "Persistent absence in special schools", "percent", "down", "academic_year", "manual", 38.0, -0.8, "council"),
    ("sen_16_17_et", "adult_life", "16 and 17 year olds with SEND in education or training", "percent", "up", "financial_year", "manual", 86.0, 0.6, "council"),
    ("family_supported", "family", "Parent carers who feel supported by the partnership", "percent", "up", "academic_year", "survey", 38.0, 2.5, "forum"),
    ("short_breaks", "family", "Families using a short break", "count", "up", "financial_year", "manual", 410.0, 22.0, "council"),
)  # fmt: skip

# Who owns what in the demo partnership (names as ``sendsight.demo.access`` creates them).
ORGANISATIONS = {
    "council": "Demo Borough Council",
    "icb": "Demo Integrated Care Board",
    "forum": "Demo Parent Carer Forum",
}
SERVICE_OWNER = {"SENDIASS": "council", "Educational psychology": "council",
                 "Keyworking": "icb", "SEND front door": "council"}  # fmt: skip

# key, outcome, service, kind, name, unit, polarity, start, monthly slope
PERFORMANCE = (
    ("sendiass_contacts", "family", "SENDIASS", "how_much", "Families given advice by SENDIASS", "count", "neither", 140.0, 1.2),
    ("sendiass_satisfied", "family", "SENDIASS", "how_well", "Families satisfied with SENDIASS advice", "percent", "up", 82.0, 0.1),
    ("sendiass_confident", "listened", "SENDIASS", "better_off", "Families more confident to take part in decisions after SENDIASS support", "percent", "up", 64.0, 0.3),
    ("ep_advice_given", "right_help", "Educational psychology", "how_much", "Psychological advice reports completed", "count", "neither", 48.0, 0.6),
    ("ep_advice_6_weeks", "right_help", "Educational psychology", "how_well", "Psychological advice returned within 6 weeks", "percent", "up", 46.0, 0.9),
    ("keyworking_caseload", "healthy", "Keyworking", "how_much", "Young people with a keyworker", "count", "neither", 60.0, 0.8),
    ("keyworking_contact", "healthy", "Keyworking", "how_well", "Young people seen within 2 weeks of referral", "percent", "up", 71.0, 0.4),
    ("keyworking_avoided", "healthy", "Keyworking", "better_off", "Young people kept out of a mental health admission", "percent", "up", 83.0, 0.2),
    ("front_door_requests", "right_help", "SEND front door", "how_much", "Requests for support received", "count", "neither", 95.0, 1.5),
    ("front_door_triaged", "right_help", "SEND front door", "how_well", "Requests triaged within 5 working days", "percent", "up", 58.0, 1.1),
    ("front_door_resolved", "right_help", "SEND front door", "better_off", "Families whose need was met without a statutory assessment", "percent", "up", 31.0, 0.5),
)  # fmt: skip

NOTES = {
    "ehcp_20_weeks": {
        "story": "Timeliness fell sharply from 2023 as requests rose by almost a quarter in a year and "
        "psychological advice began to arrive late. Plans waiting for advice, not decision-making, "
        "are the main cause of delay.",
        "partners": "Local authority SEND casework team; educational psychology; the ICB's "
        "designated clinical officer; social care; schools and the parent carer forum.",
        "what_works": "Weekly tracking of every open assessment against its week-6 advice date; "
        "joint advice-writing clinics; a dedicated caseworker for phase transfers.",
        "action_plan": "Recover to 60% within 20 weeks by December 2026 through the EP capacity plan "
        "and the new advice tracker (see actions).",
    },
    "cyp_feel_listened": {
        "story": "Young people tell us they are asked for their views but rarely hear what changed.",
        "what_works": "'You said, we did' feedback after every review; young inspectors.",
    },
    "front_door_triaged": {
        "story": "A single front door opened in 2023; triage slipped when referrals peaked in spring.",
        "partners": "Front door team, early help, health visiting, schools' SENCOs.",
    },
}

ACTIONS = (
    ("ehcp_20_weeks", "act_ep_capacity", "Commission additional educational psychology capacity", "Local authority", "Principal Educational Psychologist", date(2025, 4, 1), date(2025, 9, 30), "at_risk"),
    ("ehcp_20_weeks", "act_advice_tracker", "Introduce a weekly advice tracker for open assessments", LA, "Head of SEND", date(2025, 1, 6), date(2025, 3, 31), "complete"),
    ("cyp_feel_listened", "act_you_said", "Publish a termly 'you said, we did' report with young people", "Parent carer forum", "Forum co-chair", date(2025, 9, 1), date(2026, 7, 31), "on_track"),
    ("front_door_triaged", "act_triage_rota", "Add a second triage officer during the spring peak", LA, "Front door manager", date(2025, 2, 1), date(2025, 5, 31), "not_started"),
    ("self_harm_ae", "act_crisis_pathway", "Agree a crisis pathway for young people with autism", "Integrated care board", "Designated clinical officer", date(2025, 6, 1), date(2026, 3, 31), "on_track"),
)  # fmt: skip


def seed_demo_outcomes(session: Session, *, la_code: str) -> None:
    """Create the demo framework once (idempotent: does nothing if it is already there).

    Published indicators are wired to ``la_code``'s figures in the statistics store; the demo
    partnership's organisations (from ``seed_demo_access``, when run first) own the measures.
    """
    if queries.get_outcome_by_key_or_none(session, "listened") is None:
        _create(session, la_code, _owners(session))
    sources.refresh_measures(session, la_code=la_code)


def _owners(session: Session) -> dict[str, tuple[str, str | None]]:
    """Owner key → (organisation name, access organisation id or None)."""
    from sendsight.access import queries as access
    from sendsight.demo.access import PARTNERSHIP_NAME

    partnership = access.get_partnership_by_name_or_none(session, PARTNERSHIP_NAME)
    owners: dict[str, tuple[str, str | None]] = {}
    for key, name in ORGANISATIONS.items():
        found = partnership and access.get_organisation_by_name_or_none(
            session, partnership_id=partnership.id, name=name
        )
        owners[key] = (name, found.id if found else None)
    return owners


def _create(session: Session, la_code: str, owners: dict[str, tuple[str, str | None]]) -> None:
    outcomes = {
        key: queries.create_outcome(
            session, key=key, statement=text, theme=theme, position=i,
            description=f"What children, young people and families told us matters: {text.lower()}.",
            coproduced_with="Parent carer forum and the youth SEND council (demonstration)",
            coproduced_on=date(2024, 11, 14),
        )
        for i, (key, text, theme) in enumerate(OUTCOMES)
    }  # fmt: skip
    for i, (key, outcome, indicator_id) in enumerate(PUBLISHED):
        indicator = get_indicator(indicator_id)
        queries.create_measure(
            session, key=key, name=indicator.title, outcome_id=outcomes[outcome].id,
            level="indicator", position=i, owner_organisation=owners["council"][0],
            owner_organisation_id=owners["council"][1],
            **published.measure_fields(indicator, la_code=la_code),
        )  # fmt: skip
    for i, demo in enumerate(DEMO_INDICATORS):
        _indicator(session, outcomes[str(demo[1])].id, len(PUBLISHED) + i, demo, owners)
    for i, service in enumerate(PERFORMANCE):
        _performance(session, outcomes[str(service[1])].id, i, service, owners)
    _targets_for_published(session)
    _notes_and_actions(session)
    queries.create_quote(
        session, outcome=outcomes["listened"], speaker="Young person, 15 (demonstration)",
        text="They actually changed my plan after I said I wanted to do more art.",
        source="Youth SEND council survey", collected_on=date(2025, 6, 20),
    )  # fmt: skip


def _indicator(
    session: Session, outcome_id: str, position: int, row: tuple[object, ...],
    owners: dict[str, tuple[str, str | None]],
) -> None:  # fmt: skip
    key, _, name, unit, polarity, frequency, kind, start, slope, owner = row
    measure = queries.create_measure(
        session, key=str(key), name=str(name), outcome_id=outcome_id, level="indicator",
        unit=str(unit), polarity=str(polarity), frequency=str(frequency), source_kind=str(kind),
        position=position, source="Demonstration data", is_demonstration=True,
        owner_organisation=owners[str(owner)][0], owner_organisation_id=owners[str(owner)][1],
        decimals=1,
        survey_question="Do you agree: people listen to me?" if kind == "survey" else None,
        definition=f"{name}. Made-up figures.",
    )  # fmt: skip
    _demo_series(session, measure, float(start), float(slope), count=6)  # type: ignore[arg-type]
    _target(session, measure, 1 if polarity == "up" else -1)


def _performance(
    session: Session, outcome_id: str, position: int, row: tuple[object, ...],
    owners: dict[str, tuple[str, str | None]],
) -> None:  # fmt: skip
    key, _, service, kind, name, unit, polarity, start, slope = row
    owner = owners[SERVICE_OWNER[str(service)]]
    measure = queries.create_measure(
        session, key=str(key), name=str(name), outcome_id=outcome_id, level="performance",
        kind=str(kind), service=str(service), unit=str(unit), polarity=str(polarity),
        frequency="monthly", source_kind="manual", source="Service records (demonstration)",
        is_demonstration=True, owner_organisation=str(service), owner_organisation_id=owner[1],
        position=100 + position, definition=f"{name}, each calendar month.", decimals=1,
    )  # fmt: skip
    _demo_series(session, measure, float(start), float(slope), count=36)  # type: ignore[arg-type]
    if polarity != "neither":
        _target(session, measure, 1 if polarity == "up" else -1)


def _targets_for_published(session: Session) -> None:
    """The partnership's targets for two published indicators (its own ambitions, not DfE's)."""
    for key, targets in (("ehcp_20_weeks", (("2024", 45.0), ("2025", 55.0), ("2026", 60.0))),
                         ("appeal_rate", (("2024", 2.5), ("2025", 2.0)))):  # fmt: skip
        measure = queries.get_measure_by_key_or_none(session, key)
        assert measure is not None
        for period, value in targets:
            queries.set_target(session, measure=measure, period=period, value=value)


def _demo_series(
    session: Session, measure: Measure, start: float, slope: float, *, count: int
) -> None:
    rng = np.random.default_rng(zlib.crc32(measure.key.encode()))
    last = LAST_MONTH if measure.frequency == "monthly" else 2024
    at = datetime(2025, 10, 6, 9, 0, tzinfo=UTC)
    for step in range(count):
        noise = float(rng.normal(0, max(abs(start) * 0.03, 0.5)))
        value = start + slope * step + noise
        value = min(max(value, 0.0), 100.0) if measure.unit == "percent" else max(value, 0.0)
        value = round(value) if measure.unit == "count" else round(value, 1)
        period = periods.from_index(last - count + 1 + step, measure.frequency).code
        new = queries.NewValue(period, float(value), note="Demonstration data")
        queries.record_value(session, measure=measure, new=new, entered_by=DEMO_AUTHOR, now=at)


def _target(session: Session, measure: Measure, sign: int) -> None:
    values = queries.current_values(session, [measure.id])
    last = values.row(-1, named=True)
    for ahead in (0, 1, 2):
        period = periods.from_index(last["period_index"] + ahead, measure.frequency).code
        goal = last["value"] * (1 + sign * 0.03 * (ahead + 1))
        goal = min(goal, 100.0) if measure.unit == "percent" else goal
        queries.set_target(session, measure=measure, period=period, value=round(goal, 1))


def _notes_and_actions(session: Session) -> None:
    # Dated relative to today, so the demo's notes stay "reviewed in the last 6 months".
    saved = datetime.now(UTC).replace(microsecond=0) - timedelta(days=45)
    for key, sections in NOTES.items():
        measure = queries.get_measure_by_key_or_none(session, key)
        assert measure is not None
        for section, body in sections.items():
            queries.save_note(
                session, measure=measure, section=section, body=body, author=DEMO_AUTHOR, now=saved
            )
    for key, action_key, title, org, person, start, due, status in ACTIONS:
        measure = queries.get_measure_by_key_or_none(session, key)
        assert measure is not None
        action = queries.create_action(
            session, measure=measure, key=action_key, title=title, owner_organisation=org,
            owner_person=person, start_on=start, due_on=due, status="not_started",
        )  # fmt: skip
        if status != "not_started":
            queries.add_action_update(
                session, action=action, on=date(2025, 9, 1), author=DEMO_AUTHOR, status=status,
                text="Progress reviewed at the September partnership board.",
            )  # fmt: skip
