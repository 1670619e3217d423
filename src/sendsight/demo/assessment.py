"""The demo partnership's self-assessment: the shipped framework, two closed rounds and one open.

Six organisations take part. Their views differ the way partners' views usually do: the
council rates itself higher than the parent carer forum does, the ICB sits between, schools
vary. The second round shows progress on co-production and the shared data set, while
strategic decision making stays at the same level below the target ("not moving"). In the open
round two organisations have submitted, one is part way through and the schools have not
started. Dated relative to ``today``; deterministic for a given ``today``.
"""

# ruff: noqa: E501  (the tables of demo data read best one row per line)
from __future__ import annotations

import random
import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from sendsight.access.queries import get_organisation_by_name_or_none
from sendsight.assessment import queries
from sendsight.assessment.frameworks import import_framework, shipped_text
from sendsight.assessment.models import Consensus, Evidence, Rating, Round, Statement
from sendsight.demo.access import DEMO_SCHOOLS
from sendsight.outcomes import queries as outcomes

# Who takes part, and how each tends to see the partnership (added to a statement's level).
TAKING_PART = (
    ("Demo Borough Council", 0.5, "demo-council"),
    ("Demo Integrated Care Board", 0.2, "demo-icb"),
    ("Demo Parent Carer Forum", -0.7, "demo-forum"),
    ("Demo Therapy Services", 0.0, "demo-provider"),
    (DEMO_SCHOOLS[0][0], -0.2, "demo-school"),
    (DEMO_SCHOOLS[3][0], 0.1, "demo-school"),
)
# Each theme's underlying level in the first round, and its change by the second and third.
THEME_BASE = {
    "coproduction": (1.6, 0.8, 0.3),
    "needs": (1.8, 0.7, 0.2),
    "inclusion": (2.0, 0.3, 0.2),
    "relationships": (2.2, 0.2, 0.3),
    "accountability": (2.0, 0.5, 0.0),
    "improvement": (1.9, 0.3, 0.2),
    "strategy": (2.0, 0.0, 0.0),
}
# Statements citing a scorecard measure as evidence (demonstration measures with a history).
EVIDENCE = {
    "rl-advice": "ep_advice_6_weeks",
    "cp-views": "cyp_feel_listened",
    "ac-communication": "family_supported",
    "in-exclusions": "special_persistent_absence",
    "cp-young-people": "cyp_happy",
}
COMMENTS = {
    "demo-council": "Our tracking shows progress, though it is not yet consistent in every team.",
    "demo-icb": "Health partners see this working for some pathways but not all.",
    "demo-forum": "Families tell us this is not what they experience yet.",
    "demo-provider": "From the services we run, this is patchy across the borough.",
    "demo-school": "Schools see some improvement; capacity is the main barrier.",
}
# Actions the second round's moderation agreed: statement, measure it serves, title, owner,
# due (days from today), status.
ACTIONS = (
    (
        "rl-advice",
        "ep_advice_6_weeks",
        "Agree a joint advice standard and weekly tracker with health and social care",
        "Demo Integrated Care Board",
        45,
        "on_track",
    ),
    (
        "cp-you-said",
        "cyp_feel_listened",
        "Publish what we heard and what changed after every forum meeting",
        "Demo Parent Carer Forum",
        -10,
        "at_risk",
    ),
    (
        "st-governance",
        "family_supported",
        "Review the partnership board's terms of reference with the forum",
        "Demo Borough Council",
        90,
        "not_started",
    ),
)
REASONS = (
    "Partners agreed the middle view: there is evidence of progress, but the forum's survey shows it is not yet felt by most families.",
    "The evidence pack supported this level; the council's higher rating was not borne out by case audits.",
    "Views were close. Agreed without a vote, with an action to gather young people's views next time.",
    "Agreed after discussion of the scorecard figures, which have improved but remain below England.",
)


@dataclass(frozen=True, slots=True)
class _RoundSpec:
    number: int
    opens_ago: int
    length: int
    closed: bool


ROUNDS = (_RoundSpec(1, 400, 28, True), _RoundSpec(2, 190, 28, True), _RoundSpec(3, 10, 35, False))


