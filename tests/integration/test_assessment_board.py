"""The self-assessment's lines in the board pack and its claims in the self-evaluation, on the
demo (two closed rounds and one open)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from sendsight.assessment import board, queries
from sendsight.governance import pack, selfeval
from tests.conftest import DEMO_TODAY
from tests.partnerships import demo_partnership_id


def test_the_board_pack_carries_the_latest_closed_round_and_the_open_one(
    seeded_session: Session,
) -> None:
    partnership_id = demo_partnership_id(seeded_session)
    built = pack.build_pack(
        seeded_session,
        partnership_id=partnership_id,
        la_codes=["354"],
        meeting_on=DEMO_TODAY,
        title="Board",
    )
    lines = built["self_assessment"]
    kinds = [line["kind"] for line in lines]
    assert "round" in kinds and "open_round" in kinds and "disagreement" in kinds
    assert all(line["text"].endswith(".") for line in lines)
    rounds = queries.list_rounds(session=seeded_session, partnership_id=partnership_id)
    closed = [r for r in rounds if r.closes_on < DEMO_TODAY]
    assert closed[-1].name in next(line["text"] for line in lines if line["kind"] == "round")


def test_the_board_pack_only_uses_rounds_closed_by_the_meeting(seeded_session: Session) -> None:
    partnership_id = demo_partnership_id(seeded_session)
    rounds = queries.list_rounds(session=seeded_session, partnership_id=partnership_id)
    first = rounds[0]
    before_any = board.pack_summary(
        session=seeded_session, partnership_id=partnership_id, upto=first.opens_on
    )
    assert [line["kind"] for line in before_any] in (["none"], ["open_round"])
    after_first = board.pack_summary(
        session=seeded_session,
        partnership_id=partnership_id,
        upto=first.closes_on + timedelta(days=1),
    )
    assert first.name in after_first[0]["text"]


def test_the_self_evaluation_gets_theme_levels_in_the_mapped_inspection_areas(
    seeded_session: Session,
) -> None:
    partnership_id = demo_partnership_id(seeded_session)
    claims = board.selfeval_evidence(
        session=seeded_session, partnership_id=partnership_id, today=DEMO_TODAY
    )
    assert claims and {c["area"] for c in claims} <= {key for key, _ in selfeval.AREAS}
    assert {c["strength"] for c in claims} <= {"strong", "moderate", "weak"}
    assert any(c["strength"] == "moderate" and "earlier rounds" in c["text"] for c in claims)
    sections = selfeval.build(seeded_session, partnership_id=partnership_id, today=DEMO_TODAY)
    shown = [c.text for s in sections for c in s.claims if c.source.startswith(board.SOURCE)]
    assert shown
