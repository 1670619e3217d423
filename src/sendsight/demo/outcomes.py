"""The demo partnership's outcomes framework: six I statements, their indicators and services.

Indicators wired to a published DfE statistic take the demo area's real figures; the rest
(local surveys, health and service data a council would hold) are demonstration data, labelled
as such on every page. Notes and actions are invented but written as a partnership would.
"""

# ruff: noqa: E501  (the framework tables below read best one row per line)
from __future__ import annotations

import zlib
from datetime import UTC, date, datetime

import numpy as np
from sqlalchemy.orm import Session

from sendsight.outcomes import periods, queries, sources
from sendsight.outcomes.models import Measure

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

# key, outcome, name, unit, polarity, frequency, source kind, source key or demo start, slope
INDICATORS = (
    ("cyp_feel_listened", "listened", "Children and young people who feel listened to", "percent", "up", "academic_year", "survey", 61.0, 1.5),
    ("appeal_rate", "listened", "Appeals to the SEND Tribunal per appealable decision", "percent", "down", "calendar_year", "dfe_statistic", "SEN_AppealableDec", 0),
    ("request_refused", "listened", "Requests for an EHC needs assessment refused", "percent", "neither", "calendar_year", "dfe_statistic", "EHCP_Initial_req_refused", 0),
    ("ehcp_20_weeks", "right_help", "New EHC plans issued within 20 weeks (excluding exceptions)", "percent", "up", "calendar_year", "dfe_statistic", "SEN_EHC_Excpt_20wks", 0),
    ("ehc_requests", "right_help", "Requests for an EHC needs assessment", "count", "neither", "calendar_year", "dfe_statistic", "SEN_INIT_REQ", 0),
    ("ehc_plans", "right_help", "Children and young people with an EHC plan (January)", "count", "neither", "january", "dfe_statistic", "SEN_CASES_JAN", 0),
    ("pupils_ehcp", "right_help", "Pupils with an EHC plan", "percent", "neither", "academic_year", "dfe_statistic", "SEN_TotStat", 0),
    ("pupils_sen_support", "right_help", "Pupils receiving SEN support", "percent", "neither", "academic_year", "dfe_statistic", "SEN_TotSENSuP", 0),
    ("mh_admissions", "healthy", "Mental health inpatient admissions, 0 to 17 (per 100,000)", "rate", "down", "financial_year", "dfe_statistic", "CMH_0-17yrs", 0),
    ("self_harm_ae", "healthy", "A&E attendances for self-harm, 10 to 24 with SEND", "count", "down", "financial_year", "manual", 118.0, -3.0),
    ("cyp_happy", "healthy", "Young people with SEND who say they are happy most of the time", "percent", "up", "academic_year", "survey", 54.0, 1.0),
    ("special_suspensions", "healthy", "Suspensions in special schools (per 100 pupils)", "rate", "down", "academic_year", "dfe_statistic", "SpecFixedEx", 0),
    ("ks2_ehcp", "learn", "Pupils with an EHC plan meeting the expected standard at KS2", "percent", "up", "academic_year", "dfe_statistic", "NEW_KS2_RWM_Sen_Withsta", 0),
    ("p8_ehcp", "learn", "Progress 8 score of pupils with an EHC plan", "score", "up", "academic_year", "dfe_statistic", "SEN_Stat_AVG_Prog8_Score", 0),
    ("special_persistent_absence", "learn", "Persistent absence in special schools", "percent", "down", "academic_year", "dfe_statistic", "SpecPerAbNew", 0),
    ("ks4_destinations_ehcp", "adult_life", "Pupils with an EHC plan in education or employment after KS4", "percent", "up", "academic_year", "dfe_statistic", "SusEdOverall_SEN_Stat_incSpec", 0),
    ("age19_level2_ehcp", "adult_life", "19-year-olds with an EHC plan qualified to Level 2", "percent", "up", "academic_year", "dfe_statistic", "Age19_SEN-S", 0),
    ("sen_16_17_et", "adult_life", "16 and 17 year olds with SEND in education or training", "percent", "up", "financial_year", "dfe_statistic", "16-17YroldSEN_ET", 0),
    ("family_supported", "family", "Parent carers who feel supported by the partnership", "percent", "up", "academic_year", "survey", 38.0, 2.5),
    ("short_breaks", "family", "Families using a short break", "count", "up", "financial_year", "manual", 410.0, 22.0),
)  # fmt: skip

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
    """Create the demo framework once (idempotent: does nothing if it is already there) and
    refresh its published figures."""
    if queries.get_outcome_by_key_or_none(session, "listened") is None:
        _create(session)
    sources.refresh_measures(session, la_code=la_code)


def _create(session: Session) -> None:
    outcomes = {
        key: queries.create_outcome(
            session, key=key, statement=text, theme=theme, position=i,
            description=f"What children, young people and families told us matters: {text.lower()}.",
            coproduced_with="Parent carer forum and the youth SEND council (demonstration)",
            coproduced_on=date(2024, 11, 14),
        )
        for i, (key, text, theme) in enumerate(OUTCOMES)
    }  # fmt: skip
    for i, row in enumerate(INDICATORS):
        _indicator(session, outcomes[row[1]].id, i, row)
    for i, row in enumerate(PERFORMANCE):
        _performance(session, outcomes[row[1]].id, i, row)
    _notes_and_actions(session)
    queries.create_quote(
        session, outcome=outcomes["listened"], speaker="Young person, 15 (demonstration)",
        text="They actually changed my plan after I said I wanted to do more art.",
        source="Youth SEND council survey", collected_on=date(2025, 6, 20),
    )  # fmt: skip


def _indicator(session: Session, outcome_id: str, position: int, row: tuple[object, ...]) -> None:
    key, _, name, unit, polarity, frequency, kind, source, slope = row
    published = kind == "dfe_statistic"
    measure = queries.create_measure(
        session, key=str(key), name=str(name), outcome_id=outcome_id, level="indicator",
        unit=str(unit), polarity=str(polarity), frequency=str(frequency), source_kind=str(kind),
        source_key=str(source) if published else None, position=position,
        source="DfE Local Authority Interactive Tool" if published else "Demonstration data",
        is_demonstration=not published, owner_organisation="SEND partnership board",
        decimals=2 if unit == "score" else 1,
        survey_question="Do you agree: people listen to me?" if kind == "survey" else None,
        definition=f"{name}. " + ("As published by DfE." if published else "Made-up figures."),
    )  # fmt: skip
    if not published:
        _demo_series(session, measure, float(source), float(slope), count=6)  # type: ignore[arg-type]
        _target(session, measure, 1 if polarity == "up" else -1)


def _performance(session: Session, outcome_id: str, position: int, row: tuple[object, ...]) -> None:
    key, _, service, kind, name, unit, polarity, start, slope = row
    measure = queries.create_measure(
        session, key=str(key), name=str(name), outcome_id=outcome_id, level="performance",
        kind=str(kind), service=str(service), unit=str(unit), polarity=str(polarity),
        frequency="monthly", source_kind="manual", source="Service records (demonstration)",
        is_demonstration=True, owner_organisation=str(service), position=100 + position,
        definition=f"{name}, each calendar month.", decimals=1,
    )  # fmt: skip
    _demo_series(session, measure, float(start), float(slope), count=36)  # type: ignore[arg-type]
    if polarity != "neither":
        _target(session, measure, 1 if polarity == "up" else -1)


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
    saved = datetime(2025, 9, 15, 10, 0, tzinfo=UTC)
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
