"""What the self-assessment tells a partnership board and the self-evaluation.

``pack_summary`` gives a few plain sentences on the latest round closed by the meeting (and a
round still open then); ``selfeval_evidence`` places each theme's level in the latest closed
round in the area SEND inspection framework's areas, through the themes' own mapping
(``Theme.inspection_areas``). Counts here are of themes, statements and organisations, never of
children, so nothing needs disclosure control.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Final

from sqlalchemy.orm import Session

from sendsight.assessment import queries
from sendsight.assessment.models import Round
from sendsight.assessment.report import RoundResults, ThemeResult, build_results

SOURCE = "Partnership self-assessment"
# The framework's inspection areas (``inspection.INSPECTION_AREAS``) by the self-evaluation's
# keys for the same areas of the area SEND inspection framework (``governance/selfeval.py``).
# The self-evaluation judges the oversight of alternative provision under leadership, as the
# framework's leadership strand names it, so both map to ``leaders``.
SELFEVAL_AREAS: Final[dict[str, str]] = {
    "identification": "identified",
    "participation": "participate",
    "right_help": "right_help",
    "next_steps": "next_steps",
    "included": "included",
    "leadership": "leaders",
    "alternative_provision": "leaders",
}


def _closed_by(round_: Round, upto: date) -> bool:
    """Closed on or before ``upto``: past its closing date, or closed early by then."""
    if round_.closed_at_utc is not None and round_.closed_at_utc.date() <= upto:
        return True
    return round_.closes_on < upto


def _latest_closed(session: Session, partnership_id: str, upto: date) -> Round | None:
    rounds = queries.list_rounds(session=session, partnership_id=partnership_id)
    closed = [r for r in rounds if _closed_by(r, upto)]
    return closed[-1] if closed else None


def _open_at(session: Session, partnership_id: str, upto: date) -> list[Round]:
    rounds = queries.list_rounds(session=session, partnership_id=partnership_id)
    return [r for r in rounds if r.opens_on <= upto and not _closed_by(r, upto)]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _day(on: date) -> str:
    return f"{on.day} {on:%B %Y}"


def pack_summary(*, session: Session, partnership_id: str, upto: date) -> list[dict[str, Any]]:
    """Sentences for the board pack: the latest round closed by ``upto`` (themes at the target
    level, themes below it, themes not moving, statutory duties judged unmet, statements with
    wide disagreement) and any round open on ``upto`` (how many organisations have submitted)."""
    lines: list[dict[str, Any]] = []
    latest = _latest_closed(session, partnership_id, upto)
    if latest is not None:
        found = build_results(session, latest.id, partnership_id=partnership_id, today=upto)
        lines += _round_lines(found)
    for round_ in _open_at(session, partnership_id, upto):
        taking_part = queries.list_participants(
            session=session, round_id=round_.id, partnership_id=partnership_id
        )
        submitted = sum(
            p.submitted_at_utc is not None and p.submitted_at_utc.date() <= upto
            for p in taking_part
        )
        lines.append(
            {
                "kind": "open_round",
                "round": round_.name,
                "text": f"The self-assessment round “{round_.name}” is open until "
                f"{_day(round_.closes_on)}: {submitted} of "
                f"{_plural(len(taking_part), 'organisation', 'organisations')} have submitted.",
            }
        )
    if not lines:
        lines.append({"kind": "none", "text": "No self-assessment round had closed by then."})
    return lines


def _round_lines(found: RoundResults) -> list[dict[str, Any]]:
    themes, target = found.themes, found.target
    below = [t for t in themes if t.level is not None and t.level < target]
    at_target = sum(t.level is not None and t.level >= target for t in themes)
    name, label = found.round.name, found.label(target)
    lines = [
        {
            "kind": "round",
            "round": name,
            "text": f"In the self-assessment round “{name}” {at_target} of "
            f"{_plural(len(themes), 'theme', 'themes')} reached the partnership's target level "
            f"({label})" + (f"; below it: {_titles(below)}." if below else "."),
        }
    ]
    stuck = [t for t in themes if t.not_moving]
    if stuck:
        lines.append(
            {
                "kind": "not_moving",
                "round": name,
                "text": f"Not moving (the same level below the target for two rounds or more): "
                f"{_titles(stuck)}.",
            }
        )
    unmet = [t for t in themes if t.duty_unmet]
    if unmet:
        lines.append(
            {
                "kind": "duty_unmet",
                "round": name,
                "text": f"A statutory duty was judged not met in: {_titles(unmet)}.",
            }
        )
    wide = sum((s.spread.range or 0) >= 2 for s in found.statements)
    lines.append(
        {
            "kind": "disagreement",
            "round": name,
            "text": f"Organisations' ratings were two or more levels apart on "
            f"{wide} of {_plural(len(found.statements), 'statement', 'statements')}.",
        }
    )
    return lines


def _titles(themes: list[ThemeResult]) -> str:
    return "; ".join(t.theme.title for t in themes)


def selfeval_evidence(
    *, session: Session, partnership_id: str, today: date | None = None
) -> list[dict[str, Any]]:
    """One claim per theme and inspection area it gives evidence for, from the latest closed
    round: its level against the target, with the earlier rounds' levels as its trend. Strength
    as the self-evaluation judges it: moderated partnership view with a trend is *moderate*
    (a self-assessment has no external benchmark), without one *weak*."""
    upto = today or datetime.now(UTC).date()
    latest = _latest_closed(session, partnership_id, upto)
    if latest is None:
        return []
    found = build_results(session, latest.id, partnership_id=partnership_id, today=upto)
    claims = []
    for theme in found.themes:
        text, has_trend = _theme_claim(found, theme)
        for area in theme.theme.inspection_areas:
            if area in SELFEVAL_AREAS:
                claims.append(
                    {
                        "area": SELFEVAL_AREAS[area],
                        "text": text,
                        "source": f"{SOURCE}, {found.round.name}",
                        "strength": "moderate" if has_trend else "weak",
                        "theme": theme.theme.key,
                    }
                )
    return claims


def _theme_claim(found: RoundResults, theme: ThemeResult) -> tuple[str, bool]:
    level = found.label(theme.level) or "not rated"
    text = f"Self-assessed “{theme.theme.title}”: {level} (target {found.label(found.target)})"
    earlier = [(name, lvl) for name, lvl in theme.history[:-1] if lvl]
    if earlier:
        text += "; earlier rounds: " + ", ".join(f"{n} {found.label(lvl)}" for n, lvl in earlier)
    if theme.duty_unmet:
        text += "; a statutory duty is judged not met"
    if theme.not_moving:
        text += "; not moving"
    return text + ".", bool(earlier)
