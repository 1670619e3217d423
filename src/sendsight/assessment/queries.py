"""The only place the self-assessment tables are read or written. Every read names the
partnership (ADR 0602): another partnership's object is ``NotFound``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import bindparam, delete, func, insert, literal, select, union_all
from sqlalchemy.orm import Session

from sendsight.assessment.models import (
    ActionLink,
    Consensus,
    Evidence,
    Framework,
    Participant,
    Rating,
    Round,
    Statement,
    Theme,
)
from sendsight.core.errors import NotFound
from sendsight.db.base import Base, new_id

Row = TypeVar("Row", bound=Base)


def _owned(session: Session, model: type[Row], row_id: str, partnership_id: str) -> Row:
    found = session.get(model, row_id)
    if found is None or getattr(found, "partnership_id", None) != partnership_id:
        raise NotFound(f"No {model.__name__.lower()} {row_id}")
    return found


# --- frameworks ------------------------------------------------------------------------------


def get_framework(*, session: Session, framework_id: str, partnership_id: str) -> Framework:
    """The partnership's framework; raises ``NotFound``."""
    return _owned(session, Framework, framework_id, partnership_id)


def get_framework_by_key_or_none(
    *, session: Session, key: str, partnership_id: str
) -> Framework | None:
    """The partnership's framework with ``key``, or None."""
    query = select(Framework).where(
        Framework.partnership_id == partnership_id, Framework.key == key
    )
    return session.scalar(query)


def list_frameworks(*, session: Session, partnership_id: str) -> list[Framework]:
    """The partnership's frameworks by name."""
    query = select(Framework).where(Framework.partnership_id == partnership_id)
    return list(session.scalars(query.order_by(Framework.name, Framework.id)))


def store_framework(
    *, session: Session, content: dict[str, Any], partnership_id: str, existing: Framework | None
) -> Framework:
    """Write ``content`` (canonical) as the framework, replacing ``existing``'s themes and
    statements (only ever called for a framework no round uses)."""
    if existing is not None:
        session.execute(delete(Statement).where(Statement.framework_id == existing.id))
        session.execute(delete(Theme).where(Theme.framework_id == existing.id))
        framework = existing
    else:
        framework = Framework(partnership_id=partnership_id, key=content["key"])
        session.add(framework)
    framework.name, framework.version = content["name"], content["version"]
    framework.scale, framework.content = content["scale"], content
    session.flush()
    themes: list[dict[str, Any]] = []
    statements: list[dict[str, Any]] = []
    for t, theme in enumerate(content["themes"]):
        theme_id = new_id()
        themes.append(
            {
                "id": theme_id,
                "partnership_id": partnership_id,
                "framework_id": framework.id,
                "key": theme["key"],
                "title": theme["title"],
                "plain_title": theme["plain_title"],
                "inspection_areas": theme["inspection_areas"],
                "position": t,
            }
        )
        statements += [
            {
                "partnership_id": partnership_id,
                "framework_id": framework.id,
                "theme_id": theme_id,
                "key": s["key"],
                "text": s["text"],
                "plain_text": s["plain"],
                "statutory": s["statutory"],
                "duty": s["duty"],
                "descriptors": s["descriptors"],
                "position": len(statements) + i,
            }
            for i, s in enumerate(theme["statements"])
        ]
    # Bulk inserts: a framework of 200 statements is stored in two statements.
    session.execute(insert(Theme), themes)
    session.execute(insert(Statement), statements)
    session.flush()
    return framework


def list_themes(*, session: Session, framework_id: str, partnership_id: str) -> list[Theme]:
    """A framework's themes in order."""
    query = select(Theme).where(
        Theme.partnership_id == partnership_id, Theme.framework_id == framework_id
    )
    return list(session.scalars(query.order_by(Theme.position, Theme.id)))


def list_statements(*, session: Session, framework_id: str, partnership_id: str) -> list[Statement]:
    """A framework's statements in order."""
    query = select(Statement).where(
        Statement.partnership_id == partnership_id, Statement.framework_id == framework_id
    )
    return list(session.scalars(query.order_by(Statement.position, Statement.id)))


def get_statement(*, session: Session, statement_id: str, partnership_id: str) -> Statement:
    """The partnership's statement; raises ``NotFound``."""
    return _owned(session, Statement, statement_id, partnership_id)


