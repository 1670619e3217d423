"""The demo partnership's outcomes framework: six I statements, their indicators and services.

Indicators wired to a published DfE statistic read the demo area's real figures from the
statistics store; the rest (local surveys, health and service data a partnership would hold)
are demonstration data, labelled as such on every page. Notes and actions are invented but written as a partnership would.
Everything dated runs up to the last complete month before the demo's ``today``
(``sendsight.demo.clock``): each demonstration measure has a value for its latest period (except
the one left out of date on purpose, ``STALE_ON_PURPOSE``), notes were reviewed six weeks ago and
actions fall due around today.
"""

# ruff: noqa: E501  (the framework tables below read best one row per line)
from __future__ import annotations

import zlib
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
from sqlalchemy.orm import Session

from sendsight.demo import clock
from sendsight.outcomes import periods, published, queries, sources
from sendsight.outcomes.models import Measure
from sendsight.statistics.registry import get_indicator

DEMO_AUTHOR = "demo@demo.sendsight.test"
# The one measure the demo leaves out of date on purpose (its latest return is two years old), so
# the scorecard shows what a missing return looks like.
STALE_ON_PURPOSE = "self_harm_ae"
STALE_LABEL = " Demonstration: left out of date on purpose, to show a missing return."
YEAR_STARTS = {"academic_year": 9, "financial_year": 4}  # the month each kind of year starts
LA = "Local authority SEND service"

OUTCOMES = (
    ("listened", "I am listened to, and what I say makes a difference to my support", "Voice and co-production"),
    ("right_help", "I get the help I need, when I need it", "Timely support"),
    ("healthy", "I feel healthy and happy", "Health and wellbeing"),
    ("learn", "I am learning and doing well at school or college", "Education"),
    ("adult_life", "I am getting ready for adult life: work, a home and friends", "Preparing for adulthood"),
    ("family", "I feel supported as a parent carer", "Family support"),
)  # fmt: skip

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
    ("family_supported", "family", "Parent carers who feel supported by the partnership", "percent", "up", "academic_year", "survey", 38.0, 2.5, "forum"),
    ("short_breaks", "family", "Families using a short break", "count", "up", "financial_year", "manual", 410.0, 22.0, "council"),
)  # fmt: skip

# Measures of "I am getting ready for adult life" computed from the preparing-for-adulthood
# records (sendsight.adulthood.wiring registers the facts): key, name, fact key.
ADULTHOOD_FACTS = (
    ("pfa_year9_review", "Young people with a preparing-for-adulthood review by the end of Year 9", "adulthood_pct_year9_review_on_time"),
    ("pfa_sustained_19", "Young people with a plan in sustained education, employment or training in the year they turn 19", "adulthood_pct_sustained_at_19"),
    ("pfa_interns_into_jobs", "Supported interns in a paid job 6 months after completing", "adulthood_pct_internships_into_jobs"),
)  # fmt: skip

# Who owns what in the demo partnership (names as ``sendsight.demo.access`` creates them).
ORGANISATIONS = {
    "council": "Demo Borough Council",
    "icb": "Demo Integrated Care Board",
    "forum": "Demo Parent Carer Forum",
}
SERVICE_OWNER = {"SENDIASS": "council", "Educational psychology": "council",
                 "Keyworking": "icb", "SEND front door": "council"}  # fmt: skip
# Front-door measures computed from the front door's records (``frontdoor/scorecard.py``).
FRONT_DOOR_FACTS = {"front_door_requests": "frontdoor_requests",
                    "front_door_triaged": "frontdoor_triaged_in_time",
                    "front_door_resolved": "frontdoor_resolved_without_statutory"}  # fmt: skip

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
    ("front_door_triaged", "right_help", "SEND front door", "how_well", "Requests triaged within 10 working days", "percent", "up", 58.0, 1.1),
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
        "action_plan": "Recover to 60% within 20 weeks by December {year} through the EP capacity plan "
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

# key, action key, title, organisation, person, start and due (days from today), status: one
# done, some due in the coming weeks and months, one overdue.
ACTIONS = (
    ("ehcp_20_weeks", "act_ep_capacity", "Commission additional educational psychology capacity", "Local authority", "Principal Educational Psychologist", -240, -16, "at_risk"),
    ("ehcp_20_weeks", "act_advice_tracker", "Introduce a weekly advice tracker for open assessments", LA, "Head of SEND", -330, -250, "complete"),
    ("cyp_feel_listened", "act_you_said", "Publish a termly 'you said, we did' report with young people", "Parent carer forum", "Forum co-chair", -90, 240, "on_track"),
    ("front_door_triaged", "act_triage_rota", "Add a second triage officer before the spring peak in requests", LA, "Front door manager", -30, 12, "not_started"),
    ("self_harm_ae", "act_crisis_pathway", "Agree a crisis pathway for young people with autism", "Integrated care board", "Designated clinical officer", -180, 120, "on_track"),
)  # fmt: skip