def seed(session: Session, *, la_code: str, partnership_id: str, today: date) -> None:
    """Import the shipped framework and make the three rounds (idempotent)."""
    framework = import_framework(
        session,
        shipped_text(),
        filename="send_maturity.yaml",
        partnership_id=partnership_id,
        actor=None,
    ).framework
    orgs = _organisations(session, partnership_id)
    statements = queries.list_statements(
        session=session, framework_id=framework.id, partnership_id=partnership_id
    )
    themes = {
        t.id: t.key
        for t in queries.list_themes(
            session=session, framework_id=framework.id, partnership_id=partnership_id
        )
    }
    history = _measure_history(session, partnership_id)
    for spec in ROUNDS:
        opens = today - timedelta(days=spec.opens_ago)
        # Named by number alone: a demo refreshed on a later day keeps its rounds (and the
        # actions agreed from them) instead of adding a second set beside them.
        name = f"Self-assessment {spec.number}"
        if queries.get_round_by_name_or_none(
            session=session, name=name, partnership_id=partnership_id
        ):
            if spec.number == 2:
                _move_actions(session, partnership_id, today)
            continue
        round_ = queries.create_round(
            session=session,
            partnership_id=partnership_id,
            framework_id=framework.id,
            name=name,
            opens_on=opens,
            closes_on=opens + timedelta(days=spec.length),
            target_level="established",
            organisation_ids=[o[0] for o in orgs],
        )
        rng = random.Random(f"{today.isoformat()}-{spec.number}")
        made = _Ratings(partnership_id, round_.id, opens, spec, rng, history)
        for org_id, bias, kind, position in orgs:
            made.add(org_id, bias, kind, position, statements, themes)
        _write(session, made, spec, opens)
        if spec.number == 2:
            _actions(session, round_, statements, today)


def _organisations(session: Session, partnership_id: str) -> list[tuple[str, float, str, int]]:
    found = []
    for position, (name, bias, kind) in enumerate(TAKING_PART):
        org = get_organisation_by_name_or_none(
            session=session, partnership_id=partnership_id, name=name
        )
        if org is not None:
            found.append((org.id, bias, kind, position))
    return found


def _measure_history(
    session: Session, partnership_id: str
) -> dict[str, tuple[str, str, list[float], str]]:
    """For each evidence statement: measure id, name, its values (oldest first), polarity."""
    found = {}
    for statement_key, measure_key in EVIDENCE.items():
        measure = outcomes.get_measure_by_key_or_none(
            session=session, key=measure_key, partnership_id=partnership_id
        )
        if measure is None:
            continue
        values = outcomes.current_values(
            session=session, measure_ids=[measure.id], partnership_id=partnership_id
        )
        found[statement_key] = (
            measure.id,
            measure.name,
            [float(v) for v in values["value"]],
            measure.polarity,
        )
    return found


class _Ratings:
    """The rows of one round, built in memory and written in bulk."""

    def __init__(
        self,
        partnership_id: str,
        round_id: str,
        opens: date,
        spec: _RoundSpec,
        rng: random.Random,
        history: dict[str, tuple[str, str, list[float], str]],
    ) -> None:
        self.own = {"partnership_id": partnership_id, "round_id": round_id}
        self.opens, self.spec, self.rng, self.history = opens, spec, rng, history
        self.ratings: list[dict[str, Any]] = []
        self.evidence: list[dict[str, Any]] = []
        self.submitted: dict[str, datetime | None] = {}

    def add(
        self,
        org_id: str,
        bias: float,
        kind: str,
        position: int,
        statements: list[Statement],
        themes: dict[str, str],
    ) -> None:
        share = self._share_done(position)
        done = statements[: round(len(statements) * share)]
        at = datetime.combine(self.opens + timedelta(days=3 + position), time(10), tzinfo=UTC)
        self.submitted[org_id] = (
            at + timedelta(days=2) if share == 1 and (self.spec.closed or position < 2) else None
        )
        for s in done:
            base, step2, step3 = THEME_BASE[themes[s.theme_id]]
            level = base + step2 * (self.spec.number > 1) + step3 * (self.spec.number > 2)
            level = min(4, max(1, round(level + bias + self.rng.gauss(0, 0.55))))
            self._rating(org_id, kind, s, level, at)

    def _share_done(self, position: int) -> float:
        if self.spec.closed or position < 2:
            return 1.0
        return {2: 1.0, 3: 0.5}.get(position, 0.0)

    def _rating(self, org_id: str, kind: str, s: Statement, level: int, at: datetime) -> None:
        rating_id = f"{self.own['round_id'][:23]}-{len(self.ratings):012d}"
        duty = None
        if s.statutory:
            duty = self.rng.random() < (
                0.35 if s.key == "in-timely-assessment" and self.spec.number == 1 else 0.85
            )
        self.ratings.append(
            {
                **self.own,
                "id": rating_id,
                "statement_id": s.id,
                "organisation_id": org_id,
                "level": ("emerging", "developing", "established", "embedded")[level - 1],
                "level_index": level,
                "confidence": self.rng.choice(("low", "medium", "medium", "high")),
                "duty_met": duty,
                "comment": COMMENTS[kind] if self.rng.random() < 0.3 else "",
                "rated_by": f"{kind.removeprefix('demo-')}@demo.sendsight.test",
                "rated_at_utc": at,
            }
        )
        if s.key in self.history:
            measure_id, name, values, polarity = self.history[s.key]
            back = {1: 3, 2: 2, 3: 1}[self.spec.number]
            value = values[-back] if len(values) >= back else None
            self.evidence.append(
                {
                    "partnership_id": self.own["partnership_id"],
                    "rating_id": rating_id,
                    "kind": "measure",
                    "measure_id": measure_id,
                    "title": name,
                    "value": value,
                    "polarity": polarity,
                }
            )