def framework_in_use(*, session: Session, framework_id: str) -> bool:
    """True when a round uses the framework (its statements then cannot change)."""
    return session.scalar(select(Round.id).where(Round.framework_id == framework_id)) is not None


# --- rounds ----------------------------------------------------------------------------------


def create_round(
    *,
    session: Session,
    partnership_id: str,
    framework_id: str,
    name: str,
    opens_on: date,
    closes_on: date,
    target_level: str,
    organisation_ids: Sequence[str],
) -> Round:
    """A new round and its taking-part organisations."""
    found = Round(
        partnership_id=partnership_id,
        framework_id=framework_id,
        name=name,
        opens_on=opens_on,
        closes_on=closes_on,
        target_level=target_level,
    )
    session.add(found)
    session.flush()
    session.add_all(
        Participant(partnership_id=partnership_id, round_id=found.id, organisation_id=o)
        for o in organisation_ids
    )
    session.flush()
    return found


def get_round(*, session: Session, round_id: str, partnership_id: str) -> Round:
    """The partnership's round; raises ``NotFound``."""
    return _owned(session, Round, round_id, partnership_id)


def get_round_by_name_or_none(*, session: Session, name: str, partnership_id: str) -> Round | None:
    """The partnership's round called ``name``, or None."""
    query = select(Round).where(Round.partnership_id == partnership_id, Round.name == name)
    return session.scalar(query.order_by(Round.id))


def list_rounds(*, session: Session, partnership_id: str) -> list[Round]:
    """The partnership's rounds, oldest first."""
    query = select(Round).where(Round.partnership_id == partnership_id)
    return list(session.scalars(query.order_by(Round.opens_on, Round.name, Round.id)))


def list_participants(*, session: Session, round_id: str, partnership_id: str) -> list[Participant]:
    """The organisations taking part in a round."""
    query = select(Participant).where(
        Participant.partnership_id == partnership_id, Participant.round_id == round_id
    )
    return list(session.scalars(query.order_by(Participant.organisation_id, Participant.id)))


# --- ratings ---------------------------------------------------------------------------------


def list_ratings(
    *,
    session: Session,
    round_ids: Sequence[str],
    partnership_id: str,
    organisation_id: str | None = None,
) -> list[Rating]:
    """Ratings in the rounds (of one organisation when given)."""
    query = select(Rating).where(
        Rating.partnership_id == partnership_id, Rating.round_id.in_(list(round_ids))
    )
    if organisation_id is not None:
        query = query.where(Rating.organisation_id == organisation_id)
    return list(session.scalars(query.order_by(Rating.round_id, Rating.statement_id, Rating.id)))


def get_rating_or_none(
    *, session: Session, round_id: str, statement_id: str, organisation_id: str
) -> Rating | None:
    """One organisation's rating of a statement in a round, if made."""
    query = select(Rating).where(
        Rating.round_id == round_id,
        Rating.statement_id == statement_id,
        Rating.organisation_id == organisation_id,
    )
    return session.scalar(query)


def save_rating(
    *,
    session: Session,
    existing: Rating | None,
    fields: dict[str, Any],
    evidence: Sequence[dict[str, Any]],
    now: datetime,
) -> Rating:
    """Create or replace a rating and its evidence."""
    rating = existing or Rating(
        **{k: fields[k] for k in ("partnership_id", "round_id", "statement_id", "organisation_id")}
    )
    for name, value in fields.items():
        setattr(rating, name, value)
    rating.rated_at_utc = now
    session.add(rating)
    session.flush()
    session.execute(delete(Evidence).where(Evidence.rating_id == rating.id))
    session.add_all(
        Evidence(partnership_id=rating.partnership_id, rating_id=rating.id, **item)
        for item in evidence
    )
    session.flush()
    return rating


def list_evidence(
    *, session: Session, rating_ids: Sequence[str], partnership_id: str
) -> list[Evidence]:
    """Evidence of the ratings."""
    if not rating_ids:
        return []
    query = select(Evidence).where(
        Evidence.partnership_id == partnership_id, Evidence.rating_id.in_(list(rating_ids))
    )
    return list(session.scalars(query.order_by(Evidence.rating_id, Evidence.id)))


# --- consensus and actions -------------------------------------------------------------------


def list_consensus(
    *, session: Session, round_ids: Sequence[str], partnership_id: str
) -> list[Consensus]:
    """Consensus levels agreed in the rounds."""
    query = select(Consensus).where(
        Consensus.partnership_id == partnership_id, Consensus.round_id.in_(list(round_ids))
    )
    return list(session.scalars(query.order_by(Consensus.round_id, Consensus.statement_id)))