# The question each demonstration survey measure counts answers to (the figure is the share who
# give the answer its definition names).
SURVEY_QUESTIONS = {
    "cyp_feel_listened": "How much do you agree or disagree that the adults who help you listen to what you say?",
    "cyp_happy": "Over the last two weeks, how often have you felt happy?",
    "family_supported": "How much do you agree or disagree that the services working with your child and family support you?",
}
SURVEY_ANSWERS = {
    "cyp_feel_listened": "Share answering agree or strongly agree",
    "cyp_happy": "Share answering most of the time or all of the time",
    "family_supported": "Share answering agree or strongly agree",
}


def seed_demo_outcomes(
    session: Session, *, la_code: str, partnership_id: str, today: date | None = None
) -> None:
    """Create the demo framework once (idempotent: does nothing if it is already there), dated
    as at ``today`` (default: the real today).

    Published indicators are wired to ``la_code``'s figures in the statistics store; the demo
    partnership's organisations (from ``seed_demo_access``, when run first) own the measures.
    Everything is made as the partnership ``partnership_id``'s.
    """
    own = {"partnership_id": partnership_id}
    today = clock.resolve(today)
    if queries.get_outcome_by_key_or_none(session=session, key="listened", **own) is None:
        _create(session, la_code, _owners(session, partnership_id), partnership_id, today)
    else:
        _bring_up_to_date(session, partnership_id, today)
    sources.refresh_measures(session, partnership_id=partnership_id, la_codes=[la_code])


def _owners(session: Session, partnership_id: str) -> dict[str, tuple[str, str | None]]:
    """Owner key → (organisation name, access organisation id or None)."""
    from sendsight.access import queries as access

    owners: dict[str, tuple[str, str | None]] = {}
    for key, name in ORGANISATIONS.items():
        found = access.get_organisation_by_name_or_none(
            session=session, partnership_id=partnership_id, name=name
        )
        owners[key] = (name, found.id if found else None)
    return owners


def _create(
    session: Session, la_code: str, owners: dict[str, tuple[str, str | None]], partnership_id: str,
    today: date,
) -> None:  # fmt: skip
    own = {"partnership_id": partnership_id}
    outcomes = {
        key: queries.create_outcome(
            session=session, key=key, **own, statement=text, theme=theme, position=i,
            description=f"In the words of the children, young people and families who wrote it: “{text}”.",
            coproduced_with="Parent carer forum and the youth SEND council (demonstration)",
            coproduced_on=date(today.year - 2, 11, 14),
        )
        for i, (key, text, theme) in enumerate(OUTCOMES)
    }  # fmt: skip
    for i, (key, outcome, indicator_id) in enumerate(PUBLISHED):
        indicator = get_indicator(indicator_id)
        queries.create_measure(
            session=session, key=key, name=indicator.title, **own, outcome_id=outcomes[outcome].id,
            level="indicator", position=i, owner_organisation=owners["council"][0],
            owner_organisation_id=owners["council"][1],
            **published.measure_fields(indicator, la_code=la_code),
        )  # fmt: skip
    for i, demo in enumerate(DEMO_INDICATORS):
        _indicator(
            session, outcomes[str(demo[1])].id, len(PUBLISHED) + i, demo, owners, partnership_id,
            today,
        )  # fmt: skip
    for i, (key, name, fact) in enumerate(ADULTHOOD_FACTS):
        queries.create_measure(
            session=session, key=key, partnership_id=partnership_id, name=name, level="indicator",
            outcome_id=outcomes["adult_life"].id, unit="percent", polarity="up", decimals=1,
            frequency="academic_year", source_kind="fact", source_key=fact, la_code=la_code,
            source="Preparing-for-adulthood records (demonstration)", is_demonstration=True,
            position=len(PUBLISHED) + len(DEMO_INDICATORS) + i, definition=f"{name}.",
            owner_organisation=owners["council"][0], owner_organisation_id=owners["council"][1],
        )  # fmt: skip
    for i, service in enumerate(PERFORMANCE):
        _performance(
            session, outcomes[str(service[1])].id, i, service, owners, partnership_id, today
        )
    _targets_for_published(session, partnership_id, today)
    _notes_and_actions(session, partnership_id, today)
    queries.create_quote(
        session=session, outcome=outcomes["listened"], speaker="Young person, 15 (demonstration)",
        text="They actually changed my plan after I said I wanted to do more art.",
        source="Youth SEND council survey", collected_on=_month_before(today, 5, day=20),
    )  # fmt: skip


