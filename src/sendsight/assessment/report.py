"""A round's results as the pages, the CSV and the JSON export show them.

Built from a few bulk queries. Who sees what is decided by the caller: ``only_organisation``
limits the ratings to one organisation's own (a rater who has not submitted yet).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from sendsight.access.queries import list_organisations
from sendsight.assessment import queries, results
from sendsight.assessment.evidence import latest_values
from sendsight.assessment.models import (
    Consensus,
    Evidence,
    Framework,
    Rating,
    Round,
    Statement,
    Theme,
)
from sendsight.assessment.rounds import status
from sendsight.outcomes import queries as outcomes


@dataclass
class StatementResult:
    """One statement in a round: each organisation's rating, the spread and the consensus."""

    statement: Statement
    theme: Theme
    ratings: list[Rating]
    spread: results.Spread
    consensus: Consensus | None
    level: int | None
    duty_unmet: bool
    counts: list[int] = field(default_factory=list)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    evidence_moved: bool = False
    actions: list[dict[str, str]] = field(default_factory=list)


@dataclass
class ThemeResult:
    """A theme's level in the round, by organisation, and across rounds."""

    theme: Theme
    level: int | None
    duty_unmet: bool
    by_organisation: dict[str, int | None]
    history: list[tuple[str, int | None]]
    not_moving: bool
    # Each organisation's level in each round of ``history`` (aligned with it).
    organisation_history: list[dict[str, int | None]] = field(default_factory=list)


@dataclass
class RoundResults:
    """Everything a round's results page shows."""

    round: Round
    framework: Framework
    status: str
    organisations: dict[str, str]
    submitted: dict[str, bool]
    statements: list[StatementResult]
    themes: list[ThemeResult]
    sees_all: bool

    def label(self, level: int | None) -> str:
        """A level's label ("" for none)."""
        return self.framework.scale[level - 1]["label"] if level else ""

    @property
    def target(self) -> int:
        """The partnership's target level for the round, from 1."""
        keys = [s["key"] for s in self.framework.scale]
        return keys.index(self.round.target_level) + 1 if self.round.target_level in keys else 1


def cap_of(framework: Framework) -> int:
    """The level an unmet statutory duty caps a theme at (the first, unless configured)."""
    keys = [s["key"] for s in framework.scale]
    cap = framework.content.get("statutory_cap")
    return keys.index(cap) + 1 if cap in keys else 1


def build_results(
    session: Session,
    round_id: str,
    *,
    partnership_id: str,
    today: date,
    only_organisation: str | None = None,
) -> RoundResults:
    """The round's results (``NotFound`` for another partnership's round)."""
    own = {"partnership_id": partnership_id}
    round_ = queries.get_round(session=session, round_id=round_id, **own)
    framework = queries.get_framework(session=session, framework_id=round_.framework_id, **own)
    themes = queries.list_themes(session=session, framework_id=framework.id, **own)
    statements = queries.list_statements(session=session, framework_id=framework.id, **own)
    participants = queries.list_participants(session=session, round_id=round_.id, **own)
    names = {o.id: o.name for o in list_organisations(session=session, **own)}
    taking_part = {p.organisation_id: names[p.organisation_id] for p in participants}
    ratings = queries.list_ratings(
        session=session, round_ids=[round_.id], organisation_id=only_organisation, **own
    )
    consensus = {
        c.statement_id: c
        for c in queries.list_consensus(session=session, round_ids=[round_.id], **own)
    }
    if only_organisation is not None:
        consensus = {}
    rows = _statement_results(statements, themes, ratings, consensus, framework)
    _attach_evidence(session, rows, ratings, partnership_id=partnership_id, today=today)
    _attach_actions(session, rows, round_.id, partnership_id=partnership_id)
    theme_rows = _theme_results(
        session, framework, themes, rows, ratings, round_, only_organisation, today=today
    )
    return RoundResults(
        round=round_,
        framework=framework,
        status=status(round_, today),
        organisations=dict(sorted(taking_part.items(), key=lambda kv: kv[1])),
        submitted={p.organisation_id: p.submitted_at_utc is not None for p in participants},
        statements=rows,
        themes=theme_rows,
        sees_all=only_organisation is None,
    )


def _statement_results(
    statements: Sequence[Statement],
    themes: Sequence[Theme],
    ratings: Sequence[Rating],
    consensus: dict[str, Consensus],
    framework: Framework,
) -> list[StatementResult]:
    by_statement: dict[str, list[Rating]] = defaultdict(list)
    for rating in ratings:
        by_statement[rating.statement_id].append(rating)
    theme_of = {t.id: t for t in themes}
    found = []
    for s in statements:
        rated = by_statement.get(s.id, [])
        agreed = consensus.get(s.id)
        levels = [r.level_index for r in rated]
        unmet = s.statutory and results.duty_unmet(
            agreed.duty_met if agreed else None, [r.duty_met for r in rated]
        )
        found.append(
            StatementResult(
                statement=s,
                theme=theme_of[s.theme_id],
                ratings=rated,
                spread=results.spread(levels),
                consensus=agreed,
                level=results.statement_level(agreed.level_index if agreed else None, levels),
                duty_unmet=unmet,
                counts=[levels.count(i + 1) for i in range(len(framework.scale))],
            )
        )
    return found