def save_consensus(
    *, session: Session, round_: Round, statement_id: str, **fields: Any
) -> Consensus:
    """Set (or change) the consensus level of a statement in a round."""
    query = select(Consensus).where(
        Consensus.round_id == round_.id, Consensus.statement_id == statement_id
    )
    found = session.scalar(query) or Consensus(
        partnership_id=round_.partnership_id, round_id=round_.id, statement_id=statement_id
    )
    for name, value in fields.items():
        setattr(found, name, value)
    session.add(found)
    session.flush()
    return found


def create_action_link(
    *, session: Session, round_: Round, statement_id: str, action_id: str
) -> ActionLink:
    """Remember that an action came from a statement in a round."""
    link = ActionLink(
        partnership_id=round_.partnership_id,
        round_id=round_.id,
        statement_id=statement_id,
        action_id=action_id,
    )
    session.add(link)
    session.flush()
    return link


def list_action_links(*, session: Session, round_id: str, partnership_id: str) -> list[ActionLink]:
    """The actions created from a round's statements."""
    query = select(ActionLink).where(
        ActionLink.partnership_id == partnership_id, ActionLink.round_id == round_id
    )
    return list(session.scalars(query.order_by(ActionLink.statement_id, ActionLink.id)))


# --- for other domains -----------------------------------------------------------------------


def theme_results_by_inspection_area(
    *, session: Session, partnership_id: str, today: date, round_id: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The latest closed round's theme levels (or ``round_id``'s), grouped by the area SEND
    inspection framework's areas each theme gives evidence for: ``{area: [{"round", "theme",
    "title", "level", "label", "statutory_duty_unmet", "not_moving"}]}``. Empty when the
    partnership has no round yet. For the self-evaluation (governance)."""
    from sendsight.assessment.report import build_results
    from sendsight.assessment.rounds import is_closed

    rounds = list_rounds(session=session, partnership_id=partnership_id)
    if round_id is None:
        closed = [r for r in rounds if is_closed(r, today)]
        if not closed:
            return {}
        round_id = closed[-1].id
    found = build_results(session, round_id, partnership_id=partnership_id, today=today)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for theme in found.themes:
        entry = {
            "round": found.round.name,
            "theme": theme.theme.key,
            "title": theme.theme.title,
            "level": found.framework.scale[theme.level - 1]["key"] if theme.level else None,
            "label": found.label(theme.level),
            "statutory_duty_unmet": theme.duty_unmet,
            "not_moving": theme.not_moving,
        }
        for area in theme.theme.inspection_areas:
            grouped.setdefault(area, []).append(entry)
    return grouped


def data_version(*, session: Session, partnership_id: str) -> tuple[object, ...]:
    """A cheap fingerprint of the partnership's self-assessment rows (count and newest change
    of each table, organisations included): any change to a round's results changes it."""
    global _version_query
    if _version_query is None:
        _version_query = _build_version_query()
    rows = session.execute(_version_query, {"partnership_id": partnership_id}).all()
    return tuple((int(count), str(at)) for _, count, at in sorted(rows, key=lambda r: r[0]))


# Built once: constructing the eight-part union costs more than running it.
_version_query: Any = None


def _build_version_query() -> Any:
    from sendsight.access.models import Organisation

    tables: tuple[type[Any], ...] = (
        Framework,
        Round,
        Participant,
        Rating,
        Evidence,
        Consensus,
        ActionLink,
        Organisation,
    )
    parts = [
        select(literal(i), func.count(), func.max(model.updated_at_utc))
        .select_from(model)
        .where(model.partnership_id == bindparam("partnership_id"))
        for i, model in enumerate(tables)
    ]
    return union_all(*parts)


def pack_summary(*, session: Session, partnership_id: str, upto: date) -> list[dict[str, Any]]:
    """Sentences on the self-assessment for the board pack, data up to ``upto`` (``board.py``)."""
    from sendsight.assessment import board

    return board.pack_summary(session=session, partnership_id=partnership_id, upto=upto)


def selfeval_evidence(*, session: Session, partnership_id: str) -> list[dict[str, Any]]:
    """Self-assessment claims for the self-evaluation, by inspection area (``board.py``)."""
    from sendsight.assessment import board

    return board.selfeval_evidence(session=session, partnership_id=partnership_id)