def _indicator(
    session: Session, outcome_id: str, position: int, row: tuple[object, ...],
    owners: dict[str, tuple[str, str | None]], partnership_id: str, today: date,
) -> None:  # fmt: skip
    key, _, name, unit, polarity, frequency, kind, start, slope, owner = row
    answers = SURVEY_ANSWERS.get(str(key))
    definition = f"{name}{f' ({answers.lower()})' if answers else ''}. Made-up figures."
    if key == STALE_ON_PURPOSE:
        definition += STALE_LABEL
    measure = queries.create_measure(
        session=session, key=str(key), partnership_id=partnership_id, name=str(name), outcome_id=outcome_id, level="indicator",
        unit=str(unit), polarity=str(polarity), frequency=str(frequency), source_kind=str(kind),
        position=position, source="Demonstration data", is_demonstration=True,
        owner_organisation=owners[str(owner)][0], owner_organisation_id=owners[str(owner)][1],
        decimals=1,
        survey_question=SURVEY_QUESTIONS.get(str(key)), definition=definition,
    )  # fmt: skip
    _demo_series(session, measure, float(start), float(slope), count=6, today=today)  # type: ignore[arg-type]
    _target(session, measure, 1 if polarity == "up" else -1)


def _performance(
    session: Session, outcome_id: str, position: int, row: tuple[object, ...],
    owners: dict[str, tuple[str, str | None]], partnership_id: str, today: date,
) -> None:  # fmt: skip
    key, _, service, kind, name, unit, polarity, start, slope = row
    owner = owners[SERVICE_OWNER[str(service)]]
    measure = queries.create_measure(
        session=session, key=str(key), partnership_id=partnership_id, name=str(name), outcome_id=outcome_id, level="performance",
        kind=str(kind), service=str(service), unit=str(unit), polarity=str(polarity),
        frequency="monthly", source_kind="fact" if key in FRONT_DOOR_FACTS else "manual",
        source_key=FRONT_DOOR_FACTS.get(str(key)), source="Service records (demonstration)",
        is_demonstration=True, owner_organisation=str(service), owner_organisation_id=owner[1],
        position=100 + position, definition=f"{name}, each calendar month.", decimals=1,
    )  # fmt: skip
    if key not in FRONT_DOOR_FACTS:
        _demo_series(session, measure, float(start), float(slope), count=36, today=today)  # type: ignore[arg-type]
    if polarity != "neither" and key not in FRONT_DOOR_FACTS:
        _target(session, measure, 1 if polarity == "up" else -1)


def _targets_for_published(session: Session, partnership_id: str, today: date) -> None:
    """The partnership's targets for two published indicators (its own ambitions, not DfE's),
    for the calendar years up to this one."""
    year = today.year
    for key, targets in (("ehcp_20_weeks", ((f"{year - 2}", 45.0), (f"{year - 1}", 55.0), (f"{year}", 60.0))),
                         ("appeal_rate", ((f"{year - 2}", 2.5), (f"{year - 1}", 2.0)))):  # fmt: skip
        measure = queries.get_measure_by_key_or_none(
            session=session, key=key, partnership_id=partnership_id
        )
        assert measure is not None
        for period, value in targets:
            queries.set_target(session=session, measure=measure, period=period, value=value)


def _last_period_index(measure: Measure, today: date) -> int:
    """The measure's latest complete period before ``today`` (two years earlier for the one left
    out of date on purpose)."""
    cut = clock.last_complete_month_end(today)
    if measure.frequency == "monthly":
        return clock.month_index(cut)
    last = clock.last_ended_year(cut, YEAR_STARTS[measure.frequency])
    return last - 2 if measure.key == STALE_ON_PURPOSE else last


def _month_before(today: date, months: int, *, day: int) -> date:
    year, month = divmod(clock.month_index(today) - months, 12)
    return date(year, month + 1, day)


def _demo_series(
    session: Session, measure: Measure, start: float, slope: float, *, count: int, today: date,
    after: int | None = None,
) -> None:  # fmt: skip
    """``count`` made-up values to the latest period as at ``today`` (only those for periods
    after the index ``after``, when given)."""
    rng = np.random.default_rng(zlib.crc32(measure.key.encode()))
    last = _last_period_index(measure, today)
    at = datetime.combine(today.replace(day=1), time(9), tzinfo=UTC)  # entered this month
    for step in range(count):
        noise = float(rng.normal(0, max(abs(start) * 0.03, 0.5)))
        value = start + slope * step + noise
        value = min(max(value, 0.0), 100.0) if measure.unit == "percent" else max(value, 0.0)
        value = round(value) if measure.unit == "count" else round(value, 1)
        if after is not None and last - count + 1 + step <= after:
            continue
        period = periods.from_index(last - count + 1 + step, measure.frequency).code
        new = queries.NewValue(period, float(value), note="Demonstration data")
        queries.record_value(
            session=session, measure=measure, new=new, entered_by=DEMO_AUTHOR, now=at
        )