def _attach_evidence(
    session: Session,
    rows: list[StatementResult],
    ratings: Sequence[Rating],
    *,
    partnership_id: str,
    today: date,
) -> None:
    items = queries.list_evidence(
        session=session, rating_ids=[r.id for r in ratings], partnership_id=partnership_id
    )
    by_rating: dict[str, list[Evidence]] = defaultdict(list)
    for item in items:
        by_rating[item.rating_id].append(item)
    measure_ids = sorted({i.measure_id for i in items if i.measure_id})
    now = latest_values(session, measure_ids, partnership_id=partnership_id, today=today)
    for row in rows:
        row.evidence = {r.id: by_rating[r.id] for r in row.ratings if r.id in by_rating}
        row.evidence_moved = any(
            results.evidence_moved(e.value, now.get(e.measure_id), e.polarity)
            for found in row.evidence.values()
            for e in found
            if e.measure_id
        )


def _attach_actions(
    session: Session, rows: list[StatementResult], round_id: str, *, partnership_id: str
) -> None:
    links = queries.list_action_links(
        session=session, round_id=round_id, partnership_id=partnership_id
    )
    if not links:
        return
    actions = {
        a.id: a for a in outcomes.list_actions(session=session, partnership_id=partnership_id)
    }
    by_statement: dict[str, list[dict[str, str]]] = defaultdict(list)
    for link in links:
        action = actions.get(link.action_id)
        if action is not None:
            by_statement[link.statement_id].append(
                {
                    "id": action.id,
                    "title": action.title,
                    "owner": action.owner_organisation,
                    "due_on": action.due_on.isoformat() if action.due_on else "",
                    "status": action.status,
                    "measure_id": action.measure_id,
                }
            )
    for row in rows:
        row.actions = by_statement.get(row.statement.id, [])


def _theme_results(
    session: Session,
    framework: Framework,
    themes: Sequence[Theme],
    rows: list[StatementResult],
    ratings: Sequence[Rating],
    round_: Round,
    only_organisation: str | None,
    *,
    today: date,
) -> list[ThemeResult]:
    cap = cap_of(framework)
    history, by_org = (
        ({}, {}) if only_organisation else _history(session, framework, round_, themes, cap)
    )
    target = [s["key"] for s in framework.scale].index(round_.target_level) + 1
    found = []
    for theme in themes:
        mine = [r for r in rows if r.theme.id == theme.id]
        unmet = any(r.duty_unmet for r in mine)
        level = results.theme_level([r.level for r in mine], duty_unmet=unmet, cap=cap)
        past = history.get(theme.id, []) + [(round_.name, level)]
        now = _by_organisation(mine, ratings, cap)
        found.append(
            ThemeResult(
                theme=theme,
                level=level,
                duty_unmet=unmet,
                by_organisation=now,
                history=past,
                not_moving=results.not_moving([lvl for _, lvl in past], target),
                organisation_history=[*by_org.get(theme.id, []), now],
            )
        )
    return found


def _by_organisation(
    rows: list[StatementResult], ratings: Sequence[Rating], cap: int
) -> dict[str, int | None]:
    ids = {r.statement.id for r in rows}
    statutory = {r.statement.id for r in rows if r.statement.statutory}
    per_org: dict[str, list[Rating]] = defaultdict(list)
    for rating in ratings:
        if rating.statement_id in ids:
            per_org[rating.organisation_id].append(rating)
    return {
        org: results.theme_level(
            [r.level_index for r in own],
            duty_unmet=any(r.duty_met is False for r in own if r.statement_id in statutory),
            cap=cap,
        )
        for org, own in per_org.items()
    }


def _history(
    session: Session, framework: Framework, round_: Round, themes: Sequence[Theme], cap: int
) -> tuple[dict[str, list[tuple[str, int | None]]], dict[str, list[dict[str, int | None]]]]:
    """Theme levels in the earlier rounds of the same framework, oldest first, overall and by
    organisation."""
    own = {"partnership_id": round_.partnership_id}
    earlier = [
        r
        for r in queries.list_rounds(session=session, **own)
        if r.framework_id == framework.id and r.opens_on < round_.opens_on
    ]
    if not earlier:
        return {}, {}
    statements = queries.list_statements(session=session, framework_id=framework.id, **own)
    ratings = queries.list_ratings(session=session, round_ids=[r.id for r in earlier], **own)
    agreed = queries.list_consensus(session=session, round_ids=[r.id for r in earlier], **own)
    found: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
    by_org: dict[str, list[dict[str, int | None]]] = defaultdict(list)
    for past in earlier:
        past_ratings = [r for r in ratings if r.round_id == past.id]
        rows = _statement_results(
            statements,
            themes,
            past_ratings,
            {c.statement_id: c for c in agreed if c.round_id == past.id},
            framework,
        )
        for theme in themes:
            mine = [r for r in rows if r.theme.id == theme.id]
            unmet = any(r.duty_unmet for r in mine)
            level = results.theme_level([r.level for r in mine], duty_unmet=unmet, cap=cap)
            found[theme.id].append((past.name, level))
            by_org[theme.id].append(_by_organisation(mine, past_ratings, cap))
    return found, by_org
