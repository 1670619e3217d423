"""The self-assessment as data: JSON for ``sendsight assessment export`` and CSV for pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from sendsight.assessment import queries
from sendsight.assessment.models import Framework, Rating
from sendsight.assessment.report import RoundResults, StatementResult, build_results
from sendsight.core.safe_io import write_csv


def framework_dict(framework: Framework) -> dict[str, Any]:
    """A framework with its scale, themes and statements (as imported) and its id."""
    return {"id": framework.id, **framework.content}


def round_dict(found: RoundResults) -> dict[str, Any]:
    """A round with every rating (each naming its organisation), consensus and spread."""
    round_ = found.round
    return {
        "id": round_.id,
        "name": round_.name,
        "framework": found.framework.content["key"],
        "status": found.status,
        "opens_on": round_.opens_on.isoformat(),
        "closes_on": round_.closes_on.isoformat(),
        "target_level": round_.target_level,
        "organisations": [
            {"name": name, "submitted": found.submitted.get(org, False)}
            for org, name in found.organisations.items()
        ],
        "ratings": [_rating(found, row, r) for row in found.statements for r in row.ratings],
        "consensus": [
            {
                "statement": row.statement.key,
                "level": row.consensus.level,
                "reason": row.consensus.reason,
                "duty_met": row.consensus.duty_met,
            }
            for row in found.statements
            if row.consensus
        ],
        "statements": [_statement(found, row) for row in found.statements],
        "themes": [
            {
                "theme": t.theme.key,
                "level": _key(found, t.level),
                "statutory_duty_unmet": t.duty_unmet,
                "not_moving": t.not_moving,
                "by_organisation": {
                    found.organisations.get(o, o): _key(found, lvl)
                    for o, lvl in t.by_organisation.items()
                },
                "trend": [{"round": name, "level": _key(found, lvl)} for name, lvl in t.history],
                "trend_by_organisation": {
                    found.organisations.get(o, o): [
                        _key(found, past.get(o)) for past in t.organisation_history
                    ]
                    for o in found.organisations
                },
            }
            for t in found.themes
        ],
    }


def _key(found: RoundResults, level: int | None) -> str | None:
    return found.framework.scale[level - 1]["key"] if level else None


def _rating(found: RoundResults, row: StatementResult, rating: Any) -> dict[str, Any]:
    return {
        "statement": row.statement.key,
        "organisation": found.organisations.get(rating.organisation_id, rating.organisation_id),
        "level": rating.level,
        "confidence": rating.confidence,
        "duty_met": rating.duty_met,
        "comment": rating.comment,
        "rated_at_utc": rating.rated_at_utc.isoformat(),
        "evidence": [
            {
                "kind": e.kind,
                "title": e.title,
                "url": e.url,
                "measure_id": e.measure_id,
                "period": e.period,
                "value": e.value,
                "england": e.england,
                "trend": e.trend,
            }
            for e in row.evidence.get(rating.id, [])
        ],
    }


def _statement(found: RoundResults, row: StatementResult) -> dict[str, Any]:
    return {
        "statement": row.statement.key,
        "theme": row.theme.key,
        "consensus": row.consensus.level if row.consensus else None,
        "consensus_reason": row.consensus.reason if row.consensus else None,
        "level": _key(found, row.level),
        "spread": row.spread.as_dict(),
        "statutory_duty_unmet": row.duty_unmet,
        "evidence_moved": row.evidence_moved,
        "actions": row.actions,
    }


def export_all(session: Session, *, partnership_id: str, today: date) -> dict[str, Any]:
    """Every framework and every round of the partnership, with all ratings."""
    frameworks = queries.list_frameworks(session=session, partnership_id=partnership_id)
    rounds = [
        round_dict(build_results(session, r.id, partnership_id=partnership_id, today=today))
        for r in queries.list_rounds(session=session, partnership_id=partnership_id)
    ]
    every = [framework_dict(f) for f in frameworks]
    return {
        "framework": every[0] if len(every) == 1 else None,
        "frameworks": every,
        "themes": every[0]["themes"] if len(every) == 1 else [],
        "rounds": rounds,
    }


CSV_HEADER = (
    "theme",
    "statement",
    "organisation",
    "level",
    "confidence",
    "statutory_duty_met",
    "consensus",
    "consensus_reason",
    "min",
    "max",
    "range",
    "iqr",
    "evidence_moved",
)


def results_csv(found: RoundResults) -> str:
    """One row per rating (and one per statement nobody has rated yet)."""
    rows: list[list[object]] = []
    for row in found.statements:
        spread = row.spread.as_dict()
        common = [
            found.label(row.consensus.level_index) if row.consensus else "",
            row.consensus.reason if row.consensus else "",
            spread["min"],
            spread["max"],
            spread["range"],
            spread["iqr"],
            "yes" if row.evidence_moved else "",
        ]
        some: list[Rating | None] = [*row.ratings] or [None]
        for rating in some:
            rows.append(
                [
                    row.theme.title,
                    row.statement.text,
                    found.organisations.get(rating.organisation_id, "") if rating else "",
                    found.label(rating.level_index) if rating else "",
                    rating.confidence if rating else "",
                    _yes_no(rating.duty_met) if rating else "",
                    *common,
                ]
            )
    return write_csv(rows, header=CSV_HEADER)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def trends_csv(found: RoundResults) -> str:
    """Each theme's level in each round, overall and by organisation (one row each)."""
    rounds = [name for name, _ in found.themes[0].history] if found.themes else []
    rows: list[list[object]] = []
    for t in found.themes:
        overall = [found.label(lvl) for _, lvl in t.history]
        rows.append([t.theme.title, "All organisations", *overall, "yes" if t.not_moving else ""])
        for org, name in found.organisations.items():
            levels = [found.label(past.get(org)) for past in t.organisation_history]
            rows.append([t.theme.title, name, *levels, ""])
    return write_csv(rows, header=["theme", "organisation", *rounds, "not_moving"])