def _write(session: Session, made: _Ratings, spec: _RoundSpec, opens: date) -> None:
    own = made.own
    session.execute(insert(Rating), made.ratings)
    if made.evidence:
        session.execute(insert(Evidence), made.evidence)
    for participant in queries.list_participants(
        session=session, round_id=own["round_id"], partnership_id=own["partnership_id"]
    ):
        participant.submitted_at_utc = made.submitted.get(participant.organisation_id)
    if spec.closed:
        _consensus(session, made, opens + timedelta(days=spec.length + 7))
    session.flush()


def _consensus(session: Session, made: _Ratings, on: date) -> None:
    by_statement: dict[str, list[int]] = {}
    duties: dict[str, list[bool]] = {}
    for r in made.ratings:
        by_statement.setdefault(r["statement_id"], []).append(r["level_index"])
        if r["duty_met"] is not None:
            duties.setdefault(r["statement_id"], []).append(r["duty_met"])
    rows = []
    for statement_id, levels in by_statement.items():
        level = statistics.median_low(levels)
        met = duties.get(statement_id)
        rows.append(
            {
                **made.own,
                "statement_id": statement_id,
                "level_index": level,
                "level": ("emerging", "developing", "established", "embedded")[level - 1],
                "duty_met": (sum(met) * 2 > len(met)) if met else None,
                "reason": made.rng.choice(REASONS)
                + f" Moderation meeting, {on.strftime('%-d %B %Y')}.",
                "agreed_by": "admin@demo.sendsight.test",
            }
        )
    session.execute(insert(Consensus), rows)


def _move_actions(session: Session, partnership_id: str, today: date) -> None:
    """On a demo refreshed another day, the agreed actions fall due as long after it as on the
    day they were made (so they are not all overdue)."""
    due_in = {f"self_assessment_{n}": spec[4] for n, spec in enumerate(ACTIONS, start=1)}
    for action in outcomes.list_actions(session=session, partnership_id=partnership_id):
        if action.key in due_in:
            outcomes.update_object(
                session=session, obj=action, due_on=today + timedelta(days=due_in[action.key])
            )


def _actions(session: Session, round_: Round, statements: list[Statement], today: date) -> None:
    """The scorecard actions agreed from the second round, each linked to its statement."""
    by_key = {s.key: s for s in statements}
    for number, (key, measure_key, title, owner, due, status) in enumerate(ACTIONS, start=1):
        measure = outcomes.get_measure_by_key_or_none(
            session=session, key=measure_key, partnership_id=round_.partnership_id
        )
        if measure is None or key not in by_key:
            continue
        action = outcomes.create_action(
            session=session,
            measure=measure,
            key=f"self_assessment_{number}",
            title=title,
            owner_organisation=owner,
            start_on=round_.closes_on + timedelta(days=7),
            due_on=today + timedelta(days=due),
            status=status,
        )
        queries.create_action_link(
            session=session, round_=round_, statement_id=by_key[key].id, action_id=action.id
        )