def _target(session: Session, measure: Measure, sign: int) -> None:
    values = queries.current_values(
        session=session, measure_ids=[measure.id], partnership_id=measure.partnership_id
    )
    last = values.row(-1, named=True)
    for ahead in (0, 1, 2):
        period = periods.from_index(last["period_index"] + ahead, measure.frequency).code
        goal = last["value"] * (1 + sign * 0.03 * (ahead + 1))
        goal = min(goal, 100.0) if measure.unit == "percent" else goal
        queries.set_target(session=session, measure=measure, period=period, value=round(goal, 1))


def _notes_and_actions(session: Session, partnership_id: str, today: date) -> None:
    _save_notes(session, partnership_id, today)
    board = today - timedelta(days=14)
    for key, action_key, title, org, person, start, due, status in ACTIONS:
        measure = queries.get_measure_by_key_or_none(
            session=session, key=key, partnership_id=partnership_id
        )
        assert measure is not None
        action = queries.create_action(
            session=session, measure=measure, key=action_key, title=title, owner_organisation=org,
            owner_person=person, start_on=today + timedelta(days=start),
            due_on=today + timedelta(days=due), status="not_started",
        )  # fmt: skip
        if status != "not_started":
            queries.add_action_update(
                session=session, action=action, on=board, author=DEMO_AUTHOR, status=status,
                text=f"Progress reviewed at the {board:%B} partnership board.",
            )  # fmt: skip


def _save_notes(session: Session, partnership_id: str, today: date) -> None:
    # Dated relative to the demo's today, so its notes are "reviewed in the last 6 months".
    saved = datetime.combine(today - timedelta(days=45), time(9), tzinfo=UTC)
    for key, sections in NOTES.items():
        measure = queries.get_measure_by_key_or_none(
            session=session, key=key, partnership_id=partnership_id
        )
        assert measure is not None
        for section, body in sections.items():
            queries.save_note(
                session=session, measure=measure, section=section, author=DEMO_AUTHOR, now=saved,
                body=body.replace("{year}", str(today.year)),
            )  # fmt: skip


def _bring_up_to_date(session: Session, partnership_id: str, today: date) -> None:
    """A demo framework made on an earlier day, brought to ``today``: values for the periods
    since its latest, notes reviewed again when older than three months, actions re-dated.
    Changes nothing when it is already as at ``today``."""
    series = {str(r[0]): (float(r[7]), float(r[8]), 6) for r in DEMO_INDICATORS}
    series |= {str(r[0]): (float(r[7]), float(r[8]), 36) for r in PERFORMANCE}
    for key, (start, slope, count) in series.items():
        measure = queries.get_measure_by_key_or_none(
            session=session, key=key, partnership_id=partnership_id
        )
        if measure is None or measure.source_kind == "fact":
            continue
        held = queries.current_values(
            session=session, measure_ids=[measure.id], partnership_id=partnership_id
        )
        latest = int(held.get_column("period_index").max() or 0) if held.height else None  # type: ignore[arg-type]
        if latest is None or latest < _last_period_index(measure, today):
            _demo_series(session, measure, start, slope, count=count, today=today, after=latest)
    notes = queries.list_note_versions(session=session, partnership_id=partnership_id)
    newest = max((n.saved_at_utc.date() for n in notes), default=None)
    if newest is not None and newest < today - timedelta(days=90):
        _save_notes(session, partnership_id, today)
    _redate_actions(session, partnership_id, today)


def _redate_actions(session: Session, partnership_id: str, today: date) -> None:
    by_key = {
        a.key: a for a in queries.list_actions(session=session, partnership_id=partnership_id)
    }
    board = today - timedelta(days=14)
    for _, action_key, *_, start, due, status in ACTIONS:
        action = by_key.get(str(action_key))
        if action is None or action.due_on == today + timedelta(days=int(due)):
            continue
        action.start_on = today + timedelta(days=int(start))
        action.due_on = today + timedelta(days=int(due))
        queries.add_action_update(
            session=session, action=action, on=board, author=DEMO_AUTHOR, status=str(status),
            text=f"Progress reviewed at the {board:%B} partnership board.",
        )  # fmt: skip
